"""Uninstall, export and deletion of a workspace, and tokens sealed at rest, on the
database under test (issue 13, items 5 and 6)."""

from __future__ import annotations

import io
import json
import logging
from datetime import timedelta

from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import func, select, text

from adapters.admin import workspace_delete, workspace_export
from adapters.schema import ALL_METADATA
from adapters.slack.storage import SLACK_METADATA, SealedInstallationStore, reseal_tokens
from bot.chat.ports import ChannelRef, Tenant
from bot.db.models import InboxItem, Workspace, table_of
from bot.inbox import Inbox
from bot.logsafety import MaskTokens, quiet_libraries
from bot.scheduling.due import tick
from bot.secrets import Sealer, is_sealed, new_key
from tests.helpers import ALICE, BOB, BOSS, drillbot, make_channel, post_today
from tests.test_migrations import scratch_url  # noqa: F401  (the fixture: an empty database of the same kind)

SLACK = Tenant("slack", "T1", "Team One")
OTHER = Tenant("slack", "T2", "Team Two")
ANSWER = "You split into folds, hold out each fold once and average the scores."
# No tenant's rows: the bank, OAuth nonces, local mode's clock.
SHARED_TABLES = {"question", "slack_oauth_states", "localclock"}


def install(engine, team: str, key: str) -> None:  # type: ignore[no-untyped-def]
    store = SealedInstallationStore("111.222", engine, Sealer(key))
    store.save(
        Installation(
            app_id="A1", team_id=team, user_id="UINSTALLER", bot_token=f"xoxb-{team}-secret", bot_id="B1",
            bot_user_id="UBOT", user_token=f"xoxp-{team}-secret", bot_scopes=["chat:write"],
        )
    )


async def populate(bot, port, tenant: Tenant, engine, key: str) -> int:  # type: ignore[no-untyped-def]
    bot.ports = {"slack": port}
    channel = make_channel(bot, tenant=tenant, channel=ChannelRef("C1", "general"))
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(tenant, thread, ALICE, ANSWER, f"m-{tenant.workspace_id}")
    await bot.handle_reaction(tenant, "C1", f"m-{tenant.workspace_id}", BOB, "+1", True)
    await bot.handle_command(tenant, ChannelRef("C1", "general"), ALICE, "group create readers")
    await bot.reveal_round(round_.id)
    await bot.handle_command(tenant, ChannelRef("C1", "general"), ALICE, "review")
    await bot.handle_command(tenant, ChannelRef("C1", "general"), BOSS, "schedule set 10:00 UTC")
    install(engine, tenant.workspace_id, key)
    inbox = Inbox(engine, tenant.platform)  # what the platform sent, stored with its team before the 200
    inbox.put(f"event:Ev-{tenant.workspace_id}", "message", {"args": [{"text": ANSWER}]}, tenant.workspace_id)
    inbox.put(f"event:Ev-none-{tenant.workspace_id}", "message", {"args": []})  # no team named: not the tenant's
    with bot.session() as session:
        return session.exec(select(Workspace.id).where(Workspace.external_id == tenant.workspace_id)).one()[0]


