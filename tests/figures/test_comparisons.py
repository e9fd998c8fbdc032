"""``history``, ``regions`` and ``fast_track_evaluation`` (data contract §3), worked out by hand
on small exports, and checked against the figures of each year and region computed alone."""

from __future__ import annotations

import datetime as dt

import pytest
from exportkit import PROVIDERS, TRAJECT_HEADERS, traject, write_folder

from loketlib.figures import compute, parse_period
from loketlib.figures.evaluation import candidates, wilson
from loketlib.figures.survival import placement_curves
from loketlib.intake.clean import clean
from loketlib.intake.codes import REGIONS
from loketlib.intake.export import read_export

M = 30.4375  # days per month
D, C = "Stichting Deel", "Stichting Convenant"
FT = "Verkorte toeleiding"
PEIL = dt.date(2023, 6, 30)


def _t(tid, **kw):
    return traject(Trajectnummer=tid, Aanmelder=kw.pop("Aanmelder", D), **kw)


def _export(tmp_path_factory, name, trajects, quotas, invoices=()):
    sheets = {
        "trajecten": (TRAJECT_HEADERS, trajects),
        "zorgaanbieders": PROVIDERS,
        "taakstelling": (["Jaar", "Regio", "Woningcorporatie", "Taakstelling"], quotas),
        "facturen": (["Trajectnummer", "Factuurdatum", "Bedrag"], list(invoices)),
    }
    folder = write_folder(tmp_path_factory.mktemp(name) / "export", sheets)
    result = clean(read_export(folder))
    assert result.quarantine.empty, result.quarantine[["trajectory_id", "detail"]]
    return result


HISTORY_TRAJECTS = [
    _t(
        "A1",
        Datum_aanmelding="01-03-2020",
        Datum_aanmelding_corporatie="01-04-2020",
        Woningcorporatie="ZOwonen",
        Datum_start_huur="31-05-2020",
        Datum_afsluiting="01-06-2021",
        Resultaat_afsluiting="Positief",
    ),  # wait 60 days
    _t(
        "A2",
        Aanmelder=C,
        Datum_aanmelding="01-06-2021",
        Datum_intake="15-06-2021",
        Datum_aanmelding_corporatie="01-07-2021",
        Woningcorporatie="Zaamwonen",
        Datum_start_huur="01-10-2021",
        Datum_afsluiting="01-02-2023",
        Resultaat_afsluiting="Negatief",
        Reden_afsluiting="Overlast",
    ),  # wait 92 days
    _t(
        "A3",
        Datum_aanmelding="01-02-2023",
        Datum_intake="10-02-2023",
        Datum_aanmelding_corporatie="01-03-2023",
        Woningcorporatie="ZOwonen",
        Datum_start_huur="01-05-2023",
    ),  # wait 61 days
    _t(
        "A4",
        Datum_aanmelding="01-05-2023",
        Datum_aanmelding_corporatie="01-06-2023",
        Woningcorporatie="ZOwonen",
        Datum_start_huur="01-09-2023",
    ),  # placed after the peildatum
    _t(
        "P1",
        Regio="Parkstad",
        Datum_aanmelding="01-01-2022",
        Datum_intake="05-01-2022",
        Datum_aanmelding_corporatie="01-02-2022",
        Woningcorporatie="Woonpunt",
        Datum_start_huur="01-03-2022",
    ),  # wait 28 days
    _t(
        "P2",
        Regio="Parkstad",
        Aanmelder=C,
        Datum_aanmelding="01-03-2022",
        Datum_aanmelding_corporatie="01-04-2022",
        Woningcorporatie="ZOwonen",
        Datum_start_huur="01-06-2022",
        Datum_afsluiting="01-12-2022",
        Resultaat_afsluiting="Negatief",
        Reden_afsluiting="Detentie",
    ),  # wait 61 days
    _t(
        "M1",
        Regio="Maastricht-Heuvelland",
        Datum_aanmelding="01-04-2022",
        Datum_aanmelding_corporatie="01-05-2022",
        Woningcorporatie="Woonpunt",
        Datum_start_huur="30-06-2022",
        Datum_afsluiting="01-11-2022",
        Resultaat_afsluiting="Positief",
    ),  # wait 60 days
    _t(
        "K1",
        Product="Kamers met Kansen",
        Datum_aanmelding="01-03-2021",
        Datum_start_huur="01-04-2021",
    ),  # not Housing
]
HISTORY_QUOTAS = [
    ["2021", "Westelijke Mijnstreek", "ZOwonen", "5"],
    ["2023", "Westelijke Mijnstreek", "ZOwonen", "6"],
    ["2023", "Westelijke Mijnstreek", "Zaamwonen", "2"],
    ["2022", "Parkstad", "Woonpunt", "3"],
    ["2022", "Parkstad", "ZOwonen", "1"],
    ["2022", "Maastricht-Heuvelland", "Woonpunt", "4"],
]
HISTORY_INVOICES = [
    ["A1", "15-03-2020", "675"],
    ["A2", "10-07-2021", "675"],
    ["A3", "01-03-2023", "700"],
    ["A4", "01-08-2023", "700"],  # after the peildatum
    ["P1", "01-02-2022", "675"],
    ["P2", "01-04-2022", "1.234,50"],
    ["K1", "01-04-2021", "675"],  # not Housing
]


