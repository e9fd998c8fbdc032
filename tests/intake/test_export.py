"""Unit tests of loketlib.intake.export: CSV dialects, workbooks and structural errors."""

from __future__ import annotations

import datetime as dt
import zipfile

import pandas as pd
import pytest
from exportkit import (
    PROVIDERS,
    QUOTAS,
    TRAJECT_HEADERS,
    minimal_sheets,
    traject,
    write_csv,
    write_folder,
    write_xlsx,
)

from loketlib.errors import ExportError
from loketlib.intake.clean import clean
from loketlib.intake.export import read_export

ROWS = [
    traject(
        Trajectnummer="T1",
        Naam="Jan Jansen",
        Datum_aanmelding="05-01-2022",
        Woningcorporatie="ZOwonen",
        Reden_afwijzing="café",
    ),
    traject(
        Trajectnummer="T2", Naam="Piet", Datum_aanmelding="2022-02-01", Product="Kamers met Kansen"
    ),
]


def _trajecten(raw):
    return raw.sheets["trajecten"]


@pytest.mark.parametrize(
    "kw",
    [
        {"sep": ";", "encoding": "cp1252", "newline": "\r\n"},
        {"sep": ";", "encoding": "utf-8-sig", "newline": "\r\n"},
        {"sep": ";", "encoding": "utf-8", "newline": "\n"},
        {"sep": ",", "encoding": "utf-8", "newline": "\n"},
        {"sep": "\t", "encoding": "cp1252", "newline": "\r\n"},
    ],
    ids=["cp1252-semicolon-crlf", "utf8-bom", "utf8-lf", "comma", "tab"],
)
def test_csv_dialects(tmp_path, kw):
    folder = write_folder(tmp_path / "export", minimal_sheets(*ROWS), **kw)
    raw = read_export(folder)
    t = _trajecten(raw)
    assert len(t) == 2
    assert t["trajectory_id"].tolist() == ["T1", "T2"]
    assert t["rejection_reason"].iloc[0] == "café"
    assert t["registered_on"].tolist() == ["05-01-2022", "2022-02-01"]
    assert t["_row"].tolist() == [2, 3]
    assert raw.extra_columns["trajecten"] == []
    assert set(raw.sheets) == {"trajecten", "zorgaanbieders", "taakstelling"}
    assert raw.sheets["zorgaanbieders"]["provider"].tolist() == [
        "Stichting Deel",
        "Stichting Convenant",
    ]
    data = clean(raw)
    assert data.counts["trajecten"] == {
        "read": 2,
        "clean": 2,
        "quarantined": 0,
        "duplicates_removed": 0,
    }
    assert data.tables["trajecten"]["corporation"].iloc[0] == "ZO"


