"""The processed cache is verified, not trusted: damage is found, warned about and rebuilt."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from loketlib.figures import compute
from loketlib.intake import digest, processed

REGION, YEAR = "westelijke-mijnstreek", 2022


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_PROCESSED_DIR", str(tmp_path / "processed"))
    processed._LOADED.clear()
    yield tmp_path / "processed"
    processed._LOADED.clear()


@pytest.fixture(scope="module")
def truth(demo_xlsx):
    """The demo figures, cleaned from the export (not from any cache)."""
    from loketlib.intake.clean import clean
    from loketlib.intake.export import read_export

    return compute(clean(read_export(demo_xlsx)), REGION, YEAR, None)


def fresh_load(path):
    processed._LOADED.clear()  # as a new process would
    return processed.load(path)


def stored(cache_dir) -> Path:
    [folder] = [p for p in cache_dir.iterdir() if not p.name.startswith(".")]
    return folder


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _tamper(path: Path) -> None:
    """A valid parquet file with other content: every second trajectory left out."""
    frame = pd.read_parquet(path)
    frame.iloc[::2].to_parquet(path, index=False)


def _forget_manifest(path: Path) -> None:
    path.write_text(path.read_text()[:40])


@pytest.mark.parametrize(
    ("damage", "name", "said"),
    [
        (_truncate, "trajecten.parquet", "veranderd of afgebroken"),
        (_tamper, "trajecten.parquet", "veranderd of afgebroken"),
        (Path.unlink, "nametingen.parquet", "ontbreekt"),
        (Path.unlink, "quarantine.parquet", "ontbreekt"),
        (_forget_manifest, "manifest.json", "onleesbaar"),
    ],
)
def test_damaged_cache_is_rebuilt_with_a_warning(
    demo_xlsx, cache_dir, truth, capsys, damage, name, said
):
    fresh_load(demo_xlsx)
    folder = stored(cache_dir)
    damage(folder / name)
    capsys.readouterr()
    again = fresh_load(demo_xlsx)
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "waarschuwing" in err and name in err and said in err
    assert compute(again, REGION, YEAR, None) == truth
    # rebuilt for good: the next load is silent and the folder is whole again
    fresh_load(demo_xlsx)
    assert capsys.readouterr().err == ""
    assert processed._damage(stored(cache_dir)) == ""


def test_the_command_warns_and_prints_correct_figures(demo_xlsx, cache_dir, truth):
    fresh_load(demo_xlsx)
    _tamper(stored(cache_dir) / "trajecten.parquet")
    loket = Path(sys.executable).with_name("loket")
    args = ["figures", "--data", str(demo_xlsx), "--region", REGION, "--year", str(YEAR)]
    run = subprocess.run([loket, *args], capture_output=True, text=True, env=os.environ)
    assert run.returncode == 0, run.stderr
    assert run.stderr.startswith("loket: waarschuwing: cache ") and run.stderr.count("\n") == 1
    assert json.loads(run.stdout) == json.loads(json.dumps(truth))


def test_a_failed_write_leaves_no_cache(demo_xlsx, cache_dir, truth, monkeypatch):
    """A full disk part-way through writing: no folder is left, complete or not."""
    real = pd.DataFrame.to_parquet
    written = []

    def full_disk(frame, path, *args, **kwargs):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        written.append(path)
        return real(frame, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full_disk)
    with pytest.raises(OSError):
        fresh_load(demo_xlsx)
    assert list(cache_dir.iterdir()) == []
    monkeypatch.setattr(pd.DataFrame, "to_parquet", real)
    assert compute(fresh_load(demo_xlsx), REGION, YEAR, None) == truth


def test_a_killed_write_is_never_read_as_complete(demo_xlsx, cache_dir, truth):
    """Kill ``loket figures`` at several moments; what is left is whole, or rebuilt."""
    loket = Path(sys.executable).with_name("loket")
    args = ["figures", "--data", str(demo_xlsx), "--region", REGION, "--year", str(YEAR)]
    for delay in (0.5, 1.5, 3.0):
        run = subprocess.Popen([loket, *args], stdout=subprocess.DEVNULL, env=os.environ)
        time.sleep(delay)
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        for folder in cache_dir.iterdir() if cache_dir.exists() else []:
            if not folder.name.startswith("."):
                assert processed._damage(folder) == "", folder
    assert compute(fresh_load(demo_xlsx), REGION, YEAR, None) == truth
    assert [p for p in cache_dir.iterdir() if p.name.startswith(".")] == []  # abandoned: gone


def test_quarantine_is_private(demo_xlsx, cache_dir):
    fresh_load(demo_xlsx)
    folder = stored(cache_dir)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "quarantine.parquet").stat().st_mode) == 0o600
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"a.csv": "bc"}, {"a.c": "svbc"}),  # name and content run together the same way
        ({"a.csv": "x", "b.csv": "y"}, {"a.csv": "xb.csvy"}),  # one file or two
    ],
)
def test_folder_digests_are_unambiguous(tmp_path, first, second):
    folders = []
    for number, files in enumerate((first, second)):
        folder = tmp_path / str(number)
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_text(text)
        folders.append(folder)
    assert digest.export_digest(folders[0]) != digest.export_digest(folders[1])