@pytest.fixture(scope="module")
def history_data(tmp_path_factory):
    return _export(tmp_path_factory, "history", HISTORY_TRAJECTS, HISTORY_QUOTAS, HISTORY_INVOICES)


@pytest.fixture(scope="module")
def wm(history_data):
    return compute(history_data, "westelijke-mijnstreek", 2023, PEIL)


def _corporations(quotas: dict, placements: dict, waits: dict, so_far: dict | None = None) -> dict:
    """Corporations' figures; ``so_far`` (year to date) defaults to ``placements`` (a year)."""
    so_far = placements if so_far is None else so_far
    out = {
        code: {
            "quota": quotas.get(code),
            "placements": placements.get(code, 0),
            "placements_year_to_date": so_far.get(code, 0),
            "mean_wait_months": waits.get(code),
        }
        for code in ("ZW", "WL", "WP", "ZO")
    }
    out["quota_total"] = sum(quotas.values()) if quotas else None
    return out


def test_history_years_leave_out_those_before_the_first_data(wm):
    assert list(wm["history"]) == ["2020", "2021", "2022", "2023"]  # no 2019: no data yet


def test_history_by_hand(wm):
    h = {year: v["housing"] for year, v in wm["history"].items()}
    assert h["2020"]["registrations"] == 1
    assert h["2020"]["placements"] == 1
    assert h["2020"]["intakes"] == 0
    assert h["2020"]["mean_wait_months"] == pytest.approx(60 / M)
    assert h["2020"]["invoiced_trajectories"] == 1
    assert h["2020"]["invoiced_amount_eur"] == 675.0
    assert h["2021"]["registrations_by_referrer_type"] == {"convenantpartner": 1, "deelnemer": 0}
    assert (h["2021"]["intakes"], h["2021"]["placements"]) == (1, 1)
    assert (h["2021"]["closed_positive"], h["2021"]["closed_negative"]) == (1, 0)  # A1
    assert h["2021"]["mean_wait_months"] == pytest.approx(92 / M)
    assert h["2021"]["invoiced_trajectories"] == 1  # A2 (K1 is not Housing)
    assert h["2022"]["registrations"] == 0  # only other regions
    assert h["2022"]["mean_wait_months"] is None
    assert h["2022"]["trajectory_price_eur"] is None
    assert h["2023"]["registrations"] == 2  # A3 A4
    assert h["2023"]["placements"] == 1  # A3; A4 after the peildatum
    assert h["2023"]["closed_negative"] == 1
    assert h["2023"]["negative_closure_reasons"]["nuisance"] == 1
    assert h["2023"]["invoiced_amount_eur"] == 700.0  # not A4's, after the peildatum
    c = {year: v["corporations"] for year, v in wm["history"].items()}
    assert c["2020"] == _corporations({}, {"ZO": 1}, {"ZO": pytest.approx(60 / M)})
    assert c["2021"] == _corporations({"ZO": 5}, {"ZW": 1}, {"ZW": pytest.approx(92 / M)})
    assert c["2022"] == _corporations({}, {}, {})
    assert c["2023"] == _corporations({"ZO": 6, "ZW": 2}, {"ZO": 1}, {"ZO": pytest.approx(61 / M)})


@pytest.mark.parametrize("region", [*REGIONS, "zuid-limburg"])
def test_history_equals_each_year_alone(history_data, region):
    figures = compute(history_data, region, 2023, PEIL)
    for year, entry in figures["history"].items():
        h = int(year)
        alone = compute(history_data, region, h, min(PEIL, dt.date(h, 12, 31)))
        assert entry == {"housing": alone["housing"], "corporations": alone["corporations"]}
    # the last year is the period itself
    assert figures["history"]["2023"]["housing"] == figures["housing"]


