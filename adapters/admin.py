"""`drillbot secrets ...` and `drillbot workspace ...`: operator commands that reach into
the core's tables and the platforms' own (Slack's installations), so they live on the
adapters' side of the one rule (bot/ never imports a platform library)."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from sqlalchemy import Engine, delete, select

from adapters.slack.storage import SLACK_METADATA, TOKEN_COLUMNS, reseal_tokens
from bot.db.engine import rowcount, session_scope
from bot.db.models import Workspace
from bot.secrets import Sealer, SecretKeyError, new_key
from bot.usecases import tenancy

SLACK_TENANT_TABLES = ("slack_bots", "slack_installations", "slack_teams")  # keyed by team_id


def secrets_new_key(out: TextIO = sys.stdout) -> int:
    print(new_key(), file=out)
    return 0


def secrets_rotate(engine: Engine, keys: str, out: TextIO = sys.stdout) -> int:
    """Re-seal every stored token under the first key of DRILLBOT_SECRET_KEY."""
    if not keys:
        raise SecretKeyError("`secrets rotate` needs DRILLBOT_SECRET_KEY (new key first, old keys after it)")
    sealer = Sealer(keys)
    with engine.begin() as connection:
        changed = reseal_tokens(connection, sealer)
    print(f"re-sealed {changed} token(s) under the first key; the other keys can now be removed", file=out)
    return 0


def _workspace(engine: Engine, platform: str | None, external_id: str) -> Workspace:
    with session_scope(engine) as session:
        found = tenancy.find(session, platform, external_id)
    if not found:
        raise LookupError(f"no workspace {external_id!r}" + (f" on {platform}" if platform else ""))
    if len(found) > 1:
        raise LookupError(f"{external_id!r} is on several platforms; add --platform")
    return found[0]


def workspace_export(engine: Engine, platform: str | None, external_id: str, out: TextIO = sys.stdout) -> int:
    """Everything the workspace owns as JSON; Slack installations without their tokens."""
    workspace = _workspace(engine, platform, external_id)
    with session_scope(engine) as session:
        data = tenancy.export(session, workspace)
    if workspace.platform == "slack":
        with engine.connect() as connection:
            for name in SLACK_TENANT_TABLES:
                table = SLACK_METADATA.tables[name]
                hidden = set(TOKEN_COLUMNS.get(name, ()))
                rows = connection.execute(select(table).where(table.c.team_id == external_id)).mappings()
                data["tables"][name] = [
                    {k: (str(v) if v is not None and not isinstance(v, int | str | bool) else v)
                     for k, v in row.items() if k not in hidden}
                    for row in rows
                ]
    json.dump(data, out, indent=2, ensure_ascii=False, default=str)
    out.write("\n")
    return 0


def workspace_delete(engine: Engine, platform: str | None, external_id: str, out: TextIO = sys.stdout) -> int:
    """Every row of the tenant, in one transaction, the Slack installations included."""
    workspace = _workspace(engine, platform, external_id)
    with session_scope(engine) as session:
        counts = tenancy.delete_workspace(session, workspace.id)
        if workspace.platform == "slack":
            for name in SLACK_TENANT_TABLES:
                table = SLACK_METADATA.tables[name]
                counts[name] = rowcount(session.execute(delete(table).where(table.c.team_id == external_id)))
    total = sum(counts.values())
    print(f"deleted workspace {workspace.platform}/{external_id}: {total} row(s)", file=out)
    return 0
