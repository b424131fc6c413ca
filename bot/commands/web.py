"""`/drill web`: a private link to the team's web page (bot/web). Every call mints a new
link for the person who asked (only the token's hash is stored, so an old one cannot be
shown again); `rotate` revokes every link of the workspace (admins); `show-answers`
decides whether the page shows members' own answers to revealed questions (admins)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import render
from bot.chat.ports import Reply
from bot.commands.spec import CommandSpec, Option, UsageError
from bot.commands.types import SWITCH, WEB_ACTIONS, Web
from bot.web import options, tokens

if TYPE_CHECKING:
    from bot.commands.handlers import Call

WEB_OFF = "The web page is off here: the operator sets PUBLIC_URL (or WEB_PORT in local mode) to turn it on."


def web_reply(call: Call, command: Web) -> Reply:
    base = call.bot.config.web_url
    if command.action != "link" and not call.user.is_admin:
        what = "replace the web link" if command.action == "rotate" else "change what the web page shows"
        return render.info(f"Only workspace admins can {what}.")
    with call.bot.session() as session:
        if command.action == "show-answers":
            options.set_show_answers(session, call.workspace.id, bool(command.show_answers), call.now)
            said = "now shows" if command.show_answers else "no longer shows"
            text = f"The web page {said} members' own answers to revealed questions."
            return render.info(text, title="Web page", private=False)
        if command.action == "rotate":
            token, revoked = tokens.rotate(session, call.workspace.id, call.member.id, call.now)
            if not base:  # the old links are revoked all the same: that is what a leaked link needs
                return render.info(f"{render.plural(revoked, 'old link')} stopped working. {WEB_OFF}")
            text = (
                f"New link: {tokens.link(base, token)}\n"
                f"{render.plural(revoked, 'old link')} stopped working. Only you see this: share it with your team."
            )
            return render.info(text, title="Web page link replaced")
        if not base:
            return render.info(WEB_OFF)
        token = tokens.mint(session, call.workspace.id, call.member.id, call.now)
    text = (
        f"{tokens.link(base, token)}\n"
        "Leaderboards, topic coverage, past rounds and the question bank. Anyone with the link can read "
        "the page; an admin can replace every link with `/drill web rotate`."
    )
    return render.info(text, title="Your team's web page")


def parse_web(args: list[str]) -> Web:
    words = [w.lower() for w in args]
    if not words:
        return Web()
    if words == ["rotate"]:
        return Web("rotate")
    if len(words) == 2 and words[0] == "show-answers" and words[1] in SWITCH:
        return Web("show-answers", words[1] == "on")
    if words[0] == "show-answers":
        raise UsageError("web", "Say `web show-answers on` or `web show-answers off`.")
    raise UsageError("web", f"Unexpected `{args[0]}`: say `web`, `web rotate` or `web show-answers on|off`.")


SHOW_ANSWERS = tuple(f"show-answers {switch}" for switch in SWITCH)
WEB = CommandSpec(
    "web",
    f"| web rotate | web show-answers {'|'.join(SWITCH)}",
    "a private link to the team's web page (admins replace it, or show answers there)",
    parse_web,
    options=(
        Option(
            "action",
            "Your link; or (admins) replace every link, or show answers there",
            kind="choice",
            choices=(*(a for a in WEB_ACTIONS if a != "show-answers"), *SHOW_ANSWERS),
            default="link",
        ),
    ),
    handler=web_reply,
)
