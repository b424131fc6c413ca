"""The `drillbot` command line.

drillbot run                      everything configured, one process (local mode without tokens)
drillbot migrate                  upgrade the database to the newest schema
drillbot serve slack|discord|clock|web  one role per process (see the Procfile)
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
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import cast

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from adapters.registry import PlatformUnavailable
from bot.bank.loader import BANK_DIR, Bank, BankError, load_bank, stats
from bot.chat.ports import ChatPort
from bot.settings import Settings, SettingsError, load_settings

SEMANTIC_MISSING = (
    "the semantic scorer needs the 'semantic' extra, which is not installed; using the default scorer. "
    "To install it: a CPU build of PyTorch first (pip install torch==2.13.0), then "
    ".venv/bin/pip install -e '.[semantic]' (see the README, Grading)"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="drillbot", description="Interview practice for team chat.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run everything configured (local mode without tokens)")
    run.add_argument("--as", dest="user", default=None, help="your name in local mode")
    run.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")), help="HTTP port for Slack")

    commands.add_parser("migrate", help="upgrade the database to the newest schema")

    serve = commands.add_parser("serve", help="run one role: slack, discord, clock or web")
    serve.add_argument("role", choices=["slack", "discord", "clock", "web"])
    serve.add_argument(
        "--port",
        type=int,
        default=None,
        help="HTTP port: the slack role's (default: $PORT or 3000), the web page's (default: $WEB_PORT or 8750)",
    )

    grade = commands.add_parser("grade", help="grade a JSONL file of replies")
    grade.add_argument("--in", dest="source", required=True, help="JSONL input, or - for standard input")
    grade.add_argument("--out", dest="target", default="-", help="JSONL output (default: standard output)")
    grade.add_argument(
        "--scorer", choices=["default", "semantic"], default=None, help="which scorer (default: the GRADER setting)"
    )

    simulate = commands.add_parser(
        "simulate",
        help="run the scheduler on a virtual clock and report",
        description="Run the real scheduler on a virtual clock over channels in many time zones (with a "
        "daylight-saving change) and report what it did. A healthy run has 0 duplicates and 0 missed.",
    )
    simulate.add_argument("--channels", type=int, default=100, help="how many channels to schedule (default 100)")
    simulate.add_argument("--days", type=int, default=2, help="how many virtual days to run (default 2)")
    simulate.add_argument("--json", action="store_true", help="print the figures as JSON")

    discord_cmd = commands.add_parser("discord", help="Discord set-up")
    discord_commands = discord_cmd.add_subparsers(dest="discord_command", required=True, metavar="ACTION")
    sync = discord_commands.add_parser("sync", help="register /drill (globally, or on one server at once)")
    where = sync.add_mutually_exclusive_group()
    where.add_argument("--guild", type=int, default=None, help="a server id: its own copy, updated immediately")
    where.add_argument(
        "--clear-guild", type=int, default=None, metavar="ID", help="remove a server's own copy (after testing)"
    )

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
    importer.add_argument(
        "csv",
        type=Path,
        help="columns: question, answer, topic, and optionally key_points (separated by ; or | or line breaks), "
        "difficulty, kind, hint, id; any encoding Excel saves, separated by , or ; or tabs",
    )
    importer.add_argument("--out", type=Path, help="the YAML file to write (default: beside the CSV)")
    importer.add_argument("--force", action="store_true", help="overwrite --out if it exists")

    secrets = commands.add_parser("secrets", help="the key that seals stored tokens")
    secrets_commands = secrets.add_subparsers(dest="secrets_command", required=True, metavar="ACTION")
    secrets_commands.add_parser("new-key", help="print a new key for DRILLBOT_SECRET_KEY")
    secrets_commands.add_parser("rotate", help="re-seal every stored token under DRILLBOT_SECRET_KEY's first key")

    workspace = commands.add_parser("workspace", help="a team's data: export it or delete it")
    workspace_commands = workspace.add_subparsers(dest="workspace_command", required=True, metavar="ACTION")
    for action, text in (("export", "everything it owns, as JSON"), ("delete", "every row it owns")):
        sub = workspace_commands.add_parser(action, help=text)
        sub.add_argument("id", help="the Slack team id or Discord server id")
        sub.add_argument("--platform", choices=["slack", "discord", "console"], default=None)
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
            return asyncio.run(_discord_sync(settings, args.guild, args.clear_guild))
        if args.command in {"secrets", "workspace"}:
            return _admin(args, settings)
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
            return _exit(asyncio.run(_run(settings, args.user, args.port)))
        if args.role == "web":
            from bot.web.serve import serve_web

            return asyncio.run(serve_web(settings, args.port))
        port = args.port if args.port is not None else int(os.environ.get("PORT", "3000"))
        return _exit(asyncio.run(_serve_role(settings, args.role, port)))
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


def _exit(code: int) -> int:
    """After a drain that ran out of grace, work threads may still hold a job: their
    inbox rows are pending again, so leave without waiting for them."""
    from bot.offload import busy

    if busy():
        logging.shutdown()
        os._exit(code)
    return code


def _content(args: argparse.Namespace, settings: Settings) -> int:
    if args.content_command == "import":
        return _content_import(args, settings)
    paths = args.paths or [BANK_DIR, *settings.extra_content_dirs]
    bank = load_bank(paths)
    if args.content_command == "check":
        return _content_check(bank)
    counts = stats(bank)
    if args.json:
        print(json.dumps(counts, indent=2))
    else:
        print(f"total: {counts['total']}")
        for key in ("by_topic", "by_difficulty", "by_kind", "by_source"):
            print(f"{key.removeprefix('by_')}: " + ", ".join(f"{k} {v}" for k, v in counts[key].items()))
        print(f"reviewed: {counts['reviewed']}, with references: {counts['references']}")
    for error in bank.errors:
        print(error, file=sys.stderr)
    return 1 if bank.errors else 0


def _content_check(bank: Bank) -> int:
    """Schema errors, then the key-point rules of bot.bank.lint; warnings do not fail."""
    from bot.bank.lint import lint_bank

    lint_errors, warnings = lint_bank(bank)
    errors = bank.errors + lint_errors
    for problem in errors + warnings:
        print(problem)
    if errors:
        print(f"{len(errors)} problem(s) in the question bank", file=sys.stderr)
        return 1
    suffix = f", {len(warnings)} warning(s)" if warnings else ""
    print(f"{len(bank.questions)} questions, no problems{suffix}")
    return 0


def _admin(args: argparse.Namespace, settings: Settings) -> int:
    """`secrets` and `workspace`: operator commands on the migrated database."""
    from adapters import admin
    from bot.app import open_database
    from bot.secrets import SecretKeyError

    if args.command == "secrets" and args.secrets_command == "new-key":
        return admin.secrets_new_key()
    engine = open_database(settings)
    try:
        if args.command == "secrets":
            return admin.secrets_rotate(engine, settings.drillbot_secret_key)
        if args.workspace_command == "export":
            return admin.workspace_export(engine, args.platform, args.id)
        return admin.workspace_delete(engine, args.platform, args.id)
    except (SecretKeyError, LookupError) as error:
        print(f"drillbot: {str(error).strip(chr(39))}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def _simulate(args: argparse.Namespace) -> int:
    from bot.scheduling.simulate import run

    if args.channels < 1 or args.days < 1:
        print("drillbot: simulate needs --channels and --days of at least 1", file=sys.stderr)
        return 2
    result = run(args.channels, args.days)
    if args.json:
        print(json.dumps(result))
    else:
        from bot.scheduling.report import explain

        print(explain(result))
    return 0 if result["duplicates"] == 0 and result["missed"] == 0 else 1


def _grade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.grading import batch
    from bot.grading.choose import make_grader

    warnings: list[str] = []
    logging.getLogger("drillbot.grading").addHandler(logging.NullHandler())  # said once, below
    grader = make_grader(args.scorer or settings.grader, warnings)
    if warnings:
        print(f"drillbot: {SEMANTIC_MISSING}", file=sys.stderr)
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
    from bot.bank.importer import SheetError, read_csv, to_yaml

    out: Path = args.out or args.csv.with_suffix(".yaml")
    if out.exists() and not args.force:
        print(f"drillbot: {out} exists; choose another --out or add --force", file=sys.stderr)
        return 1
    bank = load_bank([BANK_DIR, *settings.extra_content_dirs])
    known = {q.spec.id: f"{q.file}:{q.line}" for q in bank.questions if Path(q.file).resolve() != out.resolve()}
    try:
        result = read_csv(args.csv, known)
    except SheetError as error:
        print(f"drillbot: {error}", file=sys.stderr)
        return 1
    for problem in result.errors:
        print(problem, file=sys.stderr)
    if result.errors:
        rows = plural(len(result.bad_rows), "row")
        print(f"nothing written: {rows} with problems ({result.encoding} text)", file=sys.stderr)
        return 1
    out.write_text(to_yaml(result.questions), encoding="utf-8")
    separator = {",": "commas", ";": "semicolons", "\t": "tabs"}[result.delimiter]
    print(
        f"read {args.csv} ({result.encoding}, separated by {separator}); "
        f"wrote {plural(len(result.questions), 'question')} to {out}; add its folder to CONTENT_DIRS to use them"
    )
    return 0


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


async def _run(settings: Settings, user: str | None, port: int) -> int:
    """Everything configured in one process; local mode when no platform is set."""
    from adapters.registry import check_platforms, outbound_ports
    from bot.app import open_database

    check_platforms(settings)  # a missing setting is one line, before anything else happens
    engine = open_database(settings)
    ports = outbound_ports(settings, engine)
    if not ports:
        return await _run_console(settings, engine, user)
    return await _serve(settings, engine, ports, slack=True, discord=True, clock=True, port=port)


async def _run_console(settings: Settings, engine: Engine, user: str | None) -> int:
    from adapters.console.app import run_console
    from adapters.console.clock import SavedClock
    from bot.app import build_bot
    from bot.grading.scorer import DefaultScorer
    from bot.web.serve import start_local_web

    clock = SavedClock(engine, str(settings.data_dir.resolve()))
    runner, web_port = await start_local_web(settings, engine, clock)
    bot = build_bot(settings, clock, engine, {}, web_port=web_port)
    if settings.grader == "semantic" and type(bot.grader) is DefaultScorer:  # the log is a file here: say it once
        print(f"drillbot: {SEMANTIC_MISSING}", file=sys.stderr)
    await run_console(
        bot,
        clock,
        stdin=sys.stdin,
        out=sys.stdout,
        user=user or _default_user(),
        tick_seconds=settings.tick_seconds,
        charts=settings.data_dir / "charts",
        history=settings.data_dir / "history",
    )
    if runner is not None:
        await runner.cleanup()
    return 0


async def _serve_role(settings: Settings, role: str, port: int) -> int:
    from adapters.registry import PlatformUnavailable, check_platforms, outbound_ports
    from bot.app import open_database

    check_platforms(settings)  # a missing setting is one line, before anything else happens
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


async def _serve(
    settings: Settings,
    engine: Engine,
    ports: dict[str, ChatPort],
    *,
    slack: bool,
    clock: bool,
    port: int,
    discord: bool = False,
) -> int:
    """Run the chosen roles until SIGTERM or SIGINT (then drain and return 0) or until a
    platform connection fails for good (2)."""
    from bot.app import build_bot
    from bot.clock import SystemClock
    from bot.offload import drain
    from bot.scheduling.ticker import Ticker
    from bot.shutdown import Shutdown

    grace = settings.shutdown_grace_seconds
    shutdown = Shutdown()
    shutdown.install()
    stoppers: list[Callable[[], Awaitable[None]]] = []  # in order: stop accepting, then finish the work in hand
    web_port = port if slack and "slack" in ports and not settings.slack_app_token else 0  # Slack's app mounts it
    if not web_port and clock and discord and settings.web_port:  # `drillbot run` without Slack's HTTP app
        from bot.web.app import start_web

        web = await start_web(engine, SystemClock(), "0.0.0.0", settings.web_port, min(5.0, grace / 2))
        stoppers.append(web.cleanup)
        web_port = settings.web_port
    bot = build_bot(settings, SystemClock(), engine, ports, web_port=web_port)
    if slack and "slack" in ports:
        from adapters.slack.app import build_app
        from adapters.slack.jobs import make_jobs
        from adapters.slack.server import start_http, start_socket_mode
        from bot.inbox import InboxPump

        jobs = await make_jobs(bot, settings)
        bolt = build_app(bot, settings, engine, jobs)
        if settings.slack_app_token:
            handler = await start_socket_mode(bolt, settings.slack_app_token)
            stoppers.append(handler.close_async)
        else:
            runner = await start_http(bolt, engine, "0.0.0.0", port, shutdown_timeout=min(5.0, grace / 2))
            stoppers.append(runner.cleanup)
        pump = InboxPump(jobs.inbox, jobs.submit_item, jobs.queued)
        pump.start()  # rows left pending by a crash or a deploy, at once and then every few seconds
        stoppers.append(pump.stop)
        stoppers.append(lambda: jobs.close(shutdown.remaining(grace)))
    if "discord" in ports:
        from adapters.discord.port import DiscordPort
        from adapters.discord.runner import start_discord

        client = cast(DiscordPort, ports["discord"]).client
        stoppers.append(await start_discord(client, bot, settings, gateway=discord, failed=shutdown.failed))
    if clock:
        ticker = Ticker(bot, settings.tick_seconds)
        ticker.start()
    try:
        await shutdown.wait()
    finally:
        if clock:
            ticker.stop()
        for stop in stoppers:
            await stop()
        await drain(shutdown.remaining(grace))
    return 2 if shutdown.failed.is_set() else 0


async def _discord_sync(settings: Settings, guild: int | None, clear_guild: int | None) -> int:
    if not settings.discord_enabled:
        raise PlatformUnavailable("`discord sync` needs DISCORD_TOKEN")
    from adapters.discord.sync import sync_commands

    synced = await sync_commands(settings, guild, clear_guild=clear_guild)
    if clear_guild is not None:
        print(f"removed server {clear_guild}'s own copy of /drill (the global one stays)")
        return 0
    where = f"server {guild} (available now)" if guild else "every server (Discord may take up to an hour)"
    print(f"registered /drill with {synced.count} command(s) for {where}")
    for server in synced.cleared:
        print(f"removed server {server}'s own copy of /drill, left by an earlier `discord sync --guild`")
    return 0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("drillbot")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown (not installed)"


def _default_user() -> str:
    try:
        name = getpass.getuser()
    except Exception:
        name = ""
    return name if name and name != "root" else "you"


if __name__ == "__main__":
    sys.exit(main())
