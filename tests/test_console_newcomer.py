"""Local mode as a newcomer meets it (issue 14), end to end through the real `drillbot run`."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import ROOT, drillbot

CLOCK = re.compile(r"\(clock: (\w{3} \d\d \w{3}(?: \d{4})?) \d\d:\d\d\)")


def env_for(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {"DATABASE_URL": database_url, "DATA_DIR": str(tmp_path / "data"), "DEFAULT_TIMEZONE": "Europe/Berlin"}


def run_console(script: list[str], database_url: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return drillbot("run", *extra, env=env_for(database_url, tmp_path), stdin="\n".join(script) + "\n")


def test_bad_lines_and_a_restart_show_no_traceback_and_keep_the_virtual_day(engine, database_url, tmp_path) -> None:
    first = run_console(
        ["/drill answer", "/drill ask evaluation 7", "/drill ask 2.5", "/clock +30h", "an answer on day two"],
        database_url,
        tmp_path,
        "--as",
        "alice",
    )
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stdout + first.stderr
    assert "Write your answer after /drill answer." in first.stdout
    assert "7 is not a difficulty: use 1 (easy), 2 or 3 (hard)." in first.stdout
    assert "2.5 is not a difficulty" in first.stdout
    moved_to = CLOCK.findall(first.stdout)[-1]
    second = run_console(["/drill today"], database_url, tmp_path, "--as", "alice")
    assert second.returncode == 0 and "Traceback" not in second.stdout + second.stderr
    assert CLOCK.findall(second.stdout)[0] == moved_to  # the same virtual day after the restart
    assert "today's question is open" in second.stdout
    assert "Traceback" not in (tmp_path / "data" / "drillbot.log").read_text()


def test_the_clock_moves_only_forward_and_at_most_a_year_and_says_so(engine, database_url, tmp_path) -> None:
    result = run_console(["/clock -5h", "/clock +99999d", "/clock +0h", "/clock +366d"], database_url, tmp_path)
    out = result.stdout
    assert "The clock only moves forward" in out
    assert "+99999d is more than 366 days; move at most +366d at a time." in out
    assert "That moves the clock by nothing." in out
    assert re.search(r"\(clock: \w{3} \d\d \w{3} \d{4} \d\d:\d\d\)", out)  # a year ahead shows its year


def test_react_buttons_and_delete_in_words(engine, database_url, tmp_path) -> None:
    result = run_console(
        [
            "/react 👍",
            "We split the data into folds and average the scores.",
            "/react 👍 alice",
            "/as bob",
            "/react 🙂 alice",
            "/react 👍 alice",
            "/react :clap: alice",
            "/react 👍",
            "/react 👍 carol",
            "/hint",
            "/another",
            "bob's thought on the practice one",
            "/delete",
            "/as alice",
            "/reveal",
        ],
        database_url,
        tmp_path,
        "--as",
        "alice",
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "There is no answer to react to: no teammate has answered yet." in out
    assert "Kudos are for teammates: you cannot give them to your own answer." in out
    assert "🙂 gives no kudos." in out
    assert re.search(r"✓ 👍 kudos from bob to alice's answer \(question of the day, \w{3} \d\d \w{3} \(", out)
    assert "(you already gave alice's answer kudos" in out
    assert "There is no answer to react to: carol has not answered yet." in out
    assert "Buttons, typed: /hint (hint), /reveal (reveal now), /another (another question)" in out
    assert "• Hint" in out
    assert "Practice question posted" in out
    assert re.search(r"deleted your reply \"bob's thought on the practice one\" \(practice question, ", out)
    assert "Revealed: the model answer" in out
    assert "in the thread of the question of the day" in out or "in the thread of the practice question" in out
    assert not re.search(r"\bm[0-9a-f]{6}\b", out)  # no internal message or thread ids
    assert "`" not in out and "<@" not in out


def test_an_answer_over_the_limit_is_refused_in_the_terminal(engine, database_url, tmp_path) -> None:
    result = run_console(["x" * 20_000, "/drill stats"], database_url, tmp_path, "--as", "alice")
    assert "Your answer is 20,000 characters; answers are at most 4,000. Nothing was recorded" in result.stdout
    assert "Answers graded: 0" in result.stdout
    assert "answer recorded" not in result.stdout


def _start(command: list[str], database_url: str, tmp_path: Path, **kw) -> subprocess.Popen[str]:  # type: ignore[no-untyped-def]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env_for(database_url, tmp_path)},
        text=True,
        start_new_session=True,  # its own process group, like a terminal's foreground job
        **kw,
    )


def _wait_for(process: subprocess.Popen[str], read, marker: str, timeout: float = 90) -> str:  # type: ignore[no-untyped-def]
    seen = ""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        assert time.monotonic() < deadline, f"no {marker!r} in {seen!r}"
        chunk = read()
        if not chunk and process.poll() is not None:
            break
        seen += chunk
    return seen


def _ctrl_c(command: list[str], database_url: str, tmp_path: Path) -> tuple[int, str, str]:
    process = _start(
        command, database_url, tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    _wait_for(process, process.stdout.readline, "Drillbot local mode")
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    out, err = process.communicate(timeout=60)
    return process.returncode, out, err


def test_ctrl_c_ends_drillbot_run_cleanly(engine, database_url, tmp_path) -> None:
    code, out, err = _ctrl_c([sys.executable, "-m", "bot.cli", "run"], database_url, tmp_path)
    assert code == 130 and "Traceback" not in out + err and "KeyboardInterrupt" not in err
    assert "Bye!" in out


def test_ctrl_c_ends_bot_dev_run_cleanly(engine, database_url, tmp_path) -> None:
    code, out, err = _ctrl_c([sys.executable, "-m", "bot.dev", "run"], database_url, tmp_path)
    assert code == 130 and "Traceback" not in out + err and "KeyboardInterrupt" not in err
    assert "Bye!" in out


def _in_a_terminal(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """`drillbot run` on a pseudo-terminal, as a person starts it; returns the process,
    the terminal's other end and a reader of what it shows."""
    import pty
    import select

    leader, follower = pty.openpty()

    def own_terminal() -> None:  # a new session whose controlling terminal is the pty, as a shell gives
        import fcntl
        import termios

        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", "--as", "alice"],
        cwd=ROOT,
        env={**os.environ, **env_for(database_url, tmp_path)},
        text=True,
        stdin=follower,
        stdout=follower,
        stderr=subprocess.PIPE,
        preexec_fn=own_terminal,  # noqa: PLW1509  (the test's child only)
    )
    os.close(follower)

    def read() -> str:
        ready, _, _ = select.select([leader], [], [], 1)
        try:
            return os.read(leader, 65536).decode("utf-8", "replace") if ready else ""
        except OSError:
            return ""

    return process, leader, read


