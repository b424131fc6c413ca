"""The web page inside the Slack `web` process: `/drill web` answers privately with a
link that the same HTTP server serves; a rotated link is 404 there too."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from tests.slack.test_slack_e2e import blocks_text

LINK = re.compile(r"(http://127\.0\.0\.1:\d+)(/t/[A-Za-z0-9_-]{22}/)")


async def test_drill_web_links_to_a_page_the_slack_process_serves(slack) -> None:  # type: ignore[no-untyped-def]
    base = slack.url.removesuffix("/slack/events")
    slack.bot.config = replace(slack.bot.config, web_url=base)
    assert await slack.command("UALICE", "web") == 200
    (reply,) = await slack.fake.wait_for(lambda: slack.fake.responses)
    assert reply["response_type"] == "ephemeral"
    found = LINK.search(json.loads(json.dumps(blocks_text(reply))))
    assert found and found.group(1) == base, blocks_text(reply)
    page = base + found.group(2)
    async with slack.session.get(page) as response:
        html = await response.text()
        assert response.status == 200 and "Team leaderboard, this week" in html
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert await slack.command("UBOSS", "web rotate") == 200
    await slack.fake.wait_for(lambda: slack.fake.responses[1:])
    async with slack.session.get(page) as response:
        assert response.status == 404
