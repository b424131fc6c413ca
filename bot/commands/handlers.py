"""What each `/drill` command and each button does. Every path returns a Reply for
the person who asked; bad input gets its usage line, never a stack trace."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from bot import render
from bot.chat.ports import ChannelRef, Reply, Tenant, UserRef
from bot.commands import admin, asking, disputes, limit_cards, study
from bot.commands import grammar as g
from bot.commands.call import Call
from bot.commands.feedback import feedback_reply
from bot.db.models import Member, Question, Round
from bot.lifecycle import Revealed
from bot.usecases import groups, rounds, schedules, seasons
from bot.usecases.directory import ensure_channel, ensure_member, ensure_workspace
from bot.usecases.leaderboard import PERIOD_TITLES, leaderboard, period_start
from bot.usecases.limits import LimitReached
from bot.usecases.stats import member_stats
from bot.usecases.summary import topic_coverage
from bot.usecases.totals import bucket_bounds

if TYPE_CHECKING:
    from bot.services import Services

__all__ = ["Call", "run_button", "run_command"]

log = logging.getLogger("drillbot.commands")
PRACTICE_REVEAL_REFUSED = "Only the person who asked or an admin can reveal this practice question."
SOMETHING_WRONG = "Something went wrong on our side and nothing was changed. Please try again in a minute."


async def run_command(services: Services, ctx: Tenant, channel: ChannelRef, user: UserRef, text: str) -> Reply:
    try:
        command = g.parse(text)
    except g.UsageError as error:
        return render.usage_card(error)
    return await _guarded(services, ctx, channel, user, lambda call: _dispatch(call, command))


async def run_button(
    services: Services, ctx: Tenant, channel: ChannelRef, user: UserRef, action: str, value: str
) -> Reply:
    handler = _BUTTONS.get(action)
    round_id = g.whole_number(value)
    if handler is None or round_id is None:
        return render.info("That button is no longer available.")
    return await _guarded(services, ctx, channel, user, lambda call: handler(call, round_id))


async def _guarded(
    services: Services, ctx: Tenant, channel: ChannelRef, user: UserRef, action: Callable[[Call], Awaitable[Reply]]
) -> Reply:
    now = services.clock.now()
    try:
        with services.session() as session:
            workspace = ensure_workspace(session, ctx, now, services.config.default_timezone)
            call = Call(
                services,
                user,
                now,
                workspace,
                ensure_channel(session, workspace, channel, now),
                ensure_member(session, workspace, user, now),
                channel.thread,
            )
        return await action(call)
    except (groups.GroupProblem, LimitReached) as problem:
        return render.info(str(problem))
    except Exception:
        log.exception("command failed for %s in %s", user.id, channel.id)
        return render.info(SOMETHING_WRONG)


async def _dispatch(call: Call, command: g.Command) -> Reply:
    match command:
        case g.Help("limits"):
            return limit_cards.limits_reply(call, g.LimitsCommand("show"), usage=True)
        case g.Help(name):
            return render.help_card(name)
        case g.Topics():
            return _topics(call)
        case g.Ask(topic, difficulty, group, private, new):
            return await asking.ask(call, topic, difficulty, group, new, private)
        case g.Today():
            return _today(call)
        case g.Reveal():
            return await _reveal_latest(call)
        case g.Leaderboard():
            return limit_cards.counted(call, _leaderboard(call, command), "leaderboard")
        case g.Stats(selector):
            return _stats(call, selector)
        case g.Schedule():
            return admin.schedule(call, command)
        case g.Group():
            return limit_cards.counted(call, study.group(call, command), "group")
        case g.Review():
            return study.review_due(call)
        case g.AnswerReview(text):
            return study.answer_review(call, text)
        case g.Points():
            return admin.points(call, command)
        case g.Season():
            return admin.season(call, command)
        case g.Feedback(round_id):
            if round_id is None and call.thread:  # typed in a question's thread: that question
                with call.services.session() as session:
                    round_ = _round_of_thread(session, call)
                round_id = round_.id if round_ else None
            return feedback_reply(call, round_id)
        case g.LimitsCommand():
            return limit_cards.limits_reply(call, command)
    handler = g.spec_of(command).handler  # commands added since specs carry their handler
    if handler is None:
        raise AssertionError(f"unhandled command {command!r}")  # pragma: no cover
    reply = handler(call, command)
    return await reply if inspect.isawaitable(reply) else reply


def _topics(call: Call) -> Reply:
    with call.services.session() as session:
        counts = dict(
            session.exec(
                select(Question.topic, func.count())
                .where(Question.active == True)  # noqa: E712
                .group_by(Question.topic)
            ).all()
        )
    return render.topics_card(counts)


def _today(call: Call) -> Reply:
    tz = call.channel.timezone
    local_today = call.now.astimezone(ZoneInfo(tz)).date()
    with call.services.session() as session:
        round_ = _round_of_thread(session, call) or rounds.daily_round_on(session, call.channel.id, local_today)
        if round_ is None or round_.status == "pending":
            upcoming = schedules.next_post_after(call.channel, call.now)
            when = ""
            if upcoming:
                when = f" The next one is {render.moment(upcoming, tz, call.now)}."
            return render.info(f"No question of the day here yet today.{when}\n{schedules.describe(call.channel)}")
        question = session.get_one(Question, round_.question_id)
    card = render.question_card(question, round_, round_.reveal_at or call.now, tz, now=call.now)
    card.private, card.buttons, card.opens_thread = True, [b for b in card.buttons if b.action == "hint"], False
    if round_.status == "revealed":
        card.footer = "Already revealed: the model answer is in the question's thread."
    return card


def _can_reveal(call: Call, round_: Round) -> bool:
    return call.user.is_admin or (round_.kind == "practice" and round_.asked_by_id == call.member.id)


async def _reveal(call: Call, round_: Round | None) -> Reply:
    if round_ is None or round_.channel_id != call.channel.id:
        return render.info("There is no open question here to reveal.")
    if round_.status != "posted":
        return render.info("That question has already been revealed.")
    if not _can_reveal(call, round_):
        if round_.kind == "practice":
            return render.info(PRACTICE_REVEAL_REFUSED)
        return render.info("Only admins can reveal the question of the day early; it reveals on schedule.")
    outcome = await call.services.lifecycle.reveal(round_.id)
    where = "thread" if round_.thread_id else "channel"
    if outcome is Revealed.POSTED:
        return render.info(f"Revealed: the model answer and everyone's results are in the question's {where}.")
    if outcome is Revealed.NOT_POSTED:
        return asking.not_posted(call, f"I graded the answers but couldn't post the reveal in the {where} just now")
    return render.info("That question has already been revealed.")


async def _reveal_latest(call: Call) -> Reply:
    with call.services.session() as session:
        round_ = _round_of_thread(session, call) or rounds.latest_open_round(session, call.channel.id)
    return await _reveal(call, round_)


def _round_of_thread(session: Session, call: Call) -> Round | None:
    """Typed in a question's thread, a command means that question."""
    if not call.thread:
        return None
    return rounds.round_for_thread(session, call.workspace.id, call.channel.external_id, call.thread)


