"""Helpers for tests that write small hand-made exports (CSV folders and workbooks)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from loketlib.intake.sheets import SHEETS

#: Every header of the trajecten sheet, in contract order.
TRAJECT_HEADERS = [c.header for c in SHEETS["trajecten"].columns]

PROVIDERS = (
    ["Naam", "Type", "Deelnemersovereenkomst sinds"],
    [
        ["Stichting Deel", "Deelnemer", "01-01-2020"],
        ["Stichting Convenant", "Convenantpartner", ""],
    ],
)
QUOTAS = (
    ["Jaar", "Regio", "Woningcorporatie", "Taakstelling"],
    [
        ["2022", "Westelijke Mijnstreek", "ZOwonen", "10"],
        ["2022", "Westelijke Mijnstreek", "Zaamwonen", "4"],
    ],
)


def traject(**values: str) -> list[str]:
    """One trajecten row (all headers); keyword names are headers with spaces as underscores."""
    row = {h: "" for h in TRAJECT_HEADERS}
    defaults = {
        "Regio": "Westelijke Mijnstreek",
        "Product": "Housing",
        "Aanmelder": "Stichting Deel",
    }
    row.update(defaults)
    for key, value in values.items():
        header = key.replace("_", " ")
        match = next(h for h in TRAJECT_HEADERS if h.casefold() == header.casefold())
        row[match] = value
    return [row[h] for h in TRAJECT_HEADERS]


def write_csv(
    path: Path,
    headers: list[str],
    rows: list[list],
    sep: str = ";",
    encoding: str = "utf-8",
    newline: str = "\r\n",
    title: str | None = None,
) -> Path:
    lines = [] if title is None else [title]
    lines.append(sep.join(headers))
    lines += [sep.join("" if v is None else str(v) for v in row) for row in rows]
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def write_folder(folder: Path, sheets: dict[str, tuple[list[str], list[list]]], **kw) -> Path:
    """A CSV folder with one ``<sheet>.csv`` per entry (``kw`` as for :func:`write_csv`)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (headers, rows) in sheets.items():
        write_csv(folder / f"{name}.csv", headers, rows, **kw)
    return folder


def workbook(sheets: dict[str, tuple[list[str], list[list]]]) -> openpyxl.Workbook:
    """A workbook in memory; cell values as given (datetimes become date cells, "" empty)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (headers, rows) in sheets.items():
        ws = book.create_sheet(name)
        ws.append(headers)
        for row in rows:
            ws.append([None if v == "" else v for v in row])
    return book


def write_xlsx(path: Path, sheets: dict[str, tuple[list[str], list[list]]]) -> Path:
    """A workbook file; cell values are written as given (datetimes become date cells)."""
    workbook(sheets).save(path)
    return path


def minimal_sheets(*rows: list[str]) -> dict[str, tuple[list[str], list[list]]]:
    """The three required sheets, with the given trajecten rows."""
    return {
        "trajecten": (TRAJECT_HEADERS, list(rows)),
        "zorgaanbieders": PROVIDERS,
        "taakstelling": QUOTAS,
    }


def patch_xlsx(path: Path, member: str, old: str, new: str) -> Path:
    """Replace ``old`` by ``new`` (once, must occur) in one XML part of a saved workbook."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {info.filename: z.read(info.filename) for info in z.infolist()}
    text = parts[member].decode("utf-8")
    assert old in text, f"{old!r} not in {member}"
    parts[member] = text.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def csv_bytes(
    lines: list[list[str] | str], sep: str = ";", newline: str = "\r\n", encoding: str = "utf-8"
) -> bytes:
    """CSV bytes from rows (lists, joined with ``sep`` as is: quote fields yourself) or lines."""
    text = [line if isinstance(line, str) else sep.join(line) for line in lines]
    return (newline.join(text) + newline).encode(encoding)
