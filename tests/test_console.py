"""Local mode end to end: the real `drillbot run` with piped standard input."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.helpers import drillbot


def run_console(script: list[str], database_url: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {"DATABASE_URL": database_url, "DATA_DIR": str(tmp_path / "data"), "DEFAULT_TIMEZONE": "Europe/Berlin"}
    return drillbot("run", *extra, env=env, stdin="\n".join(script) + "\n")


def test_a_scripted_day_prints_the_model_answer_and_a_leaderboard(engine, database_url, tmp_path) -> None:
    result = run_console(
        [
            "/drill ask evaluation 1",
            "We split the data into k folds, hold each one out once for scoring, and average the scores.",
            "/as bob",
            "You use folds.",
            "It is more reliable than one split.",
            "/clock +8h",
            "/drill leaderboard",
            "/drill leaderboard chart",
        ],
        database_url,
        tmp_path,
        "--as",
        "alice",
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Question of the day" in out and "Practice question" in out
    assert "bob: added to your answer" in out
    assert "Model answer" in out
    reveal = out[out.index("Model answer") :]
    assert re.search(r"\d\. alice — \d+% · \+\d+ pts?", reveal)
    assert re.search(r"\d\. bob — \d+% · \+\d+ pts?", reveal)
    assert "2 answered." in reveal
    mine = out[out.index("(only bob sees this)") :]  # the current player's own feedback, after the reveal
    assert "Your feedback" in mine and re.search(r"(covered|partly|missed|contradicted) — ", mine)
    board = out[out.index("Team leaderboard") :]
    assert "alice" in board and "bob" in board
    chart = Path(re.search(r"chart saved to (\S+\.png)", out).group(1))  # type: ignore[union-attr]
    assert chart.parent == (tmp_path / "data" / "charts").resolve()
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert out.rstrip().endswith("run again to continue.")


def test_bad_input_gets_help_and_the_session_goes_on(engine, database_url, tmp_path) -> None:
    result = run_console(
        ["/dance", "/as", "/clock yesterday", "/drill ask cooking", "/drill topics"], database_url, tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "Unknown command /dance" in result.stdout
    assert "Usage: /as NAME" in result.stdout
    assert "Usage: /clock +8h" in result.stdout
    assert "Unknown topic cooking" in result.stdout
    assert "mlops — MLOps" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_restart_the_same_day_does_not_post_again(engine, database_url, tmp_path) -> None:
    first = run_console(["/quit"], database_url, tmp_path)
    second = run_console(["/drill today"], database_url, tmp_path)
    assert first.stdout.count("Question of the day") == 1
    assert "today's question is open" in second.stdout
    assert second.stdout.count("❓ Question of the day") == 1  # the private copy from /drill today


def test_edit_and_delete_in_local_mode(engine, database_url, tmp_path) -> None:
    result = run_console(["first try", "/edit a better answer", "/delete", "/delete"], database_url, tmp_path)
    assert "reply edited" in result.stdout
    assert 'deleted your reply "a better answer"' in result.stdout
    assert "You have no reply to delete." in result.stdout


def test_a_wrong_setting_stops_start_up_with_one_line_naming_it(tmp_path) -> None:
    env = {"LOG_LEVEL": "chatty", "DATA_DIR": str(tmp_path)}
    result = drillbot("migrate", env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("drillbot: setting LOG_LEVEL:")


def test_an_unknown_time_zone_setting_is_named(tmp_path) -> None:
    env = {"DEFAULT_TIMEZONE": "Mars/Base", "DATA_DIR": str(tmp_path)}
    result = drillbot("run", env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "drillbot: setting DEFAULT_TIMEZONE: unknown time zone 'Mars/Base'; use an IANA name such as Europe/Berlin"
    )


def test_a_broken_team_content_folder_stops_start_up_with_every_problem(engine, database_url, tmp_path) -> None:
    team = tmp_path / "team-questions"
    team.mkdir()
    (team / "ours.yaml").write_text(
        "questions:\n  - id: ours-one\n    topic: cooking\n  - id: ours-two\n    topic: mlops\n", encoding="utf-8"
    )
    env = {"CONTENT_DIRS": str(team), "DATABASE_URL": database_url, "DATA_DIR": str(tmp_path / "data")}
    result = drillbot("run", env=env)
    assert result.returncode == 2
    assert "the question bank has" in result.stderr
    assert f"{team / 'ours.yaml'}:3: question 'ours-one': topic:" in result.stderr
    assert f"{team / 'ours.yaml'}:4: question 'ours-two': missing field 'kind'" in result.stderr
    assert "Question of the day" not in result.stdout
    from sqlmodel import Session, select

    from bot.db.models import Question

    with Session(engine) as session:
        assert session.exec(select(Question)).first() is None  # nothing half-loaded


def test_an_unreachable_database_is_one_line_naming_the_setting(tmp_path) -> None:
    env = {"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "DATA_DIR": str(tmp_path)}
    result = drillbot("migrate", env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("drillbot: setting DATABASE_URL: cannot use the database:")


def test_the_default_player_is_addressed_as_you(engine, database_url, tmp_path) -> None:
    result = run_console(
        ["/drill ask evaluation 1", "We split the data into k folds and average the held-out scores.", "/reveal"],
        database_url,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "(only you see this)" in result.stdout and "you sees" not in result.stdout
