"""Reading an export (data contract, section 1): one .xlsx workbook or a folder of CSV files.

Sheet names and headers match case-insensitively (see :func:`loketlib.intake.codes.fold`). The
header row is the first of the top rows that names a column of the sheet, so a title line above the
table is skipped. Entirely empty rows and columns hold nothing and are skipped. Values stay raw
(strings; numbers and datetimes from Excel cells): parsing is :mod:`loketlib.intake.clean`'s job.
Structural problems raise :class:`loketlib.errors.ExportError`: besides a missing sheet or
column, a sheet that holds values but no header row, two files or sheets for one sheet name, a
sheet over the limits of :mod:`loketlib.intake.limits`, and a path that is not a regular file
or folder (a pipe would block the reader)."""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from python_calamine import CalamineWorkbook

from loketlib.errors import ExportError
from loketlib.intake import limits
from loketlib.intake.codes import fold
from loketlib.intake.sheets import SHEETS, Sheet

#: Column holding the row number in the source (the spreadsheet row, header row included).
ROW = "_row"
HEADER_SEARCH_ROWS = 20
SEPARATORS = (";", "\t", ",")
#: Anything but separators, quotes, white space and a byte order mark: a value.
_HAS_VALUE = re.compile(r'[^\s;,"\ufeff]')


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("loket-cp1252", _cp1252_fallback)


@dataclass(frozen=True)
class RawExport:
    """Raw sheets of one export.

    sheets: sheet name -> frame with the clean column names of the columns present, raw values,
        and ``_row``. Optional sheets that are absent are missing from the dict.
    extra_columns: sheet name -> headers that are not in the data contract (ignored).
    files: sheet name -> the file it came from, for messages.
    """

    source: str
    sheets: dict[str, pd.DataFrame]
    extra_columns: dict[str, list[str]]
    files: dict[str, str]


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), Windows-1252, or UTF-8 with stray Windows-1252 bytes.

    A file that is not valid UTF-8 and shows no UTF-8 multi-byte sequence before its first
    bad byte or in the megabyte after it is a Windows-1252 file and is decoded as one (fast);
    otherwise each byte that is not UTF-8 is read as Windows-1252.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        first_bad = error.start
    # UTF-8 before the first bad byte, or in the megabyte after it, means a mixed file.
    before = data[:first_bad]
    if before.isascii() and _UTF8_SEQUENCE.search(data, first_bad, first_bad + (1 << 20)) is None:
        return data.decode("cp1252", errors="replace")
    return data.decode("utf-8-sig", errors="loket-cp1252")


def read_export(path: Path | str) -> RawExport:
    """Read a workbook or CSV folder; raise ExportError for anything structural."""
    path = Path(path)
    limits.check_path(path)
    if path.is_dir():
        tables, files = _read_csv_folder(path)
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        tables, files = _read_workbook(path)
    else:
        raise ExportError(
            str(path), "not an export: give an .xlsx workbook or a folder of CSV files"
        )
    sheets, extra = {}, {}
    for sheet in SHEETS.values():
        if sheet.name not in tables:
            if sheet.required:
                raise ExportError(str(path), "required sheet is missing", sheet=sheet.name)
            continue
        frame, header_row = tables[sheet.name]
        if header_row is None:
            raise ExportError(
                files[sheet.name],
                f"no header row: none of the first {HEADER_SEARCH_ROWS} rows with values names "
                f"a column of the sheet ({', '.join(c.header for c in sheet.columns)})",
                sheet=sheet.name,
            )
        if not header_row:
            if sheet.required:
                raise ExportError(
                    files[sheet.name], "sheet is empty (no header row)", sheet=sheet.name
                )
            continue  # an optional sheet without any value is read as an absent one
        sheets[sheet.name], extra[sheet.name] = _match_columns(
            frame, header_row, sheet, files[sheet.name]
        )
    return RawExport(path.name, sheets, extra, files)


def _one_per_sheet(names: list[str], label: str, what: str) -> dict[str, str]:
    """Sheet or file name in the export -> sheet of the contract (a file by its name without
    extension); two names for one sheet are an error."""
    matched: dict[str, str] = {}
    for name in names:
        key = fold(Path(name).stem if what == "files" else name)
        sheet = next((s for s in SHEETS if fold(s) == key), None)
        if sheet is None:
            continue
        other = next((n for n, s in matched.items() if s == sheet), None)
        if other is not None:
            raise ExportError(
                label, f"two {what} for one sheet: '{other}' and '{name}'", sheet=sheet
            )
        matched[name] = sheet
    return matched


