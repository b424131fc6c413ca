"""Column helpers the model modules share, and `table_of` for bulk SQL."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import JSON, Column, Table, inspect
from sqlmodel import Field, SQLModel

from bot.db.types import UTCDateTime

DEFAULT_WEEKDAYS = "mon,tue,wed,thu,fri"


def table_of(model: type[SQLModel]) -> Table:
    """A table model's Core `Table` for bulk SQL; SQLModel leaves `__table__` untyped."""
    return cast(Table, inspect(model).local_table)


def utc_field(**kw: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kw)


def json_field(default_factory: Any) -> Any:
    return Field(default_factory=default_factory, sa_column=Column(JSON, nullable=False))
