"""Vectorised parsers for raw export values (data contract, section 1).

Each parser takes a raw column (strings from CSV; strings, numbers and datetimes from Excel)
and returns ``(values, bad)``: the parsed column and a boolean mask of cells that held
something that could not be parsed. Empty cells are missing, never bad. :func:`parse` also
returns a mask of numbers that are not finite or larger (in size) than the column allows:
those are missing in ``values``, so that no ``inf`` or overflowing integer goes further.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loketlib.intake import codes

#: Text formats tried in turn for dates (after Excel cells, which arrive as ISO datetimes).
DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d.%m.%Y")
#: Excel serial numbers count days from 30-12-1899; accept those between 1950 and 2100.
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
SERIAL_RANGE = (18264, 73051)
#: Whole numbers larger than this are not exact in float64 (and a sign of a broken cell).
INT_LIMIT = 2**53

_TRUE = {"ja", "j", "1", "true", "waar", "yes", "y"}
_FALSE = {"nee", "n", "0", "false", "onwaar", "no"}


def text(raw: pd.Series) -> pd.Series:
    """Stripped text; empty -> <NA>. An Excel number like 1001.0 becomes ``"1001"``."""
    if raw.dtype == object:
        is_float = raw.map(type).eq(float) & raw.notna()
        if is_float.any():
            as_int = raw[is_float].map(lambda v: str(int(v)) if float(v).is_integer() else str(v))
            raw = raw.where(~is_float, as_int)
    out = raw.astype("string").str.strip()
    return out.mask(out.eq(""))


def _numbers(raw: pd.Series) -> pd.Series:
    """Cells that arrived as numbers (Excel), as float64; NaN elsewhere."""
    if raw.dtype != object:
        if not pd.api.types.is_numeric_dtype(raw) or pd.api.types.is_bool_dtype(raw):
            return pd.Series(np.nan, index=raw.index, dtype="float64")  # text: parsed as text
        return pd.to_numeric(raw, errors="coerce").astype("float64")
    kinds = raw.map(type)
    numeric = kinds.isin([int, float, np.float64, np.int64])
    return pd.to_numeric(raw.where(numeric), errors="coerce").astype("float64")


def date(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates: dd-mm-yyyy, d-m-yyyy, yyyy-mm-dd, Excel date cells and Excel serial numbers."""
    values = text(raw)
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us]")
    todo = values.notna()
    for fmt in DATE_FORMATS:
        if not todo.any():
            break
        parsed = pd.to_datetime(values[todo], format=fmt, errors="coerce")
        out.loc[parsed.index] = out.loc[parsed.index].fillna(parsed.astype("datetime64[us]"))
        todo &= out.isna()
    if todo.any():
        serial = pd.to_numeric(values[todo], errors="coerce")
        serial = serial[(serial >= SERIAL_RANGE[0]) & (serial <= SERIAL_RANGE[1])]
        days = np.floor(serial)  # a fraction is the time of day: 44566.75 is still 5-1-2022
        out.loc[serial.index] = EXCEL_EPOCH + pd.to_timedelta(days, unit="D")
    out = out.dt.normalize()
    return out, values.notna() & out.isna()


