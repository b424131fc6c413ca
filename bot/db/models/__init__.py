"""The data model. Every team row carries `workspace_id`, its tenant key.

Uniqueness here is what makes the product exactly-once across retries, restarts and
processes: the code may try twice, the database lets one attempt win.

Surrogate keys are typed `id: int` with a None default: the database assigns them at
the first flush, and the code reads an id only from a flushed or loaded row.

One module per part of the product; everything is imported from `bot.db.models`.
"""

from bot.db.models.fairplay import Dispute, LimitSetting, PublicPost, SeasonCard, TaughtPhrase, WebLink, WebPage
from bot.db.models.fields import DEFAULT_WEEKDAYS, table_of
from bot.db.models.ledger import GroupMember, PointTotal, ReviewCard, ScoreEvent, StudyGroup, WeeklySummary
from bot.db.models.operations import AnswerOrigin, InboxItem, LocalClock
from bot.db.models.rounds import Answer, AnswerMessage, Kudos, Round
from bot.db.models.tenants import Channel, Member, Question, Workspace

__all__ = [
    "DEFAULT_WEEKDAYS",
    "table_of",
    "Workspace",
    "Member",
    "Channel",
    "Question",
    "Round",
    "Answer",
    "AnswerMessage",
    "Kudos",
    "ScoreEvent",
    "StudyGroup",
    "GroupMember",
    "ReviewCard",
    "WeeklySummary",
    "PointTotal",
    "LocalClock",
    "AnswerOrigin",
    "InboxItem",
    "Dispute",
    "TaughtPhrase",
    "SeasonCard",
    "LimitSetting",
    "PublicPost",
    "WebLink",
    "WebPage",
]
