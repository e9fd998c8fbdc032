"""Odd real-world exports (data contract, sections 1, 2 and 4).

Each case is an export as desks really produce them: empty sheets, title lines above the header,
merged and blank cells, formulas and error cells, mixed date notations, odd encodings, ragged
CSV rows, files that are not exports, and a large export. Each ends in the behaviour the
contract requires: a structural error (exit 2, one line on stderr naming file, sheet and column,
no traceback), or rows quarantined with the right reason; and always, per sheet,
``read == clean + quarantined + duplicates_removed``.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from exportkit import (
    PROVIDERS,
    QUOTAS,
    TRAJECT_HEADERS,
    csv_bytes,
    minimal_sheets,
    patch_xlsx,
    traject,
    workbook,
    write_folder,
    write_xlsx,
)
from openpyxl.utils import get_column_letter

from loketlib.cli import main
from loketlib.intake.clean import clean
from loketlib.intake.export import read_export
from loketlib.intake.sheets import SHEETS

ROWS = [
    traject(Trajectnummer="T1", Datum_aanmelding="05-01-2022"),
    traject(Trajectnummer="T2", Datum_aanmelding="06-01-2022", Woningcorporatie="ZO Wonen"),
]
COL = {h: i for i, h in enumerate(TRAJECT_HEADERS)}  # header -> 0-based position
INVOICE_HEADERS = ["Trajectnummer", "Factuurdatum", "Bedrag"]


# --- helpers ---------------------------------------------------------------------------------


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 always keeps stderr apart
        return CliRunner()


def _figures(path):
    args = ["figures", "--data", str(path), "--region", "westelijke-mijnstreek", "--year", "2022"]
    return _runner().invoke(main, args)


def _fails(path, *names: str) -> str:
    """Run `loket figures`: exit 2, nothing on stdout, one stderr line naming ``names``."""
    result = _figures(path)
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for name in names:
        assert name in lines[0], (name, lines[0])
    return lines[0]


def _accounted(data) -> None:
    """Every raw row of every sheet ends clean, quarantined or removed as a duplicate."""
    for name, c in data.counts.items():
        assert c["read"] == c["clean"] + c["quarantined"] + c["duplicates_removed"], name
        assert c["clean"] == len(data.tables[name]), name
        assert c["quarantined"] == int((data.quarantine["sheet"] == name).sum()), name


def _load(path):
    data = clean(read_export(path))
    _accounted(data)
    return data


def _reasons(data, sheet: str = "trajecten") -> dict[str, str]:
    q = data.quarantine[data.quarantine["sheet"] == sheet]
    return dict(zip(q["trajectory_id"], q["reason"], strict=True))


# --- empty sheets ----------------------------------------------------------------------------


@pytest.mark.parametrize("content", ["zero bytes", "bom only", "header only", "separators only"])
def test_empty_optional_csv_sheet_is_absent(tmp_path, content):
    folder = write_folder(tmp_path / "e", minimal_sheets(*ROWS))
    data = {
        "zero bytes": b"",
        "bom only": b"\xef\xbb\xbf",
        "header only": csv_bytes([INVOICE_HEADERS]),
        "separators only": csv_bytes([";;", ";;"]),
    }[content]
    (folder / "facturen.csv").write_bytes(data)
    raw = read_export(folder)
    assert len(raw.sheets.get("facturen", [])) == 0
    d = _load(folder)
    assert d.counts["facturen"] == dict(read=0, clean=0, quarantined=0, duplicates_removed=0)
    assert d.counts["trajecten"]["clean"] == 2
    result = _figures(folder)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["housing"]["invoiced_trajectories"] == 0


def test_optional_csv_sheet_with_a_title_but_no_header_exits_2(tmp_path):
    """A value but no header row: never read as absent (contract §4)."""
    folder = write_folder(tmp_path / "e", minimal_sheets(*ROWS))
    (folder / "facturen.csv").write_bytes(csv_bytes(["Facturen 2022;;", ";;"]))
    assert "no header row" in _fails(folder, "facturen.csv", "sheet 'facturen'", "Bedrag")


@pytest.mark.parametrize("content", ["no cells", "header only"])
def test_empty_optional_xlsx_sheet_is_absent(tmp_path, content):
    sheets = minimal_sheets(*ROWS)
    sheets["facturen"] = ([], []) if content == "no cells" else (INVOICE_HEADERS, [])
    sheets["klachten"] = ([], [])
    path = write_xlsx(tmp_path / "export.xlsx", sheets)
    d = _load(path)
    assert d.counts["facturen"]["read"] == 0
    assert d.counts["klachten"]["read"] == 0
    assert d.counts["trajecten"]["clean"] == 2
    assert _figures(path).exit_code == 0


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf\r\n", b"Export trajecten;;;\r\n;;;\r\n"])
def test_empty_required_trajecten_csv_exits_2(tmp_path, content):
    folder = write_folder(tmp_path / "e", minimal_sheets(*ROWS))
    (folder / "trajecten.csv").write_bytes(content)
    line = _fails(folder, "trajecten.csv", "sheet 'trajecten'")
    assert ("no header row" if b"Export" in content else "empty") in line


def test_empty_required_trajecten_xlsx_exits_2(tmp_path):
    sheets = minimal_sheets(*ROWS)
    sheets["trajecten"] = ([], [])
    path = write_xlsx(tmp_path / "export.xlsx", sheets)
    _fails(path, "export.xlsx", "sheet 'trajecten'")
    book = openpyxl.load_workbook(path)  # only a title, no header row
    book["trajecten"]["A1"] = "Export Loket Housing"
    book.save(path)
    _fails(path, "export.xlsx", "sheet 'trajecten'")


# --- the header row is not the first row -----------------------------------------------------

TITLES = ["Loket Housing Zuid-Limburg", "Export trajecten, gemaakt op 02-01-2023 08:15"]


def test_header_below_two_titles_and_blank_line_csv(tmp_path):
    folder = write_folder(tmp_path / "e", minimal_sheets(*ROWS))
    pad = ";" * (len(TRAJECT_HEADERS) - 1)  # Excel writes the empty cells of a title row
    lines = [TITLES[0] + pad, TITLES[1] + pad, pad, TRAJECT_HEADERS, *ROWS]
    (folder / "trajecten.csv").write_bytes(csv_bytes(lines))
    raw = read_export(folder)
    t = raw.sheets["trajecten"]
    assert t["trajectory_id"].tolist() == ["T1", "T2"]
    assert t["_row"].tolist() == [5, 6]  # line numbers in the file
    assert raw.extra_columns["trajecten"] == []
    d = _load(folder)
    assert d.counts["trajecten"]["clean"] == 2
    assert d.tables["trajecten"]["source_row"].tolist() == [5, 6]


def test_header_below_two_titles_and_blank_line_xlsx(tmp_path):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (headers, rows) in minimal_sheets(*ROWS).items():
        ws = book.create_sheet(name)
        ws.append([TITLES[0]])
        ws.append([TITLES[1]])
        ws.append([])
        ws.append(headers)
        for row in rows:
            ws.append([None if v == "" else v for v in row])
    book.save(tmp_path / "export.xlsx")
    raw = read_export(tmp_path / "export.xlsx")
    assert raw.sheets["trajecten"]["_row"].tolist() == [5, 6]
    assert raw.sheets["zorgaanbieders"]["provider"].tolist() == [p[0] for p in PROVIDERS[1]]
    d = _load(tmp_path / "export.xlsx")
    assert d.counts["trajecten"]["clean"] == 2
    assert d.counts["taakstelling"]["clean"] == len(QUOTAS[1])


# --- merged cells and blank columns ----------------------------------------------------------


def _with_gaps(headers, rows, note):
    """A blank column after the 5th column, two after the last, then a note column without
    header; returns (headers, rows, 1-based position of the note column)."""
    h = [*headers[:5], None, *headers[5:], None, None, None]
    r = [[*row[:5], None, *row[5:], None, None, note(i)] for i, row in enumerate(rows)]
    return h, r, len(h)


def test_blank_and_headerless_columns_xlsx(tmp_path):
    headers, rows, note_at = _with_gaps(TRAJECT_HEADERS, ROWS, lambda i: f"notitie {i}")
    sheets = minimal_sheets()
    sheets["trajecten"] = (headers, rows)
    book = workbook(sheets)
    book.save(tmp_path / "export.xlsx")
    raw = read_export(tmp_path / "export.xlsx")
    assert raw.extra_columns["trajecten"] == [f"(kolom {note_at} zonder kop)"]
    d = _load(tmp_path / "export.xlsx")
    t = d.tables["trajecten"]
    assert t["trajectory_id"].tolist() == ["T1", "T2"]
    assert t["region"].tolist() == ["westelijke-mijnstreek"] * 2  # not shifted by the gap
    assert t["corporation"].tolist()[1] == "ZO"
    unknown = d.warnings[d.warnings["code"] == "unknown_column"]
    assert unknown["column"].tolist() == [f"(kolom {note_at} zonder kop)"]


def test_blank_and_headerless_columns_csv(tmp_path):
    headers, rows, note_at = _with_gaps(TRAJECT_HEADERS, ROWS, lambda i: "" if i else "x")
    sheets = minimal_sheets()
    sheets["trajecten"] = (["" if h is None else h for h in headers], rows)
    folder = write_folder(tmp_path / "e", sheets)
    raw = read_export(folder)
    assert raw.extra_columns["trajecten"] == [f"(kolom {note_at} zonder kop)"]
    assert _load(folder).tables["trajecten"]["region"].notna().all()


def test_merged_title_and_merged_data_cells_xlsx(tmp_path):
    rows = [*ROWS, traject(Trajectnummer="T3", Datum_aanmelding="07-01-2022")]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (headers, body) in minimal_sheets(*rows).items():
        ws = book.create_sheet(name)
        ws.append(["Export Loket Housing"])
        ws.append([])
        ws.append(headers)
        for row in body:
            ws.append([None if v == "" else v for v in row])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws = book["trajecten"]
    # Regio merged over T2 and T3, as desks do for rows of one region: only T2 holds the value.
    regio = get_column_letter(COL["Regio"] + 1)
    ws.merge_cells(f"{regio}5:{regio}6")
    book.save(tmp_path / "export.xlsx")
    d = _load(tmp_path / "export.xlsx")
    assert d.tables["trajecten"]["trajectory_id"].tolist() == ["T1", "T2"]
    assert d.tables["trajecten"]["source_row"].tolist() == [4, 5]
    assert _reasons(d) == {"T3": "missing_required"}
    assert d.quarantine["row"].tolist() == [6]
    assert "Regio" in d.quarantine["detail"].iloc[0]
    assert d.warnings[d.warnings["code"] == "unknown_column"].empty


# --- formulas and error cells ----------------------------------------------------------------


def _errorworkbook(tmp_path, error_cells: dict[tuple[int, str], str], text_cells=None):
    """Trajecten R1..R8 (sheet rows 2..9) with error cells {(sheet row, header): '#N/A'}."""
    rows = [
        traject(Trajectnummer=f"R{i}", Datum_aanmelding="05-01-2022", Woningcorporatie="ZW")
        for i in range(1, 9)
    ]
    book = workbook(minimal_sheets(*rows))
    ws = book["trajecten"]
    for (row, header), value in error_cells.items():
        cell = ws.cell(row=row, column=COL[header] + 1)
        cell.value = value
        cell.data_type = "e"
    for (row, header), value in (text_cells or {}).items():
        ws.cell(row=row, column=COL[header] + 1).value = value
    path = tmp_path / "fouten.xlsx"
    book.save(path)
    return path


def test_error_cells_are_quarantined_not_empty(tmp_path):
    """Excel stores error values in English (#N/A, #VALUE!) whatever the UI language; a cell
    holding one is a value that cannot be parsed, not an empty cell."""
    path = _errorworkbook(
        tmp_path,
        {
            (2, "Datum aanmelding"): "#N/A",
            (3, "Datum intake"): "#VALUE!",  # optional: must not silently become empty
            (4, "Regio"): "#N/A",
            (5, "Woningcorporatie"): "#VALUE!",  # optional code
            (6, "Kale huur"): "#DIV/0!",
            (7, "Product"): "#REF!",
        },
    )
    d = _load(path)
    assert _reasons(d) == {
        "R1": "unparseable",
        "R2": "unparseable",
        "R3": "unknown_code",
        "R4": "unknown_code",
        "R5": "unparseable",
        "R6": "unknown_code",
    }
    assert d.tables["trajecten"]["trajectory_id"].tolist() == ["R7", "R8"]
    detail = d.quarantine.set_index("trajectory_id")["detail"]
    assert "Datum intake" in detail["R2"] and "Kale huur" in detail["R5"]
    assert _figures(path).exit_code == 0


def test_dutch_error_text_is_quarantined(tmp_path):
    """#N/B and #WAARDE! arrive as text (pasted values, or via a Dutch CSV export)."""
    path = _errorworkbook(
        tmp_path,
        {},
        text_cells={
            (2, "Datum aanmelding"): "#N/B",
            (3, "Datum start huur"): "#WAARDE!",
            (4, "Regio"): "#N/B",
            (5, "Woningcorporatie"): "#WAARDE!",
        },
    )
    d = _load(path)
    assert _reasons(d) == {
        "R1": "unparseable",
        "R2": "unparseable",
        "R3": "unknown_code",
        "R4": "unknown_code",
    }
    folder = write_folder(
        tmp_path / "csv",
        minimal_sheets(
            traject(Trajectnummer="C1", Datum_aanmelding="#N/B"),
            traject(Trajectnummer="C2", Datum_aanmelding="05-01-2022", Woningcorporatie="#WAARDE!"),
            traject(Trajectnummer="C3", Datum_aanmelding="05-01-2022"),
        ),
    )
    assert _reasons(_load(folder)) == {"C1": "unparseable", "C2": "unknown_code"}


@pytest.mark.parametrize("error", ["#N/B", "#WAARDE!"])
def test_localised_error_code_in_error_cell_is_structural(tmp_path, error):
    """An error cell must hold an English code; ``#N/B`` there is not valid OOXML (Excel
    itself never writes it). The reader refuses the workbook with one line, no traceback."""
    path = _errorworkbook(tmp_path, {(2, "Datum aanmelding"): error})
    _fails(path, "fouten.xlsx")


def test_formulas_with_and_without_cached_value(tmp_path):
    rows = [
        traject(Trajectnummer="F1", Datum_aanmelding="05-01-2022"),
        traject(Trajectnummer="F2", Datum_aanmelding="05-01-2022"),
        traject(Trajectnummer="F3", Datum_aanmelding="05-01-2022"),
        traject(Trajectnummer="F4", Datum_aanmelding="05-01-2022"),
    ]
    book = workbook(minimal_sheets(*rows))
    ws = book["trajecten"]
    reg = get_column_letter(COL["Datum aanmelding"] + 1)
    intake = get_column_letter(COL["Datum intake"] + 1)
    ws[f"{reg}2"] = "=DATE(2022,1,5)"  # F1: cached value patched in below
    ws[f"{reg}3"] = "=A2"  # F2: no cached value, so its value is unknown
    ws[f"{intake}4"] = "=A2"  # F3: idem, in an optional column
    path = tmp_path / "formules.xlsx"
    book.save(path)
    sheet_xml = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as z:
        assert f'<c r="{reg}2"><f>DATE(2022,1,5)</f><v /></c>' in z.read(sheet_xml).decode()
    patch_xlsx(
        path,
        sheet_xml,
        f'<c r="{reg}2"><f>DATE(2022,1,5)</f><v /></c>',
        f'<c r="{reg}2"><f>DATE(2022,1,5)</f><v>44566</v></c>',
    )
    d = _load(path)
    t = d.tables["trajecten"].set_index("trajectory_id")
    assert t.index.tolist() == ["F1", "F4"]
    assert t.loc["F1", "registered_on"] == pd.Timestamp("2022-01-05")  # the cached value
    # A formula saved without its value is unreadable, not an empty cell: F3's intake date
    # must not silently disappear.
    assert _reasons(d) == {"F2": "unparseable", "F3": "unparseable"}
    detail = d.quarantine.set_index("trajectory_id")["detail"]
    assert "Datum aanmelding" in detail["F2"] and "Datum intake" in detail["F3"]


# --- dates as text and numbers ---------------------------------------------------------------


def test_mixed_date_notations_xlsx(tmp_path):
    values = [
        "05-01-2022",
        "5-1-2022",
        "2022-01-05",
        "05/01/2022",
        "05.01.2022",
        " 05-01-2022 ",
        dt.datetime(2022, 1, 5),
        dt.datetime(2022, 1, 5, 18, 30),  # a date-time cell
        dt.date(2022, 1, 5),
        44566,  # serial number cell
        44566.0,
        44566.75,  # serial of 05-01-2022 18:00: still the 5th
        "44566",  # serial typed as text
    ]
    rows = [
        traject(Trajectnummer=f"D{i:02}", Datum_aanmelding=v, Datum_intake=v)
        for i, v in enumerate(values)
    ]
    path = write_xlsx(tmp_path / "datums.xlsx", minimal_sheets(*rows))
    d = _load(path)
    assert d.quarantine.empty, d.quarantine[["trajectory_id", "detail"]]
    t = d.tables["trajecten"]
    assert len(t) == len(values)
    assert (t["registered_on"] == pd.Timestamp("2022-01-05")).all(), t["registered_on"].tolist()
    assert (t["intake_on"] == pd.Timestamp("2022-01-05")).all()


def test_mixed_date_notations_csv(tmp_path):
    values = ["05-01-2022", "5-1-2022", "2022-01-05", "05/01/2022", "44566", "2022-01-05 18:30:00"]
    rows = [traject(Trajectnummer=f"D{i}", Datum_aanmelding=v) for i, v in enumerate(values)]
    d = _load(write_folder(tmp_path / "e", minimal_sheets(*rows)))
    assert d.quarantine.empty
    assert (d.tables["trajecten"]["registered_on"] == pd.Timestamp("2022-01-05")).all()


# --- encodings, line ends and separators -----------------------------------------------------


def _quote(value: str, sep: str) -> str:
    return f'"{value}"' if any(c in value for c in (sep, ";", ",", '"', "\n")) else value


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_comma_separated_with_quoted_semicolons_bom_and_stray_cp1252(tmp_path, newline):
    rows = [
        traject(
            Trajectnummer="T1",
            Naam="Zoë Jansen",
            Datum_aanmelding="05-01-2022",
            Reden_afwijzing="overlast; schulden, geen dak",
            Kale_huur="€ 1.234,50",
        ),
        traject(
            Trajectnummer="T2",
            Datum_aanmelding="06-01-2022",
            Reden_afwijzing="regel 1\nregel 2; met ; en ,",  # a cell with a line break
            Kale_huur="675,00",
        ),
        traject(Trajectnummer="T3", Datum_aanmelding="07-01-2022", Reden_afwijzing="PLACEHOLDER"),
    ]
    folder = write_folder(tmp_path / "e", minimal_sheets(), sep=",")
    lines = [TRAJECT_HEADERS, *[[_quote(v, ",") for v in r] for r in rows]]
    data = b"\xef\xbb\xbf" + csv_bytes(lines, sep=",", newline=newline)
    data = data.replace(b"PLACEHOLDER", b"caf\xe9 cr\xc3\xa8me")  # one stray cp1252 byte
    (folder / "trajecten.csv").write_bytes(data)
    d = _load(folder)
    t = d.tables["trajecten"]
    assert t["trajectory_id"].tolist() == ["T1", "T2", "T3"]
    assert t["rejection_reason"].tolist() == [
        "overlast; schulden, geen dak",
        "regel 1\nregel 2; met ; en ,",
        "café crème",
    ]
    assert t["base_rent"].tolist()[:2] == [1234.5, 675.0]
    assert d.warnings[d.warnings["code"] == "unknown_column"].empty


def test_windows_1252_file_with_euro_and_accents(tmp_path):
    rows = [
        traject(
            Trajectnummer="T1",
            Naam="Anaïs Müller",
            Datum_aanmelding="05-01-2022",
            Reden_afwijzing="géén woning – wacht",
            Kale_huur="€ 675,00",
        )
    ]
    sheets = minimal_sheets(*rows)
    sheets["facturen"] = (INVOICE_HEADERS, [["T1", "15-06-2022", "€ 1.234,50"]])
    folder = write_folder(tmp_path / "e", sheets, encoding="cp1252")
    assert b"\x80" in (folder / "facturen.csv").read_bytes()  # the euro sign in cp1252
    d = _load(folder)
    assert d.tables["trajecten"]["rejection_reason"].tolist() == ["géén woning – wacht"]
    assert d.tables["trajecten"]["base_rent"].tolist() == [675.0]
    assert d.tables["facturen"]["amount"].tolist() == [1234.5]


# --- ragged rows -----------------------------------------------------------------------------


@pytest.mark.parametrize("line", [2, 3], ids=["first-data-row", "later-row"])
def test_row_with_more_fields_than_header_is_structural(tmp_path, line):
    folder = write_folder(tmp_path / "e", minimal_sheets(*ROWS))
    lines = [TRAJECT_HEADERS, *ROWS]
    lines[line - 1] = [*lines[line - 1], "extra", "nog meer"]
    (folder / "trajecten.csv").write_bytes(csv_bytes(lines))
    message = _fails(folder, "e/trajecten.csv", "sheet 'trajecten'")
    assert f"line {line}" in message


def test_ragged_row_below_titles_names_file_line(tmp_path):
    folder = write_folder(tmp_path / "e", minimal_sheets(*ROWS))
    lines = ["Export;", "", TRAJECT_HEADERS, ROWS[0], [*ROWS[1], "extra"]]
    (folder / "trajecten.csv").write_bytes(csv_bytes(lines))
    assert "line 5" in _fails(folder, "trajecten.csv")


def test_row_with_fewer_fields_is_quarantined_not_structural(tmp_path):
    folder = write_folder(tmp_path / "e", minimal_sheets(*ROWS))
    lines = [TRAJECT_HEADERS, ROWS[0], ["T2", "", ""]]
    (folder / "trajecten.csv").write_bytes(csv_bytes(lines))
    d = _load(folder)
    assert _reasons(d) == {"T2": "missing_required"}
    assert d.counts["trajecten"]["read"] == 2


# --- not an export ---------------------------------------------------------------------------


def test_docx_renamed_xlsx(tmp_path):
    path = tmp_path / "jaarverslag.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", "<w:document/>")
    _fails(path, "jaarverslag.xlsx")


