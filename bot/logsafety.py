"""No token and no answer text in the logs, at any level (issue 13, item 6).

Our own log lines name ids and outcomes, never message text; the database engine hides
statement parameters (bot/db/engine.py). Platform libraries log whole request and
response bodies at DEBUG (answers, and the OAuth exchange's tokens), so they never log
below INFO, whatever LOG_LEVEL says; a filter masks anything shaped like a token that
reaches a handler anyway.
"""

from __future__ import annotations

import logging
import re

CHATTY = ("slack_sdk", "slack_bolt", "discord", "aiohttp", "websockets", "urllib3", "sqlalchemy.engine")
TOKEN = re.compile(r"xox[a-z]-[A-Za-z0-9-]+|[MN][A-Za-z0-9_-]{23,}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}")


def quiet_libraries(level: int) -> None:
    for name in CHATTY:
        logging.getLogger(name).setLevel(max(logging.INFO, level))


class MaskTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if TOKEN.search(message):
            record.msg, record.args = TOKEN.sub("[token]", message), None
        return True