def rows_left(engine, workspace_id: int, team: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Walk every table of every metadata: what still belongs to the tenant."""
    left: dict[str, int] = {}
    with engine.connect() as conn:
        for metadata in ALL_METADATA:
            for table in metadata.sorted_tables:
                if "workspace_id" in table.c:
                    where = table.c.workspace_id == workspace_id
                elif "workspace_external_id" in table.c:  # the inbox: the platform's ids
                    where = (table.c.source == "slack") & (table.c.workspace_external_id == team)
                elif table.name == "workspace":
                    where = table.c.id == workspace_id
                elif "team_id" in table.c:
                    where = table.c.team_id == team
                else:
                    assert table.name in SHARED_TABLES, f"{table.name}: whose rows? delete them with the tenant"
                    continue
                left[table.name] = conn.execute(select(func.count()).select_from(table).where(where)).scalar()
    return left


async def test_delete_removes_every_row_of_the_tenant_and_nothing_else(bot, port, engine) -> None:
    key = new_key()
    mine = await populate(bot, port, SLACK, engine, key)
    theirs = await populate(bot, port, OTHER, engine, key)
    before = rows_left(engine, mine, "T1")
    tables = ("answer", "answermessage", "scoreevent", "kudos", "studygroup", "round", "inboxitem")
    assert all(before[t] > 0 for t in tables)
    assert before["slack_bots"] and before["slack_installations"]

    exported = io.StringIO()
    assert workspace_export(engine, "slack", "T1", exported) == 0
    data = json.loads(exported.getvalue())
    assert ANSWER in exported.getvalue() and "secret" not in exported.getvalue()  # no token, sealed or not
    assert data["tables"]["slack_installations"][0]["team_id"] == "T1"
    assert [row["key"] for row in data["tables"]["inboxitem"]] == ["event:Ev-T1"]

    assert workspace_delete(engine, "slack", "T1", io.StringIO()) == 0
    assert set(rows_left(engine, mine, "T1").values()) == {0}
    kept = rows_left(engine, theirs, "T2")
    assert all(kept[name] == count for name, count in before.items())  # the other team's, untouched
    with engine.connect() as conn:  # rows that named no team stay until they are pruned
        assert conn.execute(select(func.count()).select_from(table_of(InboxItem))).scalar() == 3


async def test_uninstalled_workspaces_are_deleted_after_delete_after_days(bot, port, engine, clock) -> None:
    mine = await populate(bot, port, SLACK, engine, new_key())
    assert await bot.handle_uninstall(SLACK)
    clock.advance(bot.config.delete_after - timedelta(hours=1))
    await tick(bot)
    assert rows_left(engine, mine, "T1")["answer"] == 1
    clock.advance(timedelta(hours=2))
    await tick(bot)
    left = rows_left(engine, mine, "T1")
    assert all(count == 0 for name, count in left.items() if not name.startswith("slack_")), left


def test_tokens_are_sealed_at_rest_and_rotate_to_a_new_key(engine, database_url) -> None:
    old, new = new_key(), new_key()
    install(engine, "T1", old)
    with engine.connect() as conn:
        stored = conn.execute(text("select bot_token, user_token from slack_installations")).all()
        bots = conn.execute(text("select bot_token from slack_bots")).scalars().all()
    values = [v for row in stored for v in row] + list(bots)
    assert values and all(is_sealed(v) and "secret" not in v for v in values)
    found = SealedInstallationStore("111.222", engine, Sealer(old)).find_installation(enterprise_id=None, team_id="T1")
    assert found is not None and found.bot_token == "xoxb-T1-secret" and found.user_token == "xoxp-T1-secret"

    result = drillbot("secrets", "rotate", env={"DATABASE_URL": database_url, "DRILLBOT_SECRET_KEY": f"{new},{old}"})
    assert result.returncode == 0, result.stderr
    assert "re-sealed 3 token(s)" in result.stdout
    bot_row = SealedInstallationStore("111.222", engine, Sealer(new)).find_bot(enterprise_id=None, team_id="T1")
    assert bot_row is not None and bot_row.bot_token == "xoxb-T1-secret"


def test_plaintext_tokens_from_before_encryption_are_sealed(engine) -> None:
    table = SLACK_METADATA.tables["slack_bots"]
    with engine.begin() as conn:
        conn.execute(
            table.insert().values(
                client_id="111.222", app_id="A1", team_id="T9", bot_token="xoxb-plain", bot_id="B1",
                bot_user_id="UBOT", bot_scopes="chat:write", is_enterprise_install=False,
                installed_at=func.now(),
            )
        )
        key = new_key()
        assert reseal_tokens(conn, Sealer(key)) == 1
        (token,) = conn.execute(select(table.c.bot_token)).scalars().all()
    assert is_sealed(token) and Sealer(key).open(token) == "xoxb-plain"


def test_many_workspace_mode_refuses_to_start_without_a_key(database_url) -> None:
    env = {
        "DATABASE_URL": database_url, "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s",
        "SLACK_SIGNING_SECRET": "x", "DRILLBOT_SECRET_KEY": "", "SLACK_BOT_TOKEN": "",
    }
    result = drillbot("serve", "slack", "--port", "0", env=env, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "drillbot: SLACK_CLIENT_ID (many workspaces) needs DRILLBOT_SECRET_KEY to encrypt their tokens;"
        " `drillbot secrets new-key` prints one"
    ]


def test_token_shaped_text_is_masked_and_libraries_never_log_below_info(caplog) -> None:
    quiet_libraries(logging.DEBUG)
    assert logging.getLogger("slack_sdk.web.async_base_client").getEffectiveLevel() == logging.INFO
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token %s", ("xoxb-123-abc",), None)
    MaskTokens().filter(record)
    assert record.getMessage() == "token [token]"


def test_the_migration_seals_existing_tokens_when_the_key_is_set(scratch_url, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from bot.db import migrate
    from bot.db.engine import make_engine

    migrate.upgrade(scratch_url, "0004")
    scratch = make_engine(scratch_url)
    with scratch.begin() as conn:
        conn.execute(
            text(
                "insert into slack_bots (client_id, app_id, team_id, bot_token, bot_id, bot_user_id, bot_scopes,"
                " is_enterprise_install, installed_at) values ('1.2', 'A1', 'T1', 'xoxb-plain-old', 'B1', 'U1',"
                " 'chat:write', false, CURRENT_TIMESTAMP)"
            )
        )
    key = new_key()
    monkeypatch.setenv("DRILLBOT_SECRET_KEY", key)
    migrate.upgrade(scratch_url)
    with scratch.connect() as conn:
        (token,) = conn.execute(text("select bot_token from slack_bots")).scalars().all()
    assert is_sealed(token) and Sealer(key).open(token) == "xoxb-plain-old"
    migrate.downgrade(scratch_url, "0004")  # going down opens them again
    with scratch.connect() as conn:
        assert conn.execute(text("select bot_token from slack_bots")).scalar() == "xoxb-plain-old"
    scratch.dispose()
