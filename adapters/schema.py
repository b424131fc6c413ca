"""Every table our migrations own: the core's models and slack_sdk's OAuth tables."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlmodel import SQLModel

import bot.db.models  # noqa: F401  (registers every table on SQLModel.metadata)
from adapters.slack.storage import SLACK_METADATA

ALL_METADATA: list[MetaData] = [SQLModel.metadata, SLACK_METADATA]


def all_table_names() -> set[str]:
    return {table.name for metadata in ALL_METADATA for table in metadata.sorted_tables}
