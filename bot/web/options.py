"""A workspace's web page settings (the WebPage row; none means the defaults). Written
with INSERT ... ON CONFLICT, so two admins changing it at once never collide."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from bot.db.models import WebPage, table_of


def show_answers(session: Session, workspace_id: int) -> bool:
    """Whether past rounds show members' own answers (off unless an admin turned it on)."""
    row = session.get(WebPage, workspace_id)
    return row is not None and row.show_answers


def set_show_answers(session: Session, workspace_id: int, on: bool, now: datetime) -> None:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = table_of(WebPage)
    statement = dialect.insert(table).values(workspace_id=workspace_id, show_answers=on, updated_at=now)
    session.execute(
        statement.on_conflict_do_update(index_elements=["workspace_id"], set_={"show_answers": on, "updated_at": now})
    )
