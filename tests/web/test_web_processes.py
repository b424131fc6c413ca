"""The web page from the real command line: local mode (`drillbot run`) serves it on
127.0.0.1:WEB_PORT and `/drill web` prints its link; `drillbot serve web` serves the same
page from the same database."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.helpers import ROOT
from tests.slack.served import free_port

LINK = re.compile(r"http://127\.0\.0\.1:(\d+)(/t/[A-Za-z0-9_-]{22}/)")


def fetch(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def read_until(process: subprocess.Popen[str], pattern: re.Pattern[str], timeout: float = 90) -> re.Match[str]:
    assert process.stdout is not None
    seen = ""
    deadline = time.monotonic() + timeout
    while not (found := pattern.search(seen)):
        assert time.monotonic() < deadline and process.poll() is None, f"no {pattern.pattern!r} in {seen[-2000:]!r}"
        seen += process.stdout.readline()
    return found


def test_local_mode_prints_a_link_that_serves_both_players_and_a_chart(engine, database_url, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "DATA_DIR": str(tmp_path / "data"), "WEB_PORT": str(port)}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", "--as", "alice"],
        cwd=ROOT,
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    script = [
        "/drill ask evaluation 1",
        "We split the data into k folds, hold each one out once for scoring, and average the scores.",
        "/as bob",
        "You use folds.",
        "/clock +8h",
        "/drill web",
    ]
    try:
        process.stdin.write("\n".join(script) + "\n")
        process.stdin.flush()
        found = read_until(process, LINK)
        assert int(found.group(1)) == port
        status, html, headers = fetch(found.group(0))
        assert status == 200 and headers["X-Robots-Tag"] == "noindex, nofollow"
        assert ">alice</a>" in html and ">bob</a>" in html and "<svg" in html
        wrong = found.group(0)[:-3] + ("x" if found.group(0)[-3] != "x" else "y") + "/"
        assert fetch(wrong)[0] == 404
        served = _serve_web(database_url, tmp_path)
        try:
            status, same, _ = fetch(f"http://127.0.0.1:{served[1]}{found.group(2)}")
            assert status == 200 and ">alice</a>" in same and ">bob</a>" in same
        finally:
            served[0].send_signal(signal.SIGTERM)
            assert served[0].wait(timeout=30) == 0
    finally:
        out, err = process.communicate("/quit\n", timeout=60)
    assert process.returncode == 0 and "Traceback" not in err, err


def _serve_web(database_url: str, tmp_path: Path) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "DATA_DIR": str(tmp_path / "data")}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "web", "--port", str(port)],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        try:
            if fetch(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                return process, port
        except OSError:
            time.sleep(0.1)
    raise AssertionError("drillbot serve web did not come up")


def test_serve_web_without_a_port_says_how_to_give_one(tmp_path: Path) -> None:
    from tests.helpers import drillbot

    result = drillbot("serve", "web", env={"WEB_PORT": "0", "DATA_DIR": str(tmp_path)})
    assert result.returncode == 2 and "serve web needs a port" in result.stderr
