"""Issue 24 on Slack: signed slash commands into the real Bolt app, run at once on the
core's workers. Twenty asks give one question and nineteen ephemeral answers; the
refusal links to the question (chat.getPermalink); admins' `new` opens another; a
cooldown expires on the virtual clock."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.db.models import Round
from tests.slack.test_slack_e2e import blocks_text


def question_posts(fake) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return [c for c in fake.calls_to("chat.postMessage") if "Practice question" in blocks_text(c)]


async def answers_after(slack, count: int) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return await slack.fake.wait_for(lambda: slack.fake.responses if len(slack.fake.responses) >= count else None)


async def test_twenty_asks_give_one_question_and_nineteen_private_answers(slack) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    for _ in range(20):
        assert await slack.command("UALICE", "ask") == 200
    answers = await answers_after(slack, 20)
    refused = [a for a in answers if "A practice question is open here" in blocks_text(a)]
    posted = [a for a in answers if "Practice question posted" in blocks_text(a)]
    assert len(refused) == 19 and len(posted) == 1
    assert all(a["response_type"] == "ephemeral" for a in refused)
    (card,) = question_posts(fake)

    await slack.until(lambda s: s.exec(select(Round.status)).one(), "posted")
    with slack.bot.session() as session:
        ts = session.exec(select(Round.message_id)).one()
    await slack.command("UBOB", "ask")
    later = (await answers_after(slack, 21))[20]
    assert f"https://t1.example/archives/C1/p{ts.replace('.', '')}" in blocks_text(later)
    assert "revealed at" in blocks_text(later) and later["response_type"] == "ephemeral"
    assert fake.calls_to("chat.getPermalink")[-1]["message_ts"] == ts

    await slack.command("UBOB", "ask new")
    assert "Only admins can open another" in blocks_text((await answers_after(slack, 22))[21])
    await slack.command("UBOSS", "ask new")
    assert "Practice question posted" in blocks_text((await answers_after(slack, 23))[22])
    assert len(question_posts(fake)) == 2


async def test_a_cooldown_expires_on_the_virtual_clock(slack, clock) -> None:  # type: ignore[no-untyped-def]
    await slack.command("UBOSS", "limits set open-questions 10")
    assert "`open-questions` 10 (default 1)" in blocks_text((await answers_after(slack, 1))[0])
    for n in range(3):
        await slack.command("UALICE", "ask")
        assert "posted" in blocks_text((await answers_after(slack, n + 2))[n + 1])
    await slack.command("UALICE", "ask")
    refused = (await answers_after(slack, 5))[4]
    again = int((clock.now() + timedelta(minutes=10)).timestamp())  # each reader's own zone, UTC as fallback
    assert refused["response_type"] == "ephemeral"
    assert f"You can post again at <!date^{again}^{{time}}|08:10 UTC> (<!date^{again}^{{ago}}|in 10 minutes>)" in (
        blocks_text(refused)
    )
    assert len(question_posts(slack.fake)) == 3
    clock.advance(timedelta(minutes=10))
    await slack.command("UALICE", "ask")
    assert "posted" in blocks_text((await answers_after(slack, 6))[5])
    assert len(question_posts(slack.fake)) == 4


async def test_a_group_cap_refuses_with_the_limit(slack) -> None:  # type: ignore[no-untyped-def]
    await slack.command("UBOSS", "limits set groups 1")
    await answers_after(slack, 1)
    await slack.command("UALICE", "group create readers")
    assert "Created study group" in blocks_text((await answers_after(slack, 2))[1])
    await slack.command("UBOB", "group create writers")
    refused = (await answers_after(slack, 3))[2]
    assert "the limit (1)" in blocks_text(refused) and refused["response_type"] == "ephemeral"


async def test_a_chart_over_the_cooldown_is_private_and_uploads_nothing(slack) -> None:  # type: ignore[no-untyped-def]
    for n in range(3):
        await slack.command("UALICE", "leaderboard")
        assert (await answers_after(slack, n + 1))[n]["response_type"] == "in_channel"
    await slack.command("UALICE", "leaderboard chart")
    over = (await answers_after(slack, 4))[3]
    assert over["response_type"] == "ephemeral" and "Shown only to you" in blocks_text(over)
    assert slack.fake.calls_to("files.getUploadURLExternal") == []
    await slack.command("UBOSS", "leaderboard chart")  # admins are exempt: the chart is uploaded
    await answers_after(slack, 5)
    await slack.fake.wait_for(lambda: slack.fake.calls_to("files.completeUploadExternal"))
