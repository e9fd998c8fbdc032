"""Hostile rows (issue 11, contract §4): impossible birth dates, numbers that are not finite or
too large for their column, negative months of arrears. Each row is quarantined with its reason
(never a crash), every sheet keeps ``read = clean + quarantined + duplicates``, and the figures
JSON stays strict JSON (no ``NaN``, no ``Infinity``)."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from click.testing import CliRunner
from exportkit import PROVIDERS, TRAJECT_HEADERS, traject, write_folder, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loketlib.cli import main
from loketlib.figures import compute
from loketlib.intake import codes
from loketlib.intake.clean import clean
from loketlib.intake.export import read_export
from loketlib.intake.sheets import SHEETS
from loketlib.report.job import Job
from loketlib.report.render import Renderer

HUGE = "1" + "0" * 400  # float("1e400") is inf
TWENTY_DIGITS = "12345678901234567890"


def _strict(text: str):
    """json.loads that refuses NaN, Infinity and -Infinity."""

    def refuse(constant):
        raise ValueError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def _t(tid: str, **values) -> list[str]:
    return traject(Trajectnummer=tid, Datum_aanmelding="05-01-2022", **values)


TRAJECTEN = [
    _t("T01", Geboortedatum="01-01-1990", Kale_huur="650,00"),
    _t("T02", Geboortedatum="06-01-2022"),  # born the day after registration
    _t("T03", Geboortedatum="04-01-1912"),  # 110 years and a day before
    _t("T04", Geboortedatum="05-01-1912", Kale_huur="10.000,00"),  # exactly 110: kept
    _t("T05", Kale_huur=HUGE),
    _t("T06", Kale_huur="10.000,01"),
    _t("T07", Geboortedatum="05-01-2022"),  # born on the day of registration: age 0, kept
]
EXPECTED_TRAJECTEN = {
    "T02": "birth_after_registration",
    "T03": "birth_too_early",
    "T05": "too_large",
    "T06": "too_large",
}
TAAKSTELLING = (
    ["Jaar", "Regio", "Woningcorporatie", "Taakstelling"],
    [
        ["2022", "Westelijke Mijnstreek", "ZOwonen", "10"],
        ["2022", "Westelijke Mijnstreek", "Zaamwonen", TWENTY_DIGITS],
        ["2022", "Westelijke Mijnstreek", "Woonpunt", HUGE],
        ["99999", "Westelijke Mijnstreek", "Wonen Limburg", "3"],
        ["2022", "Parkstad", "Wonen Limburg", "10000"],
    ],
)
FACTUREN = (
    [c.header for c in SHEETS["facturen"].columns],
    [
        ["T01", "01-02-2022", "1.250,00"],
        ["T01", "02-02-2022", HUGE],
        ["T01", "03-02-2022", "-" + HUGE],
        ["T01", "04-02-2022", "100.000,01"],
        ["T04", "05-02-2022", "100.000"],
    ],
)
HUURACHTERSTANDEN = (
    [c.header for c in SHEETS["huurachterstanden"].columns],
    [
        ["T01", "01-03-2022", "650,00", "1", "", "Vergeten te betalen", "Nee"],
        ["T01", "02-03-2022", "650,00", "-1", "", "Vergeten te betalen", "Nee"],
        ["T01", "03-03-2022", "650,00", HUGE, "", "Vergeten te betalen", "Nee"],
        ["T01", "04-03-2022", "650,00", "-" + HUGE, "", "Vergeten te betalen", "Nee"],
        ["T01", "05-03-2022", "650,00", "120,5", "", "Vergeten te betalen", "Nee"],
        ["T01", "06-03-2022", HUGE, "2", "", "Vergeten te betalen", "Nee"],
        ["T04", "07-03-2022", "1.300,00", "120", "", "Onbekend", "Ja"],
    ],
)


def _sheets() -> dict:
    return {
        "trajecten": (TRAJECT_HEADERS, TRAJECTEN),
        "zorgaanbieders": PROVIDERS,
        "taakstelling": TAAKSTELLING,
        "facturen": FACTUREN,
        "huurachterstanden": HUURACHTERSTANDEN,
    }


@pytest.fixture(scope="module", params=["csv", "xlsx"])
def hostile(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"hostile-rows-{request.param}")
    if request.param == "csv":
        path = write_folder(folder / "export", _sheets())
    else:
        path = write_xlsx(folder / "export.xlsx", _sheets())
    return path, clean(read_export(path))


def _reasons(data, sheet: str) -> list[str]:
    q = data.quarantine
    return q[q["sheet"] == sheet].sort_values("row")["reason"].tolist()


def test_every_row_accounted_for(hostile):
    _, data = hostile
    for name, c in data.counts.items():
        assert c["read"] == c["clean"] + c["quarantined"] + c["duplicates_removed"], name
    assert data.counts["trajecten"] == {
        "read": 7,
        "clean": 3,
        "quarantined": 4,
        "duplicates_removed": 0,
    }
    assert data.counts["taakstelling"]["read"] == 5
    assert data.counts["taakstelling"]["quarantined"] == 3
    assert data.counts["facturen"]["read"] == 5
    assert data.counts["facturen"]["quarantined"] == 3
    assert data.counts["huurachterstanden"]["read"] == 7
    assert data.counts["huurachterstanden"]["quarantined"] == 5


def test_impossible_birth_dates_and_huge_rent(hostile):
    _, data = hostile
    q = data.quarantine[data.quarantine["sheet"] == "trajecten"]
    assert dict(zip(q["trajectory_id"], q["reason"], strict=True)) == EXPECTED_TRAJECTEN
    details = dict(zip(q["trajectory_id"], q["detail"], strict=True))
    assert details["T02"] == "birth_after_registration: Geboortedatum"
    assert details["T05"] == "too_large: Kale huur"
    t = data.tables["trajecten"].set_index("trajectory_id")
    assert t.loc["T04", "age_at_registration"] == 110
    assert t.loc["T07", "age_at_registration"] == 0
    assert t.loc["T04", "base_rent"] == 10_000


def test_oversized_quota_and_year(hostile):
    _, data = hostile
    assert _reasons(data, "taakstelling") == ["too_large"] * 3
    q = data.tables["taakstelling"]
    assert sorted(q["quota"].tolist()) == [10, 10_000]
    assert str(q["quota"].dtype) == "Int64"


def test_infinite_and_oversized_amounts(hostile):
    _, data = hostile
    # -1e400 is too large in size (-inf): not a number at all, so only too_large
    assert _reasons(data, "facturen") == ["too_large"] * 3
    q = data.quarantine[data.quarantine["sheet"] == "facturen"].sort_values("row")
    assert q["detail"].tolist() == ["too_large: Bedrag"] * 3
    assert data.tables["facturen"]["amount"].tolist() == [1250.0, 100_000.0]


def test_negative_and_infinite_months(hostile):
    _, data = hostile
    assert _reasons(data, "huurachterstanden") == ["negative_value"] + ["too_large"] * 4
    clean_months = data.tables["huurachterstanden"]["months"].tolist()
    assert clean_months == [1.0, 120.0]


def test_new_reasons_have_dutch_labels_in_the_data_quality_section(hostile):
    from loketlib.report import views

    _, data = hostile
    figures = compute(data, "westelijke-mijnstreek", 2022)
    table = views.quarantine_reasons(figures).set_index("Reden")["Rijen"].to_dict()
    assert table["Geboortedatum na de datum van aanmelding"] == 1
    assert table["Geboortedatum meer dan 110 jaar voor de aanmelding"] == 1
    assert table["Getal te groot voor de kolom (of oneindig)"] == 2 + 3 + 3 + 4
    assert table["Negatieve waarde in een aantal of bedrag"] == 1


def test_loket_figures_is_strict_json(hostile):
    path, _ = hostile
    args = ["figures", "--data", str(path), "--region", "westelijke-mijnstreek", "--year", "2022"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    figures = _strict(result.stdout)
    assert figures["housing"]["invoiced_amount_eur"] == 101_250.0


def test_figures_json_of_a_render_is_strict_json(hostile, tmp_path):
    path, _ = hostile
    job = Job(data=path, region="westelijke-mijnstreek", year=2022)
    Renderer(progress=False).prepare(job, tmp_path)
    figures = _strict((tmp_path / "figures.json").read_text("utf-8"))
    assert figures["meta"]["quarantine"]["birth_too_early"] == 1


def test_figures_refuse_to_write_a_non_finite_number(monkeypatch, hostile):
    """allow_nan=False: should a NaN ever reach the figures, no non-JSON is written."""
    path, _ = hostile
    import loketlib.figures

    monkeypatch.setattr(loketlib.figures, "compute", lambda *a, **k: {"x": math.nan})
    args = ["figures", "--data", str(path), "--region", "westelijke-mijnstreek", "--year", "2022"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0
    assert "NaN" not in result.stdout


# --- property: hostile numbers and dates never crash, figures stay strict JSON ---------------

_HOSTILE = st.one_of(
    st.sampled_from(["", "T1", "T2", "Stichting Deel", "Housing", "ZO Wonen", "Ja", "Deelnemer"]),
    st.sampled_from(["Westelijke Mijnstreek", "Onbekend", "Vergeten te betalen", "2022"]),
    st.sampled_from([HUGE, "-" + HUGE, TWENTY_DIGITS, "1e400", "inf", "NaN", "-1", "10000,01"]),
    st.integers(-(10**25), 10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda f: str(f).replace(".", ",")),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
)


def _rows(name: str):
    width = len(SHEETS[name].columns)
    return st.lists(st.lists(_HOSTILE, min_size=width, max_size=width), max_size=4)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.fixed_dictionaries({name: _rows(name) for name in SHEETS}))
def test_hostile_values_never_crash_and_figures_stay_strict(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("hostile-garbage")
    sheets = {name: ([c.header for c in SHEETS[name].columns], rows) for name, rows in data.items()}
    result = clean(read_export(write_folder(folder, sheets)))
    for name, c in result.counts.items():
        assert c["read"] == c["clean"] + c["quarantined"] + c["duplicates_removed"], name
    for frame in result.tables.values():
        numbers = frame.select_dtypes("number")
        assert not numbers.isin([math.inf, -math.inf]).any().any()
    figures = compute(result, "westelijke-mijnstreek", 2022)
    _strict(json.dumps(figures, allow_nan=False))
    assert pd.Series(list(figures["meta"]["quarantine"])).isin(codes.QUARANTINE_REASONS).all()


def test_excel_number_cells_over_the_limits(tmp_path):
    """Numbers typed as Excel numbers (not text): 1e300, a 20-digit integer, -1,5 months."""
    sheets = _sheets()
    sheets["taakstelling"] = (TAAKSTELLING[0], [["2022", "Parkstad", "ZOwonen", 10**19 + 1]])
    sheets["facturen"] = (FACTUREN[0], [["T01", "01-02-2022", 1e300], ["T01", "02-02-2022", 7.5]])
    sheets["huurachterstanden"] = (
        HUURACHTERSTANDEN[0],
        [["T01", "01-03-2022", 650.0, -1.5, "", "Onbekend", "Nee"]],
    )
    data = clean(read_export(write_xlsx(tmp_path / "getallen.xlsx", sheets)))
    assert _reasons(data, "taakstelling") == ["too_large"]
    assert _reasons(data, "facturen") == ["too_large"]
    assert _reasons(data, "huurachterstanden") == ["negative_value"]
    assert data.tables["facturen"]["amount"].tolist() == [7.5]
    for name, c in data.counts.items():
        assert c["read"] == c["clean"] + c["quarantined"] + c["duplicates_removed"], name
