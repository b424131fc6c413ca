"""Issue #16, disputes: a member contests a grade, a reviewer decides, an accepted
dispute is one append-only ledger row and `teach` credits the wording next time, in this
workspace only. Exactly once on the database under test (SQLite, or PostgreSQL)."""

from __future__ import annotations

import asyncio
import re
import threading
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.chat.ports import ThreadRef
from bot.core import Drillbot
from bot.db.models import Answer, Dispute, Round, ScoreEvent, TaughtPhrase
from bot.usecases.leaderboard import leaderboard
from tests.helpers import ALICE, BOB, BOSS, GENERAL, OTHER_TENANT, TENANT, make_channel
from tests.helpers import shown as text_of
from tests.test_console import run_console

WEAK = "It is about checking a model with some data you keep aside and looking at results."


async def command(bot: Drillbot, text: str, user=ALICE, tenant=TENANT):  # type: ignore[no-untyped-def]
    return await bot.handle_command(tenant, GENERAL, user, text)


async def practice_round(bot: Drillbot, answer: str, user=ALICE, tenant=TENANT) -> Round:  # type: ignore[no-untyped-def]
    """A practice question on test-folds, answered by `user` and revealed."""
    make_channel(bot, tenant)
    posted = await command(bot, "ask evaluation 1", user, tenant)
    assert "Practice question posted" in posted.body
    round_ = [r for r in rounds_all(bot) if r.kind == "practice"][-1]
    assert round_.question_id == "test-folds"
    await bot.handle_reply(tenant, ThreadRef(GENERAL.id, round_.thread_id), user, answer, f"m-{round_.id}")  # type: ignore[arg-type]
    assert "Revealed" in (await command(bot, "reveal", BOSS, tenant)).body
    return round_


def rounds_all(bot: Drillbot) -> list[Round]:
    with bot.session() as session:
        return list(session.exec(select(Round).order_by(Round.id)))


def score_of(bot: Drillbot, round_id: int, name: str = "alice") -> float:
    with bot.session() as session:
        from bot.db.models import Member

        answer = session.exec(
            select(Answer).join(Member).where(Answer.round_id == round_id, Member.display_name == name)
        ).one()
        return answer.score or 0.0


def ledger(bot: Drillbot) -> list[tuple[str, int]]:
    with bot.session() as session:
        return [(e.reason, e.points) for e in session.exec(select(ScoreEvent).order_by(ScoreEvent.id))]


async def test_dispute_accept_teach_raises_points_and_credits_the_wording_next_time(bot, port) -> None:
    round_ = await practice_round(bot, WEAK)
    before = score_of(bot, round_.id)  # type: ignore[arg-type]
    assert before < 0.5
    opened = await command(bot, "dispute I kept a fold aside and averaged")
    assert "Dispute 1 opened" in opened.body
    again = await command(bot, "dispute actually I also averaged the scores")
    assert "dispute 1" in again.body and "reason is updated" in again.body  # one open dispute per round

    assert "Only reviewers" in (await command(bot, "disputes")).body  # alice is no admin
    listed = text_of(await command(bot, "disputes", BOSS))
    assert "alice on question" in listed and "actually I also averaged" in listed and WEAK[:30] in listed
    assert "split into folds: missed" in listed or "split into folds: partly" in listed
    buttons = (await command(bot, "disputes", BOSS)).buttons
    assert [b.action for b in buttons] == ["dispute-accept", "dispute-teach", "dispute-reject"]

    decided = text_of(await command(bot, "resolve 1 accept 100% teach", BOSS))
    assert "Dispute 1 accepted for alice: 100%" in decided
    told = [s for s in port.of_kind("private") if "Your dispute 1" in text_of(s.reply)]
    assert len(told) == 1 and "accepted" in text_of(told[0].reply)
    assert ("dispute:1", 3 - round(before * 3)) in ledger(bot)  # the coverage points it lacked, one new row
    assert "already" in (await command(bot, "resolve 1 accept", BOSS)).body  # decided once
    assert "accepted already" in (await command(bot, "dispute again")).body
    with bot.session() as session:
        rows = leaderboard(session, 1, "all", now=bot.clock.now())
        assert rows[0].points == 1 + 3  # answering + full coverage
        assert session.exec(select(TaughtPhrase)).all()

    # The same wording, in a later round of the same question, by someone else: credited.
    bot.clock.advance(timedelta(hours=1))
    later = await practice_round(bot, WEAK, BOB)
    assert score_of(bot, later.id, "bob") > 0.9  # type: ignore[arg-type]


