"""Which answers a read of a thread shows deleted: only ids in the range the read
covered, in the platform's order, and absent from it (bot/chat/history.py)."""

from __future__ import annotations

from adapters.discord.port import snowflake_order
from adapters.slack.port import ts_order
from bot.chat.history import gone_from


def test_slack_ts_range() -> None:
    seen = ["1700000000.000100", "1700000000.000300"]
    gone = gone_from(seen, ts_order, "1699999999.000000", "1700000000.000300")  # a page that stopped there
    assert gone("1700000000.000200")  # between two messages the page holds
    assert not gone("1700000000.000300")  # there
    assert not gone("1700000000.000400")  # after the page: not read
    assert not gone("1699999998.000000")  # before `oldest`: not read
    assert not gone("box:12") and not gone("V0123ABC")  # not a message id (an answer box)
    assert gone_from(seen, ts_order, None, None)("1800000000.000000")  # the last page: up to the end
    assert ts_order("1700000000.000010") < ts_order("1700000000.000100")  # type: ignore[operator]


def test_discord_snowflake_range() -> None:
    gone = gone_from(["200", "300"], snowflake_order, "100", None)
    assert gone("250") and gone("999") and not gone("100") and not gone("300")
    assert not gone("modal-250")
