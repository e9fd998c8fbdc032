"""The pseudonymisation key: made once and atomically, long enough, private; weak keys refused."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from loketlib.cli import main
from loketlib.errors import RunError
from loketlib.intake import keys

#: Several first runs at once, each in its own process, all reading the key.
RACE = """
import sys, time
from loketlib.intake import keys
start = float(sys.argv[1])
while time.time() < start:
    pass
print(keys.secret_key().decode())
"""


def test_concurrent_first_runs_agree_on_one_key(tmp_path):
    import time

    key_file = tmp_path / "keys" / ".loket-key"
    env = {k: v for k, v in os.environ.items() if k != "LOKET_PSEUDONYM_KEY"}
    env["LOKET_KEY_FILE"] = str(key_file)
    start = str(time.time() + 3)  # every process has started and imported by then
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", RACE, start],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0] * 6, [err for _, err in results]
    seen = {out.strip() for out, _ in results}
    assert len(seen) == 1, "the runs do not agree on the key"
    [key] = seen
    assert key == key_file.read_text().strip()
    assert len(bytes.fromhex(key)) >= 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [p.name for p in key_file.parent.iterdir()] == [".loket-key"]  # no temporary left


def test_a_new_key_is_random(tmp_path, monkeypatch):
    monkeypatch.delenv("LOKET_PSEUDONYM_KEY")
    first, second = tmp_path / "a", tmp_path / "b"
    monkeypatch.setenv("LOKET_KEY_FILE", str(first))
    a = keys.secret_key()
    monkeypatch.setenv("LOKET_KEY_FILE", str(second))
    assert keys.secret_key() != a
    monkeypatch.setenv("LOKET_KEY_FILE", str(first))
    assert keys.secret_key() == a  # kept: the file is read, not made again


@pytest.mark.parametrize("content", ["", "\n", "   \n", "kort", "0123456789abcdef0123456789abcde"])
def test_an_empty_or_short_key_file_is_refused(tmp_path, monkeypatch, content):
    monkeypatch.delenv("LOKET_PSEUDONYM_KEY")
    path = tmp_path / ".loket-key"
    path.write_text(content)
    monkeypatch.setenv("LOKET_KEY_FILE", str(path))
    with pytest.raises(RunError) as caught:
        keys.secret_key()
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    assert "secrets.token_hex(32)" in message  # says how to make one
    assert path.read_text() == content  # never silently replaced


@pytest.mark.parametrize("value", ["", "kort-maar-niet-leeg"])
def test_an_empty_or_short_key_in_the_environment_is_refused(monkeypatch, value):
    monkeypatch.setenv("LOKET_PSEUDONYM_KEY", value)
    with pytest.raises(RunError, match="LOKET_PSEUDONYM_KEY"):
        keys.secret_key()


def test_the_command_line_refuses_a_short_key_with_one_line(demo_xlsx, monkeypatch):
    monkeypatch.setenv("LOKET_PSEUDONYM_KEY", "abc")
    args = ["figures", "--data", str(demo_xlsx), "--region", "westelijke-mijnstreek"]
    result = CliRunner().invoke(main, [*args, "--year", "2022"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("loket: pseudonimiseringssleutel LOKET_PSEUDONYM_KEY")
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_the_command_line_refuses_an_empty_key_file(demo_xlsx, tmp_path):
    """As a user meets it: a real process, an empty key file, exit 2 and one line."""
    key_file = tmp_path / ".loket-key"
    key_file.write_text("")
    env = {k: v for k, v in os.environ.items() if k != "LOKET_PSEUDONYM_KEY"}
    env["LOKET_KEY_FILE"] = str(key_file)
    loket = Path(sys.executable).with_name("loket")
    args = ["--data", str(demo_xlsx), "--region", "westelijke-mijnstreek", "--year", "2022"]
    run = subprocess.run([loket, "figures", *args], env=env, capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "is leeg" in run.stderr, run.stderr
    assert run.stdout == ""


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o660, 0o666, 0o700 | 0o044])
def test_a_key_file_others_may_read_is_refused(tmp_path, monkeypatch, mode):
    monkeypatch.delenv("LOKET_PSEUDONYM_KEY")
    path = tmp_path / ".loket-key"
    path.write_text("ab" * 32 + "\n")
    path.chmod(mode)
    monkeypatch.setenv("LOKET_KEY_FILE", str(path))
    with pytest.raises(RunError) as caught:
        keys.secret_key()
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    assert f"chmod 600 {path}" in message  # says how to fix it
    assert stat.S_IMODE(path.stat().st_mode) == mode  # never silently changed


@pytest.mark.parametrize("mode", [0o600, 0o400])
def test_a_private_key_file_is_accepted(tmp_path, monkeypatch, mode):
    monkeypatch.delenv("LOKET_PSEUDONYM_KEY")
    path = tmp_path / ".loket-key"
    path.write_text("ab" * 32 + "\n")
    path.chmod(mode)
    monkeypatch.setenv("LOKET_KEY_FILE", str(path))
    assert keys.secret_key() == ("ab" * 32).encode()


def test_the_command_line_refuses_a_readable_key_file(demo_xlsx, tmp_path):
    """As a user meets it: a real process, a key file readable by all, exit 2 and one line."""
    key_file = tmp_path / ".loket-key"
    key_file.write_text("cd" * 32 + "\n")
    key_file.chmod(0o644)
    env = {k: v for k, v in os.environ.items() if k != "LOKET_PSEUDONYM_KEY"}
    env["LOKET_KEY_FILE"] = str(key_file)
    loket = Path(sys.executable).with_name("loket")
    args = ["--data", str(demo_xlsx), "--region", "westelijke-mijnstreek", "--year", "2022"]
    run = subprocess.run([loket, "figures", *args], env=env, capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1, run.stderr
    assert run.stderr.startswith(f"loket: pseudonimiseringssleutel {key_file}")
    assert f"chmod 600 {key_file}" in run.stderr
    assert run.stdout == ""
