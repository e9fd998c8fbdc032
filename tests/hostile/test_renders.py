"""Real kills and concurrent runs of ``loket report``: the output folder always holds one
complete report (the previous one, the new one, or none), never a mix, and the next run
renders correctly.

A folder is whole when every file its manifest lists has the recorded sha256, no other file
is there, and figures, sections, research and notebooks all name the export the manifest
records. Full renders are few (each costs 15–40 s here).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from loketlib.figures import compute
from loketlib.intake import digest, processed
from loketlib.report.job import MANIFEST
from loketlib.report.sections import applicable

pytestmark = pytest.mark.slow

REGION, YEAR = "westelijke-mijnstreek", 2022
LOKET = Path(sys.executable).with_name("loket")


@pytest.fixture(scope="module")
def exports(demo_xlsx, tmp_path_factory) -> dict[str, Path]:
    """The demo export, and a copy in which one 2022 registration moved to another region."""
    folder = tmp_path_factory.mktemp("exports")
    a = shutil.copy(demo_xlsx, folder / "demo-export-a.xlsx")
    book = openpyxl.load_workbook(a)
    sheet = book["trajecten"]
    header = [cell.value for cell in sheet[1]]
    region, registered = header.index("Regio"), header.index("Datum aanmelding")
    for row in sheet.iter_rows(min_row=2):
        if row[region].value == "Westelijke Mijnstreek" and row[registered].value.year == YEAR:
            row[region].value = "Parkstad"
            break
    b = folder / "demo-export-b.xlsx"
    book.save(b)
    return {"a": Path(a), "b": b}


@pytest.fixture(scope="module")
def truth(exports) -> dict[str, dict]:
    """Per export: its clean key and its figures (computed in this process)."""
    out = {}
    for name, path in exports.items():
        figures = compute(processed.load(path), REGION, YEAR, None)
        out[name] = {
            "clean_key": digest.clean_key(path),
            "figures": json.loads(json.dumps(figures)),
        }
    assert out["a"]["figures"] != out["b"]["figures"], "the two exports must differ"
    return out


def start(data: Path, out: Path, *extra: str) -> subprocess.Popen:
    args = ["report", "--data", str(data), "--region", REGION, "--year", str(YEAR)]
    return subprocess.Popen(
        [LOKET, *args, "--out", str(out), "--quiet", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ,
    )


def finish(run: subprocess.Popen) -> str:
    out, err = run.communicate(timeout=600)
    assert run.returncode == 0, err
    return err


def kill_when(run: subprocess.Popen, ready) -> None:
    """SIGKILL the run as soon as ``ready()`` holds (or when it ended by itself)."""
    while run.poll() is None and not ready():
        time.sleep(0.05)
    if run.poll() is None:
        os.kill(run.pid, signal.SIGKILL)
    run.communicate()


def after(seconds: float):
    deadline = time.monotonic() + seconds
    return lambda: time.monotonic() >= deadline


def staged(out: Path, pattern: str):
    return lambda: any(out.glob(f".loket-tmp-*/{pattern}"))


def whole(folder: Path, exports: dict[str, Path], truth: dict) -> tuple[str, str]:
    """Assert ``folder`` is one complete report; return (export name, run id)."""
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    files = {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST and "extern" not in p.relative_to(folder).parts
    }
    assert files == manifest["files"], "files differ from the manifest"
    [name] = [n for n, t in truth.items() if t["clean_key"] == manifest["clean_key"]]
    source = exports[name]
    figures = json.loads((folder / "figures.json").read_text("utf-8"))
    assert figures == truth[name]["figures"]
    sections = len(applicable(figures)) + 1  # and the research
    pages = [*folder.glob("secties/*.html"), *folder.glob("*.html")]
    assert len(pages) == sections + 2  # and the jaarverslag and the research as pages
    for page in pages:
        assert f"bron: {source.name}" in page.read_text("utf-8"), page
    notebooks = sorted(folder.glob("notebooks/*.ipynb"))
    assert len(notebooks) == sections
    for notebook in notebooks:
        assert json.dumps(str(source)) in notebook.read_text("utf-8"), notebook
    return name, manifest["run"]


def test_killed_runs_leave_the_previous_report_and_force_heals(exports, truth, tmp_path):
    out = tmp_path / "out"
    folder = out / str(YEAR) / REGION

    # a first run killed while executing: no report at all, and no index listing one
    run = start(exports["a"], out)
    kill_when(run, staged(out, "notebooks/*.ipynb"))
    assert not folder.exists()
    assert not (out / "index.html").exists()

    # a complete render of export a
    finish(start(exports["a"], out))
    name, first_run = whole(folder, exports, truth)
    assert name == "a"

    # runs of export b killed at several moments: export a's report stays, whole
    for ready in (
        after(1),
        after(4),
        staged(out, ".loket/*.html"),
        after(8),
        staged(out, "secties/huurachterstand.html"),
        staged(out, "notebooks/*.ipynb"),  # last: this kill surely leaves a staged folder
    ):
        kill_when(start(exports["b"], out), ready)
        name, run_id = whole(folder, exports, truth)
        assert (name, run_id) == ("a", first_run) or name == "b"
    assert list(out.glob(".loket-tmp-*")), "the kills left no staged folder behind to clean"

    # --force after the kills: export b's report, whole; nothing left of the killed runs
    err = finish(start(exports["b"], out, "--force"))
    assert "Traceback" not in err
    name, second_run = whole(folder, exports, truth)
    assert name == "b" and second_run != first_run
    assert not list(out.glob(".loket-tmp-*"))
    assert not list(folder.rglob("*.mislukt.ipynb"))
    index = (out / "index.html").read_text("utf-8")
    assert f"{YEAR}/{REGION}/jaarverslag-{REGION}-{YEAR}.html" in index

    # and the next run finds nothing changed
    assert "Niets veranderd" in finish(start(exports["b"], out))
    assert whole(folder, exports, truth) == ("b", second_run)


def test_two_concurrent_renders_end_with_one_report(exports, truth, tmp_path):
    out = tmp_path / "out"
    first = start(exports["a"], out)
    time.sleep(0.5)
    second = start(exports["b"], out)
    errors = {"a": finish(first), "b": finish(second)}
    waited = [name for name, err in errors.items() if "wachten tot die klaar is" in err]
    assert len(waited) == 1, errors  # one run waited for the other
    name, _run = whole(out / str(YEAR) / REGION, exports, truth)
    assert name == waited[0]  # the report of the run that went last
    assert not list(out.glob(".loket-tmp-*"))


def test_an_intern_render_carries_the_extern_report_along(demo_xlsx, tmp_path, monkeypatch):
    """The extern report lives inside the intern folder; swapping the intern report in whole
    keeps it, untouched, and each folder keeps its own manifest."""
    from renderkit import use_stub

    from loketlib.report.job import Job
    from loketlib.report.plan import render

    use_stub(monkeypatch)
    out = tmp_path / "out"
    intern, extern = Job(demo_xlsx, REGION, YEAR), Job(demo_xlsx, REGION, YEAR, audience="extern")
    render([intern], out, progress=False)
    render([extern], out, progress=False)
    folder = out / str(YEAR) / REGION
    before = {p: p.read_bytes() for p in (folder / "extern").rglob("*") if p.is_file()}
    render([intern], out, progress=False, force=True)
    after = {p: p.read_bytes() for p in (folder / "extern").rglob("*") if p.is_file()}
    assert after == before
    manifest = json.loads((folder / MANIFEST).read_text())
    assert not any(name.startswith("extern/") for name in manifest["files"])
    index = (out / "index.html").read_text("utf-8")
    assert f"{REGION}/extern/jaarverslag-{REGION}-{YEAR}.html" in index
    assert f"{REGION}/jaarverslag-{REGION}-{YEAR}.html" in index
    assert not list(out.glob(".loket-tmp-*"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda folder: (folder / MANIFEST).write_text('{"sections": '),
        lambda folder: (folder / MANIFEST).write_text("[]"),
        lambda folder: (folder / "figures.json").unlink(),
    ],
)
def test_a_damaged_report_is_rendered_again(demo_xlsx, tmp_path, monkeypatch, damage):
    from renderkit import StubRenderer, use_stub

    from loketlib.report.job import Job
    from loketlib.report.plan import render

    use_stub(monkeypatch)
    out, job = tmp_path / "out", Job(demo_xlsx, REGION, YEAR)
    render([job], out, progress=False)
    [unchanged] = render([job], out, progress=False)
    assert unchanged.rendered == [] and unchanged.skipped
    damage(out / str(YEAR) / REGION)
    runs = StubRenderer.runs
    render([job], out, progress=False)
    assert StubRenderer.runs == runs + 1
    assert (out / str(YEAR) / REGION / "figures.json").exists()
