"""The web page over HTTP (aiohttp): mounted by `drillbot serve web`, by the Slack `web`
process beside its event routes, and by local mode.

Routes, all GET (HEAD too), all under a workspace's private token:
  /t/TOKEN/                          leaderboard (?period=week|month|season|all
                                     &scope=team|channel-ID|group-ID), coverage, weekly trend
  /t/TOKEN/rounds/[?page=N]          past (revealed) rounds, newest first
  /t/TOKEN/rounds/ID/                one round: question, model answer, key points, counts
  /t/TOKEN/questions/[?topic=&difficulty=]   the question bank
  /t/TOKEN/members/ID/               one member's numbers and answers
  /web/style.css                     the stylesheet (the only other request a page makes)

A wrong, malformed or revoked token gets the same 404 as a page that does not exist.
Database reads and rendering run on a worker thread, so a slow query never stalls the
event loop that also serves Slack's events.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from importlib import resources
from typing import Any

from aiohttp import web
from sqlalchemy import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.db.models import Workspace
from bot.health import DatabaseHealth
from bot.web import options, pages, queries, tokens
from bot.web.view import render

log = logging.getLogger("drillbot.web")
STYLE_PATH = "/web/style.css"
SECURITY_HEADERS = {
    "X-Robots-Tag": "noindex, nofollow",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
Build = Callable[[Session, Workspace], tuple[str, dict[str, Any]] | None]  # template and values, or None: 404


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Every response, a 404 included, carries the same headers: nothing tells a wrong
    token from a missing page."""
    response.headers.update(SECURITY_HEADERS)


class Pages:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock
        self.style = resources.files("bot.web").joinpath("static/style.css").read_bytes()

    def _render(self, token: str, build: Build) -> tuple[int, str] | None:
        with Session(self.engine) as session:
            workspace = tokens.workspace_of(session, token)
            if workspace is None:
                return None
            base = {"team": workspace.name or "Your team", "base": f"/t/{token}/", "tz": workspace.timezone}
            try:
                built = build(session, workspace)
            except pages.PageProblem as problem:
                return 400, render("problem.html", **base, section="", problem=str(problem))
            if built is None:
                return None
            template, values = built
            return 200, render(template, **base, **values)

    async def _page(self, request: web.Request, build: Build) -> web.Response:
        result = await asyncio.to_thread(self._render, request.match_info["token"], build)
        if result is None:
            raise web.HTTPNotFound()
        status, html = result
        return web.Response(
            status=status, text=html, content_type="text/html", headers={"Cache-Control": "private, no-store"}
        )

    async def board(self, request: web.Request) -> web.Response:
        period = request.query.get("period", "week")
        scope = request.query.get("scope", "team")

        def build(session: Session, workspace: Workspace) -> tuple[str, dict[str, Any]]:
            page = pages.board_page(session, workspace, self.clock.now(), period, scope)
            return "board.html", {"page": page, "section": "board"}

        return await self._page(request, build)

    async def rounds(self, request: web.Request) -> web.Response:
        def build(session: Session, workspace: Workspace) -> tuple[str, dict[str, Any]]:
            page = pages.rounds_page(session, workspace, pages.page_number(request.query.get("page", "1")))
            return "rounds.html", {"page": page, "section": "rounds"}

        return await self._page(request, build)

    async def round(self, request: web.Request) -> web.Response:
        round_id = int(request.match_info["round_id"])

        def build(session: Session, workspace: Workspace) -> tuple[str, dict[str, Any]] | None:
            shown = options.show_answers(session, workspace.id)
            detail = queries.round_detail(session, workspace.id, round_id, shown)
            if detail is None:
                return None
            return "round.html", {"detail": detail, "section": "rounds", "show_answers": shown}

        return await self._page(request, build)

    async def questions(self, request: web.Request) -> web.Response:
        topic, difficulty = request.query.get("topic", ""), request.query.get("difficulty", "")

        def build(session: Session, workspace: Workspace) -> tuple[str, dict[str, Any]]:
            return "questions.html", {"page": pages.questions_page(session, topic, difficulty), "section": "questions"}

        return await self._page(request, build)

    async def member(self, request: web.Request) -> web.Response:
        member_id = int(request.match_info["member_id"])

        def build(session: Session, workspace: Workspace) -> tuple[str, dict[str, Any]] | None:
            page = pages.member_page(session, workspace, member_id, self.clock.now())
            return None if page is None else ("member.html", {"page": page, "section": "board"})

        return await self._page(request, build)

    async def stylesheet(self, request: web.Request) -> web.Response:
        return web.Response(body=self.style, content_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


def add_routes(app: web.Application, engine: Engine, clock: Clock) -> None:
    """Mount the web page on an app (the Slack web process's, or our own)."""
    pages_ = Pages(engine, clock)
    app.router.add_get(STYLE_PATH, pages_.stylesheet)
    app.router.add_get("/t/{token}/", pages_.board)
    app.router.add_get("/t/{token}/rounds/", pages_.rounds)
    app.router.add_get(r"/t/{token}/rounds/{round_id:\d{1,12}}/", pages_.round)
    app.router.add_get("/t/{token}/questions/", pages_.questions)
    app.router.add_get(r"/t/{token}/members/{member_id:\d{1,12}}/", pages_.member)
    app.on_response_prepare.append(_security_headers)


def web_app(engine: Engine, clock: Clock) -> web.Application:
    """The web page alone, with its own /healthz (`drillbot serve web`, local mode)."""
    app = web.Application()
    database = DatabaseHealth(engine)

    async def healthz(request: web.Request) -> web.Response:
        health = await database.status()
        return web.json_response(
            {"ok": health.ok, **({} if health.ok else {"database": health.reason})}, status=200 if health.ok else 503
        )

    app.router.add_get("/healthz", healthz)
    add_routes(app, engine, clock)
    return app


async def start_web(engine: Engine, clock: Clock, host: str, port: int, shutdown_timeout: float = 5.0) -> web.AppRunner:
    runner = web.AppRunner(web_app(engine, clock), access_log=None, shutdown_timeout=shutdown_timeout)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("web page listening on http://%s:%d/t/TOKEN/", host, port)
    return runner