def test_bom_is_not_part_of_first_header(tmp_path):
    folder = write_folder(tmp_path / "e", minimal_sheets(*ROWS), encoding="utf-8-sig")
    assert (folder / "trajecten.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    raw = read_export(folder)
    assert "trajectory_id" in _trajecten(raw)
    assert raw.extra_columns["trajecten"] == []


def test_stray_cp1252_byte_in_utf8_file(tmp_path):
    folder = write_folder(tmp_path / "e", minimal_sheets(*ROWS))
    path = folder / "trajecten.csv"
    data = path.read_bytes()
    assert "café".encode() in data
    # one stray Windows-1252 é (0xE9) next to proper UTF-8 elsewhere in the file
    path.write_bytes(data.replace("café".encode(), b"caf\xe9 cr\xc3\xa8me"))
    t = _trajecten(read_export(folder))
    assert t["rejection_reason"].iloc[0] == "café crème"


def test_title_line_above_header(tmp_path):
    folder = write_folder(tmp_path / "e", minimal_sheets(*ROWS))
    write_csv(folder / "trajecten.csv", TRAJECT_HEADERS, ROWS, title="Export Loket Housing 2022")
    t = _trajecten(read_export(folder))
    assert t["trajectory_id"].tolist() == ["T1", "T2"]
    assert t["_row"].tolist() == [3, 4]


def test_headers_and_file_names_in_other_case(tmp_path):
    folder = tmp_path / "e"
    folder.mkdir()
    headers = [f"  {h.upper()} " for h in TRAJECT_HEADERS]
    write_csv(folder / "TRAJECTEN.CSV", headers, ROWS)
    write_csv(folder / "Zorgaanbieders.csv", [h.lower() for h in PROVIDERS[0]], PROVIDERS[1])
    write_csv(folder / "TaakStelling.csv", QUOTAS[0], QUOTAS[1])
    raw = read_export(folder)
    assert _trajecten(raw)["region"].tolist() == ["Westelijke Mijnstreek"] * 2
    assert raw.sheets["zorgaanbieders"]["provider_type"].tolist() == [
        "Deelnemer",
        "Convenantpartner",
    ]
    assert raw.files["trajecten"] == "e/TRAJECTEN.CSV"


def test_unknown_columns_listed(tmp_path):
    sheets = minimal_sheets()
    sheets["trajecten"] = (
        [*TRAJECT_HEADERS, "Opmerking", "Casemanager"],
        [[*r, "x", "y"] for r in ROWS],
    )
    raw = read_export(write_folder(tmp_path / "e", sheets))
    assert raw.extra_columns["trajecten"] == ["Opmerking", "Casemanager"]
    assert "Opmerking" not in _trajecten(raw)
    data = clean(raw)
    unknown = data.warnings[data.warnings["code"] == "unknown_column"]
    assert sorted(unknown["column"]) == ["Casemanager", "Opmerking"]


def test_optional_sheets_absent_are_empty_after_clean(tmp_path):
    raw = read_export(write_folder(tmp_path / "e", minimal_sheets(*ROWS)))
    assert "facturen" not in raw.sheets
    data = clean(raw)
    assert len(data.tables["facturen"]) == 0
    assert data.counts["facturen"]["read"] == 0


# --- workbook vs CSV -------------------------------------------------------------------------


def _csv_and_xlsx_sheets():
    """The same export twice: as CSV text, and as workbook cells (dates, numbers, errors)."""
    csv_rows = [
        traject(
            Trajectnummer="1001",
            BSN="123456782",
            Geboortedatum="01-06-2000",
            Datum_aanmelding="05-01-2022",
            Datum_intake="10-01-2022",
            Besluit_intake="Toegelaten",
            Datum_aanmelding_corporatie="2022-02-01",
            Woningcorporatie="ZO Wonen",
            Datum_start_huur="01-05-2022",
            Kale_huur="675,50",
            Bewindvoering="Ja",
        ),
        traject(
            Trajectnummer="1002",
            Datum_aanmelding="5-1-2022",
            Kale_huur="€ 1.234,50",
            Bewindvoering="Nee",
        ),
        traject(Trajectnummer="1003", Datum_aanmelding="31-02-2022"),  # not a date
        traject(Trajectnummer="1004", Datum_aanmelding="05-01-2022", Kale_huur="#N/B"),
    ]
    xlsx_rows = [
        traject(
            Trajectnummer=1001,
            BSN=123456782,
            Geboortedatum=dt.datetime(2000, 6, 1),
            Datum_aanmelding=dt.datetime(2022, 1, 5),
            Datum_intake="10-01-2022",
            Besluit_intake="Toegelaten",
            Datum_aanmelding_corporatie=44593,
            Woningcorporatie="ZO Wonen",
            Datum_start_huur=dt.datetime(2022, 5, 1),
            Kale_huur=675.5,
            Bewindvoering="ja",
        ),
        traject(
            Trajectnummer="1002", Datum_aanmelding="44566", Kale_huur=1234.5, Bewindvoering="N"
        ),
        traject(Trajectnummer=1003, Datum_aanmelding="31-02-2022"),
        traject(Trajectnummer=1004, Datum_aanmelding=dt.datetime(2022, 1, 5), Kale_huur="#N/B"),
    ]
    quotas_xlsx = (QUOTAS[0], [[2022, r[1], r[2], int(r[3])] for r in QUOTAS[1]])
    providers_xlsx = (
        PROVIDERS[0],
        [
            ["Stichting Deel", "Deelnemer", dt.datetime(2020, 1, 1)],
            ["Stichting Convenant", "Convenantpartner", ""],
        ],
    )
    invoices = (["Trajectnummer", "Factuurdatum", "Bedrag"],)
    csv_sheets = minimal_sheets(*csv_rows)
    csv_sheets["facturen"] = (*invoices, [["1001", "15-06-2022", "1.234"]])
    xlsx_sheets = {
        "trajecten": (TRAJECT_HEADERS, xlsx_rows),
        "zorgaanbieders": providers_xlsx,
        "taakstelling": quotas_xlsx,
        "facturen": (*invoices, [[1001, dt.datetime(2022, 6, 15), 1234]]),
    }
    return csv_sheets, xlsx_sheets


def test_xlsx_gives_same_clean_frames_as_csv(tmp_path):
    csv_sheets, xlsx_sheets = _csv_and_xlsx_sheets()
    from_csv = clean(read_export(write_folder(tmp_path / "csv", csv_sheets)))
    from_xlsx = clean(read_export(write_xlsx(tmp_path / "export.xlsx", xlsx_sheets)))
    for name in from_csv.tables:
        pd.testing.assert_frame_equal(
            from_csv.tables[name], from_xlsx.tables[name], check_dtype=True, obj=name
        )
    assert from_csv.counts == from_xlsx.counts
    t = from_xlsx.tables["trajecten"]
    assert t["trajectory_id"].tolist() == ["1001", "1002"]
    assert t["corporation_registered_on"].iloc[0] == pd.Timestamp("2022-02-01")
    assert t["registered_on"].iloc[1] == pd.Timestamp("2022-01-05")
    assert t["base_rent"].tolist() == [675.5, 1234.5]
    assert t["age_at_registration"].iloc[0] == 21
    q = from_xlsx.quarantine.set_index("trajectory_id")["reason"].to_dict()
    assert q == {"1003": "unparseable", "1004": "unparseable"}
    assert from_xlsx.tables["facturen"]["amount"].tolist() == [1234.0]


def test_xlsx_title_row_and_sheet_names_in_other_case(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (headers, rows) in minimal_sheets(*ROWS).items():
        ws = book.create_sheet(name.upper())
        ws.append(["Export Loket Housing"])
        ws.append([])
        ws.append([h.lower() for h in headers])
        for row in rows:
            ws.append([None if v == "" else v for v in row])
    book.save(tmp_path / "export.xlsx")
    raw = read_export(tmp_path / "export.xlsx")
    assert _trajecten(raw)["trajectory_id"].tolist() == ["T1", "T2"]
    assert _trajecten(raw)["_row"].tolist() == [4, 5]
    assert clean(raw).counts["trajecten"]["clean"] == 2


# --- structural errors -----------------------------------------------------------------------


def _error(path) -> ExportError:
    with pytest.raises(ExportError) as info:
        read_export(path)
    message = str(info.value)
    assert "\n" not in message
    return info.value


def test_missing_export(tmp_path):
    error = _error(tmp_path / "nope.xlsx")
    assert "nope.xlsx" in str(error)


@pytest.mark.parametrize("sheet", ["trajecten", "zorgaanbieders", "taakstelling"])
def test_missing_required_sheet_csv(tmp_path, sheet):
    folder = write_folder(tmp_path / "e", minimal_sheets(*ROWS))
    (folder / f"{sheet}.csv").unlink()
    error = _error(folder)
    assert error.sheet == sheet
    assert f"sheet '{sheet}'" in str(error)
    assert "e" in str(error) and "missing" in str(error)


@pytest.mark.parametrize("sheet", ["trajecten", "zorgaanbieders", "taakstelling"])
def test_missing_required_sheet_xlsx(tmp_path, sheet):
    sheets = minimal_sheets(*ROWS)
    del sheets[sheet]
    error = _error(write_xlsx(tmp_path / "export.xlsx", sheets))
    assert error.sheet == sheet
    assert "export.xlsx" in str(error)


@pytest.mark.parametrize(
    "sheet, column",
    [
        ("trajecten", "Regio"),
        ("trajecten", "Trajectnummer"),
        ("trajecten", "Datum aanmelding"),
        ("zorgaanbieders", "Type"),
        ("taakstelling", "Taakstelling"),
    ],
)
def test_missing_required_column(tmp_path, sheet, column):
    sheets = minimal_sheets(*ROWS)
    headers, rows = sheets[sheet]
    i = headers.index(column)
    sheets[sheet] = (
        [h for j, h in enumerate(headers) if j != i],
        [[v for j, v in enumerate(r) if j != i] for r in rows],
    )
    folder = write_folder(tmp_path / "e", sheets)
    error = _error(folder)
    assert (error.sheet, error.column) == (sheet, column)
    expected = f"e/{sheet}.csv: sheet '{sheet}': column '{column}': required column is missing"
    assert str(error) == expected
    error = _error(write_xlsx(tmp_path / "x.xlsx", sheets))
    assert (error.file, error.sheet, error.column) == ("x.xlsx", sheet, column)


def test_missing_optional_sheet_column_is_structural(tmp_path):
    sheets = minimal_sheets(*ROWS)
    sheets["facturen"] = (["Trajectnummer", "Bedrag"], [["T1", "675"]])
    error = _error(write_folder(tmp_path / "e", sheets))
    assert (error.sheet, error.column) == ("facturen", "Factuurdatum")


def test_not_a_workbook(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text("Trajectnummer;Regio\n")
    error = _error(path)
    assert "export.txt" in str(error)


def test_corrupt_xlsx(tmp_path):
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip file")
    error = _error(path)
    assert "kapot.xlsx" in str(error)
    path2 = tmp_path / "leeg.xlsx"
    with zipfile.ZipFile(path2, "w") as z:
        z.writestr("hello.txt", "no workbook here")
    assert "leeg.xlsx" in str(_error(path2))


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n", b"alleen een titel\r\n"])
def test_empty_required_sheet_csv(tmp_path, content):
    folder = write_folder(tmp_path / "e", minimal_sheets(*ROWS))
    (folder / "taakstelling.csv").write_bytes(content)
    error = _error(folder)
    assert error.sheet == "taakstelling"
    assert "taakstelling.csv" in str(error)


def test_empty_required_sheet_xlsx(tmp_path):
    sheets = minimal_sheets(*ROWS)
    sheets["zorgaanbieders"] = ([], [])
    error = _error(write_xlsx(tmp_path / "export.xlsx", sheets))
    assert error.sheet == "zorgaanbieders"
    assert "export.xlsx" in str(error)


def test_header_only_required_sheet_is_not_structural(tmp_path):
    sheets = minimal_sheets()
    raw = read_export(write_folder(tmp_path / "e", sheets))
    assert len(_trajecten(raw)) == 0
    assert clean(raw).counts["trajecten"]["read"] == 0


def test_duplicate_column_is_structural(tmp_path):
    sheets = minimal_sheets(*ROWS)
    sheets["taakstelling"] = ([*QUOTAS[0], "jaar"], [[*r, "2021"] for r in QUOTAS[1]])
    error = _error(write_folder(tmp_path / "e", sheets))
    assert (error.sheet, error.column) == ("taakstelling", "Jaar")
