"""Two processes asking at the same moment: the second waits for the first's row lock
and then counts its row, so the limits hold across processes (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.db.engine import session_scope
from bot.db.models import Channel, StudyGroup, Workspace
from bot.usecases import cooldown, rounds
from bot.usecases.directory import ensure_member
from bot.usecases.limits import Limits
from tests.conftest import is_postgres
from tests.helpers import ALICE, make_channel

WAIT = 0.5  # seconds the second "process" is given to get past a lock it should not get past


def _first_holds_while_second_counts(
    engine: Engine, first: Callable[[Session], object], second: Callable[[Session], int]
) -> tuple[int, bool]:
    """Run `first` in a transaction that stays open, then `second` in another thread
    on its own connection; return what `second` counted and whether it finished
    before the first committed (it must not)."""
    holding, release = threading.Event(), threading.Event()
    counted: list[int] = []
    errors: list[BaseException] = []

    def hold() -> None:
        try:
            with session_scope(engine) as session:
                first(session)
                holding.set()
                release.wait(10)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
            holding.set()

    def count() -> None:
        try:
            with session_scope(engine) as session:
                counted.append(second(session))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    a = threading.Thread(target=hold)
    a.start()
    assert holding.wait(10)
    b = threading.Thread(target=count)
    b.start()
    b.join(WAIT)
    finished_early = not b.is_alive()
    release.set()
    a.join(10)
    b.join(30)
    assert not errors, errors
    return counted[0], finished_early


def test_the_one_open_question_check_waits_for_a_racing_open(bot) -> None:
    channel_id = make_channel(bot)
    now: datetime = bot.clock.now()
    with bot.session() as session:
        channel = session.get_one(Channel, channel_id)
        question = "test-drift"

    def open_one(session: Session) -> None:
        assert cooldown.open_practice(session, channel_id) == []
        rounds.open_practice_round(session, channel, question, None, now)

    def count_open(session: Session) -> int:
        return len(cooldown.open_practice(session, channel_id))

    seen, early = _first_holds_while_second_counts(bot.engine, open_one, count_open)
    assert not early and seen == 1


def test_the_cooldown_waits_for_a_racing_post_by_the_same_person(bot) -> None:
    channel_id = make_channel(bot)
    now: datetime = bot.clock.now()
    with bot.session() as session:
        workspace_id = session.get_one(Channel, channel_id).workspace_id
        member_id = ensure_member(session, session.get_one(Workspace, workspace_id), ALICE, now).id
    one_post = Limits(cooldown_posts=1)

    def post(session: Session) -> None:
        assert cooldown.take_public_post(session, workspace_id, member_id, "ask", now, one_post) is None  # type: ignore[arg-type]

    def refused(session: Session) -> int:
        again = cooldown.take_public_post(session, workspace_id, member_id, "ask", now, one_post)  # type: ignore[arg-type]
        return 0 if again is None else 1

    refusals, early = _first_holds_while_second_counts(bot.engine, post, refused)
    assert not early and refusals == 1


def test_the_group_cap_waits_for_a_racing_create(bot) -> None:
    channel_id = make_channel(bot)
    now: datetime = bot.clock.now()
    with bot.session() as session:
        workspace_id = session.get_one(Channel, channel_id).workspace_id

    def create(session: Session) -> None:
        assert cooldown.group_count(session, workspace_id) == 0
        session.add(StudyGroup(workspace_id=workspace_id, name="readers", created_at=now))
        session.flush()

    seen, early = _first_holds_while_second_counts(
        bot.engine, create, lambda session: cooldown.group_count(session, workspace_id)
    )
    assert not early and seen == 1


def test_an_ask_holding_the_channel_does_not_hold_up_rows_that_only_name_it(bot, database_url) -> None:
    """PostgreSQL: the lock is FOR NO KEY UPDATE, so a reveal writing ledger rows that
    reference the channel goes on (FOR UPDATE would make it wait, and could deadlock
    with an ask waiting for the member). SQLite serialises all writers anyway."""
    if not is_postgres(database_url):
        pytest.skip("SQLite has no row locks: its writers are serialised by BEGIN IMMEDIATE")
    channel_id = make_channel(bot)
    now: datetime = bot.clock.now()
    with bot.session() as session:
        channel = session.get_one(Channel, channel_id)

    def referencing(session: Session) -> int:
        rounds.open_practice_round(session, channel, "test-drift", None, now)
        return 0

    _, early = _first_holds_while_second_counts(
        bot.engine, lambda session: cooldown.open_practice(session, channel_id), referencing
    )
    assert early