def test_zero_byte_xlsx(tmp_path):
    path = tmp_path / "leeg.xlsx"
    path.write_bytes(b"")
    _fails(path, "leeg.xlsx")


def test_csv_text_renamed_xlsx(tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_bytes(csv_bytes([TRAJECT_HEADERS, *ROWS]))
    _fails(path, "export.xlsx")


def test_folder_without_csv_files(tmp_path):
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "lees mij.txt.bak").write_text("niets")
    write_xlsx(folder / "export.xlsx", minimal_sheets(*ROWS))  # a workbook is not a CSV
    _fails(folder, "map", "trajecten")


def test_csv_files_one_folder_too_deep(tmp_path):
    write_folder(tmp_path / "uitpak" / "export", minimal_sheets(*ROWS))
    _fails(tmp_path / "uitpak", "uitpak", "trajecten")


def test_path_does_not_exist(tmp_path):
    _fails(tmp_path / "bestaat-niet", "bestaat-niet")


def test_single_csv_file_instead_of_folder(tmp_path):
    folder = write_folder(tmp_path / "e", minimal_sheets(*ROWS))
    _fails(folder / "trajecten.csv", "trajecten.csv")


# --- a large export --------------------------------------------------------------------------


@pytest.mark.slow
def test_100_000_trajectories(tmp_path):
    from loketlib.demo import write_scaled_export

    folder = write_scaled_export(tmp_path / "big", n_trajectories=100_000, seed=1)
    result = _figures(folder)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    sheets = figures["meta"]["sheets"]
    lines = {
        name: len((folder / f"{name}.csv").read_bytes().splitlines()) - 1
        for name in SHEETS
        if (folder / f"{name}.csv").exists()
    }
    assert lines["trajecten"] >= 100_000  # the scaled sheets add a few exact duplicates
    for name, c in sheets.items():
        assert c["read"] == c["clean"] + c["quarantined"] + c["duplicates_removed"], name
        assert c["read"] == lines.get(name, 0), name
    assert sheets["trajecten"]["clean"] > 0
    assert sheets["trajecten"]["duplicates_removed"] == lines["trajecten"] - 100_000
    housing = figures["housing"]
    assert housing["closed_positive"] + housing["closed_negative"] <= sheets["trajecten"]["clean"]
    assert sum(housing["negative_closure_reasons"].values()) == housing["closed_negative"]
