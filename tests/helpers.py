"""Small builders shared by the core tests."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import select

from bot.chat.ports import ChannelRef, Tenant, ThreadRef, UserRef
from bot.core import Drillbot
from bot.db.models import Round
from bot.usecases.directory import ensure_channel, ensure_workspace
from bot.usecases.schedules import plan_next_post

TENANT = Tenant("test", "T1", "Team One")
OTHER_TENANT = Tenant("test", "T2", "Team Two")
GENERAL = ChannelRef("C1", "general")
ALICE = UserRef("U1", "alice")
BOB = UserRef("U2", "bob")
CAROL = UserRef("U3", "carol")
BOSS = UserRef("U9", "boss", is_admin=True)
MONDAY = date(2026, 11, 23)


def make_channel(bot: Drillbot, tenant: Tenant = TENANT, channel: ChannelRef = GENERAL, **fields: Any) -> int:
    now = bot.clock.now()
    with bot.session() as session:
        workspace = ensure_workspace(session, tenant, now)
        row = ensure_channel(session, workspace, channel, now)
        row.scheduled = True
        for name, value in fields.items():
            setattr(row, name, value)
        plan_next_post(row, now, bot.config.post_grace)
        session.add(row)
        return row.id  # type: ignore[return-value]


def rounds_in(bot: Drillbot, channel_id: int) -> list[Round]:
    with bot.session() as session:
        return list(session.exec(select(Round).where(Round.channel_id == channel_id).order_by(Round.id)))


async def post_today(bot: Drillbot, channel_id: int, day: date = MONDAY) -> tuple[Round, ThreadRef]:
    """Post the day's round and return it with the thread replies go to."""
    assert await bot.post_daily(channel_id, day)
    round_ = rounds_in(bot, channel_id)[-1]
    assert round_.status == "posted" and round_.thread_id
    return round_, ThreadRef(GENERAL.id, round_.thread_id)


ROOT = Path(__file__).resolve().parents[1]


def drillbot(*args: str, env: dict[str, str] | None = None, stdin: str = "", timeout: int = 120):  # type: ignore[no-untyped-def]
    """Run the real `drillbot` command line (as `python -m bot.cli`) from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def shown(reply: Any) -> str:
    """What a reply says, as plain text: title, body, fields, rows (lists), footer."""
    from bot.chat.text import plain

    parts = [reply.title, reply.body, *(f"{f.name}: {f.value}" for f in reply.fields), *reply.rows, reply.footer]
    return plain("\n".join(p for p in parts if p))
