"""The durable inbox (bot/inbox/store.py: the rows and their leases; bot/inbox/pump.py:
group commit in, and the pump that hands pending rows to workers)."""

from bot.inbox.pump import GroupWriter, InboxPump
from bot.inbox.store import Arrival, Inbox, InboxPolicy, Item, describe, is_transient, utc_now

__all__ = [
    "Arrival", "GroupWriter", "Inbox", "InboxPolicy", "InboxPump", "Item", "describe", "is_transient", "utc_now",
]
