"""No personal data leaves the processed folder; the extern report is protected.

A recognisable name, a valid BSN and a birth date are planted into one Westelijke Mijnstreek
trajectory of a copy of the demo CSV export. The report is rendered intern and extern (with the
research) by the command line, ``loket figures`` is run, and every file written (and everything
printed, by loket or by the kernel) is searched for them. Only ``quarantine.parquet`` in the
processed folder may hold raw values, and the planted row is a clean one, so it is not there
either.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from click.testing import CliRunner

from loketlib.cli import main
from loketlib.paths import processed_dir
from loketlib.report.sections import RESEARCH, applicable
from loketlib.report.suppress import MARKER, is_recoverable, is_small

pytestmark = pytest.mark.slow

REGION = "westelijke-mijnstreek"
YEAR = 2022
THRESHOLD = 5
NAME = "Zwanhilde Pruimenboom"
BSN = "123456782"  # passes the 11-proef
BIRTH = "17-03-1961"
SECRETS = (
    NAME,
    "Zwanhilde",
    "Pruimenboom",
    BSN,
    "17-03-1961",
    "1961-03-17",
    "17-3-1961",
    "1961-3-17",
    "17/03/1961",
    "1961/03/17",
    "17 maart 1961",
)
TRAJECTORY = re.compile(r"LH-\d{4}-\d{5}")
PARAMETERS = {"data", "region", "year", "period", "peildatum", "audience", "threshold"}


@contextmanager
def captured_fds():
    """Everything written to file descriptors 1 and 2, the kernel's output included."""
    with tempfile.TemporaryFile() as sink:
        saved = {fd: os.dup(fd) for fd in (1, 2)}
        try:
            for fd in (1, 2):
                os.dup2(sink.fileno(), fd)
            box: dict[str, str] = {}
            yield box
        finally:
            for fd, copy in saved.items():
                os.dup2(copy, fd)
                os.close(copy)
        sink.seek(0)
        box["text"] = sink.read().decode("utf-8", errors="replace")


def plant(src: Path, dst: Path) -> str:
    """Copy the CSV export; give one clean, unique Westelijke Mijnstreek row the secrets."""
    from loketlib.intake.processed import load

    shutil.copytree(src, dst)
    path = dst / "trajecten.csv"
    rows = pd.read_csv(path, encoding="cp1252", sep=";", dtype=str, keep_default_na=False)
    clean = load(src).tables["trajecten"]
    ok = clean[clean["region"].eq(REGION) & clean["product"].eq("housing")]
    ok = ok[ok["registered_on"].dt.year.eq(YEAR)]
    counts = rows["Trajectnummer"].value_counts()
    candidates = [t for t in ok["trajectory_id"] if counts.get(t, 0) == 1]
    assert candidates, "no clean 2022 trajectory in Westelijke Mijnstreek"
    trajectory = candidates[0]
    row = rows.index[rows["Trajectnummer"].eq(trajectory)][0]
    rows.loc[row, ["Naam", "BSN", "Geboortedatum"]] = [NAME, BSN, BIRTH]
    rows.to_csv(path, encoding="cp1252", sep=";", index=False)
    return trajectory


@pytest.fixture(scope="module")
def planted(demo_csv, tmp_path_factory):
    root = tmp_path_factory.mktemp("privacy")
    data = root / "export"
    trajectory = plant(demo_csv, data)
    out = root / "out"
    runner = CliRunner()
    results = []
    with captured_fds() as fds:
        for audience in ("intern", "extern"):
            args = ["report", "--data", str(data), "--region", REGION, "--year", str(YEAR)]
            args += ["--out", str(out), "--audience", audience, "--quiet"]
            results.append(runner.invoke(main, args))
        args = ["figures", "--data", str(data), "--region", REGION, "--year", str(YEAR)]
        results.append(runner.invoke(main, args))
    for result in results:
        assert result.exit_code == 0, result.output
    printed = fds["text"] + "".join(r.stdout + r.stderr for r in results)
    return {
        "data": data,
        "out": out,
        "intern": out / str(YEAR) / REGION,
        "extern": out / str(YEAR) / REGION / "extern",
        "printed": printed,
        "figures_stdout": results[-1].stdout,
        "trajectory": trajectory,
    }


def _text(path: Path) -> str:
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path)
        return frame.to_csv(index=False) + path.read_bytes().decode("latin-1")
    return path.read_bytes().decode("utf-8", errors="replace")


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s.lower() in text.lower()]


def test_the_planted_row_is_read_and_clean(planted):
    from loketlib.intake.processed import load

    clean = load(planted["data"])
    row = clean.tables["trajecten"]
    assert planted["trajectory"] in set(row["trajectory_id"])
    assert planted["trajectory"] not in set(clean.quarantine["trajectory_id"].dropna())
    assert (planted["intern"] / f"jaarverslag-{REGION}-{YEAR}.html").is_file()
    assert (planted["extern"] / f"huurachterstand-{REGION}-{YEAR}.html").is_file()
    assert json.loads(planted["figures_stdout"])["meta"]["region"] == REGION
    # the search finds what was planted where it was planted
    assert {NAME, BSN, BIRTH} <= set(_leaks(_text(planted["data"] / "trajecten.csv")))


def test_no_personal_data_in_any_file_written(planted):
    files = [p for p in planted["out"].rglob("*") if p.is_file()]
    assert any(p.suffix == ".ipynb" for p in files)
    assert any(p.name == "figures.json" for p in files)
    assert any(p.name == "index.html" for p in files)
    assert any(".loket" in p.parts for p in files)
    found = {str(p): _leaks(_text(p)) for p in files}
    assert {p: s for p, s in found.items() if s} == {}


