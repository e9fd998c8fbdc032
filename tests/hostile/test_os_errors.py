"""Bad ``--out`` and ``--data`` arguments and errors of the operating system (full disk,
permission denied, read-only, a name too long): one line, exit status 2, no traceback, and
nothing half-written left behind."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from renderkit import use_stub

from loketlib.cli import main
from loketlib.intake import digest, processed
from loketlib.report.job import MANIFEST

REGION, YEAR = "westelijke-mijnstreek", "2022"
LOKET = Path(sys.executable).with_name("loket")
ROOT = os.geteuid() == 0


def scope(data: Path) -> list[str]:
    return ["--data", str(data), "--region", REGION, "--year", YEAR]


def one_line(result, *expected: str) -> str:
    """Assert exit status 2 and exactly one line on standard error; return that line."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("loket: "), lines[0]
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    """A small filesystem of its own at ``path`` (root only; skips elsewhere)."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)])
    if mounted.returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


@contextlib.contextmanager
def read_only(path: Path):
    """Make the folder ``path`` read-only for this process, for real."""
    if ROOT:  # permissions do not stop root: remount the tmpfs the folder is on read-only
        subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(path)], check=True)
    else:
        modes = {p: p.stat().st_mode for p in [path, *path.rglob("*")] if p.is_dir()}
        for p in modes:
            p.chmod(0o555)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)


@contextlib.contextmanager
def writable_folder(path: Path):
    """A folder that :func:`read_only` can make read-only (its own tmpfs when root)."""
    if ROOT:
        with tmpfs(path, "4m"):
            yield path
    else:
        path.mkdir(parents=True)
        yield path


def snapshot(folder: Path) -> dict:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --------------------------------------------------------------------------- --out


def test_out_pointing_at_a_file(demo_xlsx, tmp_path):
    target = tmp_path / "rapport.html"
    target.write_text("van iemand anders")
    line = one_line(invoke("report", *scope(demo_xlsx), "--out", str(target)), str(target))
    assert "geen map" in line
    assert target.read_text() == "van iemand anders"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.html"]


def test_out_below_a_file(demo_xlsx, tmp_path):
    target = tmp_path / "rapport.html"
    target.write_text("x")
    one_line(invoke("report", *scope(demo_xlsx), "--out", str(target / "sub")))


def test_out_read_only_also_when_nothing_changed(demo_xlsx, tmp_path, monkeypatch):

    use_stub(monkeypatch)
    with writable_folder(tmp_path / "ro") as out:
        first = invoke("report", *scope(demo_xlsx), "--out", str(out), "--quiet")
        assert first.exit_code == 0, first.output
        again = invoke("report", *scope(demo_xlsx), "--out", str(out), "--quiet")
        assert "Niets veranderd" in again.stderr  # the case that used to end in a traceback
        before = snapshot(out)
        with read_only(out):
            one_line(invoke("report", *scope(demo_xlsx), "--out", str(out)), "niet schrijfbaar")
            one_line(invoke("report", *scope(demo_xlsx), "--out", str(out / "nieuw")))
        assert snapshot(out) == before


# --------------------------------------------------------------------------- --data


@pytest.mark.parametrize("command", ["figures", "report"])
def test_a_300_character_data_path(tmp_path, command):
    long_name = tmp_path / ("x" * 300 + ".xlsx")  # one name longer than the system allows
    out = ["--out", str(tmp_path / "out")] if command == "report" else []
    one_line(invoke(command, *scope(long_name), *out), "te lang")
    deep = tmp_path.joinpath(*["map"] * 75, "export.xlsx")  # 300 characters of folders
    assert len(str(deep)) > 300
    one_line(invoke(command, *scope(deep), *out), "not found")


def test_permission_denied_reading_the_export(demo_xlsx, tmp_path, monkeypatch):
    if ROOT:  # root reads any file: let reading it fail as it does for everyone else

        def denied(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))

        monkeypatch.setattr(digest, "file_sha256", denied)
        data = demo_xlsx
    else:
        data = Path(demo_xlsx).with_name("geheim.xlsx")
        data.write_bytes(Path(demo_xlsx).read_bytes())
        data.chmod(0)
    one_line(invoke("figures", *scope(data)), str(data), "geen toestemming")


# --------------------------------------------------------------------------- full disk


def test_a_full_disk_while_caching(demo_xlsx, tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_PROCESSED_DIR", str(tmp_path / "processed"))
    processed._LOADED.clear()

    def full(frame, path, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    result = invoke("figures", *scope(demo_xlsx))
    one_line(result, "de schijf is vol")
    assert result.stdout == ""
    assert list((tmp_path / "processed").iterdir()) == []


@pytest.mark.slow
def test_a_full_disk_while_rendering(demo_xlsx, tmp_path):
    """A real full disk (a 60 kB tmpfs): one line, and no report, staging or index left."""
    with tmpfs(tmp_path / "small", "60k") as small:
        out = small / "out"
        run = subprocess.run(
            [LOKET, "report", *scope(demo_xlsx), "--out", str(out), "--quiet"],
            capture_output=True,
            text=True,
            env=os.environ,
        )
        assert run.returncode == 2, run.stderr
        assert run.stderr.count("\n") == 1 and "de schijf is vol" in run.stderr, run.stderr
        assert [p.name for p in out.iterdir()] == [".loket-lock"]


@pytest.mark.parametrize("step", ["copy", "seal", "index"])
def test_a_full_disk_at_any_step_leaves_the_previous_report(demo_xlsx, tmp_path, monkeypatch, step):
    """The disk fills while the previous report is copied aside, while the manifest is sealed,
    or while the index is written: the report stays as it was, nothing staged is left."""
    import shutil

    from loketlib.report import staging

    use_stub(monkeypatch)
    out = tmp_path / "out"
    assert invoke("report", *scope(demo_xlsx), "--out", str(out), "--quiet").exit_code == 0
    before = snapshot(out / YEAR)

    index = (out / "index.html").read_bytes()
    real_replace = os.replace

    def full(*args, **kwargs):
        if step == "index" and Path(args[-1]).name != "index.html":
            return real_replace(*args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device", str(args[-1]))

    if step == "copy":
        monkeypatch.setattr(shutil, "copyfile", full)
    elif step == "seal":
        monkeypatch.setattr(staging, "file_sha256", full)
    else:
        monkeypatch.setattr(staging.os, "replace", full)
    result = invoke("report", *scope(demo_xlsx), "--out", str(out), "--force")
    one_line(result, "de schijf is vol")
    if step != "index":  # the index is written last, after the new report is in place
        assert snapshot(out / YEAR) == before
    assert (out / "index.html").read_bytes() == index
    assert not list(out.glob(".loket-tmp-*"))
    left = {p.name for p in out.rglob(".*")}
    assert left == {".loket-lock", MANIFEST}, left  # the lock, the report's manifest: no more
