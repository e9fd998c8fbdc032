"""Size limits of an export (data contract, section 4), checked before a sheet is read.

The workbook reader (python-calamine) holds a sheet as one dense block from its first to its
last cell, so a workbook with one cell at XFD1048576 would ask for hundreds of gigabytes, and a
small zip can hold gigabytes of XML. Before reading, :func:`check_workbook` therefore checks
the uncompressed sizes in the zip directory, the declared dimension of each sheet of the
contract, and the cells actually present, by streaming each sheet's XML in chunks (so this
check needs little memory whatever the file holds). A part that holds more than its directory
says fails its checksum and is reported as unreadable. A CSV file is read whole, so its size
on disk is its limit. Every limit is stated in the README ("Grenzen").
"""

from __future__ import annotations

import posixpath
import re
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

from loketlib.errors import ExportError

#: Rows of one sheet (Excel itself stops at 1 048 576).
MAX_ROWS = 2_000_000
#: Columns of one sheet (the widest sheet of the contract has 25).
MAX_COLUMNS = 200
#: Cells (rows × columns, from A1 to the last cell) of one workbook sheet.
MAX_CELLS = 5_000_000
#: Uncompressed size of all parts of a workbook together.
MAX_WORKBOOK_BYTES = 512 * 2**20
#: Size of one CSV file.
MAX_CSV_BYTES = 1024 * 2**20

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CHUNK = 1 << 20
_DIMENSION = re.compile(rb'<dimension\b[^>]*?\bref="(?:[A-Za-z$]+\d+:)?\$?([A-Za-z]+)\$?(\d+)"')
_ROW_REF = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"')
_CELL = re.compile(rb"<c[\s/>]")
_TOKEN = re.compile(rb"<(row|c)\b([^>]*)>")
_R_ATTR = re.compile(rb'\br="([A-Z]*)(\d*)"')


def check_path(path: Path) -> None:
    """An export is a folder or a regular file: a pipe would block the reader, a device never
    end."""
    if not path.exists():
        raise ExportError(str(path), "file or folder not found")
    if not (path.is_dir() or is_regular(path)):
        raise ExportError(str(path), "not a regular file or folder (a pipe, socket or device)")


def is_regular(path: Path) -> bool:
    """A regular file (after following links), without opening it."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML (from workbook.xml and its relations)."""
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_RELS}Relationship")}
    parts = {}
    for sheet in ElementTree.fromstring(book.read("xl/workbook.xml")).iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_R_ID), "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts[sheet.get("name", "")] = posixpath.normpath(member)
    return parts


def column_number(letters: bytes) -> int:
    """``A`` is 1, ``Z`` 26, ``AA`` 27, ``XFD`` 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


@contextmanager
def _readable(label: str) -> Iterator[None]:
    """Turn what the zip and XML readers raise for a broken workbook into one ExportError."""
    try:
        yield
    except ExportError:
        raise
    except (
        KeyError,
        OSError,
        EOFError,
        RuntimeError,  # an encrypted part
        NotImplementedError,  # a compression method the zip reader does not know
        zipfile.BadZipFile,
        ElementTree.ParseError,
    ) as error:
        reason = (str(error).strip().splitlines() or [""])[0][:120]
        raise ExportError(
            label, f"not a readable .xlsx workbook ({type(error).__name__}: {reason})"
        ) from None


def workbook_sheets(path: Path, label: str) -> list[str]:
    """The sheet names of a workbook, in order."""
    with _readable(label), zipfile.ZipFile(path) as book:
        return list(sheet_parts(book))


def check_workbook(path: Path, label: str, sheets: dict[str, str]) -> None:
    """Raise ExportError when the workbook, or one of ``sheets`` (sheet name in the workbook ->
    sheet name of the contract), is over a limit; also when a part is not what its zip
    directory says (size or checksum)."""
    with _readable(label):
        with zipfile.ZipFile(path) as book:
            total = sum(info.file_size for info in book.infolist())
            if total > MAX_WORKBOOK_BYTES:
                raise ExportError(
                    label,
                    f"workbook too large: {_mib(total)} uncompressed, "
                    f"the limit is {_mib(MAX_WORKBOOK_BYTES)}",
                )
            parts = sheet_parts(book)
            for sheet, name in sheets.items():
                member = parts.get(sheet)
                if member is None:
                    continue
                declared = _DIMENSION.search(_first_chunk(book, member))
                if declared:
                    size = (int(declared.group(2)), column_number(declared.group(1)))
                    _check_size(label, name, size, "declared size")
                    if _within(book, member, size):
                        continue
                _check_size(label, name, _used_area(book, member), "size")
            for info in book.infolist():  # a part larger than declared fails its checksum
                if info.filename not in parts.values():
                    _drain(book, info.filename)


def check_csv_size(size: int, label: str, sheet: str) -> None:
    if size > MAX_CSV_BYTES:
        raise ExportError(
            label,
            f"file too large: {_mib(size)}, the limit is {_mib(MAX_CSV_BYTES)}",
            sheet=sheet,
        )


def check_shape(rows: int, columns: int, label: str, sheet: str) -> None:
    """Rows and columns of a sheet as read (for CSV files)."""
    _check_size(label, sheet, (rows, columns), "size", cells=False)


def _check_size(
    label: str, sheet: str, size: tuple[int, int], what: str, cells: bool = True
) -> None:
    rows, columns = size
    over = []
    if rows > MAX_ROWS:
        over.append(f"{rows:,} rows (limit {MAX_ROWS:,})")
    if columns > MAX_COLUMNS:
        over.append(f"{columns:,} columns (limit {MAX_COLUMNS:,})")
    if cells and not over and rows * columns > MAX_CELLS:
        over.append(f"{rows * columns:,} cells from A1 (limit {MAX_CELLS:,})")
    if over:
        raise ExportError(label, f"sheet too large: {what} {' and '.join(over)}", sheet=sheet)


def _mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB"


def _first_chunk(book: zipfile.ZipFile, member: str) -> bytes:
    with book.open(member) as stream:
        return stream.read(64 * 1024)


def _drain(book: zipfile.ZipFile, member: str) -> None:
    with book.open(member) as stream:
        while stream.read(_CHUNK):
            pass


def _chunks(book: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The member's XML in pieces that end before a tag (a tag is never split)."""
    carry = b""
    with book.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            buffer = carry + chunk
            cut = buffer.rfind(b"<")
            if cut < 0 or len(buffer) - cut > 4096:  # no tag open at the end
                cut = len(buffer)
            yield buffer[:cut]
            carry = buffer[cut:]
    yield carry


