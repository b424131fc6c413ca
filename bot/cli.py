"""The `drillbot` command line.

drillbot run                      everything configured, one process (local mode without tokens)
drillbot migrate                  upgrade the database to the newest schema
drillbot serve slack|discord|clock  one role per process (see the Procfile)
drillbot content check [PATH...]  validate question files, `file:line: problem` per error
drillbot content stats [--json]   counts by topic, difficulty, kind and source
drillbot content import FILE.csv  a team's own questions as a bank file
drillbot grade --in FILE.jsonl    grade replies in bulk (see bot/grading/batch.py)
drillbot simulate --channels N --days D [--json]   the scheduler on a virtual clock
drillbot discord sync [--guild ID]  register the /drill command with Discord
drillbot leaderboard rebuild [--workspace ID]   recompute leaderboard totals from the ledger
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from adapters.registry import PlatformUnavailable
from bot.bank.loader import BANK_DIR, BankError, load_bank, stats
from bot.settings import Settings, SettingsError, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="drillbot", description="Interview practice for team chat.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run everything configured (local mode without tokens)")
    run.add_argument("--as", dest="user", default=None, help="your name in local mode")
    run.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")), help="HTTP port for Slack")

    commands.add_parser("migrate", help="upgrade the database to the newest schema")

    serve = commands.add_parser("serve", help="run one role: slack, discord or clock")
    serve.add_argument("role", choices=["slack", "discord", "clock"])
    serve.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("PORT", "3000")),
        help="HTTP port for the slack role (default: $PORT or 3000)",
    )

    grade = commands.add_parser("grade", help="grade a JSONL file of replies")
    grade.add_argument("--in", dest="source", required=True, help="JSONL input, or - for standard input")
    grade.add_argument("--out", dest="target", default="-", help="JSONL output (default: standard output)")
    grade.add_argument(
        "--scorer", choices=["default", "semantic"], default=None, help="which scorer (default: the GRADER setting)"
    )

    simulate = commands.add_parser("simulate", help="run the scheduler on a virtual clock and report")
    simulate.add_argument("--channels", type=int, default=100)
    simulate.add_argument("--days", type=int, default=2)
    simulate.add_argument("--json", action="store_true", help="print JSON")

    discord_cmd = commands.add_parser("discord", help="Discord set-up")
    discord_commands = discord_cmd.add_subparsers(dest="discord_command", required=True, metavar="ACTION")
    sync = discord_commands.add_parser("sync", help="register /drill (globally, or on one server at once)")
    sync.add_argument("--guild", type=int, default=None, help="a server id: its copy updates immediately")

    board = commands.add_parser("leaderboard", help="leaderboard upkeep")
    board_commands = board.add_subparsers(dest="leaderboard_command", required=True, metavar="ACTION")
    rebuild = board_commands.add_parser(
        "rebuild", help="recompute the leaderboard totals from the points ledger and say what changed"
    )
    rebuild.add_argument("--workspace", type=int, default=None, help="one workspace's id (default: every workspace)")

    content = commands.add_parser("content", help="check or count the question bank")
    content_commands = content.add_subparsers(dest="content_command", required=True, metavar="ACTION")
    check = content_commands.add_parser("check", help="validate question files")
    check.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the whole bank)")
    stats_cmd = content_commands.add_parser("stats", help="count questions")
    stats_cmd.add_argument("--json", action="store_true", help="print JSON")
    stats_cmd.add_argument("paths", nargs="*", type=Path)
    importer = content_commands.add_parser("import", help="turn a CSV of questions into a bank file")
    importer.add_argument("csv", type=Path, help="columns: question, answer, topic, key_points (';'-separated)")
    importer.add_argument("--out", type=Path, help="the YAML file to write (default: beside the CSV)")
    importer.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        if args.command == "content":
            return _content(args, settings)
        if args.command == "grade":
            return _grade(args, settings)
        if args.command == "simulate":
            return _simulate(args)
        if args.command == "discord":
            return asyncio.run(_discord_sync(settings, args.guild))
        if args.command == "leaderboard":
            from bot.usecases.rebuild import rebuild_command

            return rebuild_command(settings.resolved_database_url(), args.workspace)
        from bot.app import configure_logging

        local_mode = args.command == "run" and not (settings.slack_enabled or settings.discord_enabled)
        configure_logging(settings, to_file=local_mode)
        if args.command == "migrate":
            from bot.db import migrate

            migrate.upgrade(settings.resolved_database_url())
            print("database is at the newest schema")
            return 0
        if args.command == "run":
            return asyncio.run(_run(settings, args.user, args.port))
        return asyncio.run(_serve_role(settings, args.role, args.port))
    except (SettingsError, PlatformUnavailable) as error:
        print(f"drillbot: {error}", file=sys.stderr)
        return 2
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error).splitlines()[0]
        print(f"drillbot: setting DATABASE_URL: cannot use the database: {reason}", file=sys.stderr)
        return 2
    except BankError as error:
        print(f"drillbot: the question bank has {len(error.errors)} problem(s):\n{error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _content(args: argparse.Namespace, settings: Settings) -> int:
    if args.content_command == "import":
        return _content_import(args, settings)
    paths = args.paths or [BANK_DIR, *settings.extra_content_dirs]
    bank = load_bank(paths)
    if args.content_command == "check":
        for error in bank.errors:
            print(error)
        if bank.errors:
            print(f"{len(bank.errors)} problem(s) in the question bank", file=sys.stderr)
            return 1
        print(f"{len(bank.questions)} questions, no problems")
        return 0
    counts = stats(bank)
    if args.json:
        print(json.dumps(counts, indent=2))
    else:
        print(f"total: {counts['total']}")
        for key in ("by_topic", "by_difficulty", "by_kind", "by_source"):
            print(f"{key.removeprefix('by_')}: " + ", ".join(f"{k} {v}" for k, v in counts[key].items()))
    for error in bank.errors:
        print(error, file=sys.stderr)
    return 1 if bank.errors else 0


def _simulate(args: argparse.Namespace) -> int:
    from bot.scheduling.simulate import run

    if args.channels < 1 or args.days < 1:
        print("drillbot: simulate needs --channels and --days of at least 1", file=sys.stderr)
        return 2
    result = run(args.channels, args.days)
    if args.json:
        print(json.dumps(result))
    else:
        print("\n".join(f"{key}: {value}" for key, value in result.items()))
    return 0 if result["duplicates"] == 0 and result["missed"] == 0 else 1


def _grade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.grading import batch
    from bot.grading.choose import make_grader

    warnings: list[str] = []
    grader = make_grader(args.scorer or settings.grader, warnings)
    for warning in warnings:
        print(f"drillbot: {warning}", file=sys.stderr)
    try:
        source = sys.stdin if args.source == "-" else open(args.source, encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        print(f"drillbot: cannot read {args.source}: {error.strerror}", file=sys.stderr)
        return 2
    with source:
        if args.target == "-":
            return batch.run(source, sys.stdout, sys.stderr, grader)
        with open(args.target, "w", encoding="utf-8") as target:
            return batch.run(source, target, sys.stderr, grader)


def _content_import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bank.importer import read_csv, to_yaml

    out: Path = args.out or args.csv.with_suffix(".yaml")
    if out.exists() and not args.force:
        print(f"drillbot: {out} exists; choose another --out or add --force", file=sys.stderr)
        return 1
    known = {q.spec.id for q in load_bank([BANK_DIR, *settings.extra_content_dirs]).questions}
    result = read_csv(args.csv, known)
    for error in result.errors:
        print(error, file=sys.stderr)
    if result.errors:
        print(f"nothing written: {len(result.errors)} bad row(s)", file=sys.stderr)
        return 1
    out.write_text(to_yaml(result.questions), encoding="utf-8")
    print(f"wrote {len(result.questions)} question(s) to {out}; add its folder to CONTENT_DIRS to use them")
    return 0


async def _run(settings: Settings, user: str | None, port: int) -> int:
    """Everything configured in one process; local mode when no platform is set."""
    from adapters.registry import outbound_ports
    from bot.app import open_database

    engine = open_database(settings)
    ports = outbound_ports(settings, engine)
    if not ports:
        return await _run_console(settings, engine, user)
    return await _serve(settings, engine, ports, slack=True, discord=True, clock=True, port=port)


async def _run_console(settings: Settings, engine: Engine, user: str | None) -> int:
    from adapters.console.app import run_console
    from bot.app import build_bot
    from bot.clock import VirtualClock

    clock = VirtualClock()
    bot = build_bot(settings, clock, engine, {})
    await run_console(
        bot,
        clock,
        stdin=sys.stdin,
        out=sys.stdout,
        user=user or _default_user(),
        tick_seconds=settings.tick_seconds,
        charts=settings.data_dir / "charts",
    )
    return 0


async def _serve_role(settings: Settings, role: str, port: int) -> int:
    from adapters.registry import PlatformUnavailable, outbound_ports
    from bot.app import open_database

    if role == "discord" and not settings.discord_enabled:
        raise PlatformUnavailable("the discord role needs DISCORD_TOKEN; see the README")
    if role == "slack" and not settings.slack_enabled:
        raise PlatformUnavailable("the slack role needs SLACK_BOT_TOKEN or SLACK_CLIENT_ID; see the README")
    engine = open_database(settings)
    ports = outbound_ports(settings, engine)
    if not ports:
        raise PlatformUnavailable(
            "the clock needs a chat platform (SLACK_BOT_TOKEN or DISCORD_TOKEN); for local mode use `drillbot run`"
        )
    return await _serve(
        settings, engine, ports, slack=role == "slack", discord=role == "discord", clock=role == "clock", port=port
    )


async def _serve(  # type: ignore[no-untyped-def]
    settings: Settings, engine: Engine, ports: dict, *, slack: bool, clock: bool, port: int, discord: bool = False
) -> int:
    """Run the chosen roles until interrupted."""
    from bot.app import build_bot
    from bot.clock import SystemClock
    from bot.offload import drain
    from bot.scheduling.ticker import Ticker

    bot = build_bot(settings, SystemClock(), engine, ports)
    stoppers = []
    if slack and "slack" in ports:
        from adapters.slack.app import build_app
        from adapters.slack.jobs import make_jobs
        from adapters.slack.server import start_http, start_socket_mode

        jobs = await make_jobs(bot, settings)
        stoppers.append(jobs.close)
        bolt = build_app(bot, settings, engine, jobs)
        if settings.slack_app_token:
            handler = await start_socket_mode(bolt, settings.slack_app_token)
            stoppers.append(handler.close_async)  # type: ignore[attr-defined]
        else:
            runner = await start_http(bolt, engine, "0.0.0.0", port)
            stoppers.append(runner.cleanup)
    stopped = asyncio.Event()
    if "discord" in ports:
        from adapters.discord.runner import start_discord

        stoppers.append(await start_discord(ports["discord"].client, bot, settings, gateway=discord, failed=stopped))
    if clock:
        ticker = Ticker(bot, settings.tick_seconds)
        ticker.start()
    try:
        await stopped.wait()
    finally:
        if clock:
            ticker.stop()
        for stop in stoppers:
            await stop()
        await drain()
    return 2  # only a connection that failed for good ends the wait; its reason is logged


async def _discord_sync(settings: Settings, guild: int | None) -> int:
    if not settings.discord_enabled:
        raise PlatformUnavailable("`discord sync` needs DISCORD_TOKEN")
    from adapters.discord.app import sync_commands

    count = await sync_commands(settings, guild)
    where = f"server {guild} (available now)" if guild else "every server (Discord may take up to an hour)"
    print(f"registered /drill with {count} command(s) for {where}")
    return 0


def _default_user() -> str:
    try:
        name = getpass.getuser()
    except Exception:
        name = ""
    return name if name and name != "root" else "you"


if __name__ == "__main__":
    sys.exit(main())