def _read_workbook(path: Path) -> tuple[dict, dict]:
    """Every sheet of the contract, as raw cells (python-calamine, without pandas' per-cell
    conversion: several times faster on large workbooks), once its size is checked."""
    wanted = _one_per_sheet(limits.workbook_sheets(path, path.name), path.name, "sheets")
    limits.check_workbook(path, path.name, wanted)
    try:
        book = CalamineWorkbook.from_path(str(path))
        books = {
            sheet: pd.DataFrame(
                book.get_sheet_by_name(sheet).to_python(skip_empty_area=False), dtype=object
            )
            for sheet in book.sheet_names
            if sheet in wanted
        }
    except Exception as error:  # calamine raises its own types for broken files
        reason = (str(error).strip().splitlines() or [""])[0][:120]
        raise ExportError(
            str(path), f"not a readable .xlsx workbook ({type(error).__name__}: {reason})"
        ) from None
    tables, files = {}, {}
    unreadable = _unreadable_cells(path, wanted)
    for sheet_name, frame in books.items():
        name = wanted[sheet_name]
        frame = frame.mask(frame.eq(""))  # calamine gives "" for an empty cell
        for row, col, value in unreadable.get(sheet_name, ()):
            if row < frame.shape[0] and col < frame.shape[1]:
                frame.iat[row, col] = value
        frame = frame.dropna(how="all")
        header = _header_index(
            frame.head(HEADER_SEARCH_ROWS).astype("string").values.tolist(), name
        )
        if header is None:
            tables[name] = (pd.DataFrame(), None if len(frame) else [])
        else:
            position = frame.index.get_loc(frame.index[header])
            header_row = ["" if pd.isna(v) else str(v) for v in frame.iloc[position]]
            body = frame.iloc[position + 1 :].copy()
            body[ROW] = body.index + 1
            tables[name] = (body, header_row)
        files[name] = f"{path.name}"
    return tables, files


_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_FORMULA = re.compile(rb"<f[^>]*>([^<]*)</f>")


def _unreadable_cells(path: Path, wanted: dict) -> dict[str, list[tuple[int, int, str]]]:
    """Cells whose value the reader would see as empty: error cells (``#N/A``) and formulas
    saved without a value, in the ``wanted`` sheets. Sheet name -> (0-based row, 0-based
    column, text such as ``#N/A`` or ``=A2``), so that they are quarantined as unreadable
    instead of read as empty."""
    out: dict[str, list[tuple[int, int, str]]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            for sheet, member in limits.sheet_parts(z).items():
                if sheet not in wanted:
                    continue
                xml = z.read(member)
                if b't="e"' not in xml and b"<f" not in xml:
                    continue
                cells = out.setdefault(sheet, [])
                for match in _CELL.finditer(xml):
                    column, row, attributes, body = match.groups()
                    body = body or b""
                    value = _VALUE.search(body)
                    if b't="e"' in attributes and value:
                        text = value.group(1).decode("utf-8", "replace")
                    elif b"<f" in body and not (value and value.group(1)):
                        formula = _FORMULA.search(body)
                        text = "=" + (
                            formula.group(1).decode("utf-8", "replace") if formula else ""
                        )
                    else:
                        continue
                    col = 0
                    for letter in column.decode():
                        col = col * 26 + ord(letter) - 64
                    cells.append((int(row) - 1, col - 1, text))
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}  # the workbook reader itself reports what is wrong
    return out


def _read_csv_folder(path: Path) -> tuple[dict, dict]:
    try:
        names = sorted(p.name for p in path.iterdir() if p.suffix.lower() in (".csv", ".txt"))
    except OSError as error:
        raise ExportError(path.name, f"cannot read folder ({error.strerror})") from None
    matched = _one_per_sheet(names, path.name, "files")
    tables, files = {}, {}
    for name in names:
        sheet = matched.get(name)
        if sheet is None:
            continue
        files[sheet] = f"{path.name}/{name}"
        if not limits.is_regular(path / name):
            raise ExportError(
                files[sheet], "not a regular file (a folder, pipe, socket or device)", sheet=sheet
            )
        tables[sheet] = _read_csv(path / name, sheet, files[sheet])
    return tables, files


