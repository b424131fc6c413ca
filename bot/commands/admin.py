"""Admin commands: a channel's schedule, how points are earned, when a season starts.
Everyone may look; only workspace admins change."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot import faults, render
from bot.chat.ports import Reply
from bot.commands import grammar as g
from bot.commands.call import Call
from bot.commands.feedback import DETAILS_TEXT, reveal_details
from bot.db.models import Channel
from bot.usecases import schedules, summary
from bot.usecases.leaderboard import period_start
from bot.usecases.points import RULE_LIMITS, RULE_NAMES, column_of, rules_for
from bot.usecases.rebuild import start_season


def schedule(call: Call, command: g.Schedule) -> Reply:
    if command.action == "show":
        details = DETAILS_TEXT.get(call.channel.reveal_details, "")
        text = f"{schedules.describe(call.channel)}{next_post(call.channel, call.now)}\n{details}"
        return render.info(text + paused_because(call.channel), title="Schedule")
    if not call.user.is_admin:
        return render.info("Only workspace admins can change this channel's schedule.")
    if command.action == "details":
        return reveal_details(call, command.details or "private")
    with call.services.session() as session:
        channel = call.channel_in(session)
        if command.action in {"set", "resume"}:
            channel.schedule_set_by_id = call.member.id  # told if the platform ever stops the channel
        if command.action == "set":
            schedules.apply_change(channel, command.change)
        elif command.action == "pause":
            channel.paused = True
        elif command.action == "resume":
            channel.paused = False
            faults.resume_channel(session, channel.id)
            channel.paused_reason = None
        else:
            channel.scheduled = False
        schedules.plan_next_post(channel, call.now, call.services.config.post_grace)
        summary.plan_next_summary(channel, call.now)
        session.add(channel)
        text = schedules.describe(channel) + next_post(channel, call.now)
    return render.info(text, title="Schedule updated", private=False)


def next_post(channel: Channel, now: datetime) -> str:
    """When the next daily question comes, in each reader's zone (none when paused or off)."""
    upcoming = schedules.next_post_after(channel, now)
    return f" Next question: {render.moment(upcoming, channel.timezone, now)}." if upcoming else ""


def paused_because(channel: Channel) -> str:
    if not channel.paused_reason:
        return ""
    return f"\nPaused by Drillbot: {channel.paused_reason} `/drill schedule resume` tries again."


def points(call: Call, command: g.Points) -> Reply:
    if command.action != "show" and not call.user.is_admin:
        return render.info("Only workspace admins can change how points are earned.")
    with call.services.session() as session:
        workspace = call.workspace_in(session)
        if command.action == "reset":
            for name in RULE_NAMES.values():
                setattr(workspace, column_of(name), None)
        elif command.action == "set":
            name = RULE_NAMES[command.rule or ""]
            if (command.value or 0) > RULE_LIMITS[name]:
                return render.info(f"`{command.rule}` can be at most {RULE_LIMITS[name]}.")
            setattr(workspace, column_of(name), command.value)
        session.add(workspace)
        rules = rules_for(workspace, call.services.config.points)
    changed = command.action != "show"
    return render.info(
        rules.describe(), title="Points rules updated" if changed else "How points are earned", private=not changed
    )


def season(call: Call, command: g.Season) -> Reply:
    tz = call.workspace.timezone
    today = call.now.astimezone(ZoneInfo(tz)).date()
    if command.action != "show":
        if not call.user.is_admin:
            return render.info("Only workspace admins can start a season.")
        start = (command.start or today) if command.action == "start" else None
        if start is not None and start > today:
            return render.info("A season can start today or on an earlier day, not in the future.")
        with call.services.session() as session:
            start_season(session, call.workspace.id, start)
        call.workspace.season_start = start
    since = period_start("season", call.now, tz, call.workspace.season_start)
    assert since is not None
    kind = "set by an admin" if call.workspace.season_start else "calendar quarter"
    text = f"This season started on {since:%a %d %b %Y} ({kind}). `/drill leaderboard season` shows it."
    return render.info(text, title="Season", private=command.action == "show")
