"""The web page over HTTP, against the real aiohttp app and the database under test:
every route, the token rules and the headers."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace

from bot.chat.text import plain
from bot.usecases.leaderboard import PERIOD_TITLES
from tests.helpers import ALICE, BOSS, GENERAL, OTHER_TENANT
from tests.web.scenario import client, command, link_path, play, with_web

SECURITY = {
    "X-Robots-Tag": "noindex, nofollow",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
}


def cells(html: str, caption: str = "") -> list[list[str]]:
    """The body rows of the first table (whose caption has `caption`), as cell texts."""
    table = next(t for t in html.split("<table")[1:] if caption in t.split("</caption>", 1)[0])
    body = table.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows
    ]


async def test_the_link_serves_the_leaderboard_exactly_as_the_chat_shows_it(bot) -> None:
    with_web(bot)
    await play(bot)
    path = await link_path(bot)
    chat = plain("\n".join((await command(bot, "leaderboard")).rows)).splitlines()
    async with client(bot) as http:
        response = await http.get(path)
        html = await response.text()
    assert response.status == 200 and response.content_type == "text/html"
    for name, value in SECURITY.items():
        assert response.headers[name] == value
    assert response.headers["Cache-Control"] == "private, no-store"
    rows = cells(html)
    assert [row[1] for row in rows] == ["alice", "bob"]  # carol answered late: on neither
    for row, line in zip(rows, chat, strict=True):
        rank, name, points, answered, average, streak = row
        assert line == f"{rank}. {name} — {points} · {answered} answered · avg {average} · streak {streak}"
    assert "<svg" in html and '<title id="coverage-t">' in html and '<title id="trend-t">' in html
    assert "<caption>Team leaderboard, this week: the top 10 by points</caption>" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)  # no third-party requests
    assert not re.search(r"<script|style=", html)  # nothing the CSP would refuse


async def test_every_link_reaches_the_same_page_and_a_wrong_or_rotated_token_is_404(bot) -> None:
    with_web(bot)
    await play(bot)
    first, second = await link_path(bot), await link_path(bot)
    assert first != second
    async with client(bot) as http:
        assert (await http.get(first)).status == 200 and (await http.get(second)).status == 200
        wrong = first[:-5] + ("A" if first[-5] != "A" else "B") + first[-4:]
        not_found = await http.get("/no/such/page")
        for bad in (wrong, "/t/short/", "/t/" + "x" * 200 + "/", wrong + "rounds/"):
            response = await http.get(bad)
            assert response.status == 404
            assert await response.text() == await not_found.text()  # never a hint
            assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
        refused = await command(bot, "web rotate", ALICE)
        assert "Only workspace admins" in refused.body
        assert (await http.get(first)).status == 200
        third = await link_path(bot, "web rotate", BOSS)
        for old in (first, second, first + "rounds/"):
            assert (await http.get(old)).status == 404
        assert (await http.get(third)).status == 200


async def test_a_link_opens_only_its_own_workspace(bot) -> None:
    with_web(bot)
    round_id = await play(bot)
    other = await bot.handle_command(OTHER_TENANT, GENERAL, ALICE, "web")
    path = re.search(r"(/t/[A-Za-z0-9_-]{22}/)", other.body).group(1)  # type: ignore[union-attr]
    async with client(bot) as http:
        html = await (await http.get(path)).text()
        assert "No points yet" in html and "alice" not in html
        assert (await http.get(f"{path}rounds/{round_id}/")).status == 404
        with bot.session() as session:
            from sqlmodel import select

            from bot.db.models import Member

            alice = session.exec(select(Member).where(Member.display_name == "alice")).first()
        assert (await http.get(f"{path}members/{alice.id}/")).status == 404  # type: ignore[union-attr]


async def test_period_and_scope_switch_and_bad_values_say_what_to_use(bot) -> None:
    with_web(bot)
    await play(bot)
    path = await link_path(bot)
    async with client(bot) as http:
        page = await (await http.get(path)).text()
        channel = re.search(r'href="\?period=week&amp;scope=(channel-\d+)"', page).group(1)  # type: ignore[union-attr]
        group = re.search(r'href="\?period=week&amp;scope=(group-\d+)"', page).group(1)  # type: ignore[union-attr]
        for period in ("month", "season", "all"):
            html = await (await http.get(f"{path}?period={period}&scope=team")).text()
            assert f"<h1>Team leaderboard, {PERIOD_TITLES[period]}</h1>" in html
            assert [row[1] for row in cells(html)] == ["alice", "bob"]
        html = await (await http.get(f"{path}?period=month&scope={channel}")).text()
        assert "#general leaderboard, this month" in html and [r[1] for r in cells(html)] == ["alice", "bob"]
        html = await (await http.get(f"{path}?period=all&scope={group}")).text()
        assert "Group nlp leaderboard, all time" in html and [r[1] for r in cells(html)] == ["bob"]
        for query, words in (
            ("period=year", "is not a period"),
            ("scope=channel-99999", "There is no leaderboard"),
            ("scope=everyone", "There is no leaderboard"),
        ):
            response = await http.get(f"{path}?{query}")
            assert response.status == 400 and words in await response.text()


async def test_past_rounds_show_key_point_counts_and_answers_only_when_an_admin_allows(bot) -> None:
    with_web(bot)
    round_id = await play(bot)
    path = await link_path(bot)
    async with client(bot) as http:
        listing = await (await http.get(f"{path}rounds/")).text()
        assert f'href="{path}rounds/{round_id}/"' in listing and "What is k-fold cross-validation?" in listing
        assert cells(listing)[0][-1] == "2"  # answered in time
        detail = await (await http.get(f"{path}rounds/{round_id}/")).text()
        counts = {row[0]: row[1] for row in cells(detail)}
        assert counts == {"split into folds": "2 of 2", "hold out each fold": "1 of 2", "average the scores": "1 of 2"}
        assert "and that is about it" not in detail and "/drill web show-answers on" in detail
        assert "Only workspace admins" in (await command(bot, "web show-answers on", ALICE)).body
        said = await command(bot, "web show-answers on", BOSS)
        assert not said.private and "now shows" in said.body
        detail = await (await http.get(f"{path}rounds/{round_id}/")).text()
        assert "and that is about it" in detail and "late: kept, not scored" in detail
        await command(bot, "web show-answers off", BOSS)
        assert "and that is about it" not in await (await http.get(f"{path}rounds/{round_id}/")).text()
        assert (await http.get(f"{path}rounds/{round_id + 1000}/")).status == 404
        assert (await http.get(f"{path}rounds/?page=2")).status == 200
        assert (await http.get(f"{path}rounds/?page=0")).status == 400


async def test_an_open_round_is_never_on_the_page(bot) -> None:
    from tests.helpers import make_channel, post_today

    with_web(bot)
    round_, _ = await post_today(bot, make_channel(bot, topics="evaluation"))
    path = await link_path(bot)
    async with client(bot) as http:
        assert "No revealed questions yet" in await (await http.get(f"{path}rounds/")).text()
        assert (await http.get(f"{path}rounds/{round_.id}/")).status == 404


async def test_question_bank_filters_by_topic_and_difficulty(bot) -> None:
    with_web(bot)
    path = await link_path(bot)
    async with client(bot) as http:
        everything = cells(await (await http.get(f"{path}questions/")).text())
        assert len(everything) >= 3
        html = await (await http.get(f"{path}questions/?topic=evaluation&difficulty=1")).text()
        assert [row[0] for row in cells(html)] == ["What is k-fold cross-validation?"]
        assert "This model answer exists" not in html  # answers stay off until asked
        html = await (await http.get(f"{path}questions/?topic=mlops&difficulty=")).text()
        assert {row[1] for row in cells(html)} == {"MLOps"}
        for query in ("topic=astrology", "difficulty=9"):
            response = await http.get(f"{path}questions/?{query}")
            assert response.status == 400


async def test_a_members_name_links_to_their_history(bot) -> None:
    with_web(bot)
    round_id = await play(bot)
    path = await link_path(bot)
    async with client(bot) as http:
        board = await (await http.get(path)).text()
        href = re.search(r'<a href="([^"]+/members/\d+/)">alice</a>', board).group(1)  # type: ignore[union-attr]
        response = await http.get(href)
        html = await response.text()
        assert response.status == 200 and "<h1>alice</h1>" in html
        history = cells(html, "answers, newest first")
        assert history[0][1] == "What is k-fold cross-validation?" and history[0][-1] == "4 pts"
        assert f'href="{path}rounds/{round_id}/"' in html
        assert (await http.get(f"{path}members/999999/")).status == 404


async def test_the_stylesheet_is_served_and_bad_commands_get_their_usage(bot) -> None:
    async with client(with_web(bot)) as http:
        response = await http.get("/web/style.css")
        assert response.status == 200 and response.content_type == "text/css"
        assert "prefers-color-scheme: dark" in await response.text()
        for _ in range(100):  # the database check runs on a thread; the first answers may say "checking"
            if (await http.get("/healthz")).status == 200:
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("/healthz never said ok")
    for text in ("web please", "web show-answers maybe", "web rotate now"):
        reply = await command(bot, text)
        assert "Usage: `/drill web | web rotate | web show-answers on|off`" in reply.body


async def test_the_web_page_off_says_so_and_rotate_still_revokes(bot) -> None:
    with_web(bot)
    path = await link_path(bot)
    bot.config = replace(bot.config, web_url="")  # no PUBLIC_URL, WEB_PORT=0
    reply = await command(bot, "web")
    assert "The web page is off here" in reply.body and reply.private
    rotated = await command(bot, "web rotate", BOSS)
    assert "1 old link stopped working" in rotated.body and "The web page is off here" in rotated.body
    async with client(bot) as http:
        assert (await http.get(path)).status == 404


async def test_tokens_are_random_private_and_stored_only_hashed(bot) -> None:
    import hashlib

    from sqlmodel import select

    from bot.db.models import WebLink

    with_web(bot)
    reply = await command(bot, "web")
    assert reply.private
    tokens = [(await link_path(bot)).split("/")[2] for _ in range(3)]
    assert len(set(tokens)) == 3 and all(len(t) == 22 for t in tokens)  # 16 bytes, url-safe base64
    with bot.session() as session:
        stored = session.exec(select(WebLink)).all()
    assert len(stored) == 4
    hashes = {row.token_hash for row in stored}
    for token in tokens:
        assert hashlib.sha256(token.encode()).hexdigest() in hashes
        assert all(token not in str(value) for row in stored for value in row.model_dump().values())
