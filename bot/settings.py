"""Settings from the environment and `.env`, validated once at start-up.

A wrong value must stop the bot with one line naming the setting, so `load_settings`
turns pydantic's error report into `SettingsError("LOG_LEVEL: ...")`.
"""

from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.chat.emoji import emoji_set


class SettingsError(Exception):
    """A setting has a value the bot cannot start with; the message names it."""


class Settings(BaseSettings):
    """Every knob Drillbot reads. Names are the environment variable names."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(default="", description="SQLAlchemy URL; empty means SQLite in DATA_DIR")
    data_dir: Path = Field(default=Path("data"), description="where the default SQLite file lives")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    default_timezone: str = "UTC"
    content_dirs: str = Field(default="", description="extra question folders, separated by ':' or ','")

    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_client_id: str = ""
    slack_client_secret: str = ""
    slack_api_url: str = "https://slack.com/api/"
    drillbot_secret_key: str = Field(
        default="", description="Fernet key(s), comma-separated, first encrypts: tokens at rest"
    )
    slack_admins: str = Field(default="", description="user ids allowed admin commands, besides workspace admins")

    discord_token: str = ""
    discord_api_url: str = Field(default="", description="REST base, e.g. http://127.0.0.1:8081/api/v10")
    discord_gateway_url: str = Field(default="", description="gateway, e.g. ws://127.0.0.1:8081/gateway")
    discord_shards: str = Field(default="", pattern=r"^(|auto|[1-9]\d{0,3})$", description="'', auto or a count")
    discord_message_content: bool = Field(default=True, description="read thread replies (a privileged intent)")
    discord_admin_role: str = Field(default="", description="a role (name or id) allowed admin commands")

    grader: Literal["default", "semantic"] = "default"
    kudos_emoji: str = Field(
        default="+1,thumbsup,clap,star,fire,👍,👏,⭐,🔥",
        description="reactions that give kudos (in any skin tone; custom emoji by name)",
    )
    kudos_cap: int = Field(default=3, ge=0, le=100, description="default kudos cap per answer")
    tick_seconds: int = Field(default=30, ge=1, le=600)
    core_processes: int = Field(
        default=0, ge=0, le=64, description="Slack: worker processes for core work (0: threads)"
    )
    post_grace_minutes: int = Field(default=120, ge=0)
    delete_after_days: int = Field(default=30, ge=1, description="an uninstalled workspace's data is deleted after")
    tick_concurrency: int = Field(default=16, ge=1, le=256, description="channels a tick works on at once")
    max_answer_chars: int = Field(default=4000, ge=100, le=100_000, description="longer answers are refused whole")
    shutdown_grace_seconds: float = Field(default=10, ge=0, le=600, description="SIGTERM: time to finish work")
    inbox_lease_seconds: float = Field(
        default=30, ge=0.5, le=3600, description="a dead process's unfinished events are taken over after this"
    )

    public_url: str = Field(default="", description="the address people reach this app at; web page links use it")
    web_port: int = Field(default=8750, ge=0, le=65535, description="local mode's web page port on 127.0.0.1; 0: off")

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; use an IANA name such as Europe/Berlin") from None
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_ends_with_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("drillbot_secret_key")
    @classmethod
    def _fernet_keys(cls, value: str) -> str:
        from bot.secrets import check_keys

        return check_keys(value)

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://drillbot.example.com")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if value and not value.startswith(("sqlite", "postgres")):
            raise ValueError("only sqlite:/// and postgresql:// URLs are supported")
        return value

    @property
    def extra_content_dirs(self) -> list[Path]:
        parts = self.content_dirs.replace(",", ":").split(":")
        return [Path(p.strip()) for p in parts if p.strip()]

    @property
    def slack_admin_ids(self) -> list[str]:
        return [u.strip() for u in self.slack_admins.split(",") if u.strip()]

    @property
    def kudos_emoji_set(self) -> frozenset[str]:
        return emoji_set(self.kudos_emoji)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token or self.slack_client_id)

    @property
    def discord_enabled(self) -> bool:
        return bool(self.discord_token)

    def web_url(self, port: int | None = None) -> str:
        """Where web page links point: PUBLIC_URL, or else this machine at the web port
        (local mode, `drillbot serve web`); '' when the page is off (WEB_PORT=0)."""
        if self.public_url:
            return self.public_url
        port = self.web_port if port is None else port
        return f"http://127.0.0.1:{port}" if port else ""

    def resolved_database_url(self) -> str:
        """The URL to connect to; the default SQLite file's folder is created here."""
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(self.data_dir / 'drillbot.db').resolve()}"


def load_settings(**overrides: Any) -> Settings:
    """Read the settings, or raise SettingsError naming the first bad one."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = first["msg"].removeprefix("Value error, ")
        raise SettingsError(f"setting {name}: {message}") from None
