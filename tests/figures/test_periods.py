"""Periods (data contract §3): quarters, half years, the fast-track window, year-to-date
placements and a provisional cohort, on a hand-made export with every figure worked out."""

from __future__ import annotations

import datetime as dt

import pytest
from exportkit import PROVIDERS, TRAJECT_HEADERS, traject, write_folder

from loketlib.errors import RunError
from loketlib.figures import Period, compute, parse_period
from loketlib.intake.clean import clean
from loketlib.intake.export import read_export

M = 30.4375
FT = "Verkorte toeleiding"
WM = "westelijke-mijnstreek"


def _placed(tid, reg, corp, corporation, start, **kw):
    return traject(
        Trajectnummer=tid,
        Datum_aanmelding=reg,
        Datum_aanmelding_corporatie=corp,
        Woningcorporatie=corporation,
        Datum_start_huur=start,
        **kw,
    )


TRAJECTS = [
    _placed("A1", "15-01-2023", "01-02-2023", "ZOwonen", "01-03-2023"),  # wait 28 days
    _placed("A2", "10-04-2023", "01-05-2023", "ZOwonen", "15-07-2023", Datum_intake="20-04-2023"),
    _placed(
        "A3", "01-07-2023", "15-07-2023", "Wonen Limburg", "14-09-2023", Datum_intake="10-07-2023"
    ),  # wait 61 days; A2: 75 days
    traject(
        Trajectnummer="A4",
        Datum_aanmelding="20-08-2023",
        Datum_intake="01-09-2023",
        Datum_afsluiting="30-09-2023",
        Resultaat_afsluiting="Negatief",
        Reden_afsluiting="Kandidaat trekt zich terug",
    ),
    traject(Trajectnummer="A5", Datum_aanmelding="01-10-2023"),
    _placed("A6", "01-07-2022", "01-08-2022", "ZOwonen", "01-09-2022"),  # 2022-Q3, 31 days
    # fast track
    traject(Trajectnummer="F1", Route=FT, Datum_aanmelding="15-02-2022"),  # before the pilot
    _placed("F2", "15-05-2022", "01-06-2022", "Wonen Limburg", "01-07-2022", Route=FT),
    _placed("F3", "10-08-2023", "20-08-2023", "ZOwonen", "15-09-2023", Route=FT),  # 26 days
    traject(Trajectnummer="F5", Route=FT, Datum_aanmelding="15-02-2023"),
    # Kamers met Kansen
    traject(
        Trajectnummer="K1",
        Product="Kamers met Kansen",
        Datum_aanmelding="05-07-2023",
        Datum_start_huur="01-09-2023",
    ),
    traject(Trajectnummer="K2", Product="Kamers met Kansen", Datum_aanmelding="10-07-2022"),
    # the 2022 cohort: closed positive in 2022, one measured, follow-up still running in 2023
    *[
        _placed(
            tid,
            "01-01-2021",
            "01-02-2021",
            "ZOwonen",
            "01-04-2021",
            Datum_afsluiting=closed,
            Resultaat_afsluiting="Positief",
        )
        for tid, closed in (("S1", "01-03-2022"), ("S2", "01-06-2022"))
    ],
]


def sheets() -> dict:
    return {
        "trajecten": (TRAJECT_HEADERS, TRAJECTS),
        "zorgaanbieders": PROVIDERS,
        "taakstelling": (
            ["Jaar", "Regio", "Woningcorporatie", "Taakstelling"],
            [
                ["2023", "Westelijke Mijnstreek", "ZOwonen", "10"],
                ["2023", "Westelijke Mijnstreek", "Wonen Limburg", "5"],
                ["2022", "Westelijke Mijnstreek", "ZOwonen", "8"],
            ],
        ),
        "facturen": (["Trajectnummer", "Factuurdatum", "Bedrag"], []),
        "nametingen": (
            ["Trajectnummer", "Peildatum", "Woonsituatie", "Overlast", "Huurachterstand"],
            [["S1", "01-09-2022", "In bemiddelde woning", "Geen", "Geen"]],
        ),
        "klachten": (["Datum ontvangen", "Regio", "Voorgelegd aan klachtencommissie"], []),
    }


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = write_folder(tmp_path_factory.mktemp("periods") / "export", sheets())
    result = clean(read_export(folder))
    assert result.quarantine.empty, result.quarantine[["trajectory_id", "detail"]]
    return result


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2023", "2023", "2023-01-01", "2023-12-31"),
        (2023, "2023", "2023-01-01", "2023-12-31"),
        ("2023-Q1", "2023-Q1", "2023-01-01", "2023-03-31"),
        ("2023-q3", "2023-Q3", "2023-07-01", "2023-09-30"),
        ("2024-Q4", "2024-Q4", "2024-10-01", "2024-12-31"),
        ("2023-H1", "2023-H1", "2023-01-01", "2023-06-30"),
        ("2023-H2", "2023-H2", "2023-07-01", "2023-12-31"),
    ],
)
def test_parse_period(text, label, start, end):
    assert parse_period(text).as_dict() == {"label": label, "start": start, "end": end}


@pytest.mark.parametrize("text", ["2023-Q5", "2023-H3", "2023Q3", "23", "2023-Q0", "Q3", ""])
def test_period_that_does_not_parse(text):
    with pytest.raises(RunError, match="onleesbaar"):
        parse_period(text)


