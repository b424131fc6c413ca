"""Issue 24 in local mode: the real `drillbot run` with piped standard input. Local
players are admins, so the cooldown does not apply to them (admins are exempt), but
one open practice question per channel and the caps do."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_console import run_console


def test_one_open_question_new_and_the_caps_in_local_mode(engine, database_url, tmp_path: Path) -> None:
    result = run_console(
        [
            "/drill ask evaluation",
            "/drill ask",
            "/drill ask new",
            "/drill limits",
            "/drill limits set groups 1",
            "/drill group create readers",
            "/drill group create writers",
            "/drill limits set groups 0",
        ],
        database_url,
        tmp_path,
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert out.count("Practice question posted") == 2
    # run_console's DEFAULT_TIMEZONE is Europe/Berlin
    refusal = out[out.index("A practice question is open here") : out.index("you> /drill ask new")]
    # the day is named when the reveal falls on another day (after 23:30 in Berlin)
    when = r"(\w{3} \d\d \w{3} )?\d\d:\d\d CES?T"
    assert re.search(rf"It is revealed at {when} \(in 30 minutes\); ask again after that\.", refusal)
    assert "As an admin you can open another: /drill ask new." in refusal
    assert "• cooldown-posts 3: public posts per person" in out and "• open-questions 1:" in out
    assert "Created study group" in out and "readers" in out
    assert "the limit (1)" in out
    assert "can be from 1 to 1000" in out
