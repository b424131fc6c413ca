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
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import OperationalError

from adapters.platform import PlatformUnavailable
from adapters.registry import LOCAL, PLATFORMS
from adapters.serve import roles
from bot import cli_tools
from bot.bank.loader import BankError
from bot.settings import Settings, SettingsError, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="drillbot", description="Interview practice for team chat.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run everything configured (local mode without tokens)")
    run.add_argument("--as", dest="user", default=None, help="your name in local mode")
    run.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")), help="HTTP port for Slack")

    commands.add_parser("migrate", help="upgrade the database to the newest schema")

    serve = commands.add_parser("serve", help=f"run one role: {', '.join(roles())} or web")
    serve.add_argument("role", choices=[*roles(), "web"])
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
        sub.add_argument("--platform", choices=[p.name for p in PLATFORMS] + [LOCAL], default=None)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        if args.command == "content":
            return cli_tools.content(args, settings)
        if args.command == "grade":
            return cli_tools.grade(args, settings)
        if args.command == "simulate":
            return cli_tools.simulate(args)
        if args.command == "discord":
            return asyncio.run(_discord_sync(settings, args.guild, args.clear_guild))
        if args.command in {"secrets", "workspace"}:
            return _admin(args, settings)
        if args.command == "leaderboard":
            from bot.db import migrate
            from bot.usecases.rebuild import rebuild_command

            migrate.upgrade(settings.resolved_database_url())
            return rebuild_command(settings.resolved_database_url(), args.workspace)
        from bot.app import configure_logging

        local_mode = args.command == "run" and not (settings.slack_enabled or settings.discord_enabled)
        configure_logging(settings, to_file=local_mode)
        if args.command == "migrate":
            from bot.db import migrate

            migrate.upgrade(settings.resolved_database_url())
            print("database is at the newest schema")
            return 0
        from adapters import serve

        if args.command == "run":
            return _exit(asyncio.run(serve.run(settings, args.user, args.port, _default_user())))
        if args.role == "web":
            from bot.web.serve import serve_web

            return asyncio.run(serve_web(settings, args.port))
        port = args.port if args.port is not None else int(os.environ.get("PORT", "3000"))
        return _exit(asyncio.run(serve.serve_role(settings, args.role, port)))
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