def test_regions_by_hand(history_data):
    zl = compute(history_data, "zuid-limburg", 2022)
    r = zl["regions"]
    assert list(r) == ["westelijke-mijnstreek", "parkstad", "maastricht-heuvelland"]
    assert r["westelijke-mijnstreek"]["housing"]["registrations"] == 0
    pk = r["parkstad"]
    assert pk["housing"]["registrations"] == 2
    assert pk["housing"]["registrations_by_referrer_type"] == {
        "convenantpartner": 1,
        "deelnemer": 1,
    }
    assert (pk["housing"]["intakes"], pk["housing"]["placements"]) == (1, 2)
    assert pk["housing"]["closed_negative"] == 1
    assert pk["housing"]["negative_closure_reasons"]["detention"] == 1
    assert pk["housing"]["invoiced_amount_eur"] == pytest.approx(675 + 1234.5)
    assert pk["housing"]["mean_wait_months"] == pytest.approx((28 + 61) / 2 / M)
    assert pk["corporations"] == _corporations(
        {"WP": 3, "ZO": 1},
        {"WP": 1, "ZO": 1},
        {"WP": pytest.approx(28 / M), "ZO": pytest.approx(61 / M)},
    )
    mh = r["maastricht-heuvelland"]
    assert mh["housing"]["closed_positive"] == 1
    assert mh["corporations"]["WP"] == {
        "quota": 4,
        "placements": 1,
        "placements_year_to_date": 1,
        "mean_wait_months": pytest.approx(60 / M),
    }
    assert "regions" not in compute(history_data, "parkstad", 2022)


