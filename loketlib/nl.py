"""Dutch formatting of report figures (Babel, locale nl_NL).

Figures in the figures JSON are unrounded; rounding happens here, and only here, the way
people round (half up: 0,5 -> 1), on the decimal value as written (so 0.145 -> 14,5%, not
the binary 14,499999...). Missing values (None, NaN, NaT) are shown as an en dash.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import numbers
import re
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

# What a protected (suppressed) count shows instead of its value (see loketlib.report.suppress).
MARKER = "x"


LOCALE = "nl_NL"
#: Shown for a missing value.
MISSING = "–"

__all__ = [
    "LOCALE",
    "MISSING",
    "Html",
    "count",
    "date",
    "eur",
    "long_date",
    "months",
    "number",
    "pct",
    "round_half_up",
    "table",
]


def _is_missing(x: object) -> bool:
    if x is None or x is pd.NaT:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _decimal(x: float | int | Decimal | str) -> Decimal:
    """The decimal value as written: `repr` of a float is the shortest round-tripping text."""
    if isinstance(x, Decimal):
        return x
    if isinstance(x, float | np.floating):
        return Decimal(repr(float(x)))
    if isinstance(x, np.integer):
        return Decimal(int(x))
    return Decimal(str(x))


def _round(x: float | int | Decimal | str, digits: int) -> Decimal:
    return _decimal(x).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


def round_half_up(x: float | int | Decimal | str, digits: int = 0) -> float:
    """Round as people do: a 5 rounds up (away from zero). `round_half_up(2.5, 0) == 3.0`."""
    if _is_missing(x):
        raise ValueError("cannot round a missing value")
    return float(_round(x, digits))


def count(n: int | float | None) -> str:
    """A count with a thousands separator: 1234 -> '1.234'; a protected count stays ``x``."""
    if _is_missing(n):
        return MISSING
    if n == MARKER:
        return MARKER
    return format_decimal(_round(n, 0), format="#,##0", locale=LOCALE)


def number(x: float | int | None, digits: int = 1) -> str:
    """A number with a Dutch decimal comma: 1.25 -> '1,3'."""
    if _is_missing(x):
        return MISSING
    return format_decimal(_round(x, digits), format=_pattern(digits), locale=LOCALE)


def pct(fraction: float | None, digits: int = 1) -> str:
    """A fraction as a Dutch percentage with exactly `digits` decimals: 0.890625 -> '89,1%'."""
    if _is_missing(fraction):
        return MISSING
    rounded = _round(_decimal(fraction) * 100, digits) / 100
    return format_percent(rounded, format=_pattern(digits) + "%", locale=LOCALE)


def eur(amount: float | int | None) -> str:
    """An amount in euros: 43200 -> '€ 43.200,00' (a plain space after the euro sign)."""
    if _is_missing(amount):
        return MISSING
    text = format_currency(_round(amount, 2), "EUR", locale=LOCALE)
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def months(m: float | int | None, digits: int = 0) -> str:
    """A duration in months: 5.41 -> '5 maanden', 1.0 -> '1 maand', (2.5, 1) -> '2,5 maanden'."""
    if _is_missing(m):
        return MISSING
    rounded = _round(m, digits)
    unit = "maand" if rounded == 1 else "maanden"
    return f"{format_decimal(rounded, format=_pattern(digits), locale=LOCALE)} {unit}"


def _as_date(d: object) -> _dt.date:
    if isinstance(d, pd.Timestamp):
        return d.date()
    if isinstance(d, _dt.datetime):
        return d.date()
    if isinstance(d, _dt.date):
        return d
    if isinstance(d, str):
        return pd.Timestamp(d.strip()).date()
    raise TypeError(f"not a date: {d!r}")


def date(d: _dt.date | _dt.datetime | str | None) -> str:
    """A date as the report writes it: '31-12-2022'."""
    if _is_missing(d):
        return MISSING
    return format_date(_as_date(d), format="dd-MM-y", locale=LOCALE)


def long_date(d: _dt.date | _dt.datetime | str | None) -> str:
    """A date written out: '31 december 2022'."""
    if _is_missing(d):
        return MISSING
    return format_date(_as_date(d), format="d MMMM y", locale=LOCALE)


class Html(str):
    """An HTML fragment: a plain string that notebooks render as HTML."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)


