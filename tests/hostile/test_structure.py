"""Hostile structure (issue 11, contract §4): every case ends in exit status 2 with exactly one
line on standard error naming file, sheet and column, never silence, a traceback, a hang or
memory exhaustion. Optional sheets whose header cannot be found, two files or sheets for one
sheet, sheets over the size limits (a sparse workbook, a zip bomb, a lying dimension, a huge
CSV) and paths that are not regular files (a pipe, a device, a folder)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from exportkit import (
    minimal_sheets,
    patch_xlsx,
    traject,
    write_folder,
    write_xlsx,
)

from loketlib.cli import main
from loketlib.intake import limits
from loketlib.intake.sheets import SHEETS

LOKET = Path(sys.executable).parent / "loket"
ROWS = [traject(Trajectnummer="T1", Datum_aanmelding="05-01-2022")]
INVOICE_HEADERS = [c.header for c in SHEETS["facturen"].columns]
INVOICE_ROWS = [["T1", "01-02-2022", "1.250,00"], ["T1", "01-03-2022", "1.250,00"]]
#: Address space of a subprocess reading a hostile workbook: far below what it would ask for.
MEMORY_LIMIT = 1536 * 2**20


def _args(path: Path) -> list[str]:
    return ["figures", "--data", str(path), "--region", "westelijke-mijnstreek", "--year", "2022"]


def _fails(path: Path, *names: str) -> str:
    """`loket figures` in-process: exit 2, nothing on stdout, one stderr line naming ``names``."""
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart
        runner = CliRunner()
    result = runner.invoke(main, _args(path))
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    return _one_line(result.stdout, result.stderr, names)


def _one_line(stdout: str, stderr: str, names) -> str:
    assert stdout == ""
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    for name in names:
        assert name in lines[0], (name, lines[0])
    return lines[0]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _fails_in_subprocess(path: Path, tmp_path: Path, *names: str, memory: bool = False) -> str:
    """The installed `loket figures`, with bounded memory and a timeout: exit 2, one line."""
    env = {**os.environ, "LOKET_PROCESSED_DIR": str(tmp_path / "processed")}
    done = subprocess.run(
        [str(LOKET), *_args(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        preexec_fn=_limit_memory if memory else None,
    )
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    return _one_line(done.stdout, done.stderr, names)


def _sheets(**extra) -> dict:
    return {**minimal_sheets(*ROWS), **extra}


# --- an optional sheet present but without a recognisable header ------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_optional_sheet_with_all_headers_misspelled(tmp_path, kind):
    misspelled = ["Trajectnumer", "Factuur datum x", "Bedragg"]
    sheets = _sheets(facturen=(misspelled, INVOICE_ROWS))
    if kind == "csv":
        path, file = write_folder(tmp_path / "export", sheets), "export/facturen.csv"
    else:
        path, file = write_xlsx(tmp_path / "export.xlsx", sheets), "export.xlsx"
    line = _fails(path, file, "sheet 'facturen'", "Trajectnummer", "Factuurdatum", "Bedrag")
    assert "no header row" in line


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_optional_sheet_with_its_header_below_the_rows_searched(tmp_path, kind):
    titles = [[f"Toelichting regel {i}", "", ""] for i in range(1, 22)]
    sheets = _sheets(facturen=(titles[0], [*titles[1:], INVOICE_HEADERS, *INVOICE_ROWS]))
    if kind == "csv":
        path, file = write_folder(tmp_path / "export", sheets), "facturen.csv"
    else:
        path, file = write_xlsx(tmp_path / "export.xlsx", sheets), "export.xlsx"
    assert "first 20 rows" in _fails(path, file, "sheet 'facturen'", "Bedrag")


def test_header_at_row_20_is_still_found(tmp_path):
    """The limit is the one stated: a header as the 20th row is read (boundary)."""
    from loketlib.intake.clean import clean
    from loketlib.intake.export import read_export

    titles = [[f"Toelichting regel {i}", "", ""] for i in range(1, 20)]
    sheets = _sheets(facturen=(titles[0], [*titles[1:], INVOICE_HEADERS, *INVOICE_ROWS]))
    data = clean(read_export(write_folder(tmp_path / "export", sheets)))
    assert data.counts["facturen"] == dict(read=2, clean=2, quarantined=0, duplicates_removed=0)


# --- two files or sheets for one sheet ---------------------------------------------------------


def test_two_csv_files_for_one_sheet(tmp_path):
    folder = write_folder(tmp_path / "export", _sheets())
    (folder / "Trajecten.TXT").write_bytes((folder / "trajecten.csv").read_bytes())
    line = _fails(folder, "export", "sheet 'trajecten'", "trajecten.csv", "Trajecten.TXT")
    assert "two files" in line


def test_two_csv_files_for_one_optional_sheet(tmp_path):
    folder = write_folder(tmp_path / "export", _sheets(facturen=(INVOICE_HEADERS, INVOICE_ROWS)))
    (folder / "FACTUREN.txt").write_bytes(b"")
    _fails(folder, "sheet 'facturen'", "facturen.csv", "FACTUREN.txt")


@pytest.mark.parametrize("second", ["Trajecten", " trajecten ", "TRAJECTEN"])
def test_two_workbook_sheets_for_one_sheet(tmp_path, second):
    path = write_xlsx(tmp_path / "export.xlsx", _sheets())
    book = openpyxl.load_workbook(path)
    book.copy_worksheet(book["trajecten"]).title = "kopie"
    book.save(path)  # openpyxl refuses names that differ by case only: patch the name in
    patch_xlsx(path, "xl/workbook.xml", 'name="kopie"', f'name="{second}"')
    assert "two sheets" in _fails(path, "export.xlsx", "sheet 'trajecten'", second)


# --- paths that are not regular files ----------------------------------------------------------


@pytest.mark.skipif(not LOKET.exists(), reason="console script not installed")
def test_fifo_in_a_csv_folder_does_not_hang(tmp_path):
    folder = write_folder(tmp_path / "export", _sheets())
    os.mkfifo(folder / "klachten.csv")
    line = _fails_in_subprocess(folder, tmp_path, "klachten.csv", "sheet 'klachten'")
    assert "not a regular file" in line


@pytest.mark.skipif(not LOKET.exists(), reason="console script not installed")
def test_fifo_as_the_export_does_not_hang(tmp_path):
    os.mkfifo(tmp_path / "export.xlsx")
    line = _fails_in_subprocess(tmp_path / "export.xlsx", tmp_path, "export.xlsx")
    assert "not a regular file" in line


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_device_in_a_csv_folder(tmp_path):
    folder = write_folder(tmp_path / "export", _sheets())
    (folder / "trajecten.csv").unlink()
    (folder / "trajecten.csv").symlink_to("/dev/zero")  # endless: never read
    assert "not a regular file" in _fails(folder, "trajecten.csv", "sheet 'trajecten'")
    (tmp_path / "export.xlsx").symlink_to("/dev/zero")
    assert "not a regular file" in _fails(tmp_path / "export.xlsx", "export.xlsx")


def test_folder_named_like_a_sheet(tmp_path):
    folder = write_folder(tmp_path / "export", _sheets())
    (folder / "facturen.csv").mkdir()
    assert "not a regular file" in _fails(folder, "facturen.csv", "sheet 'facturen'")


# --- sheets over the size limits ---------------------------------------------------------------


def _sparse_workbook(path: Path, cell: str) -> Path:
    """A small valid export whose optional sheet has one more cell, far away."""
    write_xlsx(path, _sheets(facturen=(INVOICE_HEADERS, INVOICE_ROWS)))
    book = openpyxl.load_workbook(path)
    book["facturen"][cell] = "x"
    book.save(path)
    return path


@pytest.mark.skipif(not LOKET.exists(), reason="console script not installed")
def test_sparse_workbook_stops_with_bounded_memory(tmp_path):
    path = _sparse_workbook(tmp_path / "export.xlsx", "XFD1048576")
    assert path.stat().st_size < 100_000
    line = _fails_in_subprocess(path, tmp_path, "export.xlsx", "sheet 'facturen'", memory=True)
    assert "declared size 16,384 columns (limit 200)" in line


@pytest.mark.skipif(not LOKET.exists(), reason="console script not installed")
def test_sparse_workbook_with_a_lying_dimension(tmp_path):
    path = _sparse_workbook(tmp_path / "export.xlsx", "XFD1048576")
    member = _sheet_member(path, "facturen")
    patch_xlsx(path, member, '<dimension ref="A1:XFD1048576"', '<dimension ref="A1:C3"')
    line = _fails_in_subprocess(path, tmp_path, "export.xlsx", "sheet 'facturen'", memory=True)
    assert "sheet too large: size" in line


def test_cell_far_down_in_a_narrow_sheet_is_over_the_cell_limit(tmp_path):
    """Within the row and column limits, but A1:E1048576 holds too many cells."""
    path = _sparse_workbook(tmp_path / "export.xlsx", "E1048576")
    line = _fails(path, "export.xlsx", "sheet 'facturen'")
    assert "declared size 5,242,880 cells from A1 (limit 5,000,000)" in line
    path = _sparse_workbook(tmp_path / "wide.xlsx", "GS1")  # column 201
    assert "201 columns" in _fails(path, "wide.xlsx", "sheet 'facturen'")


def test_cells_without_references_are_placed_as_the_reader_places_them(tmp_path):
    """Rows and cells may leave out their reference; the check then walks them in order."""
    path = write_xlsx(tmp_path / "export.xlsx", _sheets(facturen=(INVOICE_HEADERS, INVOICE_ROWS)))
    member = _sheet_member(path, "facturen")
    many = "<c/>" * (limits.MAX_COLUMNS + 1)
    patch_xlsx(path, member, "</sheetData>", f"<row>{many}</row></sheetData>")
    assert "201 columns" in _fails(path, "export.xlsx", "sheet 'facturen'")


@pytest.mark.skipif(not LOKET.exists(), reason="console script not installed")
def test_zip_bomb_stops_with_bounded_memory(tmp_path):
    """About 0,6 MB on disk, 600 MiB of XML inside (the stated limit is 512 MiB)."""
    path = write_xlsx(tmp_path / "export.xlsx", _sheets(facturen=(INVOICE_HEADERS, INVOICE_ROWS)))
    member = _sheet_member(path, "facturen")
    _inflate(path, member, 600 * 2**20)
    assert path.stat().st_size < 2 * 2**20
    line = _fails_in_subprocess(path, tmp_path, "export.xlsx", memory=True)
    assert "workbook too large" in line and "512 MiB" in line


def test_csv_file_over_the_size_limit(tmp_path):
    folder = write_folder(tmp_path / "export", _sheets(facturen=(INVOICE_HEADERS, INVOICE_ROWS)))
    with open(folder / "facturen.csv", "r+b") as f:
        f.truncate(limits.MAX_CSV_BYTES + 1)  # sparse: nothing is written
    line = _fails(folder, "facturen.csv", "sheet 'facturen'")
    assert "file too large" in line


def test_csv_with_too_many_columns_or_rows(tmp_path, monkeypatch):
    wide = [*INVOICE_HEADERS, *[f"extra {i}" for i in range(limits.MAX_COLUMNS)]]
    folder = write_folder(tmp_path / "wide", _sheets(facturen=(wide, [])))
    assert "203 columns" in _fails(folder, "facturen.csv", "sheet 'facturen'")
    rows = [["T1", f"{d:02d}-02-2022", "5"] for d in range(1, 6)]
    folder = write_folder(tmp_path / "long", _sheets(facturen=(INVOICE_HEADERS, rows)))
    monkeypatch.setattr(limits, "MAX_ROWS", 4)
    assert "5 rows (limit 4)" in _fails(folder, "facturen.csv", "sheet 'facturen'")


def test_a_part_larger_than_its_directory_says_is_unreadable(tmp_path):
    """The zip directory is what the size check trusts; a part that holds more fails its
    checksum when it is streamed, before the reader sees it."""
    path = write_xlsx(tmp_path / "export.xlsx", _sheets(facturen=(INVOICE_HEADERS, INVOICE_ROWS)))
    member = _sheet_member(path, "facturen")
    _understate(path, member)
    assert "not a readable .xlsx workbook" in _fails(path, "export.xlsx")


def test_the_demo_export_is_within_the_limits(demo_xlsx):
    from loketlib.intake.export import read_export

    raw = read_export(demo_xlsx)
    assert len(raw.sheets["trajecten"]) > 0


# --- helpers that build hostile workbooks ------------------------------------------------------


def _sheet_member(path: Path, sheet: str) -> str:
    with zipfile.ZipFile(path) as z:
        return limits.sheet_parts(z)[sheet]


def _inflate(path: Path, member: str, size: int) -> None:
    """Pad one sheet's XML with ``size`` bytes of white space (written in pieces)."""
    with zipfile.ZipFile(path) as z:
        parts = {info.filename: z.read(info.filename) for info in z.infolist()}
    head, tail = parts[member].split(b"<sheetData>", 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            if name != member:
                z.writestr(name, data)
                continue
            with z.open(name, "w", force_zip64=True) as out:
                out.write(head + b"<sheetData>")
                block = b" " * 2**20
                for _ in range(size // len(block)):
                    out.write(block)
                out.write(tail)


def _understate(path: Path, member: str) -> None:
    """Make the central directory say that ``member`` is 100 bytes smaller than its data."""
    raw = bytearray(path.read_bytes())
    start = 0
    while (start := raw.find(b"PK\x01\x02", start + 1)) > 0:  # central directory entries
        length = int.from_bytes(raw[start + 28 : start + 30], "little")
        if raw[start + 46 : start + 46 + length].decode() == member:
            size = int.from_bytes(raw[start + 24 : start + 28], "little")
            raw[start + 24 : start + 28] = (size - 100).to_bytes(4, "little")
            break
    else:
        raise AssertionError(f"{member} not in the central directory")
    path.write_bytes(bytes(raw))
