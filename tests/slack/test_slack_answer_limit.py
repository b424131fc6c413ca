"""Slack end to end: an answer over MAX_ANSWER_CHARS is refused whole and its author is
told privately, in the channel, with the limit (issue 14)."""

from __future__ import annotations

from sqlmodel import func, select

from bot.db.models import AnswerMessage
from tests.slack.test_slack_e2e import ask_and_get_thread, blocks_text


async def test_a_reply_over_the_limit_is_refused_with_an_ephemeral_message(slack) -> None:  # type: ignore[no-untyped-def]
    thread = await ask_and_get_thread(slack)
    assert await slack.event(slack.reply_event("UALICE", "folds " * 4000, thread, "400.1")) == 200
    (notice,) = await slack.fake.wait_for(lambda: slack.fake.calls_to("chat.postEphemeral"))
    assert notice["user"] == "UALICE" and notice["channel"] == "C1"
    assert "answers are at most 4,000" in blocks_text(notice) and "Nothing was recorded" in blocks_text(notice)
    with slack.bot.session() as session:
        assert session.exec(select(func.count()).select_from(AnswerMessage)).one() == 0
