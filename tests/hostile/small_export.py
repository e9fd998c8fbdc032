"""A copy of the demo export in which Westelijke Mijnstreek keeps one trajectory in 40, so that
its totals (registrations, closures, invoiced trajectories, cohort sizes, years of the
meerjarenoverzicht) are small; rendered once extern (shared fixture)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from loketlib.cli import main

REGION = "westelijke-mijnstreek"
YEAR = 2022
THRESHOLD = 5
KEEP_ONE_IN = 40
ENCODING = "cp1252"
NEWLINE = "\r\n"
#: Sheets whose rows belong to a trajectory (first column Trajectnummer).
PER_TRAJECTORY = ("facturen", "nametingen", "huurachterstanden")


def _lines(path: Path) -> list[str]:
    return path.read_bytes().decode(ENCODING).split(NEWLINE)


def _write(path: Path, lines: list[str]) -> None:
    path.write_bytes(NEWLINE.join(lines).encode(ENCODING))


def build(demo_csv: Path, folder: Path) -> Path:
    """The demo CSV export with most Westelijke Mijnstreek trajectories (and their invoices,
    follow-ups and arrears) left out; the other regions as they are."""
    shutil.copytree(demo_csv, folder)
    lines = _lines(folder / "trajecten.csv")
    region = lines[0].split(";").index("Regio")
    rows = [line.split(";") for line in lines[1:] if line]
    mine = [r[0] for r in rows if r[region] == "Westelijke Mijnstreek"]
    dropped = set(mine) - set(mine[::KEEP_ONE_IN])
    kept = [";".join(r) for r in rows if r[0] not in dropped]
    _write(folder / "trajecten.csv", [lines[0], *kept, ""])
    for sheet in PER_TRAJECTORY:
        lines = _lines(folder / f"{sheet}.csv")
        kept = [line for line in lines[1:] if line and line.split(";")[0] not in dropped]
        _write(folder / f"{sheet}.csv", [lines[0], *kept, ""])
    return folder


@pytest.fixture(scope="session")
def small_reports(demo_csv, tmp_path_factory) -> dict:
    """The small export and its extern report (threshold 5)."""
    root = tmp_path_factory.mktemp("hostile-small")
    data = build(demo_csv, root / "export")
    out = root / "out"
    args = ["report", "--data", str(data), "--region", REGION, "--year", str(YEAR)]
    args += ["--out", str(out), "--audience", "extern", "--threshold", str(THRESHOLD), "--quiet"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return {"data": data, "extern": out / str(YEAR) / REGION / "extern"}
