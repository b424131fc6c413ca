"""Property: whatever happens, every leaderboard read from the totals equals a plain
aggregate over the ledger, and the totals table equals the ledger's sums bucket by bucket.

Hypothesis drives random sequences through the real core (daily and practice rounds,
answers on time and late, kudos given and taken back, reveals, an admin's `points set`,
new seasons, study groups joined and left, a workspace time zone change, a dispute-like
correction written through `write_points`, and the clock moving over weeks, months and
quarters), on the database under test (SQLite, or PostgreSQL in CI).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from adapters.schema import ALL_METADATA
from bot.bank.loader import load_bank
from bot.bank.sync import sync_bank
from bot.chat.ports import ChannelRef, ThreadRef, UserRef
from bot.clock import VirtualClock
from bot.core import CoreConfig, Drillbot
from bot.db.engine import make_engine
from bot.db.models import Channel, GroupMember, Member, PointTotal, Round, ScoreEvent, StudyGroup, Workspace
from bot.grading import DefaultScorer
from bot.retry import RetryPolicy
from bot.usecases.leaderboard import leaderboard, period_start
from bot.usecases.rebuild import change_timezone, rebuild
from bot.usecases.totals import ANSWERED, PERIODS, Entry, bucket_start, local_day, write_points
from tests.conftest import is_postgres
from tests.fakes.chat import RecordingPort
from tests.helpers import BOSS, ROOT, TENANT

BANK_DIR = ROOT / "tests" / "data" / "bank"

PEOPLE = [UserRef(f"U{i}", name) for i, name in enumerate(["alice", "bob", "carol", "dave", "erin"], start=1)]
CHANNELS = [ChannelRef("C1", "general"), ChannelRef("C2", "ml")]
GROUPS = ["g1", "g2"]
ZONES = ["UTC", "America/Los_Angeles", "Asia/Tokyo", "Europe/Berlin"]
TEXTS = [
    "You split the data into k folds, hold out each fold once, train on the rest and average the scores.",
    "folds",
    "Bias is error from wrong assumptions; variance is sensitivity to the training sample.",
    "I don't know",
]
START = datetime(2026, 3, 23, 8, 0, tzinfo=UTC)  # a Monday a week before a quarter ends

person = st.integers(0, len(PEOPLE) - 1)
channel = st.integers(0, len(CHANNELS) - 1)
answer = st.tuples(st.just("answer"), channel, person, st.integers(0, len(TEXTS) - 1))
a_round = st.tuples(
    st.just("round"),
    channel,
    st.booleans(),  # daily (else a practice question)
    st.lists(st.tuples(person, st.integers(0, len(TEXTS) - 1)), min_size=1, max_size=5),
    st.lists(st.tuples(person, person, st.booleans()), max_size=4),  # kudos given (or taken back)
)
operation = st.one_of(
    a_round,
    a_round,
    st.tuples(st.just("post"), channel),
    st.tuples(st.just("ask"), channel, person),
    answer,
    answer,
    answer,
    st.tuples(st.just("kudos"), channel, person, person, st.booleans()),
    st.tuples(st.just("reveal"), channel),
    st.tuples(st.just("reveal"), channel),
    st.tuples(st.just("clock"), st.integers(1, 24 * 40)),
    st.tuples(st.just("points"), st.integers(0, 4)),
    st.tuples(st.just("season"), st.integers(-1, 120)),
    st.tuples(st.just("group"), person, st.integers(0, len(GROUPS) - 1), st.booleans()),
    st.tuples(st.just("timezone"), st.integers(0, len(ZONES) - 1)),
    st.tuples(st.just("dispute"), channel, person, st.integers(-3, 3)),
)


def empty(engine: Engine) -> None:
    tables = [t for metadata in ALL_METADATA for t in reversed(metadata.sorted_tables)]
    with engine.begin() as conn:
        if is_postgres(str(engine.url)):
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


class World:
    """One workspace driven through the real core on a virtual clock."""

    def __init__(self, engine: Engine, bank_dir: Any) -> None:
        self.clock = VirtualClock(START, frozen=True)
        bank = load_bank([bank_dir])
        sync_bank(engine, bank, self.clock.now())
        config = CoreConfig(default_timezone="UTC", retry=RetryPolicy(attempts=3, base_delay=0))
        self.bot = Drillbot(engine, self.clock, DefaultScorer(), {"test": RecordingPort()}, config)
        self.messages = 0

    async def command(self, user: UserRef, line: str, where: ChannelRef = CHANNELS[0]) -> str:
        reply = await self.bot.handle_command(TENANT, where, user, line)
        return reply.body

    def channel_id(self, index: int) -> int:
        with self.bot.session() as session:
            return session.exec(select(Channel.id).where(Channel.external_id == CHANNELS[index].id)).one()  # type: ignore[return-value]

    def latest(self, index: int) -> Round | None:
        with self.bot.session() as session:
            return session.exec(
                select(Round)
                .where(Round.channel_id == self.channel_id(index), Round.status != "pending")
                .order_by(Round.id.desc())  # type: ignore[union-attr]
            ).first()

    async def run(self, op: tuple[Any, ...]) -> None:
        name, *args = op
        if name == "round":
            where, daily, replies, reactions = args
            await self.run(("post", where) if daily else ("ask", where, replies[0][0]))
            for who, said in replies:
                await self.run(("answer", where, who, said))
            for giver, taker, added in reactions:
                await self.run(("kudos", where, giver, taker, added))
            await self.run(("reveal", where))
        elif name == "post":
            with self.bot.session() as session:
                row = session.get_one(Channel, self.channel_id(args[0]))
                row.scheduled = True
                session.add(row)
            await self.bot.post_daily(self.channel_id(args[0]), self.clock.now().date())
        elif name == "ask":
            await self.command(PEOPLE[args[1]], "ask", CHANNELS[args[0]])
        elif name == "answer":
            round_ = self.latest(args[0])
            if round_ is not None:
                self.messages += 1
                thread = ThreadRef(CHANNELS[args[0]].id, round_.thread_id)  # type: ignore[arg-type]
                await self.bot.handle_reply(TENANT, thread, PEOPLE[args[1]], TEXTS[args[2]], f"m{self.messages}")
        elif name == "kudos":
            round_ = self.latest(args[0])
            if round_ is not None:
                with self.bot.session() as session:
                    found = session.execute(
                        text(
                            "select m.message_id from answermessage m join answer a on a.id = m.answer_id "
                            "join member p on p.id = a.member_id where m.round_id = :r and p.external_id = :u"
                        ),
                        {"r": round_.id, "u": PEOPLE[args[2]].id},
                    ).first()
                if found:
                    await self.bot.handle_reaction(
                        TENANT, CHANNELS[args[0]].id, found[0], PEOPLE[args[1]], "+1", args[3]
                    )
        elif name == "reveal":
            round_ = self.latest(args[0])
            if round_ is not None:
                await self.bot.reveal_round(round_.id)  # type: ignore[arg-type]
        elif name == "clock":
            self.clock.advance(timedelta(hours=args[0]))
        elif name == "points":
            await self.command(BOSS, f"points set answer {args[0]}")
        elif name == "season":
            if args[0] < 0:
                await self.command(BOSS, "season quarters")
            else:
                day = self.workspace().timezone
                today = local_day(self.clock.now(), day)
                await self.command(BOSS, f"season start {today - timedelta(days=args[0])}")
        elif name == "group":
            person_, group = PEOPLE[args[0]], GROUPS[args[1]]
            if args[2]:
                if "no study group" in await self.command(person_, f"group join {group}"):
                    await self.command(person_, f"group create {group}")
            else:
                await self.command(person_, f"group leave {group}")
        elif name == "timezone":
            with self.bot.session() as session:
                change_timezone(session, self.workspace().id, ZONES[args[0]])  # type: ignore[arg-type]
        elif name == "dispute":
            round_ = self.latest(args[0])
            if round_ is not None and round_.status == "revealed":
                with self.bot.session() as session:
                    member = session.exec(select(Member).where(Member.external_id == PEOPLE[args[1]].id)).first()
                    taken = session.exec(
                        select(ScoreEvent).where(ScoreEvent.round_id == round_.id, ScoreEvent.reason == "dispute")
                    ).first()
                    if member is not None and taken is None:
                        entry = Entry(
                            round_.workspace_id,
                            round_.channel_id,
                            round_.id,
                            member.id,
                            "dispute",
                            args[2],  # type: ignore[arg-type]
                            self.clock.now(),
                        )
                        write_points(session, [entry])

    def workspace(self) -> Workspace:
        with self.bot.session() as session:
            return session.exec(select(Workspace)).one()


def plain_board(
    session: Session, workspace: Workspace, period: str, now: datetime, scope: str, scope_id: int, limit: int
) -> tuple[list[tuple[str, int, int, int]], int]:
    """The leaderboard as a plain aggregate over the ledger: (name, points, answered, rank)
    rows and how many more tie with the last row shown."""
    since = period_start(period, now, workspace.timezone, workspace.season_start)
    members = {m.id: m.display_name for m in session.exec(select(Member))}
    in_group = {g.member_id for g in session.exec(select(GroupMember).where(GroupMember.group_id == scope_id))}
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for event in session.exec(select(ScoreEvent).where(ScoreEvent.workspace_id == workspace.id)):
        if since is not None and event.created_at < since:
            continue
        if scope == "channel" and event.channel_id != scope_id or scope == "group" and event.member_id not in in_group:
            continue
        sums[event.member_id][0] += event.points
        sums[event.member_id][1] += event.reason == ANSWERED
    ranked = sorted(((-p, -m) for m, (p, a) in sums.items() if p or a))  # ties at the cut: newest members first
    shown = [(p, -m) for p, m in ranked[:limit]]
    more = (
        sum(1 for p, _ in ranked if p == shown[-1][0]) - sum(1 for p, _ in shown if p == shown[-1][0]) if shown else 0
    )
    rows: list[tuple[str, int, int, int]] = []
    for minus_points, member_id in sorted(shown, key=lambda r: (r[0], members[r[1]], r[1])):
        rank = rows[-1][3] if rows and rows[-1][1] == -minus_points else len(rows) + 1
        rows.append((members[member_id], -minus_points, sums[member_id][1], rank))
    return rows, more


def bucket_sums(session: Session, workspace: Workspace) -> dict[tuple[Any, ...], tuple[int, int]]:
    """Every totals row the ledger implies, computed row by row in Python."""
    groups: dict[int, list[int]] = defaultdict(list)
    for link in session.exec(select(GroupMember)):
        groups[link.member_id].append(link.group_id)
    sums: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    for event in session.exec(select(ScoreEvent)):
        day = local_day(event.created_at, workspace.timezone)
        scopes = [("team", 0), ("channel", event.channel_id)] + [("group", g) for g in groups[event.member_id]]
        for period in PERIODS:
            for scope, scope_id in scopes:
                key = (scope, scope_id, period, bucket_start(period, day, workspace.season_start), event.member_id)
                sums[key][0] += event.points
                sums[key][1] += event.reason == ANSWERED
    return {k: (v[0], v[1]) for k, v in sums.items()}


def check(world: World) -> None:
    now = world.clock.now()
    with world.bot.session() as session:
        workspace = session.exec(select(Workspace)).one()
        stored = {
            (t.scope, t.scope_id, t.period, t.starts, t.member_id): (t.points, t.answered)
            for t in session.exec(select(PointTotal))
        }
        assert stored == bucket_sums(session, workspace)
        scopes = [("team", 0)] + [("channel", c.id) for c in session.exec(select(Channel))]
        scopes += [("group", g.id) for g in session.exec(select(StudyGroup))]
        for period in PERIODS:
            for scope, scope_id in scopes:
                for limit in (2, 10):
                    board = leaderboard(
                        session,
                        workspace.id,
                        period,
                        now=now,
                        limit=limit,  # type: ignore[arg-type]
                        channel_id=scope_id if scope == "channel" else None,
                        group_id=scope_id if scope == "group" else None,
                    )
                    got = [(r.name, r.points, r.answers, r.rank) for r in board]
                    assert (got, board.more_tied) == plain_board(
                        session, workspace, period, now, scope, scope_id, limit
                    ), (period, scope, limit)
        assert rebuild(session, workspace.id).total == 0  # type: ignore[arg-type]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=10, max_size=60))
def test_every_leaderboard_equals_the_ledger_aggregate(database_url: str, ops: list) -> None:  # type: ignore[type-arg]
    engine = make_engine(database_url)
    try:
        empty(engine)
        world = World(engine, BANK_DIR)

        async def play() -> None:
            await world.command(PEOPLE[0], "help")  # the workspace and channels exist from the start
            await world.command(PEOPLE[0], "help", CHANNELS[1])
            for op in ops:
                await world.run(op)

        asyncio.run(play())
        check(world)
    finally:
        engine.dispose()