def _counts(node, path=()):
    """Every count (int) in a figures block, by its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _counts(value, (*path, key))
    elif isinstance(node, int) and not isinstance(node, bool):
        yield path, node


def _regions_check(data, year, peildatum=None):
    zl = compute(data, "zuid-limburg", year, peildatum)
    alone = {slug: compute(data, slug, year, peildatum) for slug in REGIONS}
    for slug, entry in zl["regions"].items():
        assert entry == {
            "housing": alone[slug]["housing"],
            "corporations": alone[slug]["corporations"],
        }
    total = {"housing": zl["housing"], "corporations": zl["corporations"]}
    checked = 0
    for path, value in _counts(total):
        parts = []
        for slug in REGIONS:
            node = zl["regions"][slug]
            for key in path:
                node = node[key]
            parts.append(node or 0)  # a region without a quota has None
        assert sum(parts) == value, path
        checked += 1
    assert checked > 20


@pytest.mark.parametrize("year", [2021, 2022, 2023])
def test_regions_equal_each_region_and_add_up(history_data, year):
    _regions_check(history_data, year, PEIL if year == 2023 else None)


def test_demo_export_history_and_regions(demo_xlsx):
    data = clean(read_export(demo_xlsx))
    for period in ("2022-H2", "2023-Q3"):  # placements_year_to_date differs from placements
        _regions_check(data, parse_period(period))
    for year in (2022, 2023):
        _regions_check(data, year)
        figures = compute(data, "westelijke-mijnstreek", year)
        assert len(figures["history"]) >= 2
        for key, entry in figures["history"].items():
            alone = compute(data, "westelijke-mijnstreek", int(key))
            assert entry == {"housing": alone["housing"], "corporations": alone["corporations"]}


PILOT_TRAJECTS = [
    _t("F1", Route=FT, Datum_aanmelding="01-05-2022", Datum_start_huur="15-07-2022"),  # 75 d
    _t(
        "F2",
        Route=FT,
        Datum_aanmelding="01-06-2022",
        Overgezet_naar_regulier="Ja",
        Datum_start_huur="01-10-2022",
    ),  # 122 days
    _t("F3", Route=FT, Datum_aanmelding="10-06-2022", Besluit_intake="Afgewezen"),
    _t("F4", Route=FT, Datum_aanmelding="01-05-2023"),  # 60 days before the peildatum
    _t("F5", Route=FT, Datum_aanmelding="15-03-2022"),  # before the pilot
    _t("F6", Route=FT, Datum_aanmelding="01-01-2023", Datum_start_huur="02-04-2023"),  # 91 d
    _t("F7", Route=FT, Datum_aanmelding="31-03-2023", Datum_start_huur="01-06-2023"),  # 62 d
    _t("F8", Route=FT, Regio="Parkstad", Datum_aanmelding="01-06-2022"),  # other region
    _t("R1", Datum_aanmelding="01-02-2022", Datum_start_huur="01-03-2022"),  # before the pilot
    _t("R2", Datum_aanmelding="01-06-2022", Datum_start_huur="01-12-2022"),  # 183 days
    _t("R3", Datum_aanmelding="01-07-2023"),  # after the peildatum
    _t("R4", Datum_aanmelding="01-03-2023"),  # waiting, 121 days
    _t("K1", Product="Kamers met Kansen", Route=FT, Datum_aanmelding="01-06-2022"),
]


@pytest.fixture(scope="module")
def pilot_data(tmp_path_factory):
    return _export(tmp_path_factory, "pilot", PILOT_TRAJECTS, [])


def test_fast_track_evaluation_by_hand(pilot_data):
    e = compute(pilot_data, "westelijke-mijnstreek", 2023, PEIL)["fast_track_evaluation"]
    assert e["fast_track"] == {
        "registrations": 6,  # F1 F2 F3 F4 F6 F7
        "placements": 4,  # F1 F2 F6 F7
        "median_months_to_lease": pytest.approx((75 + 91) / 2 / M),
        "eligible": 4,  # F1 F2 F3 F6 (F7: 91 days < 3 months; F4: 60 days)
        "placed_within_3_months": 2,  # F1 (75 days), F6 (91 days <= 91,3125)
        "share_placed_within_3_months": 0.5,
        "interval_95": [pytest.approx(0.15003, abs=1e-5), pytest.approx(0.84997, abs=1e-5)],
        "rejected": 1,
        "moved_to_regular": 1,
    }
    assert e["regular"] == {
        "registrations": 2,  # R2 R4
        "placements": 1,
        "median_months_to_lease": pytest.approx(183 / M),
        "eligible": 2,
        "placed_within_3_months": 0,
        "share_placed_within_3_months": 0.0,
        "interval_95": [0.0, pytest.approx(0.65762, abs=1e-5)],
        "rejected": 0,
        "moved_to_regular": 0,
    }


def test_fast_track_evaluation_before_the_pilot_is_empty(pilot_data):
    e = compute(pilot_data, "westelijke-mijnstreek", 2021)["fast_track_evaluation"]
    assert e["fast_track"]["registrations"] == 0
    assert e["fast_track"]["median_months_to_lease"] is None
    assert e["fast_track"]["share_placed_within_3_months"] is None


def test_candidates_censor_those_still_waiting(pilot_data):
    housing = pilot_data.tables["trajecten"]
    housing = housing[
        housing["region"].eq("westelijke-mijnstreek") & housing["product"].eq("housing")
    ]
    rows = candidates(housing, dt.date(2023, 12, 31), PEIL)
    ids = housing.loc[rows.index, "trajectory_id"]
    f4 = rows[ids.eq("F4").to_numpy()].iloc[0]
    assert not f4["placed"] and f4["months"] == pytest.approx(60 / M)
    f6 = rows[ids.eq("F6").to_numpy()].iloc[0]
    assert f6["placed"] and f6["months"] == pytest.approx(91 / M)


def test_placement_curves_step_at_each_placement(pilot_data):
    housing = pilot_data.tables["trajecten"]
    housing = housing[
        housing["region"].eq("westelijke-mijnstreek") & housing["product"].eq("housing")
    ]
    curves = placement_curves(candidates(housing, dt.date(2023, 12, 31), PEIL))
    fast = curves["fast_track"]
    # F4 censored at 60 days; placed F7 62 d (5 at risk), F1 75 d (4), F6 91 d (3), F2 122 d
    # (2); F3 (rejected) censored at 385 days, the peildatum
    assert list(fast["time_months"] * M) == pytest.approx([0, 62, 75, 91, 122, 385])
    assert list(fast["n_at_risk"]) == [6, 5, 4, 3, 2, 1]
    assert list(fast["placed"]) == pytest.approx([0, 1 / 5, 2 / 5, 3 / 5, 4 / 5, 4 / 5])
    regular = curves["regular"]  # R2 placed at 183 days, R4 censored at 121 days
    assert list(regular["placed"]) == pytest.approx([0, 1])
    assert list(regular["n_at_risk"])[:2] == [2, 1]


@pytest.mark.parametrize(("part", "whole"), [(0, 1), (1, 1), (2, 4), (6, 17), (0, 2), (18, 758)])
def test_wilson_equals_statsmodels(part, whole):
    from statsmodels.stats.proportion import proportion_confint

    expected = proportion_confint(part, whole, alpha=0.05, method="wilson")
    assert wilson(part, whole) == pytest.approx(list(expected), abs=1e-12)
    assert wilson(0, 0) is None
