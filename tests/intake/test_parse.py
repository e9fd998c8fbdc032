"""Unit tests of loketlib.intake.parse: every value form of the data contract, section 1."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from loketlib.intake import parse


def _one(parser, value, *args):
    values, bad = parser(pd.Series([value], dtype=object), *args)
    return values.iloc[0], bool(bad.iloc[0])


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("05-01-2022", "2022-01-05"),
        ("5-1-2022", "2022-01-05"),
        (" 31-12-2022 ", "2022-12-31"),
        ("2022-01-05", "2022-01-05"),
        ("2022-03-01 00:00:00", "2022-03-01"),
        (dt.datetime(2022, 1, 5), "2022-01-05"),
        (dt.datetime(2022, 1, 5, 13, 30), "2022-01-05"),
        (pd.Timestamp("2021-11-30"), "2021-11-30"),
        # Excel serial numbers: 44566 is 5-1-2022 (days since 30-12-1899)
        (44566, "2022-01-05"),
        (44566.0, "2022-01-05"),
        ("44566", "2022-01-05"),
        ("44927", "2023-01-01"),
    ],
)
def test_date_forms(raw, expected):
    value, bad = _one(parse.date, raw)
    assert not bad
    assert value == pd.Timestamp(expected)


@pytest.mark.parametrize("raw", ["31-02-2022", "32-01-2022", "2022-13-01", "abc", "#N/B", "12"])
def test_bad_dates(raw):
    value, bad = _one(parse.date, raw)
    assert bad
    assert pd.isna(value)


@pytest.mark.parametrize("raw", ["", "   ", None, float("nan")])
def test_empty_date_is_missing_not_bad(raw):
    value, bad = _one(parse.date, raw)
    assert not bad
    assert pd.isna(value)


def test_dates_vectorised_mixed_column():
    raw = pd.Series(["05-01-2022", "", dt.datetime(2020, 2, 29), 44566, "31-02-2022"], dtype=object)
    values, bad = parse.date(raw)
    assert values.iloc[0] == pd.Timestamp("2022-01-05")
    assert pd.isna(values.iloc[1])
    assert values.iloc[2] == pd.Timestamp("2020-02-29")
    assert values.iloc[3] == pd.Timestamp("2022-01-05")
    assert pd.isna(values.iloc[4])
    assert bad.tolist() == [False, False, False, False, True]


def test_dates_from_csv_strings():
    raw = pd.Series(["1-4-2022", "29-02-2024", "29-02-2023", ""], dtype="string")
    values, bad = parse.date(raw)
    assert values.iloc[0] == pd.Timestamp("2022-04-01")
    assert values.iloc[1] == pd.Timestamp("2024-02-29")
    assert bad.tolist() == [False, False, True, False]


# --- money -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("675", 675.0),
        ("675,00", 675.0),
        ("€ 675,00", 675.0),
        ("€675,50", 675.5),
        ("EUR 675", 675.0),
        ("1.234,50", 1234.5),
        ("1.234", 1234.0),
        ("12.345.678", 12345678.0),
        ("675.5", 675.5),
        (1234.5, 1234.5),
        (675, 675.0),
        ("0", 0.0),
    ],
)
def test_money_forms(raw, expected):
    value, bad = _one(parse.money, raw)
    assert not bad
    assert value == pytest.approx(expected)


@pytest.mark.parametrize("raw", ["abc", "#N/B", "12,34,56", "€", "1.2.3"])
def test_bad_money(raw):
    value, bad = _one(parse.money, raw)
    assert bad
    assert pd.isna(value)


def test_empty_money_is_missing():
    values, bad = parse.money(pd.Series(["", None], dtype=object))
    assert values.isna().all()
    assert not bad.any()


def test_negative_money_parses_as_negative():
    value, bad = _one(parse.money, "-50,00")
    assert not bad
    assert value == -50.0


# --- booleans --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Ja", True),
        ("ja", True),
        ("JA", True),
        ("J", True),
        ("j", True),
        (" Ja ", True),
        ("Nee", False),
        ("nee", False),
        ("NEE", False),
        ("N", False),
        ("n", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        (1.0, True),
        (0.0, False),
    ],
)
def test_boolean_forms(raw, expected):
    value, bad = _one(parse.boolean, raw)
    assert not bad
    assert value is expected or bool(value) is expected


@pytest.mark.parametrize("raw", ["misschien", "2", "#N/B"])
def test_bad_boolean(raw):
    value, bad = _one(parse.boolean, raw)
    assert bad
    assert pd.isna(value)


def test_boolean_default_for_empty_only():
    values, bad = parse.boolean(pd.Series(["", None, "Ja", "Nee"], dtype=object), False)
    assert values.tolist() == [False, False, True, False]
    assert not bad.any()
    values, _ = parse.boolean(pd.Series(["", "J"], dtype=object))
    assert pd.isna(values.iloc[0])
    assert bool(values.iloc[1]) is True


# --- codes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("ZOwonen", "ZO"),
        ("ZO Wonen", "ZO"),
        ("Zowonen", "ZO"),
        ("ZO", "ZO"),
        (" zo-wonen ", "ZO"),
        ("Wonen-Limburg", "WL"),
        ("Wonen Limburg", "WL"),
        ("wonen limburg", "WL"),
        ("Zaamwonen", "ZW"),
        ("Woonpunt", "WP"),
        ("wp", "WP"),
    ],
)
def test_corporation_aliases(raw, expected):
    value, bad = _one(parse.code, raw, "corporation")
    assert not bad
    assert value == expected


@pytest.mark.parametrize(
    "raw, list_name, expected",
    [
        (" westelijke mijnstreek ", "region", "westelijke-mijnstreek"),
        ("Westelijke Mijnstreek", "region", "westelijke-mijnstreek"),
        ("PARKSTAD", "region", "parkstad"),
        ("Maastricht-Heuvelland", "region", "maastricht-heuvelland"),
        ("Maastricht Heuvelland", "region", "maastricht-heuvelland"),
        ("housing", "product", "housing"),
        ("Kamers met Kansen", "product", "rooms_with_chances"),
        ("Verkorte toeleiding", "route", "fast_track"),
        ("regulier", "route", "regular"),
        ("Toegelaten", "intake_decision", "admitted"),
        ("afgewezen", "intake_decision", "rejected"),
        ("Positief", "closure_result", "positive"),
        ("Kandidaat trekt zich terug", "closure_reason", "withdrawn"),
        ("overlast", "closure_reason", "nuisance"),
        ("Convenantpartner", "provider_type", "convenantpartner"),
        ("Meldingen, huurder werkt mee", "nuisance", "cooperative"),
        ("Problematische huurschuld", "arrears", "problematic"),
        ("Verhuisd op eigen initiatief", "housing_status", "moved_own_initiative"),
    ],
)
def test_code_lists(raw, list_name, expected):
    value, bad = _one(parse.code, raw, list_name)
    assert not bad
    assert value == expected


@pytest.mark.parametrize("raw", ["Zuid-Limburg", "Heerlen", "#N/B", "ZOO"])
def test_unknown_region_is_bad(raw):
    value, bad = _one(parse.code, raw, "region")
    assert bad
    assert pd.isna(value)


def test_code_default_and_empty():
    values, bad = parse.code(
        pd.Series(["", None, "Verkorte toeleiding"], dtype=object), "route", "regular"
    )
    assert values.tolist() == ["regular", "regular", "fast_track"]
    assert not bad.any()
    values, bad = parse.code(pd.Series(["", None], dtype=object), "corporation")
    assert values.isna().all()
    assert not bad.any()


# --- integers and text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [("12", 12), (" 7 ", 7), ("12,0", 12), (2022, 2022), (2022.0, 2022), ("1.000", 1000), ("0", 0)],
)
def test_integer_forms(raw, expected):
    value, bad = _one(parse.integer, raw)
    assert not bad
    assert value == expected


@pytest.mark.parametrize("raw", ["12,5", "abc", "#N/B", 3.5])
def test_bad_integer(raw):
    value, bad = _one(parse.integer, raw)
    assert bad
    assert pd.isna(value)


def test_integer_dtype_and_empty():
    values, bad = parse.integer(pd.Series(["3", "", None], dtype=object))
    assert str(values.dtype) == "Int64"
    assert values.iloc[0] == 3
    assert values.iloc[1:].isna().all()
    assert not bad.any()


def test_number_decimal_comma():
    values, bad = parse.number(pd.Series(["1,5", "2", 3.25, "x"], dtype=object))
    assert values.iloc[:3].tolist() == [1.5, 2.0, 3.25]
    assert bad.tolist() == [False, False, False, True]


def test_text_strips_and_excel_whole_numbers():
    values = parse.text(pd.Series([" T-001 ", "", 1001.0, 12.5, None], dtype=object))
    assert values.iloc[0] == "T-001"
    assert pd.isna(values.iloc[1])
    assert values.iloc[2] == "1001"
    assert values.iloc[3] == "12.5"
    assert pd.isna(values.iloc[4])


def test_parse_dispatch():
    values, bad, over = parse.parse(pd.Series(["Ja", ""], dtype=object), "bool", False)
    assert values.tolist() == [True, False]
    assert not over.any()
    values, bad, over = parse.parse(pd.Series(["zowonen"], dtype=object), "code:corporation")
    assert values.tolist() == ["ZO"]
    values, bad, over = parse.parse(pd.Series(["€ 1.234,50"], dtype=object), "money")
    assert values.tolist() == [1234.5]


def test_parse_flags_numbers_over_the_maximum_or_not_finite():
    raw = pd.Series(["1" + "0" * 400, "-1" + "0" * 400, "100,01", "100", "", 1e300], dtype=object)
    values, bad, over = parse.parse(raw, "money", maximum=100)
    assert over.tolist() == [True, True, True, False, False, True]
    assert not bad.any()
    assert values.isna().tolist() == [True, True, True, False, True, True]
    # without a maximum only what is not finite is over
    values, bad, over = parse.parse(raw, "number")
    assert over.tolist() == [True, True, False, False, False, False]


def test_parse_integer_over_int64_is_over_not_a_crash():
    raw = pd.Series(["12345678901234567890", "1" + "0" * 400, "7", 2.0**60], dtype=object)
    values, bad, over = parse.parse(raw, "int")
    assert over.tolist() == [True, True, False, True]
    assert values.isna().tolist() == [True, True, False, True]
    assert str(values.dtype) == "Int64"
    values, bad = parse.integer(raw)  # on its own: such numbers are bad
    assert bad.tolist() == [True, True, False, True]


@pytest.mark.parametrize("dtype", ["string", "str", object])
def test_money_thousands_dot_in_string_columns(dtype):
    # CSV columns arrive as string dtype: "1.234" is 1234, not 1.234
    values, bad = parse.money(pd.Series(["1.234", "675", "1.234,50"], dtype=dtype))
    assert values.tolist() == [1234.0, 675.0, 1234.5]
    assert not bad.any()
    values, bad = parse.integer(pd.Series(["1.000"], dtype=dtype))
    assert values.tolist() == [1000]
