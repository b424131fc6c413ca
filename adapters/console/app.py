"""Local mode. The terminal is one channel called #local:

- the bot posts today's question at once (local mode asks every day);
- a typed line is an answer in the open question's thread;
- `/drill ...` runs any command; `/as NAME` switches to a teammate;
- `/clock +8h` moves the virtual clock forward (kept in the database, so a restart
  resumes the same virtual day), so the reveal comes without waiting;
- `/hint`, `/reveal`, `/another` are the card's buttons; `/react 👍 [NAME]` gives kudos;
- `/edit TEXT` and `/delete` change your last reply; `/quit`, Ctrl-D or Ctrl-C exits.

It reads piped standard input too, echoing each line, so a script can play a day.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import uuid
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from adapters.console.clock import ClockStepError, parse_step
from adapters.console.labels import day_text, round_label
from adapters.console.lines import LineReader
from adapters.console.port import ConsolePort
from adapters.console.render import private_note, render_text
from adapters.console.teammates import KUDOS_HELP, kudos_emoji
from bot.chat.ports import ChannelRef, Tenant, ThreadRef, UserRef
from bot.clock import VirtualClock
from bot.core import Drillbot, ReplyOutcome
from bot.local_mode import LocalChannel, RoundView
from bot.render import OUTCOME_TEXT, too_long
from bot.scheduling.ticker import Ticker

log = logging.getLogger("drillbot.console")
TENANT = Tenant("console", "local", "Local")
CHANNEL = ChannelRef("local", "local")
BUTTON_COMMANDS = {"/hint": "hint", "/reveal": "reveal", "/another": "another"}
CONSOLE_HELP = """Local mode commands:
  (any text)        answer the open question (several lines join into one answer)
  /drill help       every Drillbot command
  /hint  /reveal  /another    the question card's buttons
  /react 👍 [NAME]  kudos for a teammate's latest answer (👍 👏 ⭐ 🔥)
  /as NAME          speak as a teammate
  /clock [+8h]      show the virtual time, or move it forward (d, h, m; at most +366d)
  /edit TEXT        replace your last reply    /delete   delete your last reply
  /quit             leave (Ctrl-D, Ctrl-C and end of input work too)"""
CRASHED = "Something went wrong with that line (details are in the log); nothing else changed, carry on."


class ConsoleSession:
    def __init__(self, bot: Drillbot, clock: VirtualClock, out: TextIO, user: str, *, echo: bool, charts: Path) -> None:
        self.bot = bot
        self.local = LocalChannel(bot, TENANT, CHANNEL)
        self.charts = charts
        self.clock = clock
        self.out = out
        self.user = UserRef(user.lower(), user, is_admin=True)
        self.echo = echo
        self.last_reply: dict[str, tuple[ThreadRef, str, str]] = {}  # user -> thread, message id, text
        self.feedback_shown: set[int] = set()  # revealed rounds whose feedback was printed

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def stamp(self) -> str:
        return day_text(self.clock.now(), self.tz, with_time=True)

    @property
    def tz(self) -> str:
        return self.bot.config.default_timezone

    def name_thread(self, thread_id: str) -> str:
        return round_label(self.local.round_of_thread(thread_id), self.tz)

    async def start(self) -> None:
        """Make #local a daily channel and post today's question if it has none yet."""
        self.local.enable_daily()
        self.say(f"Drillbot local mode: you are {self.user.name} in #local. Type an answer, or /help.")
        self.feedback_shown = set(self.local.revealed_rounds())  # only reveals from now on are printed
        self.say(f"(clock: {self.stamp()})")
        await self.ensure_todays_question()

    async def ensure_todays_question(self) -> None:
        today = self.clock.now().astimezone(ZoneInfo(self.tz)).date()
        if await self.local.post_today(today):
            self.say("(today's question is open: answer it below, or /drill today to see it again)")

    async def handle_line(self, line: str) -> bool:
        """Act on one input line; False means quit. A failure is logged and reported in
        one line, and the session goes on."""
        line = line.strip()
        if not line:
            return True
        if self.echo:
            self.say(
                f"\n{self.user.name}> {line if len(line) <= 200 else line[:200] + f'… ({len(line):,} characters)'}"
            )
        try:
            return await self._act(line)
        except Exception:
            log.exception("local mode failed on a line from %s", self.user.id)
            self.say(CRASHED)
            return True

    async def _act(self, line: str) -> bool:
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
            case "/react":
                await self.react(rest.split())
            case command if command in BUTTON_COMMANDS:
                await self.press(BUTTON_COMMANDS[command])
            case _ if word.startswith("/"):
                self.say(f"Unknown command {word}.\n{CONSOLE_HELP}")
            case _:
                await self.answer(line)
        await self.show_feedback()
        return True

    async def show_feedback(self) -> None:
        """After a reveal, the current player's own detailed feedback (on chat platforms
        it is private: the "My feedback" button or `/drill feedback`)."""
        for round_id in self.local.revealed_rounds():
            if round_id in self.feedback_shown:
                continue
            self.feedback_shown.add(round_id)
            if self.local.answered(round_id, self.user.id):
                reply = await self.bot.handle_command(TENANT, CHANNEL, self.user, f"feedback {round_id}")
                self.say(f"{private_note(self.user.name)}\n" + render_text(reply, indent="  "))

    def switch_user(self, name: str) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_.-]{1,40}", name):
            self.say("Usage: /as NAME (letters, digits, . _ -)")
            return
        self.user = UserRef(name.lower(), name, is_admin=True)
        self.say(f"You are now {name}.")

    async def move_clock(self, step: str) -> None:
        if step:
            try:
                self.clock.advance(parse_step(step))
            except ClockStepError as refused:
                self.say(str(refused))
                return
        self.say(f"(clock: {self.stamp()})")
        await self.local.catch_up()
        await self.ensure_todays_question()

    def _label(self, round_: RoundView) -> str:
        return round_label(round_, self.tz)

    async def answer(self, text: str) -> None:
        round_ = self.local.current_round()
        if round_ is None or round_.thread_id is None:
            self.say("There is no question yet: try /drill ask.")
            return
        thread = ThreadRef(CHANNEL.id, round_.thread_id)
        message_id = f"c{uuid.uuid4().hex[:12]}"
        outcome = await self.bot.handle_reply(TENANT, thread, self.user, text, message_id)
        if outcome is None:
            return
        if outcome == ReplyOutcome.TOO_LONG:
            self.say(f"  ✗ {self.user.name}: {render_text(too_long(len(text), self.bot.config.max_answer_chars))}")
            return
        if outcome in (ReplyOutcome.RECORDED, ReplyOutcome.JOINED, ReplyOutcome.LATE):
            self.last_reply[self.user.id] = (thread, message_id, text)
        self.say(f"  ✓ {self.user.name}: {OUTCOME_TEXT[outcome]} ({self._label(round_)})")

    async def edit_last(self, text: str) -> None:
        last = self.last_reply.get(self.user.id)
        if last is None or not text.strip():
            self.say("Usage: /edit TEXT (replaces your last reply)")
            return
        if len(text.strip()) > self.bot.config.max_answer_chars:
            self.say("  ✗ " + render_text(too_long(len(text.strip()), self.bot.config.max_answer_chars)))
            return
        changed = await self.bot.handle_edit(TENANT, last[0], last[1], text)
        if changed:
            self.last_reply[self.user.id] = (last[0], last[1], text.strip())
        self.say("  ✓ reply edited" if changed else "  (that reply can no longer change: it was graded)")

    async def delete_last(self) -> None:
        last = self.last_reply.pop(self.user.id, None)
        if last is None:
            self.say("You have no reply to delete.")
            return
        thread, message_id, text = last
        removed = await self.bot.handle_delete(TENANT, thread, message_id)
        quoted = text if len(text) <= 60 else text[:57] + "..."
        if removed:
            self.say(f'  ✓ deleted your reply "{quoted}" ({self.name_thread(thread.thread_id)})')
        else:
            self.say(f'  (your reply "{quoted}" can no longer change: it was graded)')

    async def press(self, action: str) -> None:
        """A card button, typed: it acts on the open question (else the latest one)."""
        round_ = self.local.current_round()
        if round_ is None:
            self.say("There is no question yet: try /drill ask.")
            return
        reply = await self.bot.handle_button(TENANT, CHANNEL, self.user, action, str(round_.id))
        self.say(("(only you see this)\n" if reply.private else "") + render_text(reply, charts=self.charts))

    async def react(self, words: list[str]) -> None:
        """`/react EMOJI [NAME]`: kudos for NAME's latest answer (by default the latest
        answer anyone else gave), as a reaction on a chat platform would."""
        if not words or len(words) > 2:
            self.say(KUDOS_HELP)
            return
        emoji = kudos_emoji(words[0], self.bot.config.kudos_emoji)
        if emoji is None:
            self.say(f"{words[0]} gives no kudos. {KUDOS_HELP}")
            return
        target = self.local.kudos_target(self.user.id, words[1] if len(words) > 1 else None)
        problem = target.problem if target.message_id is None else None
        label = "" if target.round_ is None else round_label(target.round_, self.tz)
        if problem:
            self.say(problem)
            return
        assert target.message_id is not None
        given = await self.bot.handle_reaction(TENANT, CHANNEL.id, target.message_id, self.user, emoji, True)
        if given:
            self.say(f"  ✓ {emoji} kudos from {self.user.name} to {target.name}'s answer ({label})")
        else:
            self.say(f"  (you already gave {target.name}'s answer kudos: one per person per answer)")


async def run_console(
    bot: Drillbot,
    clock: VirtualClock,
    *,
    stdin: TextIO,
    out: TextIO,
    user: str,
    tick_seconds: int,
    charts: Path = Path("data") / "charts",
    history: Path | None = None,
) -> None:
    """Run local mode until /quit, end of input, Ctrl-D or Ctrl-C. Charts are saved under
    `charts`; typed lines are remembered in `history` (arrow keys recall them)."""
    session = ConsoleSession(bot, clock, out, user, echo=not stdin.isatty(), charts=charts)
    port = ConsolePort(out, session.stamp, charts, session.name_thread)
    bot.ports["console"] = port
    await session.start()
    ticker = Ticker(bot, tick_seconds)
    ticker.start()
    reader = LineReader(stdin, out, lambda: f"{session.user.name}> ", history)
    try:
        while True:
            line = await reader.next_line()
            if line is None or not await session.handle_line(line):
                break
    except asyncio.CancelledError:  # Ctrl-C: asyncio cancels the main task
        with contextlib.suppress(Exception):
            out.write("\n")
        raise
    finally:
        ticker.stop()
        reader.close()
        session.say("Bye! Your answers and points are saved; run again to continue.")
