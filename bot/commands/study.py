"""Study commands: study groups, and personal spaced-repetition review."""

from __future__ import annotations

from bot import render
from bot.chat.ports import Reply
from bot.chat.text import said
from bot.commands import grammar as g
from bot.commands.call import Call
from bot.usecases import groups, review
from bot.usecases.reveal import grading_question
from bot.usecases.stats import next_review


def group(call: Call, command: g.Group) -> Reply:
    name = command.name or ""
    with call.services.session() as session:
        member = call.member_in(session)
        if command.action == "list":
            found = groups.list_groups(session, call.workspace.id)
            if not found:
                return render.info("No study groups yet. Start one with `/drill group create NAME`.")
            rows = [f"{said(n)} — {render.plural(count, 'member')}" for n, count in found]
            return render.list_card("Study groups", rows)
        if command.action == "members":
            group, names = groups.group_members(session, call.workspace.id, name)
            return render.list_card(f"{said(group.name)} members", [said(n) for n in names], empty="nobody yet")
        if command.action == "create":
            group = groups.create_group(session, member, name, call.now)
            return render.info(f"Created study group {said(group.name)}, and you are in it.", private=False)
        if command.action == "join":
            group = groups.join_group(session, member, name, call.now)
            return render.info(f"{said(member.display_name)} joined {said(group.name)}.", private=False)
        group = groups.leave_group(session, member, name)
        return render.info(f"You left {said(group.name)}.")


def review_due(call: Call) -> Reply:
    with call.services.session() as session:
        member = call.member_in(session)
        asked = review.ask_next(session, member, call.now)
        if asked is None:
            due = next_review(session, member.id)
            if due is None:
                return render.info("Nothing to review yet: every answer you give is scheduled for review here.")
            return render.info(
                f"Nothing is due. Your next review is on {render.local_day(due, call.workspace.timezone)}."
            )
        card, question = asked
    return render.review_card(question, card.due)


def answer_review(call: Call, text: str) -> Reply:
    if len(text) > call.services.config.max_answer_chars:
        return render.too_long(len(text), call.services.config.max_answer_chars)
    with call.services.session() as session:
        member = call.member_in(session)
        found = review.open_review(session, member)
        if found is None:
            return render.info("There is no review question waiting for your answer. `/drill review` sends one.")
        _card, question = found
        grade = call.services.grader.grade(grading_question(session, call.workspace.id, question), text, [])
        card = review.record_grade(session, call.workspace.id, member.id, question.id, grade.score, call.now)
    return render.review_result_card(question, grade, card.due, call.workspace.timezone)
