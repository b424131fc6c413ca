"""No token and no answer text in the logs at any level (issue 13, item 6): the OAuth
install, a command, an answer and its reveal, with everything logged at DEBUG."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from sqlmodel import select

from bot.db.models import AnswerMessage, Round
from bot.logsafety import CHATTY, quiet_libraries
from bot.secrets import new_key

SECRET_ANSWER = "Nobody should read zebra-quartz-17 in a log file"


@pytest.fixture
def debug_logs(caplog) -> Iterator[pytest.LogCaptureFixture]:  # type: ignore[no-untyped-def]
    """Logging as `configure_logging` sets it up with LOG_LEVEL=DEBUG."""
    levels = {name: logging.getLogger(name).level for name in CHATTY}
    quiet_libraries(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


async def test_tokens_and_answers_stay_out_of_debug_logs(slack_world, debug_logs) -> None:  # type: ignore[no-untyped-def]
    async for world in slack_world(slack_client_id="111.222", slack_client_secret="shh", drillbot_secret_key=new_key()):
        base = world.url.removesuffix("/slack/events")
        async with world.session.get(f"{base}/slack/install") as page:
            state = re.search(r"state=([\w-]+)", await page.text()).group(1)  # type: ignore[union-attr]
        world.fake.codes["good-code"] = "T2"
        async with world.session.get(
            f"{base}/slack/oauth_redirect",
            params={"code": "good-code", "state": state},
            headers={"Cookie": f"slack-app-oauth-state={state}"},
        ) as done:
            assert done.status == 200
        world.fake.team_id = "T2"
        assert await world.command("UBOSS", "ask evaluation") == 200
        await world.until(lambda s: s.exec(select(Round.status)).first(), "posted")
        with world.bot.session() as session:
            thread = session.exec(select(Round.thread_id)).one()
        assert await world.event(world.reply_event("UALICE", SECRET_ANSWER, thread, "1795420900.000100")) == 200
        await world.until(lambda s: len(s.exec(select(AnswerMessage.id)).all()), 1)
        assert await world.command("UBOSS", "reveal") == 200
        await world.until(lambda s: s.exec(select(Round.status)).first(), "revealed")
    logged = debug_logs.text
    assert any(r.levelno == logging.DEBUG for r in debug_logs.records)  # DEBUG was really on
    assert "xoxb-T2-installed" not in logged and "xoxb" not in logged
    assert "zebra-quartz" not in logged