def _within(book: zipfile.ZipFile, member: str, size: tuple[int, int]) -> bool:
    """Whether every cell lies within ``size`` (rows, columns), the declared dimension: one
    fast pass that looks only for references beyond it and for cells or rows without one."""
    rows, columns = size
    beyond = re.compile(
        rb' r="(?:'
        + _greater_letters(_letters(columns))
        + rb"\d|[A-Z]+0*"
        + _greater_number(rows)
        + rb'")'
    )
    return not any(beyond.search(c) or _refless(c) for c in _chunks(book, member))


def _refless(chunk: bytes) -> bool:
    """Whether some cell or row may leave out its reference: fewer ``r`` attributes than
    ``<c`` and ``<row`` tags (``<col`` and ``<cols`` are not cells)."""
    tags = chunk.count(b"<c") - chunk.count(b"<col") + chunk.count(b"<row")
    return chunk.count(b' r="') < tags


def _letters(number: int) -> bytes:
    out = b""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = bytes([65 + rest]) + out
    return out


def _greater_number(number: int) -> bytes:
    """A regular expression for the whole numbers greater than ``number`` (without zeros
    in front)."""
    digits = str(number).encode()
    options = [rb"[1-9]\d{%d,}" % len(digits)]
    for i, digit in enumerate(digits):
        if digit < ord("9"):
            rest = len(digits) - i - 1
            options.append(digits[:i] + b"[%c-9]" % (digit + 1) + rb"\d{%d}" % rest)
    return b"(?:" + b"|".join(options) + b")"


def _greater_letters(letters: bytes) -> bytes:
    """A regular expression for the column letters after ``letters`` (``Y``: ``Z``, ``AA``…)."""
    options = [rb"[A-Z]{%d,}" % (len(letters) + 1)]
    for i, letter in enumerate(letters):
        if letter < ord("Z"):
            rest = len(letters) - i - 1
            options.append(letters[:i] + b"[%c-Z]" % (letter + 1) + rb"[A-Z]{%d}" % rest)
    return b"(?:" + b"|".join(options) + b")"


def _used_area(book: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """(last row, last column) of the cells present, as the reader will place them."""
    rows = columns = 0
    for chunk in _chunks(book, member):
        refs = _CELL_REF.findall(chunk)
        if len(refs) < len(_CELL.findall(chunk)):  # cells without a reference: walk them
            return _walk(book, member)
        if refs:
            letters = max((r[0] for r in refs), key=lambda v: (len(v), v))
            columns = max(columns, column_number(letters))
            rows = max(rows, max(int(r[1]) for r in refs))
        for row in _ROW_REF.findall(chunk):
            rows = max(rows, int(row))
    return rows, columns


def _walk(book: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """Like :func:`_used_area` for XML whose rows or cells leave out their reference: a row
    without one follows the previous row, a cell without one the previous cell."""
    rows = columns = row = column = 0
    for chunk in _chunks(book, member):
        for tag, attributes in _TOKEN.findall(chunk):
            ref = _R_ATTR.search(attributes)
            if tag == b"row":
                row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                column = 0
            else:
                column = column_number(ref.group(1)) if ref and ref.group(1) else column + 1
                if ref and ref.group(2):
                    row = max(row, int(ref.group(2)))
            rows, columns = max(rows, row), max(columns, column)
    return rows, columns
