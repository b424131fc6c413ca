"""Jinja2 templates (bot/web/templates) with autoescaping, and the filters that format
numbers exactly as the chat cards do (bot/render.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from bot import render as chat
from bot.render import TOPIC_TITLES


def _day(at: datetime | None, tz: str) -> str:
    return "—" if at is None else chat.local_day(at, tz)


ENVIRONMENT = Environment(
    loader=PackageLoader("bot.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,  # a misspelt name fails the tests, never renders as nothing
    trim_blocks=True,
    lstrip_blocks=True,
)
ENVIRONMENT.filters.update(
    points=chat.points_text,
    percent=chat.percent,
    stars=chat.stars,
    day=_day,
    topic=lambda topic: TOPIC_TITLES.get(topic, topic),
)


def render(template: str, **values: Any) -> str:
    return ENVIRONMENT.get_template(template).render(**values)