async def test_taught_phrasings_belong_to_one_workspace(bot) -> None:
    await practice_round(bot, WEAK)
    await command(bot, "dispute mine is right")
    assert "accepted" in (await command(bot, "resolve 1 accept teach", BOSS)).body
    other = await practice_round(bot, WEAK, BOB, OTHER_TENANT)
    assert score_of(bot, other.id, "bob") < 0.5  # type: ignore[arg-type]


async def test_reject_tells_the_member_and_changes_no_points(bot, port) -> None:
    await practice_round(bot, WEAK)
    await command(bot, "dispute please look again")
    points = ledger(bot)
    decided = await command(bot, "resolve 1 reject the answer never says how the folds are used", BOSS)
    assert "Dispute 1 rejected" in decided.body
    told = text_of(port.of_kind("private")[-1].reply)
    assert "not accepted" in told and "how the folds are used" in told
    assert ledger(bot) == points
    assert "No open disputes" in (await command(bot, "disputes", BOSS)).body
    refused = await command(bot, "dispute second try")  # issue 24: one dispute per person per question
    assert "one dispute per person per question" in refused.body
    assert "No open disputes" in (await command(bot, "disputes", BOSS)).body
    await command(bot, "limits set disputes-per-round 2", BOSS)
    reopened = await command(bot, "dispute second try")  # raised: a rejected dispute leaves room for another
    assert "Dispute 2 opened" in reopened.body


async def test_disputes_per_day_cap_counts_every_round(bot) -> None:
    await command(bot, "limits set disputes-per-day 1", BOSS)
    await practice_round(bot, WEAK)
    assert "Dispute 1 opened" in (await command(bot, "dispute please look again")).body
    await practice_round(bot, WEAK)
    refused = await command(bot, "dispute this one too")
    assert "1 disputes today" in refused.body and "Try again tomorrow" in refused.body
    bot.clock.advance(timedelta(days=1))
    assert "Dispute 2 opened" in (await command(bot, "dispute this one too")).body


async def test_bad_disputes_and_resolves_get_a_clear_message(bot) -> None:
    make_channel(bot)
    assert "no revealed answer" in (await command(bot, "dispute why")).body
    await practice_round(bot, "You split the data into folds.")
    assert "no revealed answer" in (await command(bot, "dispute", BOB)).body
    round_id = rounds_all(bot)[-1].id
    assert "did not answer" in (await bot.handle_button(TENANT, GENERAL, BOB, "dispute", str(round_id))).body
    assert "no dispute 7" in (await command(bot, "resolve 7 accept", BOSS)).body.lower()
    await command(bot, "dispute")
    lower = await command(bot, "resolve 1 accept 0%", BOSS)
    assert "would lower the grade" in lower.body
    for text, problem in [
        ("resolve", "Give the dispute's number"),
        ("resolve one accept", "not a dispute number"),
        ("resolve 1 maybe", "Say `accept` or `reject`"),
        ("resolve 1 accept 120%", "not a score"),
        ("resolve 1 accept 80% 90%", "not a score"),
        ("resolve 1 accept soon", "Unexpected `soon`"),
        ("disputes all", "takes no arguments"),
    ]:
        reply = await command(bot, text, BOSS)
        assert reply.kind == "usage" and problem in reply.body, text
        assert "Usage: `/drill" in reply.body


