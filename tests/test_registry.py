"""The platform registry: the command line and start-up loop over its records, so a
platform added there is checked, gets its port, and is a `drillbot serve` role."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from adapters import registry, serve
from adapters.platform import Platform, PlatformUnavailable, Serving
from bot.cli import build_parser
from bot.settings import Settings
from tests.fakes.chat import RecordingPort

PORT = RecordingPort()


async def _no_server(bot, settings, engine, port, serving: Serving):  # type: ignore[no-untyped-def]
    return []


def _refuse(settings: Settings) -> None:
    if settings.default_timezone == "Europe/Berlin":
        raise PlatformUnavailable("MATRIX_TOKEN needs MATRIX_HOMESERVER")


MATRIX = Platform(
    name="matrix",
    needs="MATRIX_TOKEN",
    enabled=lambda settings: True,
    check=_refuse,
    make_port=lambda settings, engine: PORT,
    start=_no_server,
)


@pytest.fixture
def with_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "PLATFORMS", (*registry.PLATFORMS, MATRIX))


def test_the_shipped_platforms_are_slack_and_discord() -> None:
    assert [p.name for p in registry.PLATFORMS] == ["slack", "discord"]
    assert serve.roles() == ["slack", "discord", "clock"]


def test_a_registered_platform_gets_its_port_its_check_and_a_role(with_matrix: None, engine) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(_env_file=None)
    assert registry.outbound_ports(settings, engine) == {"matrix": PORT}
    with pytest.raises(PlatformUnavailable, match="MATRIX_HOMESERVER"):
        registry.check_platforms(Settings(_env_file=None, default_timezone="Europe/Berlin"))
    assert "matrix" in serve.roles()
    assert build_parser().parse_args(["serve", "matrix"]).role == "matrix"


def test_a_role_whose_platform_is_not_configured_names_its_settings(with_matrix: None, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    off = replace(MATRIX, enabled=lambda settings: False)
    monkeypatch.setattr(registry, "PLATFORMS", (*registry.PLATFORMS[:-1], off))
    with pytest.raises(PlatformUnavailable, match="the matrix role needs MATRIX_TOKEN"):
        asyncio.run(serve.serve_role(Settings(_env_file=None), "matrix", 0))


def test_slack_settings_are_checked_before_anything_starts() -> None:
    with pytest.raises(PlatformUnavailable, match="SLACK_SIGNING_SECRET"):
        registry.check_platforms(Settings(_env_file=None, slack_bot_token="xoxb-1"))
