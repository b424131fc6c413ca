"""Local mode. The terminal is one channel called #local:

- the bot posts today's question at once (local mode asks every day);
- a typed line is an answer in the open question's thread;
- `/drill ...` runs any command; `/as NAME` switches to a teammate;
- `/clock +8h` moves the virtual clock forward, so the reveal comes without waiting;
- `/edit TEXT` and `/delete` change your last reply; `/quit` or end of input exits.

It reads piped standard input too, echoing each line, so a script can play a day.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from adapters.console.port import ConsolePort
from adapters.console.render import render_text
from bot.chat.ports import ChannelRef, Tenant, ThreadRef, UserRef
from bot.clock import VirtualClock
from bot.commands.grammar import WEEKDAYS
from bot.core import Drillbot
from bot.db.models import Answer, Member, Round
from bot.render import OUTCOME_TEXT
from bot.scheduling.due import tick
from bot.scheduling.ticker import Ticker
from bot.usecases import rounds, schedules
from bot.usecases.directory import ensure_channel, ensure_workspace

TENANT = Tenant("console", "local", "Local")
CHANNEL = ChannelRef("local", "local")
CLOCK_STEP = re.compile(r"^\+?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")
CONSOLE_HELP = """Local mode commands:
  (any text)        answer the open question (several lines join into one answer)
  /drill help       every Drillbot command
  /as NAME          speak as a teammate
  /clock [+8h]      show the virtual time, or move it forward (d, h, m)
  /edit TEXT        replace your last reply    /delete   delete your last reply
  /quit             leave (end of input works too)"""


class ConsoleSession:
    def __init__(self, bot: Drillbot, clock: VirtualClock, out: TextIO, user: str, *, echo: bool, charts: Path) -> None:
        self.bot = bot
        self.charts = charts
        self.clock = clock
        self.out = out
        self.user = UserRef(user.lower(), user, is_admin=True)
        self.echo = echo
        self.last_reply: dict[str, tuple[ThreadRef, str]] = {}
        self.feedback_shown: set[int] = set()  # revealed rounds whose feedback was printed

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def stamp(self) -> str:
        return f"{self.clock.now().astimezone(self._tz()):%a %d %b %H:%M}"

    def _tz(self) -> ZoneInfo:
        return ZoneInfo(self.bot.config.default_timezone)

    async def start(self) -> None:
        """Make #local a daily channel and post today's question if it has none yet."""
        with self.bot.session() as session:
            workspace = ensure_workspace(session, TENANT, self.clock.now(), self.bot.config.default_timezone)
            channel = ensure_channel(session, workspace, CHANNEL, self.clock.now())
            if not channel.scheduled or channel.next_post_at is None:
                channel.scheduled, channel.weekdays = True, ",".join(WEEKDAYS)
                schedules.plan_next_post(channel, self.clock.now(), self.bot.config.post_grace)
                session.add(channel)
            self.channel_id = channel.id
        self.say(f"Drillbot local mode: you are {self.user.name} in #local. Type an answer, or /help.")
        self.feedback_shown = set(self._revealed_rounds())  # only reveals from now on are printed
        await self.ensure_todays_question()

    async def ensure_todays_question(self) -> None:
        today = self.clock.now().astimezone(self._tz()).date()
        with self.bot.session() as session:
            existing = rounds.daily_round_on(session, self.channel_id, today)
        if existing is None:
            await self.bot.post_daily(self.channel_id, today)
        elif existing.status == "posted":
            self.say("(today's question is open: answer it below, or `/drill today` to see it again)")

    async def handle_line(self, line: str) -> bool:
        """Act on one input line; False means quit."""
        line = line.strip()
        if not line:
            return True
        if self.echo:
            self.say(f"\n{self.user.name}> {line}")
        word, _, rest = line.partition(" ")
        match word.lower():
            case "/quit" | "/exit":
                return False
            case "/help":
                self.say(CONSOLE_HELP)
            case "/drill":
                reply = await self.bot.handle_command(TENANT, CHANNEL, self.user, rest)
                prefix = "(only you see this)\n" if reply.private else ""
                self.say(prefix + render_text(reply, charts=self.charts))
            case "/as":
                self.switch_user(rest.strip())
            case "/clock":
                await self.move_clock(rest.strip())
            case "/edit":
                await self.edit_last(rest)
            case "/delete":
                await self.delete_last()
            case _ if word.startswith("/"):
                self.say(f"Unknown command {word}.\n{CONSOLE_HELP}")
            case _:
                await self.answer(line)
        await self.show_feedback()
        return True

    def _revealed_rounds(self) -> list[int]:
        with self.bot.session() as session:
            return list(
                session.exec(
                    select(Round.id).where(
                        Round.channel_id == self.channel_id, col(Round.reveal_posted_at).is_not(None)
                    )
                )
            )

    async def show_feedback(self) -> None:
        """After a reveal, the current player's own detailed feedback (on chat platforms
        it is private: the "My feedback" button or `/drill feedback`)."""
        for round_id in self._revealed_rounds():
            if round_id in self.feedback_shown:
                continue
            self.feedback_shown.add(round_id)
            with self.bot.session() as session:
                answered = session.exec(
                    select(Answer.id)
                    .join(Member, col(Member.id) == col(Answer.member_id))
                    .where(Answer.round_id == round_id, Member.external_id == self.user.id)
                ).first()
            if answered is not None:
                reply = await self.bot.handle_command(TENANT, CHANNEL, self.user, f"feedback {round_id}")
                self.say(f"(only {self.user.name} sees this)\n" + render_text(reply, indent="  "))

    def switch_user(self, name: str) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_.-]{1,40}", name):
            self.say("Usage: /as NAME (letters, digits, . _ -)")
            return
        self.user = UserRef(name.lower(), name, is_admin=True)
        self.say(f"You are now {name}.")

    async def move_clock(self, step: str) -> None:
        if step:
            match = CLOCK_STEP.match(step)
            if not match or not any(match.groups()):
                self.say("Usage: /clock +8h (days d, hours h, minutes m; for example +1d, +90m, +2h30m)")
                return
            days, hours, minutes = (int(g or 0) for g in match.groups())
            self.clock.advance(timedelta(days=days, hours=hours, minutes=minutes))
        self.say(f"(clock: {self.stamp()})")
        await tick(self.bot)
        await self.ensure_todays_question()

    def _thread(self) -> tuple[ThreadRef, str] | None:
        """The newest open question's thread (else the latest one, where replies are
        late), and a label saying which question it is."""
        with self.bot.session() as session:
            round_ = rounds.latest_open_round(session, self.channel_id)
            if round_ is None:
                round_ = session.exec(
                    select(Round)
                    .where(Round.channel_id == self.channel_id, col(Round.status) != "pending")
                    .order_by(col(Round.id).desc())
                ).first()
        if round_ is None or round_.thread_id is None:
            return None
        label = "question of the day" if round_.kind == "daily" else "practice question"
        return ThreadRef(CHANNEL.id, round_.thread_id), f"{label} {round_.thread_id}"

    async def answer(self, text: str) -> None:
        found = self._thread()
        if found is None:
            self.say("There is no question yet: try `/drill ask`.")
            return
        thread, label = found
        message_id = f"c{uuid.uuid4().hex[:12]}"
        outcome = await self.bot.handle_reply(TENANT, thread, self.user, text, message_id)
        if outcome is not None:
            self.last_reply[self.user.id] = (thread, message_id)
            self.say(f"  ✓ {self.user.name}: {OUTCOME_TEXT[outcome]} ({label})")

    async def edit_last(self, text: str) -> None:
        last = self.last_reply.get(self.user.id)
        if last is None or not text.strip():
            self.say("Usage: /edit TEXT (replaces your last reply)")
            return
        changed = await self.bot.handle_edit(TENANT, last[0], last[1], text)
        self.say("  ✓ reply edited" if changed else "  (that reply can no longer change: it was graded)")

    async def delete_last(self) -> None:
        last = self.last_reply.pop(self.user.id, None)
        if last is None:
            self.say("You have no reply to delete.")
            return
        removed = await self.bot.handle_delete(TENANT, last[0], last[1])
        self.say("  ✓ reply deleted" if removed else "  (that reply can no longer change: it was graded)")


async def run_console(
    bot: Drillbot,
    clock: VirtualClock,
    *,
    stdin: TextIO,
    out: TextIO,
    user: str,
    tick_seconds: int,
    charts: Path = Path("data") / "charts",
) -> None:
    """Run local mode until /quit or end of input. Charts are saved under `charts`."""
    session = ConsoleSession(bot, clock, out, user, echo=not stdin.isatty(), charts=charts)
    port = ConsolePort(out, session.stamp, charts)
    bot.ports["console"] = port
    await session.start()
    ticker = Ticker(bot, tick_seconds)
    ticker.start()
    loop = asyncio.get_running_loop()
    try:
        while True:
            if stdin.isatty():
                out.write(f"{session.user.name}> ")
                out.flush()
            line = await loop.run_in_executor(None, stdin.readline)
            if not line or not await session.handle_line(line):
                break
    finally:
        ticker.stop()
    session.say("Bye! Your answers and points are saved; run again to continue.")