def _default_format(series: pd.Series) -> Callable[[object], str] | None:
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return count
    if pd.api.types.is_float_dtype(series):
        return number
    return None


def _protected_counts(series: pd.Series) -> bool:
    """A column of counts in which some are protected (shown as :data:`MARKER`)."""
    if series.dtype != object:
        return False
    values = series.dropna()
    markers = values.map(lambda v: v == MARKER)
    whole = values.map(lambda v: isinstance(v, numbers.Integral) and not isinstance(v, bool))
    return bool(markers.any()) and bool((markers | whole).all())


_SCOPES = {"col_heading": "col", "index_name": "col", "row_heading": "row"}
_SCOPED = re.compile(r'<th (id="[^"]*" )?class="(col_heading|index_name|row_heading)')


def titled(frame: pd.DataFrame, title: str) -> pd.DataFrame:
    """The frame with its Dutch title (``frame.attrs["title"]``): the caption :func:`table`
    shows and the table's heading in the Excel workbook."""
    frame.attrs["title"] = title
    return frame


def table(
    df: pd.DataFrame,
    formats: Mapping[str, Callable[[object], str]] | None = None,
    index: bool = False,
    caption: str | None = None,
) -> Html:
    """An HTML table (class `loket-table`) with Dutch formatting per column.

    `formats` maps column names to formatters such as `pct` or `eur`; other integer columns
    get `count`, other float columns `number`. Numeric columns (and formatted ones) are
    right-aligned through the cell class `num`. Missing values show as an en dash. Cells and
    headers are text, never markup: they are HTML-escaped (export text is data).
    The caption is `caption` or the frame's title (`df.attrs["title"]`); header cells carry
    `scope`; the table sits in a box of its own that scrolls sideways when it is wider than
    the page (a focusable region named by the caption).
    """
    formats = dict(formats or {})
    formatters: dict[str, Callable[[object], str]] = {}
    numeric: list[str] = []
    for col in df.columns:
        protected = _protected_counts(df[col])
        fmt = formats.get(col) or (count if protected else _default_format(df[col]))
        if fmt is not None:
            formatters[col] = fmt
        if col in formats or protected or pd.api.types.is_numeric_dtype(df[col]):
            if not pd.api.types.is_bool_dtype(df[col]):
                numeric.append(col)

    def _cell(fmt: Callable[[object], str] | None) -> Callable[[object], str]:
        def render(value: object) -> str:
            if _is_missing(value):
                return MISSING
            if isinstance(value, str):  # text, or the marker of a protected count
                return value
            return fmt(value) if fmt is not None else str(value)

        return lambda value: html.escape(render(value))

    styler = df.style.format({col: _cell(formatters.get(col)) for col in df.columns})
    styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
    classes = pd.DataFrame("", index=df.index, columns=df.columns)
    for col in numeric:
        classes[col] = "num"
    styler = styler.set_td_classes(classes)
    styler = styler.set_table_attributes('class="loket-table"')
    right = [("text-align", "right")]
    styles = [
        {"selector": "th", "props": [("text-align", "left")]},
        {"selector": "td.num", "props": right},
    ]
    positions = {col: i for i, col in enumerate(df.columns)}
    styles += [
        {"selector": f"th.col_heading.col{positions[col]}", "props": right} for col in numeric
    ]
    styler = styler.set_table_styles(styles)
    # A stable id, so the same table renders to the same HTML (reproducible reports).
    digest = hashlib.sha1(df.to_csv().encode("utf-8")).hexdigest()[:8]
    styler = styler.set_uuid(f"loket{digest}")
    if not index:
        styler = styler.hide(axis="index")
    caption = caption or df.attrs.get("title")
    if caption:
        styler = styler.set_caption(html.escape(caption))
    body = styler.to_html()
    body = _SCOPED.sub(lambda m: f'<th scope="{_SCOPES[m[2]]}" {m[1] or ""}class="{m[2]}', body)
    body = re.sub(r'<th class="blank([^"]*)" >&nbsp;</th>', r'<td class="blank\1"></td>', body)
    name = html.escape(caption or "Tabel", quote=True)
    return Html(
        f'<div class="table-scroll" role="region" tabindex="0" aria-label="{name}">{body}</div>'
    )
