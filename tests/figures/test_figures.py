"""Unit tests of loketlib.figures: every key of data contract section 3, worked out by hand."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from exportkit import PROVIDERS, TRAJECT_HEADERS, traject, write_folder

from loketlib.figures import compute
from loketlib.intake.clean import clean
from loketlib.intake.export import read_export

M = 30.4375  # days per month
D, C = "Stichting Deel", "Stichting Convenant"
FT = "Verkorte toeleiding"


def _t(tid, **kw):
    return traject(Trajectnummer=tid, Aanmelder=kw.pop("Aanmelder", D), **kw)


TRAJECTS = [
    # Housing, Westelijke Mijnstreek
    _t(
        "H1",
        Datum_aanmelding="10-01-2022",
        Datum_intake="20-01-2022",
        Besluit_intake="Toegelaten",
        Datum_aanmelding_corporatie="01-02-2022",
        Woningcorporatie="ZOwonen",
        Datum_start_huur="02-04-2022",
        Datum_afsluiting="01-10-2022",
        Resultaat_afsluiting="Positief",
    ),  # wait 60 days
    _t(
        "H2",
        Aanmelder=C,
        Datum_aanmelding="15-02-2022",
        Datum_intake="01-03-2022",
        Datum_aanmelding_corporatie="01-03-2022",
        Woningcorporatie="ZO Wonen",
        Datum_start_huur="31-05-2022",
    ),  # wait 91 days
    _t(
        "H3",
        Datum_aanmelding="01-11-2021",
        Datum_intake="10-11-2021",
        Datum_aanmelding_corporatie="01-12-2021",
        Woningcorporatie="Zaamwonen",
        Datum_start_huur="01-01-2022",
        Datum_afsluiting="15-06-2022",
        Resultaat_afsluiting="Negatief",
        Reden_afsluiting="Overlast",
    ),  # wait 31 days
    _t(
        "H4",
        Datum_aanmelding="01-03-2022",
        Datum_afsluiting="01-05-2022",
        Resultaat_afsluiting="Negatief",
        Reden_afsluiting="Kandidaat trekt zich terug",
    ),
    _t("H5", Datum_aanmelding="01-12-2022", Datum_intake="10-01-2023"),
    # fast track
    _t(
        "F1",
        Route=FT,
        Datum_aanmelding="01-05-2022",
        Datum_aanmelding_corporatie="01-06-2022",
        Woningcorporatie="Wonen Limburg",
        Datum_start_huur="15-07-2022",
    ),  # wait 44 days
    _t(
        "F2",
        Route=FT,
        Datum_aanmelding="01-06-2022",
        Overgezet_naar_regulier="Ja",
        Datum_aanmelding_corporatie="01-07-2022",
        Woningcorporatie="ZO",
        Datum_start_huur="01-10-2022",
    ),  # wait 92 days
    _t(
        "F3",
        Route=FT,
        Datum_aanmelding="10-06-2022",
        Datum_intake="20-06-2022",
        Besluit_intake="Afgewezen",
    ),
    _t("F4", Route=FT, Datum_aanmelding="01-09-2022"),
    _t("F5", Route=FT, Datum_aanmelding="15-03-2022"),  # before the pilot window
    # Kamers met Kansen
    _t(
        "K1",
        Product="Kamers met Kansen",
        Datum_aanmelding="01-02-2022",
        Datum_aanmelding_corporatie="01-03-2022",
        Woningcorporatie="ZOwonen",
        Datum_start_huur="01-06-2022",
    ),
    _t(
        "K2",
        Product="Kamers met Kansen",
        Datum_aanmelding="01-12-2021",
        Datum_afsluiting="01-06-2022",
        Resultaat_afsluiting="Positief",
    ),
    # Parkstad
    _t(
        "P1",
        Regio="Parkstad",
        Datum_aanmelding="01-02-2022",
        Datum_aanmelding_corporatie="01-03-2022",
        Woningcorporatie="ZOwonen",
        Datum_start_huur="01-04-2022",
    ),  # wait 31 days
    # sustainability cohorts
    *[
        _t(
            tid,
            Datum_aanmelding=reg,
            Datum_aanmelding_corporatie=corp,
            Woningcorporatie="ZOwonen",
            Datum_start_huur=start,
            Datum_afsluiting=closed,
            Resultaat_afsluiting="Positief",
        )
        for tid, reg, corp, start, closed in [
            ("S1", "01-01-2020", "01-02-2020", "01-03-2020", "01-03-2021"),
            ("S2", "01-01-2020", "01-02-2020", "01-03-2020", "01-06-2021"),
            ("S3", "01-01-2020", "01-02-2020", "01-03-2020", "01-07-2021"),
            ("S4", "01-01-2020", "01-02-2020", "01-03-2020", "01-12-2021"),
            ("S5", "01-01-2019", "01-02-2019", "01-06-2019", "01-02-2020"),
        ]
    ],
]

HOME, OWN, CORP = (
    "In bemiddelde woning",
    "Verhuisd op eigen initiatief",
    "Verhuisd op initiatief corporatie",
)
MEASUREMENTS = [
    ["S1", "01-01-2021", HOME, "Structurele overlast", "Geen"],  # before closure: ignored
    ["S1", "01-09-2021", HOME, "Geen", "Geen"],
    ["S1", "01-03-2022", HOME, "Meldingen, huurder werkt mee", "Opgelost"],
    ["S2", "01-06-2021", HOME, "Structurele overlast", "Problematische huurschuld"],  # = closure
    ["S2", "01-12-2021", OWN, "Geen", "Geen"],
    ["S4", "01-06-2022", CORP, "Structurele overlast", "Problematische huurschuld"],
    ["S4", "01-03-2023", HOME, "Geen", "Geen"],  # after the peildatum
    ["S5", "01-02-2022", HOME, "Geen", "Geen"],  # closure + 2 years: still in the window
    ["S5", "02-02-2022", CORP, "Structurele overlast", "Problematische huurschuld"],  # after
]


def figures_sheets() -> dict:
    return {
        "trajecten": (TRAJECT_HEADERS, TRAJECTS),
        "zorgaanbieders": PROVIDERS,
        "taakstelling": (
            ["Jaar", "Regio", "Woningcorporatie", "Taakstelling"],
            [
                ["2022", "Westelijke Mijnstreek", "ZOwonen", "10"],
                ["2022", "Westelijke Mijnstreek", "Zaamwonen", "4"],
                ["2022", "Westelijke Mijnstreek", "Wonen Limburg", "3"],
                ["2022", "Westelijke Mijnstreek", "Woonpunt", "2"],
                ["2022", "Parkstad", "ZOwonen", "5"],
                ["2021", "Westelijke Mijnstreek", "ZOwonen", "99"],
            ],
        ),
        "facturen": (
            ["Trajectnummer", "Factuurdatum", "Bedrag"],
            [
                ["H1", "15-03-2022", "675"],
                ["H2", "15-04-2022", "€ 675,00"],
                ["H3", "10-01-2022", "1.234,50"],
                ["H3", "15-12-2021", "675"],
                ["K1", "20-02-2022", "675"],
                ["P1", "01-03-2022", "675"],
            ],
        ),
        "nametingen": (
            ["Trajectnummer", "Peildatum", "Woonsituatie", "Overlast", "Huurachterstand"],
            MEASUREMENTS,
        ),
        "klachten": (
            ["Datum ontvangen", "Regio", "Voorgelegd aan klachtencommissie"],
            [
                ["01-02-2022", "Westelijke Mijnstreek", "Ja"],
                ["01-03-2022", "Westelijke Mijnstreek", "Nee"],
                ["01-01-2021", "Westelijke Mijnstreek", "Ja"],
                ["01-05-2022", "Parkstad", "Ja"],
            ],
        ),
    }


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = write_folder(tmp_path_factory.mktemp("fig") / "export", figures_sheets())
    result = clean(read_export(folder))
    assert result.quarantine.empty, result.quarantine[["trajectory_id", "detail"]]
    return result


@pytest.fixture(scope="module")
def wm(data):
    return compute(data, "westelijke-mijnstreek", 2022)


def test_meta(wm):
    meta = wm["meta"]
    assert (meta["region"], meta["year"], meta["peildatum"]) == (
        "westelijke-mijnstreek",
        2022,
        "2022-12-31",
    )
    assert meta["sheets"]["trajecten"] == {
        "read": 18,
        "clean": 18,
        "quarantined": 0,
        "duplicates_removed": 0,
    }
    assert meta["sheets"]["nametingen"]["read"] == 9
    assert meta["sheets"]["huurachterstanden"]["read"] == 0


def test_json_serialisable_and_no_nan(wm):
    text = json.dumps(wm, allow_nan=False)
    assert "NaN" not in text


def test_housing(wm):
    h = wm["housing"]
    assert h["registrations"] == 9  # H1 H2 H4 H5 F1-F5
    assert h["registrations_by_referrer_type"] == {"deelnemer": 8, "convenantpartner": 1}
    assert h["intakes"] == 3  # H1 H2 F3 (H5's intake is in 2023)
    assert h["placements"] == 5  # H1 H2 H3 F1 F2
    assert h["closed_positive"] == 1  # H1 (K2 is Kamers met Kansen)
    assert h["closed_negative"] == 2
    reasons = h["negative_closure_reasons"]
    assert reasons["nuisance"] == 1 and reasons["withdrawn"] == 1
    assert sum(reasons.values()) == 2
    assert set(reasons) == {
        "nuisance",
        "unable_to_live_independently",
        "withdrawn",
        "no_suitable_home",
        "detention",
        "care_admission",
        "deceased",
        "left_region",
        "other",
    }
    assert h["invoiced_trajectories"] == 3  # H1 H2 H3 (not K1, not P1, not 2021)
    assert h["invoiced_amount_eur"] == pytest.approx(675 + 675 + 1234.5)
    assert h["mean_wait_months"] == pytest.approx((60 + 91 + 31 + 44 + 92) / 5 / M)


def test_fast_track(wm):
    f = wm["fast_track"]
    assert (f["window_start"], f["window_end"]) == ("2022-04-01", "2022-12-31")
    assert f["registrations"] == 4
    assert f["placed_fast_track"] == 1
    assert f["placed_regular"] == 1
    assert f["rejected"] == 1
    assert f["pending"] == 1
    assert f["mean_wait_months"] == pytest.approx(44 / M)


def test_rooms_with_chances(wm):
    assert wm["rooms_with_chances"] == {"registrations": 1, "placements": 1}


def test_corporations(wm):
    c = wm["corporations"]
    assert c["ZO"]["quota"] == 10
    assert c["ZO"]["placements"] == 3  # H1 H2 F2 (K1 is not Housing)
    assert c["ZO"]["mean_wait_months"] == pytest.approx((60 + 91 + 92) / 3 / M)
    assert c["ZO"]["placements_year_to_date"] == 3  # a year: the same as placements
    assert c["ZW"] == {
        "quota": 4,
        "placements": 1,
        "placements_year_to_date": 1,
        "mean_wait_months": pytest.approx(31 / M),
    }
    assert c["WL"]["placements"] == c["WL"]["placements_year_to_date"] == 1
    assert c["WP"] == {
        "quota": 2,
        "placements": 0,
        "placements_year_to_date": 0,
        "mean_wait_months": None,
    }
    assert c["quota_total"] == 19


def test_sustainability(wm):
    s = wm["sustainability"]
    assert sorted(s) == ["2020", "2021", "2022"]
    c21 = s["2021"]
    assert c21["cohort_size"] == 4
    assert c21["housing_status"] == {
        "in_placed_home": 1,
        "moved_own_initiative": 1,
        "moved_corporation_initiative": 1,
        "unknown": 1,
    }
    assert c21["nuisance"] == {"none": 1, "cooperative": 1, "structural": 1, "unknown": 1}
    assert c21["arrears"] == {"none": 1, "resolved": 1, "problematic": 1, "unknown": 1}
    assert c21["sustainable_share"] == pytest.approx(1 / 4)
    assert c21["broad_sustainable_share"] == pytest.approx(2 / 4)  # S1 and S2
    assert c21["measured"] == 3  # S1 S2 S4 (S3 has no measurement)
    c20 = s["2020"]
    assert c20["cohort_size"] == 1
    assert c20["housing_status"]["in_placed_home"] == 1
    assert c20["nuisance"] == {"none": 1, "cooperative": 0, "structural": 0, "unknown": 0}
    assert c20["arrears"]["none"] == 1
    assert c20["sustainable_share"] == 1.0
    assert c20["broad_sustainable_share"] == 1.0
    c22 = s["2022"]  # H1, without measurement
    assert c22["cohort_size"] == 1
    assert c22["housing_status"]["unknown"] == 1
    assert c22["nuisance"]["unknown"] == 1
    assert c22["arrears"]["unknown"] == 1
    assert c22["sustainable_share"] == 0.0
    assert c22["broad_sustainable_share"] == 0.0


def test_complaints(wm):
    assert wm["complaints"] == {"received": 2, "committee_decisions": 1}


def test_zuid_limburg_sums_regions(data, wm):
    zl = compute(data, "zuid-limburg", 2022)
    assert zl["housing"]["registrations"] == 10
    assert zl["housing"]["placements"] == 6
    assert zl["housing"]["invoiced_trajectories"] == 4
    assert zl["housing"]["invoiced_amount_eur"] == pytest.approx(675 * 3 + 1234.5)
    assert zl["corporations"]["ZO"]["quota"] == 15
    assert zl["corporations"]["ZO"]["placements"] == 4
    zo_wait = zl["corporations"]["ZO"]["mean_wait_months"]
    assert zo_wait == pytest.approx((60 + 91 + 92 + 31) / 4 / M)
    assert zl["corporations"]["quota_total"] == 24
    assert zl["complaints"] == {"received": 3, "committee_decisions": 2}
    pk = compute(data, "parkstad", 2022)
    for key in ("registrations", "placements", "invoiced_trajectories"):
        assert zl["housing"][key] == wm["housing"][key] + pk["housing"][key]
    assert zl["meta"]["sheets"] == wm["meta"]["sheets"]


def test_peildatum_inside_year(data):
    f = compute(data, "westelijke-mijnstreek", 2022, dt.date(2022, 6, 30))
    assert f["meta"]["peildatum"] == "2022-06-30"
    h = f["housing"]
    assert h["registrations"] == 7  # not H5 (Dec), not F4 (Sep)
    assert h["intakes"] == 3
    assert h["placements"] == 3  # H1 H2 H3
    assert h["closed_positive"] == 0
    assert h["closed_negative"] == 2
    assert h["mean_wait_months"] == pytest.approx((60 + 91 + 31) / 3 / M)
    ft = f["fast_track"]
    assert ft["window_end"] == "2022-06-30"
    assert (
        ft["registrations"],
        ft["placed_fast_track"],
        ft["placed_regular"],
        ft["rejected"],
        ft["pending"],
    ) == (3, 0, 0, 1, 2)
    assert ft["mean_wait_months"] is None
    assert f["rooms_with_chances"] == {"registrations": 1, "placements": 1}
    assert f["corporations"]["WL"]["placements"] == 0
    assert f["corporations"]["WL"]["mean_wait_months"] is None
    assert sorted(f["sustainability"]) == ["2020", "2021"]
    assert f["sustainability"]["2021"]["nuisance"]["structural"] == 1  # S4 on 01-06-2022
    assert f["complaints"] == {"received": 2, "committee_decisions": 1}


def test_peildatum_cuts_follow_up_window(data):
    # on 01-05-2022 the S4 measurement of 01-06-2022 has not happened yet
    f = compute(data, "westelijke-mijnstreek", 2022, dt.date(2022, 5, 1))
    c21 = f["sustainability"]["2021"]
    assert c21["housing_status"] == {
        "in_placed_home": 1,
        "moved_own_initiative": 1,
        "moved_corporation_initiative": 0,
        "unknown": 2,
    }
    assert c21["nuisance"] == {"none": 1, "cooperative": 1, "structural": 0, "unknown": 2}
    assert c21["broad_sustainable_share"] == pytest.approx(2 / 4)


def test_empty_year_gives_nulls(data):
    f = compute(data, "maastricht-heuvelland", 2022)
    assert f["housing"]["registrations"] == 0
    assert f["housing"]["mean_wait_months"] is None
    assert f["fast_track"]["mean_wait_months"] is None
    assert f["corporations"]["ZO"] == {
        "quota": None,
        "placements": 0,
        "placements_year_to_date": 0,
        "mean_wait_months": None,
    }
    assert f["corporations"]["quota_total"] is None
    assert f["sustainability"] == {}
    json.dumps(f, allow_nan=False)
