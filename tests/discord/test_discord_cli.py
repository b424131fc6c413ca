"""The `drillbot` command line's Discord roles, run as real processes against the fake."""

from __future__ import annotations

import asyncio
import os
import sys

from tests.discord.conftest import TOKEN
from tests.helpers import ROOT


async def run_drillbot(fake, database_url: str, tmp_path, *args: str) -> asyncio.subprocess.Process:  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(tmp_path),
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_URL": fake.api_url,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
    }
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_APP_TOKEN"):
        env.pop(name, None)
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_discord_sync_registers_the_commands_on_a_server(fake_discord, database_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    process = await run_drillbot(fake_discord, database_url, tmp_path, "discord", "sync", "--guild", "100")
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    assert "registered /drill with 1 command(s) for server 100" in out.decode()
    assert [c["name"] for c in fake_discord.commands["100"]] == ["drill"]


async def test_serve_discord_connects_and_answers(fake_discord, database_url, tmp_path, engine) -> None:  # type: ignore[no-untyped-def]
    process = await run_drillbot(fake_discord, database_url, tmp_path, "serve", "discord")
    try:
        await fake_discord.wait_connected(timeout=60)
        await asyncio.sleep(0.5)  # GUILD_CREATE is handled before commands are
        token = await fake_discord.slash("11", "help")
        (answer,) = await fake_discord.wait_for(lambda: fake_discord.responses_to(token), timeout=30)
        assert answer["data"]["embeds"][0]["title"] == "Drillbot commands"
    finally:
        process.terminate()  # SIGTERM, as every deploy sends
        _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    await fake_discord.wait_for(lambda: fake_discord.gateway_closes)
    assert fake_discord.gateway_closes == [1000]  # a clean close, not a dropped connection


async def test_a_rejected_token_stops_with_one_clear_line(fake_discord, database_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake_discord.fail("GET /users/@me", 401)  # as Discord answers a revoked token
    process = await run_drillbot(fake_discord, database_url, tmp_path, "serve", "discord")
    _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    assert "Discord rejected DISCORD_TOKEN" in err.decode()


async def test_a_global_sync_removes_the_server_copy_a_test_sync_left(fake_discord, database_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake_discord.guilds = ["100", "101"]
    for args in (("--guild", "100"), ()):
        process = await run_drillbot(fake_discord, database_url, tmp_path, "discord", "sync", *args)
        out, err = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 0, err.decode()
    assert [c["name"] for c in fake_discord.commands["global"]] == ["drill"]
    assert fake_discord.commands["100"] == [] and "101" not in fake_discord.commands  # one /drill on each server
    assert "removed server 100's own copy" in out.decode()


async def test_clear_guild_removes_only_that_servers_copy(fake_discord, database_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for args in (("--guild", "100"), ("--clear-guild", "100")):
        process = await run_drillbot(fake_discord, database_url, tmp_path, "discord", "sync", *args)
        out, err = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 0, err.decode()
    assert fake_discord.commands["100"] == [] and "global" not in fake_discord.commands
    assert "removed server 100's own copy of /drill" in out.decode()