@pytest.mark.parametrize("text", ["1999", "2101-Q1", 2101])
def test_year_outside_range(text):
    with pytest.raises(RunError, match="van 2000 tot en met 2100"):
        parse_period(text)


def test_year_earlier():
    assert parse_period("2023-Q3").year_earlier() == Period(2022, "quarter", 3)


def test_peildatum_before_period(data):
    with pytest.raises(RunError, match="voor de eerste dag van periode 2023-Q3"):
        compute(data, WM, "2023-Q3", dt.date(2023, 6, 30))
    with pytest.raises(RunError):
        compute(data, WM, 2023, dt.date(2022, 6, 30))


def test_quarter(data):
    f = compute(data, WM, "2023-Q3")
    assert f["meta"]["year"] == 2023
    assert f["meta"]["period"] == {"label": "2023-Q3", "start": "2023-07-01", "end": "2023-09-30"}
    assert f["meta"]["peildatum"] == "2023-09-30"
    h = f["housing"]
    assert h["registrations"] == 3  # A3 A4 F3
    assert h["intakes"] == 2  # A3 A4 (A2's was in April)
    assert h["placements"] == 3  # A2 A3 F3
    assert (h["closed_positive"], h["closed_negative"]) == (0, 1)
    assert h["mean_wait_months"] == pytest.approx((75 + 61 + 26) / 3 / M)
    ft = f["fast_track"]
    assert (ft["window_start"], ft["window_end"]) == ("2023-07-01", "2023-09-30")
    assert (ft["registrations"], ft["placed_fast_track"], ft["pending"]) == (1, 1, 0)
    assert ft["mean_wait_months"] == pytest.approx(26 / M)
    assert f["rooms_with_chances"] == {"registrations": 1, "placements": 1}


def test_year_to_date_placements(data):
    c = compute(data, WM, "2023-Q3")["corporations"]
    assert (c["ZO"]["quota"], c["ZO"]["placements"], c["ZO"]["placements_year_to_date"]) == (
        10,
        2,  # A2 F3
        3,  # A1 A2 F3
    )
    assert (c["WL"]["quota"], c["WL"]["placements"], c["WL"]["placements_year_to_date"]) == (
        5,
        1,
        1,  # A3 (F2 was in 2022)
    )
    assert c["quota_total"] == 15  # the year's quota, also in a quarter
    # cut at the peildatum: on 15-08-2023 A3 and F3 have not started renting
    c = compute(data, WM, "2023-Q3", dt.date(2023, 8, 15))["corporations"]
    assert (c["ZO"]["placements"], c["ZO"]["placements_year_to_date"]) == (1, 2)
    assert (c["WL"]["placements"], c["WL"]["placements_year_to_date"]) == (0, 0)


def test_half_year(data):
    f = compute(data, WM, "2023-H1")
    assert f["meta"]["period"]["end"] == "2023-06-30"
    h = f["housing"]
    assert (h["registrations"], h["intakes"], h["placements"]) == (3, 1, 1)  # A1 A2 F5; A2; A1
    assert h["mean_wait_months"] == pytest.approx(28 / M)
    ft = f["fast_track"]
    assert (ft["window_start"], ft["window_end"]) == ("2023-01-01", "2023-06-30")
    assert (ft["registrations"], ft["pending"]) == (1, 1)  # F5
    assert f["corporations"]["ZO"]["placements_year_to_date"] == 1


def test_fast_track_window_at_the_pilots_start(data):
    q1 = compute(data, WM, "2022-Q1")["fast_track"]
    assert (q1["window_start"], q1["window_end"]) == ("2022-04-01", "2022-03-31")  # empty
    assert q1["registrations"] == 0  # F1 registered before the pilot
    h1 = compute(data, WM, "2022-H1")["fast_track"]
    assert (h1["window_start"], h1["window_end"]) == ("2022-04-01", "2022-06-30")
    assert (h1["registrations"], h1["placed_fast_track"], h1["pending"]) == (1, 0, 1)  # F2
    y = compute(data, WM, 2022)["fast_track"]
    assert (y["window_start"], y["window_end"]) == ("2022-04-01", "2022-12-31")
    assert (y["registrations"], y["placed_fast_track"]) == (1, 1)
    assert y["mean_wait_months"] == pytest.approx(30 / M)


def test_fast_track_window_in_a_later_year(data):
    y = compute(data, WM, 2023)["fast_track"]
    assert (y["window_start"], y["window_end"]) == ("2023-01-01", "2023-12-31")
    assert (y["registrations"], y["placed_fast_track"], y["pending"]) == (2, 1, 1)  # F5 F3


def test_provisional_cohort(data):
    s = compute(data, WM, "2023-Q3")["sustainability"]
    assert list(s) == ["2022"]
    c = s["2022"]
    assert (c["cohort_size"], c["measured"], c["follow_up_complete"]) == (2, 1, False)
    assert c["sustainable_share"] == pytest.approx(1 / 2)  # S2 unmeasured: never sustainable
    assert c["broad_sustainable_share"] == pytest.approx(1 / 2)
    # two years after the last closure the follow-up is complete
    c = compute(data, WM, 2024, dt.date(2024, 6, 1))["sustainability"]["2022"]
    assert c["follow_up_complete"] is True


def test_year_same_as_period_label(data):
    assert compute(data, WM, 2023) == compute(data, WM, "2023")
    assert compute(data, WM, 2023)["meta"]["period"]["label"] == "2023"