def _read_csv(file: Path, sheet: str, label: str) -> tuple[pd.DataFrame, list[str] | None]:
    """The rows below the header and the header row; ``None`` for a header that cannot be
    found in a file with values, ``[]`` for a file without any value."""
    try:
        limits.check_csv_size(file.stat().st_size, label, sheet)
        text = decode(file.read_bytes())
    except OSError as error:
        raise ExportError(label, f"cannot read file ({error.strerror})", sheet=sheet) from None
    head = text[: 64 * 1024].splitlines()[:HEADER_SEARCH_ROWS]
    sep = max(SEPARATORS, key=lambda s: sum(line.count(s) for line in head))
    rows = list(csv.reader(head, delimiter=sep))
    header = _header_index(rows, sheet)
    if header is None:
        return pd.DataFrame(), None if _HAS_VALUE.search(text) else []
    columns = len(rows[header])
    limits.check_shape(0, columns, label, sheet)
    frame = _fast_csv(text, sep, header, columns)
    if frame is None:
        frame = _careful_csv(text, sep, header, columns, label, sheet)
    limits.check_shape(len(frame), columns, label, sheet)
    frame[ROW] = frame.index + header + 2
    values = frame.drop(columns=ROW)
    frame = frame[values.ne("").any(axis=1)]
    return frame, rows[header]


def _fast_csv(text: str, sep: str, header: int, columns: int) -> pd.DataFrame | None:
    """The rows below the header through Arrow's multithreaded reader, or None when the file
    needs the careful reader: blank lines (they would shift row numbers) or ragged rows."""
    if "\n\n" in text or "\n\r\n" in text:
        return None
    names = [str(i) for i in range(columns)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(skip_rows=header + 1, column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow", float("nan"))}.get)
    frame.columns = range(columns)
    return frame


def _careful_csv(text: str, sep: str, header: int, columns: int, label: str, sheet: str):
    """pandas' C reader: keeps blank lines (for row numbers) and names ragged rows."""
    try:
        with warnings.catch_warnings():
            # index_col=False: a first data row with more fields than the header must not
            # become the index; pandas warns about it, and that is a structural error here.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(
                io.StringIO(text),
                sep=sep,
                header=None,
                skiprows=header + 1,
                names=range(columns),
                index_col=False,
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=False,
                engine="c",
            )
    except pd.errors.ParserWarning:
        problem = f"line {header + 2} has more fields than the header"
        raise ExportError(label, f"cannot read as CSV: {problem}", sheet=sheet) from None
    except (pd.errors.ParserError, ValueError) as error:
        problem = str(error).strip().splitlines()[-1]
        raise ExportError(label, f"cannot read as CSV: {problem}", sheet=sheet) from None


def _header_index(rows: list[list], sheet: str) -> int | None:
    """Index of the first row that names one of the sheet's columns, or None."""
    known = {fold(c.header) for c in SHEETS[sheet].columns}
    for i, row in enumerate(rows):
        if any(fold(v) in known for v in row if isinstance(v, str)):
            return i
    return None


def _match_columns(
    frame: pd.DataFrame, header_row: list[str], sheet: Sheet, file: str
) -> tuple[pd.DataFrame, list[str]]:
    by_fold = {fold(c.header): c for c in sheet.columns}
    rename, extra, seen = {}, [], {}
    for position, header in enumerate(header_row):
        column = frame.columns[position]
        key = fold(header)
        if not key:
            if frame[column].replace("", pd.NA).notna().any():
                extra.append(f"(kolom {position + 1} zonder kop)")
            continue
        spec = by_fold.get(key)
        if spec is None:
            extra.append(str(header).strip())
            continue
        if spec.name in seen:
            raise ExportError(file, "column appears twice", sheet=sheet.name, column=spec.header)
        seen[spec.name] = column
        rename[column] = spec.name
    for spec in sheet.columns:
        if spec.required_column and spec.name not in seen:
            raise ExportError(
                file, "required column is missing", sheet=sheet.name, column=spec.header
            )
    out = frame[[*rename, ROW]].rename(columns=rename) if len(frame) else _empty(sheet, rename)
    return out.reset_index(drop=True), extra


def _empty(sheet: Sheet, rename: dict) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in [*rename.values(), ROW]})