def money(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Amounts: ``675``, ``675,00``, ``€ 675,00``, ``1.234,50`` (and Excel numbers).

    With a comma, dots are thousands separators and the comma is the decimal sign. Without a
    comma, a dot followed by groups of exactly three digits is a thousands separator
    (``1.234`` is 1234); any other dot is a decimal point (``675.5``).
    """
    return _decimal(raw, strip_currency=True)


def number(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers with a Dutch decimal comma (``1,5``) or a decimal point."""
    return _decimal(raw, strip_currency=False)


def _decimal(raw: pd.Series, strip_currency: bool) -> tuple[pd.Series, pd.Series]:
    direct = _numbers(raw)
    values = text(raw.where(direct.isna())) if raw.dtype == object else text(raw)
    s = values.str.replace(r"[\s\u00a0]", "", regex=True)
    if strip_currency:
        s = s.str.replace(r"^(€|EUR)", "", regex=True, case=False)
    has_comma = s.str.contains(",", regex=False)
    thousands = ~has_comma & s.str.fullmatch(r"-?\d{1,3}(\.\d{3})+")
    s = s.where(~(has_comma | thousands), s.str.replace(".", "", regex=False))
    s = s.str.replace(",", ".", regex=False)
    ok = s.str.fullmatch(r"-?\d+(\.\d+)?").fillna(False).astype(bool)
    parsed = pd.to_numeric(s.where(ok), errors="coerce").astype("float64")
    out = direct.fillna(parsed)
    return out, values.notna() & out.isna()


def too_large(values: pd.Series, maximum: float | None = None) -> pd.Series:
    """Numbers that are not finite or whose size is over ``maximum`` (missing: False)."""
    size = values.abs()
    over = ~np.isfinite(size) if maximum is None else ~(size <= maximum)
    return over & values.notna()


def integer(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Whole numbers; ``12,0`` is 12, ``12,5`` is bad; over ``INT_LIMIT`` in size is bad."""
    return _whole(*number(raw))


def _whole(values: pd.Series, bad: pd.Series) -> tuple[pd.Series, pd.Series]:
    bad = bad | too_large(values, INT_LIMIT)
    values = values.where(~bad)
    whole = values.notna() & (values % 1 == 0)
    bad = bad | (values.notna() & ~whole)
    return values.where(whole).astype("Int64"), bad


def boolean(raw: pd.Series, default: bool | None = None) -> tuple[pd.Series, pd.Series]:
    """Ja/Nee/J/N (any case), 1/0; empty -> ``default``."""
    values = text(raw).str.casefold().str.replace(r"\.0$", "", regex=True)
    out = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    out = out.mask(values.isin(_TRUE).fillna(False).astype(bool), True)
    out = out.mask(values.isin(_FALSE).fillna(False).astype(bool), False)
    bad = values.notna() & out.isna()
    if default is not None:
        out = out.mask(values.isna(), default)
    return out.astype("boolean"), bad


def code(raw: pd.Series, list_name: str, default: str | None = None) -> tuple[pd.Series, pd.Series]:
    """Code values of one list (labels, codes and aliases, any case); empty -> ``default``."""
    values = text(raw)
    out = codes.to_codes(values, list_name)
    bad = values.notna() & out.isna()
    if default is not None:
        out = out.mask(values.isna(), default)
    return out, bad


def parse(
    raw: pd.Series, kind: str, default: object = None, maximum: float | None = None
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Dispatch on a :mod:`loketlib.intake.sheets` column kind: ``(values, bad, over)``.

    ``over`` marks numbers that are not finite or over ``maximum`` in size (see
    :func:`too_large`); they are missing in ``values`` and not ``bad``. Exports repeat few
    distinct values per column (dates, codes, amounts), so every kind but free text is parsed
    once per distinct raw value and spread back over the rows.
    """
    if kind == "text":
        values = text(raw)
        return values, pd.Series(False, index=raw.index), pd.Series(False, index=raw.index)
    positions, uniques = pd.factorize(raw, use_na_sentinel=False)
    distinct = pd.Series(uniques, dtype=object if raw.dtype == object else raw.dtype)
    if kind in ("int", "money", "number"):
        values, bad = money(distinct) if kind == "money" else number(distinct)
        over = too_large(values, INT_LIMIT if maximum is None and kind == "int" else maximum)
        values = values.where(~over)
        if kind == "int":
            values, bad = _whole(values, bad)
    else:
        values, bad = _PARSERS[kind.split(":")[0]](distinct, kind, default)
        over = pd.Series(False, index=distinct.index)
    values = values.take(positions)
    values.index = raw.index
    return (
        values,
        pd.Series(bad.to_numpy()[positions], index=raw.index),
        pd.Series(over.to_numpy()[positions], index=raw.index),
    )


_PARSERS = {
    "code": lambda raw, kind, default: code(raw, kind.removeprefix("code:"), default),
    "bool": lambda raw, kind, default: boolean(raw, default),
    "date": lambda raw, kind, default: date(raw),
}
