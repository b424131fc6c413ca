"""Text both ways on Slack, against a fake that escapes what people type as Slack does
and refuses any `<`, `>` or `&` Slack would misparse: questions with `p < 0.05 & q > 1`
go out escaped, answers come back as their authors see them, and times are Slack dates."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlmodel import select

from bot.db.models import AnswerMessage, Question, Round
from bot.scheduling.due import tick
from tests.slack.test_slack_e2e import ask_and_get_thread, message_ids

FORMULA = "p < 0.05 & q > 1"


def mrkdwn_of(params: dict) -> str:  # type: ignore[type-arg]
    blocks = params.get("blocks")
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return (params.get("text") or "") + json.dumps(blocks, ensure_ascii=False)


def stored(slack, ts: str) -> str:  # type: ignore[no-untyped-def]
    with slack.bot.session() as session:
        return session.exec(select(AnswerMessage.text).where(AnswerMessage.message_id == ts)).one()


def with_formula(slack) -> None:  # type: ignore[no-untyped-def]
    with slack.bot.session() as session:
        for question in session.exec(select(Question).where(Question.topic == "evaluation")):
            question.prompt = f"Is {FORMULA} significant? Say why."
            session.add(question)
        session.commit()


async def test_a_question_with_control_characters_reaches_slack_escaped_and_comes_back(slack, clock) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    with_formula(slack)
    thread = await ask_and_get_thread(slack)
    (card,) = [c for c in fake.calls_to("chat.postMessage") if not c.get("thread_ts")]
    assert "Is p &lt; 0.05 &amp; q &gt; 1 significant?" in mrkdwn_of(card)
    assert fake.refused == []  # the fake refuses a bare < > & in mrkdwn

    # A person quotes it back: Slack sends `&lt;`, the core stores and grades what they typed.
    assert await slack.event(slack.reply_event("UALICE", f"{FORMULA}: no, ask <@UBOB>", thread, "500.1")) == 200
    await slack.until(message_ids, ["500.1"])
    assert stored(slack, "500.1") == f"{FORMULA}: no, ask @Bob"

    # The private feedback echoes the question: escaped again on the way out.
    clock.advance(timedelta(minutes=31))
    await tick(slack.bot)
    with slack.bot.session() as session:
        round_id = session.exec(select(Round.id)).one()
    before = len(fake.responses)
    await slack.button("UALICE", "feedback", str(round_id))
    (feedback,) = await fake.wait_for(lambda: fake.responses[before:])
    assert "p &lt; 0.05 &amp; q &gt; 1" in mrkdwn_of(feedback) and fake.refused == []


async def test_answers_edits_and_the_thread_history_are_stored_as_people_read_them(slack, clock) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    thread = await ask_and_get_thread(slack)
    typed = "a &lt; b is literal; see <https://a.example/?x=1&y=2|the docs> and <#C9|ml> <!here>"
    assert await slack.event(slack.reply_event("UALICE", typed, thread, "600.1")) == 200
    await slack.until(message_ids, ["600.1"])
    assert stored(slack, "600.1") == "a &lt; b is literal; see the docs and #ml @here"

    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "C1",
        "hidden": True,
        "ts": "600.9",
        "message": {"type": "message", "user": "UALICE", "ts": "600.1", "thread_ts": thread, "text": "x > 1 & <@UBOB>"},
        "previous_message": {"type": "message", "user": "UALICE", "ts": "600.1", "thread_ts": thread, "text": typed},
    }
    assert await slack.event(edited) == 200
    await slack.until(lambda s: stored(slack, "600.1"), "x > 1 & @Bob")

    missed = fake.user_reply("UBOB", "k < n folds & <@UALICE> agrees", thread)  # its event never came
    clock.advance(timedelta(minutes=31))
    await tick(slack.bot)
    await slack.until(message_ids, sorted(["600.1", missed]))
    assert stored(slack, missed) == "k < n folds & @Alice agrees"


async def test_a_command_reads_escaped_text_and_keeps_mentions_for_the_grammar(slack) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    await slack.command("UALICE", "group create R&D<1>")
    (answer,) = await fake.wait_for(lambda: fake.responses)
    text = mrkdwn_of(answer)
    assert "`R&amp;D&lt;1&gt;` is not a group name" in text  # read as typed, escaped when echoed
    assert fake.refused == []
    await slack.command("UBOB", "stats")  # Bob is known once he has used a command
    await fake.wait_for(lambda: fake.responses[1:])
    await slack.command("UALICE", "stats <@UBOB>")
    (stats,) = await fake.wait_for(lambda: fake.responses[2:])
    assert "Stats for Bob" in mrkdwn_of(stats)


async def test_the_question_card_shows_the_reveal_as_a_slack_date(slack, clock) -> None:  # type: ignore[no-untyped-def]
    await ask_and_get_thread(slack)
    (card,) = [c for c in slack.fake.calls_to("chat.postMessage") if not c.get("thread_ts")]
    with slack.bot.session() as session:
        reveal_at = session.exec(select(Round.reveal_at)).one()
    unix = int(reveal_at.timestamp())
    text = mrkdwn_of(card)
    when = f"{reveal_at:%H:%M} UTC"
    assert f"<!date^{unix}^{{time}}|{when}>" in text, text
    assert f"<!date^{unix}^{{ago}}|in 30 minutes>" in text
    assert not re.search(r"[^|]\d\d:\d\d UTC[^>]", text)  # the zone's time only as the fallback
