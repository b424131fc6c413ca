"""The command line as a newcomer meets it (issue 14): a version, one clear message when
the semantic extra is missing, a clean install, and skips that say who they are for."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from tests.helpers import ROOT, drillbot

README = (ROOT / "README.md").read_text(encoding="utf-8")
INSTALL = ".venv/bin/pip install -e '.[semantic]'"


def test_drillbot_version() -> None:
    from importlib.metadata import version

    result = drillbot("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"drillbot {version('drillbot')}"


def test_the_missing_semantic_extra_is_said_once_with_the_readmes_install_command() -> None:
    hide_extra = (
        "import sys; sys.modules['onnxruntime'] = None; from bot.cli import main; "
        "sys.exit(main(['grade', '--in', '-', '--scorer', 'semantic']))"
    )
    line = '{"id": "1", "question": "Why clip?", "reference_answer": "It caps the norm.", "answer": "caps norm"}\n'
    result = subprocess.run(
        [sys.executable, "-c", hide_extra], input=line, capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("semantic") >= 1 and result.stderr.count("using the default scorer") == 1
    assert INSTALL in result.stderr and INSTALL in README
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_license_is_an_spdx_string_so_setuptools_prints_no_deprecation_box() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert any(req.startswith("setuptools>=77") for req in project["build-system"]["requires"])


def test_the_shared_folder_checks_are_marked_as_maintainers_checks() -> None:
    from tests.test_bank_coverage import MAINTAINERS_ONLY

    assert "maintainers' check" in MAINTAINERS_ONLY and "users can ignore" in MAINTAINERS_ONLY
    development = README[README.index("## Development") :]
    assert "../shared" not in README[: README.index("## Development")]  # a user never needs it
    assert "maintainers" in development
