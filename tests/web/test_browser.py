"""The web page in a real browser: Debian's chromium, headless, driven by Playwright,
with JavaScript off, as a person would use it: open the link, switch period and
scope, follow a member's name, move by keyboard; in light and dark, on a phone and a TV.
Screenshots go to test-artefacts/browser/ (or $DRILLBOT_ARTEFACTS).

Run with `-m browser` (needs the `browser` extra and /usr/bin/chromium; `.ci/run` installs
both). Never `playwright install`: the system chromium is the browser.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.web.scenario import client, link_path, play, with_web

pytestmark = pytest.mark.browser
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTEFACTS = Path(os.environ.get("DRILLBOT_ARTEFACTS", ROOT / "test-artefacts")) / "browser"


async def test_a_person_reads_the_page_switches_boards_and_follows_a_member(bot) -> None:
    from playwright.async_api import async_playwright

    with_web(bot)
    await play(bot)
    path = await link_path(bot)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTEFACTS.glob("*.png"):  # what is there afterwards was taken by this run
        old.unlink()
    async with client(bot) as http, async_playwright() as playwright:
        origin = str(http.make_url("/")).rstrip("/")
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = await browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
            page = await context.new_page()
            requested: list[str] = []
            problems: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)

            response = await page.goto(origin + path)
            assert response is not None and response.status == 200
            assert await page.title() == "Team leaderboard, this week · Team One · Drillbot"
            board = page.locator("table.board")
            assert await board.locator("caption").inner_text() == "Team leaderboard, this week: the top 10 by points"
            assert await board.locator("tbody th").all_inner_texts() == ["alice", "bob"]
            assert await page.locator("svg.chart").count() == 2
            await page.screenshot(path=ARTEFACTS / "board-week-light.png", full_page=True)

            await page.get_by_role("navigation", name="Period").get_by_role("link", name="Month").click()
            await page.wait_for_url("**period=month**")
            assert await page.locator("h1").inner_text() == "Team leaderboard, this month"
            current = page.get_by_role("navigation", name="Period").locator("[aria-current]")
            assert await current.inner_text() == "Month"

            await page.get_by_role("navigation", name="Leaderboard").get_by_role("link", name="Group nlp").click()
            assert await page.locator("h1").inner_text() == "Group nlp leaderboard, this month"
            assert await page.locator("table.board tbody th").all_inner_texts() == ["bob"]
            await page.get_by_role("navigation", name="Leaderboard").get_by_role("link", name="#general").click()
            assert await page.locator("h1").inner_text() == "#general leaderboard, this month"
            await page.screenshot(path=ARTEFACTS / "board-channel-month.png", full_page=True)

            await page.get_by_role("link", name="alice").click()
            assert await page.locator("h1").inner_text() == "alice"
            assert "k-fold" in await page.locator("table.history").inner_text()
            await page.screenshot(path=ARTEFACTS / "member.png", full_page=True)

            await page.goto(origin + path)  # by keyboard: the skip link first, then the sections
            await page.keyboard.press("Tab")
            assert await page.evaluate("document.activeElement.textContent") == "Skip to the content"
            await page.keyboard.press("Tab")
            await page.keyboard.press("Tab")
            assert await page.evaluate("document.activeElement.textContent") == "Past rounds"
            await page.keyboard.press("Enter")
            await page.wait_for_url("**/rounds/")
            await page.get_by_role("link", name="What is k-fold cross-validation?").click()
            assert "2 of 2" in await page.locator("table").inner_text()

            await page.goto(origin + path + "questions/")
            await page.select_option("#topic", "evaluation")
            await page.get_by_role("button", name="Show").click()
            await page.wait_for_url("**topic=evaluation**")
            assert "What is k-fold cross-validation?" in await page.locator("table.questions").inner_text()

            assert all(url.startswith(origin) for url in requested), requested  # no third-party request
            assert problems == []  # nothing refused by the Content-Security-Policy

            for name, scheme, size in (
                ("board-dark.png", "dark", {"width": 1280, "height": 900}),
                ("board-phone.png", "light", {"width": 390, "height": 844}),
                ("board-tv.png", "dark", {"width": 1920, "height": 1080}),
            ):
                other = await browser.new_context(java_script_enabled=False, color_scheme=scheme, viewport=size)  # type: ignore[arg-type]
                view = await other.new_page()
                await view.goto(origin + path)
                background = await view.evaluate("getComputedStyle(document.body).backgroundColor")
                assert (background == "rgb(18, 22, 29)") == (scheme == "dark")
                width = await view.evaluate("document.documentElement.scrollWidth")
                assert width <= size["width"], f"{name}: the page scrolls sideways ({width}px)"
                await view.screenshot(path=ARTEFACTS / name, full_page=True)
                await other.close()
        finally:
            await browser.close()
    expected = {"board-week-light.png", "board-channel-month.png", "board-dark.png", "board-phone.png"}
    assert expected | {"board-tv.png", "member.png"} <= {p.name for p in ARTEFACTS.glob("*.png")}
