"""`bench/leaderboard.py --big-workspace`: a leaderboard's cost must not grow with a
workspace's size or history.

Builds, in one database, a 25,000-member workspace with a year of daily rounds in 5
channels (2,500 answers a day: 912,500 answers, ~2.3M ledger rows) beside a 50-member
workspace with the same year, loading with set-based SQL (INSERT ... SELECT), then the
per-member totals with the same code the migration's backfill and `drillbot leaderboard
rebuild` use. Times the real `leaderboard()` (top 10 with answered, average grade and
streak) for every period and scope in both and prints big vs small with the ratio.
Target: every ratio <= 3.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, text
from sqlmodel import Session

from bot.db.models import Answer, Channel, GroupMember, Member, Question, Round, ScoreEvent, StudyGroup, Workspace
from bot.usecases.leaderboard import leaderboard
from bot.usecases.rebuild import rebuild
from bot.usecases.totals import PERIODS

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday
DAYS = 365
CHANNELS = 5
TZ = "Europe/Berlin"
SAMPLES = 60
# id, members, answers per round (5 channels a day), study groups
BIG = (1, 25_000, 500, 50)
SMALL = (2, 50, 5, 2)


def member_base(workspace: tuple[int, int, int, int]) -> int:
    return 0 if workspace == BIG else BIG[1]


def load(engine: Engine) -> dict[str, float]:
    """Fill the database; returns the seconds the ledger and the totals took."""
    started = time.perf_counter()
    bulk = [index for model in (Answer, ScoreEvent) for index in model.__table__.indexes]  # type: ignore[attr-defined]
    with engine.begin() as conn:  # secondary indexes are built once after the load, as for any bulk load
        for index in bulk:
            index.drop(conn)
    with Session(engine) as session:
        session.execute(
            insert(Question),
            [
                dict(
                    id="q",
                    topic="evaluation",
                    difficulty=1,
                    kind="concept",
                    prompt="p",
                    answer="a",
                    key_points=[],
                    tags=[],
                    sources=[],
                    updated_at=NOW,
                )
            ],
        )
        for workspace in (BIG, SMALL):
            _load_workspace(session, workspace)
        session.commit()
    with engine.begin() as conn:
        for index in bulk:
            index.create(conn)
    loaded = time.perf_counter() - started
    print(f"  ledger loaded in {loaded:.1f} s; building the totals ...", file=sys.stderr)
    started = time.perf_counter()
    for workspace in (BIG, SMALL):
        with Session(engine) as session:
            rebuild(session, workspace[0])
            session.commit()
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return {"ledger_s": round(loaded, 1), "totals_s": round(time.perf_counter() - started, 1)}


def _load_workspace(session: Session, workspace: tuple[int, int, int, int]) -> None:
    wid, members, per_round, groups = workspace
    base = member_base(workspace)
    session.execute(
        insert(Workspace), [dict(id=wid, platform="bench", external_id=f"W{wid}", timezone=TZ, created_at=NOW)]
    )
    channel_ids = [wid * 100 + c for c in range(CHANNELS)]
    session.execute(
        insert(Channel),
        [dict(id=c, workspace_id=wid, external_id=f"C{c}", timezone=TZ, created_at=NOW) for c in channel_ids],
    )
    session.execute(
        insert(Member),
        [
            dict(id=base + m + 1, workspace_id=wid, external_id=f"U{m}", display_name=f"user{m}", created_at=NOW)
            for m in range(members)
        ],
    )
    session.execute(
        insert(StudyGroup),
        [dict(id=wid * 1000 + g, workspace_id=wid, name=f"g{g}", created_at=NOW) for g in range(groups)],
    )
    session.execute(
        insert(GroupMember),
        [
            dict(workspace_id=wid, group_id=wid * 1000 + m % groups, member_id=base + m + 1, joined_at=NOW)
            for m in range(members)
        ],
    )
    rounds = []
    for day in range(DAYS):
        local = NOW.date() - timedelta(days=day)
        at = datetime.combine(local, datetime.min.time(), tzinfo=UTC) + timedelta(hours=15)
        if at > NOW:
            continue
        for c in channel_ids:
            rounds.append(
                dict(
                    id=wid * 100_000 + day * 10 + c % 100,
                    workspace_id=wid,
                    channel_id=c,
                    question_id="q",
                    kind="daily",
                    local_date=local,
                    status="revealed",
                    thread_id=f"t{day}-{c}",
                    created_at=at,
                    posted_at=at,
                    revealed_at=at,
                    attempts=0,
                )
            )
    session.execute(insert(Round), rounds)
    postgres = session.get_bind().dialect.name == "postgresql"
    empty_list = "CAST('[]' AS JSON)" if postgres else "'[]'"
    session.execute(text("CREATE TEMPORARY TABLE IF NOT EXISTS bench_n (i INTEGER NOT NULL)"))
    session.execute(text("DELETE FROM bench_n"))
    session.execute(text("INSERT INTO bench_n (i) VALUES (:i)"), [{"i": i} for i in range(per_round)])
    # Each round's answerers are distinct: 53 is prime to both member counts.
    session.execute(
        text(
            "INSERT INTO answer (workspace_id, round_id, member_id, late, score, covered, missed, feedback, "
            "created_at, updated_at) "
            f"SELECT r.workspace_id, r.id, :base + 1 + ((r.id * 977 + n.i * 53) % :members), :no, "
            f"((r.id * 31 + n.i * 17) % 100) / 100.0, {empty_list}, {empty_list}, '', r.revealed_at, r.revealed_at "
            "FROM round r CROSS JOIN bench_n n WHERE r.workspace_id = :w"
        ),
        {"base": base, "members": members, "w": wid, "no": False},
    )
    # As the reveal writes them: answered (1), coverage (0-3), kudos (1-3 for ~43%), streak (1 for a third).
    for reason, points, condition in (
        ("answer", "1", "1 = 1"),
        ("coverage", "a.id % 4", "a.id % 4 > 0"),
        ("kudos", "a.id % 7", "a.id % 7 BETWEEN 1 AND 3"),
        ("streak", "1", "a.id % 3 = 0"),
    ):
        session.execute(
            text(
                "INSERT INTO scoreevent (workspace_id, channel_id, round_id, member_id, reason, points, created_at) "
                f"SELECT a.workspace_id, r.channel_id, a.round_id, a.member_id, '{reason}', {points}, r.revealed_at "
                f"FROM answer a JOIN round r ON r.id = a.round_id WHERE a.workspace_id = :w AND {condition}"
            ),
            {"w": wid},
        )


def _time(engine: Engine, call: Any) -> float:
    times = []
    with Session(engine) as session:
        for _ in range(5):
            call(session)
        for _ in range(SAMPLES):
            started = time.perf_counter()
            call(session)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(engine: Engine) -> list[dict[str, Any]]:
    results = []
    for period in PERIODS:
        for scope in ("team", "channel", "group"):
            figures: dict[str, Any] = {"period": period, "scope": scope}
            for label, workspace in (("big", BIG), ("small", SMALL)):
                wid = workspace[0]
                where: dict[str, int] = {}
                if scope == "channel":
                    where["channel_id"] = wid * 100
                elif scope == "group":
                    where["group_id"] = wid * 1000

                def call(session: Session, wid: int = wid, where: dict[str, int] = where, period: str = period) -> None:
                    board = leaderboard(session, wid, period, now=NOW, **where)
                    assert board, (period, where)

                figures[f"{label}_ms"] = round(_time(engine, call), 2)
            figures["ratio"] = round(figures["big_ms"] / figures["small_ms"], 2)
            results.append(figures)
    return results


def run(engine: Engine) -> dict[str, Any]:
    timings = load(engine)
    with engine.connect() as conn:
        ledger = conn.execute(text("SELECT count(*) FROM scoreevent WHERE workspace_id = 1")).scalar_one()
        answers = conn.execute(text("SELECT count(*) FROM answer WHERE workspace_id = 1")).scalar_one()
        totals = conn.execute(text("SELECT count(*) FROM pointtotal")).scalar_one()
    return {
        "big_ledger_rows": ledger,
        "big_answers": answers,
        "totals_rows": totals,
        **timings,
        "boards": measure(engine),
    }


def report(name: str, result: dict[str, Any]) -> str:
    lines = [
        f"{name}: big workspace {BIG[1]:,} members, {result['big_answers']:,} answers, "
        f"{result['big_ledger_rows']:,} ledger rows; small {SMALL[1]} members; ledger loaded in "
        f"{result['ledger_s']} s, {result['totals_rows']:,} totals built in {result['totals_s']} s",
        f"  {'period':<8} {'scope':<8} {'big ms':>8} {'small ms':>9} {'ratio':>6}",
    ]
    for row in result["boards"]:
        lines.append(
            f"  {row['period']:<8} {row['scope']:<8} {row['big_ms']:>8} {row['small_ms']:>9} {row['ratio']:>5}x"
        )
    worst = max(row["ratio"] for row in result["boards"])
    lines.append(f"  worst ratio {worst}x (target <= 3x): {'ok' if worst <= 3 else 'MISSED'}")
    return "\n".join(lines)