def _leaderboard(call: Call, command: g.Leaderboard) -> Reply:
    tz = call.workspace.timezone  # period totals are bucketed in the workspace's time zone
    since = period_start(command.period, call.now, tz, call.workspace.season_start)
    until, when = None, PERIOD_TITLES[command.period]
    channel_id = call.channel.id if command.scope == "channel" else None
    with call.services.session() as session:
        starts = None
        if command.season is not None:
            try:
                starts = seasons.season_named(call.workspace, call.now, command.season)
            except seasons.NoSeason as problem:
                return render.info(str(problem))
            since, until = bucket_bounds("season", starts, call.workspace)
            when = f"season {seasons.label(call.workspace, starts)}"
        group_id = None
        if command.scope == "group":
            group_id = groups.find_group(session, call.workspace.id, command.group or "").id
        rows = leaderboard(
            session,
            call.workspace.id,
            command.period,
            now=call.now,
            channel_id=channel_id,
            group_id=group_id,
            starts=starts,
        )
        coverage = topic_coverage(session, call.workspace.id, since, until, channel_id) if command.chart else {}
    where = {"team": "Team", "channel": "This channel", "group": f"Group {command.group}"}[command.scope]
    title = f"{where} leaderboard, {when}"
    if command.chart:
        return render.chart_card(title, rows, coverage)
    return render.leaderboard_card(title, rows)


def _stats(call: Call, selector: g.UserSelector | None) -> Reply:
    with call.services.session() as session:
        member = call.member if selector is None else _find_member(session, call.workspace.id, selector)
        if member is None:
            return render.info("I don't know that person yet: they appear once they answer or use a command.")
        stats = member_stats(session, member, period_start("week", call.now, call.workspace.timezone))
    return render.stats_card(stats)


def _find_member(session: Session, workspace_id: int, selector: g.UserSelector) -> Member | None:
    query = select(Member).where(Member.workspace_id == workspace_id)
    if selector.external_id:
        query = query.where(Member.external_id == selector.external_id)
    else:
        query = query.where(func.lower(Member.display_name) == (selector.name or "").lower())
    return session.exec(query).first()


async def _button_hint(call: Call, round_id: int) -> Reply:
    with call.services.session() as session:
        round_ = session.get(Round, round_id)
        if round_ is None or round_.workspace_id != call.workspace.id:
            return render.info("That question is gone.")
        question = session.get_one(Question, round_.question_id)
    return render.info(
        question.hint or "No hint for this one: think about what the question is really testing.", title="Hint"
    )


async def _button_reveal(call: Call, round_id: int) -> Reply:
    with call.services.session() as session:
        round_ = session.get(Round, round_id)
    if round_ is not None and round_.workspace_id != call.workspace.id:
        round_ = None
    return await _reveal(call, round_)


async def _button_another(call: Call, round_id: int) -> Reply:
    with call.services.session() as session:
        round_ = session.get(Round, round_id)
        topic = None
        if round_ is not None and round_.workspace_id == call.workspace.id:
            topic = session.get_one(Question, round_.question_id).topic
    return await asking.ask(call, topic, None)


async def _button_feedback(call: Call, round_id: int) -> Reply:
    return feedback_reply(call, round_id)


_BUTTONS = {
    "hint": _button_hint,
    "reveal": _button_reveal,
    "another": _button_another,
    "feedback": _button_feedback,
    **disputes.BUTTONS,
}
