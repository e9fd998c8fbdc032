"""Tests of `loket figures`: JSON on stdout only; structural errors exit 2 with one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from exportkit import minimal_sheets, traject, write_folder, write_xlsx

from loketlib.cli import main

LOKET = Path(sys.executable).parent / "loket"
ROWS = [
    traject(Trajectnummer="T1", Datum_aanmelding="05-01-2022", Naam="Geheim Persoon"),
    traject(Trajectnummer="T2", Datum_aanmelding="31-02-2022"),
]


def _args(path, *extra):
    return [
        "figures",
        "--data",
        str(path),
        "--region",
        "westelijke-mijnstreek",
        "--year",
        "2022",
        *extra,
    ]


def _runner():
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 always keeps stderr apart
        return CliRunner()


def test_figures_json_on_stdout(tmp_path):
    folder = write_folder(tmp_path / "export", minimal_sheets(*ROWS))
    result = _runner().invoke(main, _args(folder))
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["meta"]["region"] == "westelijke-mijnstreek"
    assert figures["housing"]["registrations"] == 1
    assert figures["meta"]["sheets"]["trajecten"]["quarantined"] == 1
    assert "Geheim" not in result.stdout


def test_figures_peildatum_and_bad_peildatum(tmp_path):
    folder = write_folder(tmp_path / "export", minimal_sheets(*ROWS))
    result = _runner().invoke(main, _args(folder, "--peildatum", "01-01-2022"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["housing"]["registrations"] == 0
    result = _runner().invoke(main, _args(folder, "--peildatum", "2022-13-01"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "loket: --peildatum 2022-13-01: gebruik DD-MM-JJJJ, bijvoorbeeld 31-12-2022"
    ]


@pytest.mark.parametrize("command", ["figures", "reconcile", "report"])
def test_a_year_outside_2000_2100_or_a_peildatum_before_it_is_one_line(tmp_path, command):
    folder = write_folder(tmp_path / "export", minimal_sheets(*ROWS))
    base = [command, "--data", str(folder), "--region", "westelijke-mijnstreek"]
    out = ["--out", str(tmp_path / "out")] if command == "report" else []
    year0 = _runner().invoke(main, [*base, "--year", "0", *out])
    assert year0.exit_code == 2
    assert year0.stderr.splitlines() == ["loket: jaar 0: kies een jaar van 2000 tot en met 2100"]
    early = _runner().invoke(main, [*base, "--year", "2023", "--peildatum", "30-06-2022", *out])
    assert early.exit_code == 2
    assert early.stderr.splitlines() == [
        "loket: --peildatum 30-06-2022 ligt voor de eerste dag van periode 2023 (01-01-2023): "
        "er zou niets meetellen"
    ]
    assert not (tmp_path / "out").exists()


def _structural_cases(tmp_path):
    ok = minimal_sheets(*ROWS)
    cases = {}
    cases["missing"] = (tmp_path / "nope.xlsx", ["nope.xlsx"])
    folder = write_folder(tmp_path / "no-sheet", ok)
    (folder / "taakstelling.csv").unlink()
    cases["missing sheet"] = (folder, ["no-sheet", "taakstelling"])
    headers, rows = ok["trajecten"]
    i = headers.index("Regio")
    broken = dict(ok)
    broken["trajecten"] = (
        [h for j, h in enumerate(headers) if j != i],
        [[v for j, v in enumerate(r) if j != i] for r in rows],
    )
    cases["missing column"] = (
        write_xlsx(tmp_path / "geen-regio.xlsx", broken),
        ["geen-regio.xlsx", "trajecten", "Regio"],
    )
    text = tmp_path / "export.txt"
    text.write_text("geen werkboek\n")
    cases["not a workbook"] = (text, ["export.txt"])
    corrupt = tmp_path / "kapot.xlsx"
    corrupt.write_bytes(b"PK\x03\x04garbage")
    cases["corrupt"] = (corrupt, ["kapot.xlsx"])
    empty = write_folder(tmp_path / "leeg", ok)
    (empty / "zorgaanbieders.csv").write_bytes(b"")
    cases["empty sheet"] = (empty, ["zorgaanbieders.csv", "zorgaanbieders"])
    return cases


CASES = ["missing", "missing sheet", "missing column", "not a workbook", "corrupt", "empty sheet"]


@pytest.mark.parametrize("case", CASES)
def test_structural_error_click(tmp_path, case):
    path, names = _structural_cases(tmp_path)[case]
    result = _runner().invoke(main, _args(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for name in names:
        assert name in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not LOKET.exists(), reason="console script not installed")
def test_figures_subprocess(tmp_path):
    folder = write_folder(tmp_path / "export", minimal_sheets(*ROWS))
    env = {**os.environ, "LOKET_PROCESSED_DIR": str(tmp_path / "processed")}
    done = subprocess.run(
        [str(LOKET), *_args(folder)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)  # stdout is only JSON
    assert figures["housing"]["registrations"] == 1
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not LOKET.exists(), reason="console script not installed")
@pytest.mark.parametrize("case", CASES)
def test_structural_error_subprocess(tmp_path, case):
    path, names = _structural_cases(tmp_path)[case]
    env = {**os.environ, "LOKET_PROCESSED_DIR": str(tmp_path / "processed")}
    done = subprocess.run(
        [str(LOKET), *_args(path)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("loket: ")
    for name in names:
        assert name in lines[0]
    assert "Traceback" not in done.stderr


def _scope(folder, *scope):
    return ["figures", "--data", str(folder), "--region", "westelijke-mijnstreek", *scope]


def test_figures_period(tmp_path):
    rows = [
        traject(Trajectnummer="T1", Datum_aanmelding="05-01-2022"),
        traject(Trajectnummer="T3", Datum_aanmelding="05-08-2022"),
    ]
    folder = write_folder(tmp_path / "export", minimal_sheets(*rows))
    result = _runner().invoke(main, _scope(folder, "--period", "2022-Q3"))
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["meta"]["period"] == {
        "label": "2022-Q3",
        "start": "2022-07-01",
        "end": "2022-09-30",
    }
    assert figures["housing"]["registrations"] == 1
    year = json.loads(_runner().invoke(main, _scope(folder, "--year", "2022")).stdout)
    period = json.loads(_runner().invoke(main, _scope(folder, "--period", "2022")).stdout)
    assert year == period and year["housing"]["registrations"] == 2


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        (["--year", "2022", "--peildatum", "30-06-2021"], "voor de eerste dag van periode 2022"),
        (["--period", "2022-Q3", "--peildatum", "30-06-2022"], "voor de eerste dag"),
        (["--year", "1999"], "van 2000 tot en met 2100"),
        (["--period", "2101-Q1"], "van 2000 tot en met 2100"),
        (["--period", "2022-Q5"], "onleesbaar"),
        (["--period", "2022-H1", "--year", "2022"], "precies een van --year en --period"),
        ([], "precies een van --year en --period"),
        (["--year", "2022", "--peildatum", "31-02-2022"], "gebruik DD-MM-JJJJ"),
    ],
)
def test_bad_period_or_peildatum_exits_2_with_one_line(tmp_path, scope, message):
    folder = write_folder(tmp_path / "export", minimal_sheets(*ROWS))
    for command in ("figures", "reconcile"):
        args = [command, *_scope(folder, *scope)[1:]]
        result = _runner().invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("loket: ") and message in lines[0]
