"""Dutch formatting: exact strings as the jaarverslag prints them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from loketlib import nl


@pytest.mark.parametrize(
    ("fraction", "digits", "expected"),
    [
        (0.890625, 1, "89,1%"),
        (1 / 64, 1, "1,6%"),
        (59 / 61, 1, "96,7%"),
        (0.145, 1, "14,5%"),  # binary 14.4999... must still print as 14,5%
        (0.0005, 1, "0,1%"),  # half up, not half even
        (0.74, 0, "74%"),
        (0.794, 1, "79,4%"),
        (0.0, 1, "0,0%"),
        (1.0, 0, "100%"),
        (0.12345, 2, "12,35%"),
    ],
)
def test_pct(fraction, digits, expected):
    assert nl.pct(fraction, digits) == expected


def test_missing_values_are_a_dash():
    for func in (nl.count, nl.pct, nl.eur, nl.months, nl.number, nl.date, nl.long_date):
        assert func(None) == "–"
    assert nl.pct(float("nan")) == "–"
    assert nl.date(pd.NaT) == "–"


def test_count():
    assert nl.count(1234) == "1.234"
    assert nl.count(64) == "64"
    assert nl.count(1234567) == "1.234.567"
    assert nl.count(0) == "0"
    assert nl.count(nl.MARKER) == "x"  # a protected count stays x, never "0" or "–"


def test_eur():
    assert nl.eur(43200) == "€ 43.200,00"
    assert nl.eur(675) == "€ 675,00"
    assert nl.eur(0.005) == "€ 0,01"
    assert "\u00a0" not in nl.eur(1000)


def test_months():
    assert nl.months(5.41) == "5 maanden"
    assert nl.months(1.0) == "1 maand"
    assert nl.months(0.6) == "1 maand"
    assert nl.months(2.5, digits=1) == "2,5 maanden"
    assert nl.months(2.5) == "3 maanden"
    assert nl.months(0) == "0 maanden"


def test_number():
    assert nl.number(1.25) == "1,3"
    assert nl.number(1234.5, 0) == "1.235"
    assert nl.number(3.14159, 2) == "3,14"


def test_round_half_up():
    assert nl.round_half_up(0.5, 0) == 1.0
    assert nl.round_half_up(2.5, 0) == 3.0
    assert nl.round_half_up(1.5625, 1) == 1.6
    assert nl.round_half_up(2.675, 2) == 2.68
    assert nl.round_half_up(-0.5, 0) == -1.0


def test_numpy_values():
    import numpy as np

    assert nl.count(np.int64(1234)) == "1.234"
    assert nl.pct(np.float64(0.890625)) == "89,1%"


def test_dates():
    assert nl.date(dt.date(2022, 12, 31)) == "31-12-2022"
    assert nl.date("2022-12-31") == "31-12-2022"
    assert nl.date(dt.datetime(2022, 3, 1, 10, 30)) == "01-03-2022"
    assert nl.date(pd.Timestamp("2022-05-10")) == "10-05-2022"
    assert nl.long_date("2022-12-31") == "31 december 2022"
    assert nl.long_date(dt.date(2022, 5, 10)) == "10 mei 2022"


def test_table():
    df = pd.DataFrame(
        {
            "Corporatie": ["Zaamwonen", "Wonen Limburg"],
            "Plaatsingen": [5, 1234],
            "Aandeel": [0.890625, None],
            "Bedrag": [43200.0, 675.0],
        }
    )
    html = nl.table(df, {"Aandeel": nl.pct, "Bedrag": nl.eur})
    assert isinstance(html, str)
    assert 'class="loket-table"' in html
    assert ">89,1%<" in html
    assert ">€ 43.200,00<" in html
    assert ">1.234<" in html
    assert ">–<" in html
    assert "text-align: right" in html
    assert "row_heading" not in html  # no index by default
    assert html._repr_html_() == str(html)
    assert nl.table(df) == nl.table(df)  # deterministic output


def test_table_with_index():
    df = pd.DataFrame({"n": [1, 2]}, index=["a", "b"])
    assert "row_heading" in nl.table(df, index=True)


def test_table_formats_and_aligns_protected_counts():
    """A count column with the protection marker stays a right-aligned Dutch count column."""
    frame = pd.DataFrame({"Groep": ["a", "b", "c"], "Aantal": [1234, "x", 0]})
    html = nl.table(frame)
    assert "1.234" in html and ">x<" in html
    assert 'class="data row1 col1 num" >x<' in html  # the marker is right-aligned too
    assert 'class="data row0 col0" >a<' in html  # text stays left-aligned
