"""Issue #16 on Slack, end to end against the fake Web API: the private Answer button
opens a modal with views.open (a fresh trigger_id only), the submission is recorded and
confirmed privately with an Edit button, the reveal shows each answer beside its grade,
and the Dispute, accept and reject buttons work."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import select

from adapters.slack.modal import BLOCK, INPUT, NOT_OPENED
from bot.db.models import AnswerMessage, Dispute, Round, ScoreEvent

ANSWER = "You split into folds, hold out each fold once and average the scores."


def blocks_text(params: dict) -> str:  # type: ignore[type-arg]
    blocks = params.get("blocks")
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return json.dumps(blocks, ensure_ascii=False)


def actions_of(params: dict) -> dict[str, str]:  # type: ignore[type-arg]
    """action_id -> value of a message's buttons."""
    blocks = params.get("blocks")
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return {e["action_id"]: e.get("value", "") for b in blocks or [] if b["type"] == "actions" for e in b["elements"]}


async def private_round(slack) -> int:  # type: ignore[no-untyped-def]
    await slack.command("UALICE", "ask evaluation private")
    await slack.until(lambda s: s.exec(select(Round.status)).first(), "posted")
    (card,) = [c for c in slack.fake.calls_to("chat.postMessage") if not c.get("thread_ts")]
    assert "drill_answer" in actions_of(card) and "Answers are private here" in blocks_text(card)
    return int(actions_of(card)["drill_answer"])


async def answer_through_the_box(slack, user: str, round_id: int, text: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """Press Answer (or Edit), submit the modal; the private receipt Slack delivered."""
    opened = len(slack.fake.views)
    assert await slack.button(user, "answer", str(round_id)) == 200
    assert len(slack.fake.views) == opened + 1  # opened within the request: its trigger_id lives 3 seconds
    view = slack.fake.views[-1]
    assert view["callback_id"] == "drill_answer"
    receipts = len(slack.fake.calls_to("chat.postEphemeral"))
    assert await slack.submit_view(user, view, {BLOCK: {INPUT: text}}) == 200
    found = await slack.fake.wait_for(lambda: slack.fake.calls_to("chat.postEphemeral")[receipts:])
    assert found[0]["user"] == user
    return found[0]


async def test_the_answer_box_records_privately_and_edits_replace(slack) -> None:  # type: ignore[no-untyped-def]
    round_id = await private_round(slack)
    receipt = await answer_through_the_box(slack, "UBOB", round_id, "Folds.")
    assert "answer recorded" in blocks_text(receipt) and "change it until the reveal" in blocks_text(receipt)
    assert actions_of(receipt) == {"drill_answer": str(round_id)}  # the Edit button opens the box again
    changed = await answer_through_the_box(slack, "UBOB", round_id, ANSWER)
    assert slack.fake.views[-1]["blocks"][0]["element"]["initial_value"] == "Folds."  # Edit starts from it
    assert "answer changed" in blocks_text(changed)
    with slack.bot.session() as session:
        assert session.exec(select(AnswerMessage.text)).all() == [ANSWER]  # replaced, not joined
    public = [c for c in slack.fake.calls_to("chat.postMessage") if ANSWER in json.dumps(c)]
    assert public == []  # nobody else saw it

    assert await slack.button("UALICE", "reveal", str(round_id)) == 200
    in_thread = lambda: [c for c in slack.fake.calls_to("chat.postMessage") if c.get("thread_ts")]  # noqa: E731
    reveal = await slack.fake.wait_for(in_thread)
    assert "Bob" in blocks_text(reveal[0]) and ANSWER[:40] in blocks_text(reveal[0])  # each answer beside its grade


async def test_an_expired_trigger_is_refused_and_the_person_is_told(slack, clock) -> None:  # type: ignore[no-untyped-def]
    round_id = await private_round(slack)
    stale = slack.fake.issue_trigger()
    clock.advance(timedelta(seconds=4))
    before = len(slack.fake.responses)
    assert await slack.button("UBOB", "answer", str(round_id), trigger_id=stale) == 200
    assert ("views.open", "expired_trigger_id") in slack.fake.refused and slack.fake.views == []
    told = (await slack.fake.wait_for(lambda: slack.fake.responses[before:]))[0]
    assert told["response_type"] == "ephemeral" and NOT_OPENED in json.dumps(told)
    used = slack.fake.issue_trigger()
    assert await slack.button("UBOB", "answer", str(round_id), trigger_id=used) == 200
    assert await slack.button("UBOB", "answer", str(round_id), trigger_id=used) == 200
    assert ("views.open", "exchanged_trigger_id") in slack.fake.refused and len(slack.fake.views) == 1


async def test_dispute_buttons_from_result_to_decision(slack) -> None:  # type: ignore[no-untyped-def]
    round_id = await private_round(slack)
    await answer_through_the_box(slack, "UBOB", round_id, "Folds are used.")
    assert await slack.button("UALICE", "reveal", str(round_id)) == 200
    await slack.until(lambda s: s.exec(select(Round.reveal_posted_at)).first() is not None, True)

    before = len(slack.fake.responses)
    assert await slack.button("UBOB", "feedback", str(round_id)) == 200
    result = (await slack.fake.wait_for(lambda: slack.fake.responses[before:]))[0]
    assert result["response_type"] == "ephemeral" and actions_of(result) == {"drill_dispute": str(round_id)}
    assert await slack.button("UBOB", "dispute", str(round_id)) == 200
    opened = (await slack.fake.wait_for(lambda: slack.fake.responses[before + 1 :]))[0]
    assert "Dispute 1 opened" in json.dumps(opened)

    assert await slack.command("UBOSS", "disputes") == 200
    listed = (await slack.fake.wait_for(lambda: slack.fake.responses[before + 2 :]))[0]
    assert set(actions_of(listed)) == {"drill_dispute-accept", "drill_dispute-teach", "drill_dispute-reject"}
    told_before = len(slack.fake.calls_to("chat.postEphemeral"))
    assert await slack.button("UBOB", "dispute-accept", "1") == 200  # not a reviewer
    refused = (await slack.fake.wait_for(lambda: slack.fake.responses[before + 3 :]))[0]
    assert "Only reviewers" in json.dumps(refused)
    assert await slack.button("UBOSS", "dispute-accept", actions_of(listed)["drill_dispute-accept"]) == 200
    decided = (await slack.fake.wait_for(lambda: slack.fake.responses[before + 4 :]))[0]
    assert "Dispute 1 accepted" in json.dumps(decided, ensure_ascii=False)
    told = await slack.fake.wait_for(lambda: slack.fake.calls_to("chat.postEphemeral")[told_before:])
    assert told[0]["user"] == "UBOB" and "was accepted" in blocks_text(told[0])
    with slack.bot.session() as session:
        assert session.exec(select(Dispute.status)).one() == "accepted"
        assert session.exec(select(ScoreEvent).where(ScoreEvent.reason == "dispute:1")).one().points > 0