def test_no_personal_data_in_the_processed_folder(planted):
    files = [
        p for p in processed_dir().rglob("*") if p.is_file() and p.name != "quarantine.parquet"
    ]
    assert any(p.name == "trajecten.parquet" for p in files)
    found = {str(p): _leaks(_text(p)) for p in files}
    assert {p: s for p, s in found.items() if s} == {}


def test_no_personal_data_printed(planted):
    assert planted["printed"].strip()  # the paths at least
    assert _leaks(planted["printed"]) == []


def test_notebook_parameters_are_paths_and_options(planted):
    for audience in ("intern", "extern"):
        for s in (*_sections(planted[audience]), RESEARCH):
            path = planted[audience] / "notebooks" / f"{s.slug}.ipynb"
            nb = nbformat.read(path, as_version=4)
            injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
            assert len(injected) == 1, path
            values: dict = {}
            exec(injected[0].source, {}, values)  # noqa: S102 - papermill's own assignments
            assert set(values) == PARAMETERS, (path, sorted(values))
            assert values == {
                "data": str(planted["data"].resolve()),
                "region": REGION,
                "year": YEAR,
                "period": str(YEAR),
                "peildatum": "",
                "audience": audience,
                "threshold": THRESHOLD,
            }
            assert nb.metadata["papermill"]["parameters"] == values


# --------------------------------------------------------------------------- extern


def _sections(folder: Path) -> tuple:
    """The sections of the report in ``folder`` (those that apply to its figures)."""
    return applicable(json.loads((folder / "figures.json").read_text("utf-8")))


def _extern_pages(folder: Path) -> list[Path]:
    pages = sorted(folder.glob("*.html")) + sorted((folder / "secties").glob("*.html"))
    assert len(pages) >= 2 + len(_sections(folder)) + 1
    return pages


def test_extern_first_page_says_protected(planted):
    html = (planted["extern"] / f"jaarverslag-{REGION}-{YEAR}.html").read_text("utf-8")
    header = html[: html.index("</header>")]
    assert "Beveiligde versie" in header
    intern = (planted["intern"] / f"jaarverslag-{REGION}-{YEAR}.html").read_text("utf-8")
    assert "Beveiligde versie" not in intern


def test_extern_figures_are_marked_protected(planted):
    extern = json.loads((planted["extern"] / "figures.json").read_text("utf-8"))
    assert extern["meta"]["protected"] == {"audience": "extern", "threshold": THRESHOLD}
    intern = json.loads((planted["intern"] / "figures.json").read_text("utf-8"))
    assert not intern["meta"].get("protected")


def test_no_trajectory_numbers_in_extern_html(planted):
    for page in _extern_pages(planted["extern"]):
        assert TRAJECTORY.findall(page.read_text("utf-8")) == [], page
    # the check can see them: the intern data-quality appendix points at quarantined rows
    intern = (planted["intern"] / "secties" / "07-datakwaliteit.html").read_text("utf-8")
    assert TRAJECTORY.search(intern)


def _breakdowns(f: dict):
    """(name, parts, total) of every breakdown that ``protect_figures`` protects."""
    h = f["housing"]
    yield "negative_closure_reasons", h["negative_closure_reasons"], h["closed_negative"]
    yield "registrations_by_referrer_type", h["registrations_by_referrer_type"], h["registrations"]
    ft = f["fast_track"]
    parts = ("placed_fast_track", "placed_regular", "rejected", "pending")
    yield "fast_track", {k: ft[k] for k in parts if k in ft}, ft["registrations"]
    codes = [k for k, v in f["corporations"].items() if isinstance(v, dict)]
    yield "corporations", {c: f["corporations"][c]["placements"] for c in codes}, h["placements"]
    for cohort, c in f["sustainability"].items():
        for key in ("housing_status", "nuisance", "arrears"):
            if isinstance(c.get(key), dict):
                yield f"sustainability.{cohort}.{key}", c[key], c["cohort_size"]


def test_extern_figures_hide_small_counts(planted):
    extern = json.loads((planted["extern"] / "figures.json").read_text("utf-8"))
    intern = json.loads((planted["intern"] / "figures.json").read_text("utf-8"))
    suppressed = 0
    for name, parts, total in _breakdowns(extern):
        assert not any(is_small(v, THRESHOLD) for v in parts.values()), (name, parts)
        assert not is_recoverable(parts, total), (name, parts, total)
        suppressed += sum(v == MARKER for v in parts.values())
    assert suppressed > 0  # the demo has small counts, so something was hidden
    singles = [("rooms_with_chances", "registrations"), ("rooms_with_chances", "placements")]
    singles += [("complaints", "received"), ("complaints", "committee_decisions")]
    for group, key in singles:
        if key in extern.get(group, {}):
            assert not is_small(extern[group][key], THRESHOLD), (group, key)
    # means over fewer than threshold people are not shown
    for code, c in intern["corporations"].items():
        if isinstance(c, dict) and c["placements"] < THRESHOLD:
            assert extern["corporations"][code]["mean_wait_months"] is None, code
    # totals are the same in both
    assert extern["housing"]["registrations"] == intern["housing"]["registrations"]
    assert extern["corporations"]["quota_total"] == intern["corporations"]["quota_total"]
