"""The meerjarenoverzicht, the regions side by side and the pilot's evaluation: trend words,
tables and which reports hold which section."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from loketlib.report import trends, views
from loketlib.report.sections import SECTIONS, applicable
from loketlib.report.suppress import MARKER


def _entry(registrations, placements, wait, quota):
    return {
        "housing": {
            "registrations": registrations,
            "intakes": registrations - 10,
            "placements": placements,
            "closed_positive": 20,
            "closed_negative": 5,
            "mean_wait_months": wait,
        },
        "corporations": {
            **{
                c: {"placements": 0, "quota": None, "mean_wait_months": None}
                for c in "ZW WL WP".split()
            },
            "ZO": {"placements": placements, "quota": quota, "mean_wait_months": wait},
            "quota_total": quota,
        },
    }


HISTORY = {
    "2021": _entry(100, 40, 5.42, 50),
    "2022": _entry(90, 45, 5.38, 50),
}


def test_direction_words_follow_the_numbers_as_shown():
    by_key = {c["key"]: c for c in trends.changes(HISTORY, 2022)}
    assert by_key["registrations"] == {
        "key": "registrations",
        "onderwerp": "het aantal aanmeldingen",
        "voor": "100",
        "na": "90",
        "woord": "gedaald",
    }
    assert by_key["placements"]["woord"] == "gestegen"
    assert by_key["closed_positive"]["woord"] == "gelijk gebleven"
    # 5,42 and 5,38 months are both shown as 5,4: the same, not "gedaald"
    assert (by_key["mean_wait_months"]["voor"], by_key["mean_wait_months"]["woord"]) == (
        "5,4 maanden",
        "gelijk gebleven",
    )
    assert by_key["realisation"]["voor"] == "80,0%" and by_key["realisation"]["na"] == "90,0%"
    assert by_key["realisation"]["woord"] == "gestegen"


def test_no_change_without_the_year_before_and_hidden_values_left_out():
    assert trends.changes({"2022": HISTORY["2022"]}, 2022) == []
    hidden = copy.deepcopy(HISTORY)
    hidden["2021"]["housing"]["placements"] = MARKER
    keys = [c["key"] for c in trends.changes(hidden, 2022)]
    assert "placements" not in keys and "realisation" not in keys
    assert "registrations" in keys


def _figures(region="westelijke-mijnstreek", pilot=3):
    return {
        "meta": {"region": region},
        "fast_track_evaluation": {"fast_track": {"registrations": pilot}},
    }


def test_sections_apply_by_region_and_pilot():
    slugs = [s.slug for s in applicable(_figures())]
    assert "06b-regios-naast-elkaar" not in slugs
    assert "06c-evaluatie-verkorte-toeleiding" in slugs
    assert "06a-meerjarenoverzicht" in slugs
    assert "06b-regios-naast-elkaar" in [s.slug for s in applicable(_figures("zuid-limburg"))]
    assert "06c-evaluatie-verkorte-toeleiding" not in [
        s.slug for s in applicable(_figures(pilot=0))
    ]
    protected = [s.slug for s in applicable(_figures(pilot=MARKER))]  # x: some, fewer than 5
    assert "06c-evaluatie-verkorte-toeleiding" in protected
    assert len(applicable(_figures("zuid-limburg"))) == len(SECTIONS)


def test_history_table_shows_sustainability_only_for_complete_follow_up():
    f = {
        "history": HISTORY,
        "sustainability": {
            "2021": {"follow_up_complete": True, "sustainable_share": 0.8},
            "2022": {"follow_up_complete": False, "sustainable_share": 0.9},
        },
    }
    table = views.history(f, 2022)
    assert list(table["Jaar"]) == ["2021", "2022"]  # text: never "2.021"
    assert list(table["Duurzaam (cohort)"]) == [0.8, "nameting loopt"]
    assert list(table["Realisatie taakstelling"]) == [0.8, 0.9]


def test_regions_tables_end_with_the_total():
    f = {
        **_entry(30, 12, 5.0, 20),
        "regions": {
            "westelijke-mijnstreek": _entry(10, 4, 4.0, 10),
            "parkstad": _entry(15, 6, 6.0, 10),
            "maastricht-heuvelland": _entry(5, 2, 5.0, None),
        },
    }
    table = views.regions(f)
    assert list(table["Regio"]) == [
        "Westelijke Mijnstreek",
        "Parkstad",
        "Maastricht-Heuvelland",
        "Zuid-Limburg",
    ]
    assert list(table["Plaatsingen"]) == [4, 6, 2, 12]
    assert pd.isna(table["Realisatie taakstelling"].tolist()[2])  # no quota
    spread = views.spreading(f)
    assert list(spread["ZOwonen"]) == [4, 6, 2, 12]
    assert list(spread["Totaal"]) == [4, 6, 2, 12]


def test_evaluation_table_and_curves_shown():
    route = {
        "registrations": 19,
        "placements": 10,
        "median_months_to_lease": 2.7,
        "eligible": 17,
        "placed_within_3_months": 6,
        "share_placed_within_3_months": 6 / 17,
        "interval_95": [0.173, 0.587],
        "rejected": 7,
        "moved_to_regular": 3,
    }
    hidden = {**route, "placements": MARKER, "interval_95": None}
    f = {"fast_track_evaluation": {"fast_track": route, "regular": hidden}}
    table = views.evaluation(f)
    assert list(table["Route"]) == ["Verkorte toeleiding", "Regulier"]
    assert table.loc[0, "95%-interval"] == "17% – 59%"
    assert pd.isna(table.loc[1, "95%-interval"])
    assert table.loc[0, "Aangemeld ≥ 3 maanden voor peildatum"] == 17
    curve = pd.DataFrame({"time_months": [0.0], "placed": [0.0]})
    shown = views.route_curves({"fast_track": curve, "regular": curve}, f)
    assert list(shown) == ["Verkorte toeleiding"]  # the regular route's placements are hidden


@pytest.mark.parametrize("value", [0, 3])
def test_realisation_needs_a_quota(value):
    entry = _entry(10, 4, 4.0, value)
    assert trends.realisation(entry) == (None if value == 0 else 4 / 3)