def test_a_terminal_gets_line_editing_history_and_ctrl_d(engine, database_url, tmp_path) -> None:
    process, leader, read = _in_a_terminal(database_url, tmp_path)
    _wait_for(process, read, "alice> ")
    os.write(leader, b"/clock\r")
    _wait_for(process, read, "alice> ")
    os.write(leader, b"\x1b[A\r")  # arrow up recalls /clock, it is not typed as an answer
    shown = _wait_for(process, read, "alice> ")
    assert "(clock:" in shown and "answer recorded" not in shown and "^[[A" not in shown
    os.write(leader, b"\x04")  # Ctrl-D
    rest = _wait_for(process, read, "Bye!")
    assert process.wait(timeout=30) == 0
    assert "Bye!" in rest
    assert process.stderr is not None and "Traceback" not in process.stderr.read()
    os.close(leader)
    assert "/clock" in (tmp_path / "data" / "history").read_text()


def test_ctrl_c_at_the_terminal_prompt_ends_cleanly(engine, database_url, tmp_path) -> None:
    process, leader, read = _in_a_terminal(database_url, tmp_path)
    _wait_for(process, read, "alice> ")
    os.write(leader, b"\x03")  # Ctrl-C: the terminal sends SIGINT to the foreground group
    rest = _wait_for(process, read, "Bye!")
    assert process.wait(timeout=30) == 130
    assert "Bye!" in rest and "Traceback" not in rest
    assert process.stderr is not None and "Traceback" not in process.stderr.read()
    os.close(leader)


def readme_example() -> tuple[list[str], list[str]]:
    """The README's piped local-mode script and the output it shows."""
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    local = readme[readme.index("### Local mode") : readme.index("## Commands")]
    script = local[local.index("```sh\n") + 6 :]
    script = script[: script.index("```")].replace("\\\n", " ")
    words = shlex.split(script.split("|")[0])
    assert words[:2] == ["printf", "%s\\n"]
    output = local[local.index("On a fresh data folder") :]
    output = output[output.index("```\n") + 4 :]
    return words[2:], output[: output.index("```")].splitlines()


def _timeless(line: str) -> str:
    line = re.sub(r"\w{3} \d\d \w{3}(?: \d{4})? \d\d:\d\d", "DAY TIME", line)
    return re.sub(r"(?:DAY TIME|\d\d:\d\d) (UTC|[A-Z]{3,4})", "TIME", line)  # a reveal may fall tomorrow


def test_the_readme_example_prints_what_the_readme_shows(engine, database_url, tmp_path) -> None:
    script, shown = readme_example()
    env = {"DATABASE_URL": database_url, "DATA_DIR": str(tmp_path / "data"), "DEFAULT_TIMEZONE": "UTC"}
    result = drillbot("run", "--as", "alice", env=env, stdin="\n".join(script) + "\n")
    assert result.returncode == 0, result.stderr
    printed = [_timeless(line) for line in result.stdout.splitlines()]
    position = 0
    for line in shown:  # every line the README shows, in order; `…` stands for lines left out
        if line.strip() == "…":
            continue
        wanted = _timeless(line)
        assert wanted in printed[position:], f"README line not printed (in order): {line!r}"
        position = printed.index(wanted, position) + 1
    assert "different question" not in result.stdout


async def test_a_line_that_fails_is_logged_and_the_session_goes_on(bot, caplog, tmp_path) -> None:
    import io
    import logging

    from adapters.console.app import CRASHED, ConsoleSession

    out = io.StringIO()
    session = ConsoleSession(bot, bot.clock, out, "alice", echo=True, charts=tmp_path)

    async def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AttributeError("'NoneType' object has no attribute 'strip'")

    bot.handle_command = broken  # type: ignore[method-assign]
    with caplog.at_level(logging.ERROR, logger="drillbot.console"):
        assert await session.handle_line("/drill answer")
    assert CRASHED in out.getvalue() and "Traceback" not in out.getvalue()
    (record,) = [r for r in caplog.records if r.name == "drillbot.console"]
    assert record.exc_info is not None and "NoneType" in str(record.exc_info[1])
    assert await session.handle_line("/help")  # and the session goes on
    assert "Local mode commands" in out.getvalue()
