"""Top-10 leaderboards at scale.

    .venv/bin/python bench/leaderboard.py [--rows 1000000] [--json]
    .venv/bin/python bench/leaderboard.py --big-workspace [--json]

Default: loads N ledger rows (default 1,000,000) for 50,000 members in 1,000 workspaces
(with their rounds, answers and study groups) into a fresh SQLite file, and into a fresh
PostgreSQL schema in DATABASE_URL's database when it points at PostgreSQL, builds the
per-member totals from the ledger (as the migration does), then times the real
`leaderboard()` call (top 10, this week; points, answered, average grade and streak)
for random workspaces and for random study groups. Prints p50 and p99 in milliseconds;
with --json: {"sqlite": {"p50_ms": X, "p99_ms": X, ...}, "postgresql": {...}}.

--big-workspace: one 25,000-member workspace with a year of history (~2.3M ledger rows)
beside a 50-member one, every period and scope as big vs small with the ratio (target
<= 3x); see bench/big_workspace.py.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, create_engine, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bench import big_workspace  # noqa: E402
from bot.db import migrate  # noqa: E402
from bot.db.engine import make_engine, normalize_url  # noqa: E402
from bot.db.models import (  # noqa: E402
    Answer,
    Channel,
    GroupMember,
    Member,
    Question,
    Round,
    ScoreEvent,
    StudyGroup,
    Workspace,
)
from bot.usecases.leaderboard import leaderboard  # noqa: E402
from bot.usecases.rebuild import rebuild  # noqa: E402

WORKSPACES = 1_000
MEMBERS_PER_WORKSPACE = 50
GROUPS_PER_WORKSPACE = 5
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday: the week so far has 3.5 days
SAMPLES = 400


def load(engine: Engine, rows: int, seed: int = 7) -> None:
    """Fill the database: each answer writes 'answer', 'coverage' and sometimes
    'kudos' rows, as the reveal does, until `rows` ledger rows exist."""
    rng = random.Random(seed)
    answers_per_round = 4
    rounds_per_workspace = max(1, rows // (WORKSPACES * answers_per_round * 2.5))
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
        session.execute(
            insert(Workspace),
            [dict(id=w + 1, platform="bench", external_id=f"W{w}", created_at=NOW) for w in range(WORKSPACES)],
        )
        session.execute(
            insert(Channel),
            [dict(id=w + 1, workspace_id=w + 1, external_id="C", created_at=NOW) for w in range(WORKSPACES)],
        )
        session.execute(
            insert(Member),
            [
                dict(
                    id=member_id(w, m), workspace_id=w + 1, external_id=f"U{m}", display_name=f"user{m}", created_at=NOW
                )
                for w in range(WORKSPACES)
                for m in range(MEMBERS_PER_WORKSPACE)
            ],
        )
        session.execute(
            insert(StudyGroup),
            [
                dict(id=w * GROUPS_PER_WORKSPACE + g + 1, workspace_id=w + 1, name=f"g{g}", created_at=NOW)
                for w in range(WORKSPACES)
                for g in range(GROUPS_PER_WORKSPACE)
            ],
        )
        session.execute(
            insert(GroupMember),
            [
                dict(
                    workspace_id=w + 1,
                    group_id=w * GROUPS_PER_WORKSPACE + m % GROUPS_PER_WORKSPACE + 1,
                    member_id=member_id(w, m),
                    joined_at=NOW,
                )
                for w in range(WORKSPACES)
                for m in range(MEMBERS_PER_WORKSPACE)
            ],
        )
        session.commit()

    written = 0
    for batch in batched(generate(rng, int(rounds_per_workspace), answers_per_round), 20_000):
        with Session(engine) as session:
            for table, values in batch.items():
                if values:
                    session.execute(insert(table), values)
            session.commit()
        written += len(batch[ScoreEvent])
        if written >= rows:
            break


def member_id(workspace: int, member: int) -> int:
    return workspace * MEMBERS_PER_WORKSPACE + member + 1


def generate(rng: random.Random, rounds_per_workspace: int, per_round: int) -> Iterator[tuple[Any, dict[str, Any]]]:
    round_id = answer_id = 0
    for w in range(WORKSPACES):
        for r in range(rounds_per_workspace):
            round_id += 1
            day = NOW.date() - timedelta(days=r)
            at = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=17)
            yield (
                Round,
                dict(
                    id=round_id,
                    workspace_id=w + 1,
                    channel_id=w + 1,
                    question_id="q",
                    kind="daily",
                    local_date=day,
                    status="revealed",
                    thread_id=f"t{round_id}",
                    created_at=at,
                    posted_at=at,
                    revealed_at=at,
                    attempts=0,
                ),
            )
            for m in rng.sample(range(MEMBERS_PER_WORKSPACE), per_round):
                answer_id += 1
                score = rng.random()
                yield (
                    Answer,
                    dict(
                        id=answer_id,
                        workspace_id=w + 1,
                        round_id=round_id,
                        member_id=member_id(w, m),
                        late=False,
                        score=score,
                        covered=[],
                        missed=[],
                        feedback="",
                        created_at=at,
                        updated_at=at,
                    ),
                )
                entries = [("answer", 1), ("coverage", round(score * 3))]
                if rng.random() < 0.5:
                    entries.append(("kudos", rng.randint(1, 3)))
                for reason, points in entries:
                    yield (
                        ScoreEvent,
                        dict(
                            workspace_id=w + 1,
                            channel_id=w + 1,
                            round_id=round_id,
                            member_id=member_id(w, m),
                            reason=reason,
                            points=points,
                            created_at=at,
                        ),
                    )


def batched(rows: Iterator[tuple[Any, dict[str, Any]]], size: int) -> Iterator[dict[Any, list[dict[str, Any]]]]:
    """Rows grouped by table, parents before children, `size` ledger rows a batch."""
    batch: dict[Any, list[dict[str, Any]]] = {Round: [], Answer: [], ScoreEvent: []}
    for table, values in rows:
        batch[table].append(values)
        if len(batch[ScoreEvent]) >= size:
            yield batch
            batch = {Round: [], Answer: [], ScoreEvent: []}
    yield batch


def percentiles(call: Callable[[], Any]) -> dict[str, float]:
    times = []
    for _ in range(SAMPLES):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2), "p99_ms": round(times[int(len(times) * 0.99) - 1], 2)}


def measure(engine: Engine) -> dict[str, Any]:
    rng = random.Random(11)

    def workspace_top10() -> None:
        with Session(engine) as session:
            rows = leaderboard(session, rng.randint(1, WORKSPACES), "week", now=NOW)
            assert rows

    def group_top10() -> None:
        workspace = rng.randint(1, WORKSPACES)
        group = (workspace - 1) * GROUPS_PER_WORKSPACE + rng.randint(1, GROUPS_PER_WORKSPACE)
        with Session(engine) as session:
            leaderboard(session, workspace, "week", now=NOW, group_id=group)

    for warm_up in (workspace_top10, group_top10):
        for _ in range(20):
            warm_up()
    by_scope = {"workspace": percentiles(workspace_top10), "group": percentiles(group_top10)}
    worst = max(by_scope.values(), key=lambda p: p["p99_ms"])
    return {"p50_ms": max(p["p50_ms"] for p in by_scope.values()), "p99_ms": worst["p99_ms"], **by_scope}


def prepare(url: str, rows: int) -> tuple[Engine, dict[str, Any]]:
    """A migrated database at `url` holding `rows` ledger rows and their totals (also
    bench/web.py's data); returns the engine and what loading took."""
    migrate.upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    load(engine, rows)
    loaded_s = time.perf_counter() - started
    started = time.perf_counter()
    for workspace in range(1, WORKSPACES + 1):
        with Session(engine) as session:
            rebuild(session, workspace)
            session.commit()
    totals_s = time.perf_counter() - started
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
        ledger_rows = conn.execute(text("SELECT count(*) FROM scoreevent")).scalar_one()
    return engine, {"ledger_rows": ledger_rows, "load_s": round(loaded_s, 1), "totals_s": round(totals_s, 1)}


def run(url: str, rows: int) -> dict[str, Any]:
    engine, loaded = prepare(url, rows)
    result = {**measure(engine), **loaded}
    engine.dispose()
    return result


def fresh_postgres(url: str) -> tuple[str, Callable[[], None]]:
    """A throw-away schema in DATABASE_URL's own database, dropped afterwards."""
    name = f"drillbot_bench_{os.getpid()}"
    admin = create_engine(normalize_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        admin.dispose()

    bench_url = make_url(normalize_url(url)).update_query_dict({"options": f"-csearch_path={name}"})
    return bench_url.render_as_string(hide_password=False), drop


def on_each_database(run_on: Callable[[str], dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """`run_on(url)` on a throw-away SQLite file, then, when DATABASE_URL names PostgreSQL,
    on a throw-away schema there: the figures of each, by dialect."""
    report: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="drillbot-bench-") as folder:
        report["sqlite"] = run_on(f"sqlite:///{folder}/bench.db")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql")):
        bench_url, drop = fresh_postgres(url)
        try:
            report["postgresql"] = run_on(bench_url)
        finally:
            drop()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--big-workspace", action="store_true", help="25,000 members and a year vs 50 members")
    args = parser.parse_args()

    def one(url: str) -> dict[str, Any]:
        if not args.big_workspace:
            return run(url, args.rows)
        migrate.upgrade(url)
        engine = make_engine(url)
        try:
            return big_workspace.run(engine)
        finally:
            engine.dispose()

    report = on_each_database(one)
    if args.json:
        print(json.dumps(report))
        return
    for name, figures in report.items():
        if args.big_workspace:
            print(big_workspace.report(name, figures))
            continue
        print(
            f"{name}: {figures['ledger_rows']:,} ledger rows (loaded in {figures['load_s']} s, totals built in "
            f"{figures['totals_s']} s); weekly top 10 p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms "
            f"(workspace p99 {figures['workspace']['p99_ms']}, group p99 {figures['group']['p99_ms']})"
        )


if __name__ == "__main__":
    main()