async def test_disputes_close_with_the_season(bot) -> None:
    round_ = await practice_round(bot, WEAK)
    await command(bot, "dispute it was fine")
    bot.clock.advance(timedelta(days=100))  # the next quarter
    assert "No open disputes" in (await command(bot, "disputes", BOSS)).body
    assert "closed already" in (await command(bot, "resolve 1 accept", BOSS)).body
    refused = await bot.handle_button(TENANT, GENERAL, ALICE, "dispute", str(round_.id))
    assert "past season" in refused.body


async def test_two_reviewers_at_once_decide_once(bot) -> None:
    """Two processes resolve the same dispute at the same moment: one accepts, one is told."""
    await practice_round(bot, WEAK)
    await command(bot, "dispute again please")
    barrier = threading.Barrier(2)
    replies: list[str] = []

    def resolve() -> None:
        barrier.wait()
        replies.append(text_of(asyncio.run(command(bot, "resolve 1 accept 100%", BOSS))))

    threads = [threading.Thread(target=resolve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum("accepted for alice" in r for r in replies) == 1, replies
    assert [reason for reason, _ in ledger(bot)].count("dispute:1") == 1


async def test_one_open_dispute_per_member_per_round_is_a_constraint(bot, engine) -> None:
    round_ = await practice_round(bot, WEAK)
    await command(bot, "dispute first")
    from sqlalchemy.exc import IntegrityError
    from sqlmodel import Session

    with Session(engine) as session:
        first = session.exec(select(Dispute)).one()
        twin = Dispute(
            workspace_id=first.workspace_id,
            round_id=round_.id,  # type: ignore[arg-type]
            member_id=first.member_id,
            answer_id=first.answer_id,
            created_at=bot.clock.now(),
        )
        session.add(twin)
        with pytest.raises(IntegrityError):
            session.commit()


async def test_the_dispute_button_on_the_private_result(bot) -> None:
    round_ = await practice_round(bot, WEAK)
    feedback = await command(bot, f"feedback {round_.id}")
    assert [b.action for b in feedback.buttons] == ["dispute"]
    opened = await bot.handle_button(TENANT, GENERAL, ALICE, "dispute", feedback.buttons[0].value)
    assert "Dispute 1 opened" in opened.body and "/drill dispute WHY" in opened.body
    listed = await command(bot, "disputes", BOSS)
    teach = next(b for b in listed.buttons if b.action == "dispute-teach")
    decided = await bot.handle_button(TENANT, GENERAL, BOSS, teach.action, teach.value)
    assert "Dispute 1 accepted" in decided.body and "taught" in decided.body


def test_the_local_mode_script_of_issue_16(engine, database_url, tmp_path) -> None:
    """Bea answers, the round is revealed, she disputes, a reviewer accepts with teach,
    her points rise, and a later answer in the taught wording is credited."""
    wording = "You talk about a time with a hard deadline and what you learned."
    result = run_console(
        [
            "/as Bea",
            "/drill ask behavioral 3",
            wording,
            "/reveal",
            "/drill leaderboard all",
            "/drill dispute I covered regularization",
            "/drill disputes",
            "/drill resolve 1 accept 100% teach",
            "/drill leaderboard all",
            "/as Cal",
            "/drill ask behavioral 3",
            wording,
            "/reveal",
        ],
        database_url,
        tmp_path,
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in out + result.stderr
    assert "Dispute 1 opened" in out
    listing = out[out.index("Open disputes") :]
    assert "1. Bea on question" in listing and "I covered regularization" in listing
    boards = re.findall(r"1\. Bea — (\d+) pts?", out)
    assert len(boards) == 2 and int(boards[1]) > int(boards[0]), boards
    assert "Dispute 1 accepted for Bea: 100%" in out
    assert "(only bea sees this)" in out and "Your dispute 1" in out
    cal = out[out.rindex("Model answer") :]
    assert re.search(r"1\. Cal — (9\d|100)% ", cal), cal
