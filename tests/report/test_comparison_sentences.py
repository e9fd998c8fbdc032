"""The sentences of the comparison sections (06a years, 06b regions, 06c routes): exact Dutch,
both ways (rise and fall, one and many, present and absent, shown and protected), and the
three narrative files rendering them with no Jinja logic of their own."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from loketlib.figures import parse_period
from loketlib.report import comparison_sentences as cs
from loketlib.report.narrative import environment, render
from loketlib.report.story import Sentences, Story
from loketlib.report.suppress import MARKER

DEC_31, SEP_30 = date(2022, 12, 31), date(2022, 9, 30)


def _entry(registrations, placements, wait, quota):
    return {
        "housing": {
            "registrations": registrations,
            "intakes": 80,
            "placements": placements,
            "closed_positive": 20,
            "closed_negative": 5,
            "mean_wait_months": wait,
        },
        "corporations": {"quota_total": quota},
    }


HISTORY = {
    "2018": _entry(110, 45, 6.5, 60),
    "2019": _entry(120, 50, 6.0, 60),
    "2020": _entry(130, 55, 5.8, 60),
    "2021": _entry(100, 40, 5.42, 50),
    "2022": _entry(90, 45, 5.38, 50),
}


# -- 06a ---------------------------------------------------------------------------------------
def test_history_years_one_or_many():
    assert cs.history_years(HISTORY) == "de jaren 2018 tot en met 2022"
    assert cs.history_years({"2022": HISTORY["2022"]}) == "2022"


def test_history_caveats_missing_years_and_a_partial_year():
    assert cs.history_caveats(HISTORY, 2022, DEC_31) == ""  # the year and the four before
    short = {y: HISTORY[y] for y in ("2021", "2022")}
    assert cs.history_caveats(short, 2022, DEC_31) == (
        "Jaren vóór 2021 ontbreken: de export bevat daarvan nog geen gegevens."
    )
    assert cs.history_caveats(short, 2022, SEP_30) == (
        "Jaren vóór 2021 ontbreken: de export bevat daarvan nog geen gegevens. 2022 telt tot "
        "en met de peildatum 30-09-2022."
    )
    assert cs.history_caveats(HISTORY, 2022, SEP_30) == (
        "2022 telt tot en met de peildatum 30-09-2022."
    )


def test_history_changes_follow_the_numbers_both_ways():
    text = cs.history_changes(HISTORY, 2022, DEC_31)
    lines = text.split("\n")
    assert lines[0] == "- Het aantal aanmeldingen is gedaald: van 100 in 2021 naar 90 in 2022."
    assert "- Het aantal plaatsingen is gestegen: van 40 in 2021 naar 45 in 2022." in lines
    assert "- De gemiddelde wachttijd is gelijk gebleven (5,4 maanden)." in lines
    assert "- De taakstelling is gelijk gebleven (50)." in lines
    assert "Let op" not in text
    up = cs.history_changes(HISTORY, 2021, DEC_31)
    assert "- Het aantal aanmeldingen is gedaald: van 130 in 2020 naar 100 in 2021." in up
    assert "- De gemiddelde wachttijd is gedaald: van 5,8 maanden in 2020 naar 5,4" in up


def test_history_changes_for_a_partial_year_warn_first():
    text = cs.history_changes(HISTORY, 2022, SEP_30)
    assert text.startswith(
        "Let op: 2022 telt tot en met 30-09-2022, 2021 is een heel jaar; aantallen zijn "
        "daardoor niet gelijk te vergelijken.\n\n- Het aantal aanmeldingen is gedaald"
    )


def test_history_changes_without_the_year_before():
    alone = {"2022": HISTORY["2022"]}
    assert cs.history_changes(alone, 2022, DEC_31) == (
        "Over 2021 zijn geen cijfers; een vergelijking met het vorige jaar is niet te maken."
    )
    assert cs.history_changes(alone, 2022, DEC_31, extern=True) == (
        "Over 2021 zijn geen cijfers die getoond kunnen worden; een vergelijking met het vorige "
        "jaar is niet te maken."
    )


def test_history_changes_leave_a_protected_count_out():
    hidden = copy.deepcopy(HISTORY)
    hidden["2021"]["housing"]["placements"] = MARKER
    text = cs.history_changes(hidden, 2022, DEC_31)
    assert "plaatsingen" not in text and "realisatie" not in text
    assert "aanmeldingen is gedaald" in text


# -- 06b ---------------------------------------------------------------------------------------
def _region(placed, quota, corporations=(0, 0, 0, 0)):
    return {
        "housing": {"placements": placed},
        "corporations": {
            **{
                c: {"placements": n}
                for c, n in zip(("ZW", "WL", "WP", "ZO"), corporations, strict=True)
            },
            "quota_total": quota,
        },
    }


def test_region_placements_one_many_hidden_and_without_a_quota():
    regions = {
        "westelijke-mijnstreek": _region(61, 83),
        "parkstad": _region(1, 20),
        "maastricht-heuvelland": _region(7, None),
    }
    assert cs.region_placements(regions) == (
        "- In Westelijke Mijnstreek startten **61 kandidaten** met huren, 73,5% van de "
        "taakstelling van 83.\n"
        "- In Parkstad startte **1 kandidaat** met huren, 5,0% van de taakstelling van 20.\n"
        "- In Maastricht-Heuvelland startten **7 kandidaten** met huren; voor deze regio is geen "
        "taakstelling vastgelegd."
    )
    protected = {"parkstad": _region(MARKER, 20), "westelijke-mijnstreek": _region(12, MARKER)}
    assert cs.region_placements(protected) == (
        "- In Parkstad startten **x kandidaten** met huren.\n"
        "- In Westelijke Mijnstreek startten **12 kandidaten** met huren."
    )


def test_region_spreading_most_first_of_equals_hidden_and_none():
    regions = {
        "westelijke-mijnstreek": _region(61, 83, (5, 6, 4, 46)),
        "parkstad": _region(40, 50, (10, 15, 15, 0)),
        "maastricht-heuvelland": _region(0, 30),
    }
    assert cs.region_spreading(regions) == (
        "- Westelijke Mijnstreek: de meeste plaatsingen bij ZOwonen (46 van 61, 75,4%).\n"
        "- Parkstad: de meeste plaatsingen bij Wonen Limburg (15 van 40, 37,5%).\n"
        "- Maastricht-Heuvelland: geen plaatsingen."
    )
    hidden = {"parkstad": _region(40, 50, (MARKER, 20, 15, MARKER))}
    assert cs.region_spreading(hidden) == (
        "- Parkstad: de verdeling over de corporaties is afgeschermd (kleine aantallen)."
    )
    total_hidden = {"parkstad": _region(MARKER, 50, (0, 0, 0, 0))}
    assert cs.region_spreading(total_hidden) == "- Parkstad: geen plaatsingen."


# -- 06c ---------------------------------------------------------------------------------------
def _route(eligible, placed, interval, median, registrations=20):
    share = placed / eligible if isinstance(eligible, int) and eligible else None
    return {
        "registrations": registrations,
        "eligible": eligible,
        "placed_within_3_months": placed,
        "share_placed_within_3_months": share,
        "interval_95": interval,
        "median_months_to_lease": median,
    }


def _evaluation(fast, regular=None):
    return {"fast_track": fast, "regular": regular or _route(40, 8, [0.1, 0.35], 5.25)}


def test_pilot_result_goal_met_by_a_majority_beside_the_regular_route():
    text = cs.pilot_result(_evaluation(_route(17, 14, [0.59, 0.94], 2.66)))
    assert text == (
        "Van de **17** kandidaten in de verkorte toeleiding die minstens 3 maanden vóór de "
        "peildatum zijn aangemeld, startten er **14** binnen 3 maanden met huren: **82%** "
        "(95%-betrouwbaarheidsinterval 59% tot 94%). In de reguliere route was dat 20% (van 40 "
        "kandidaten). Het doel van 3 maanden werd daarmee voor de meerderheid van de kandidaten "
        "gehaald. Wie in de verkorte toeleiding met huren startte, deed dat in de helft van de "
        "gevallen binnen 2,7 maanden na aanmelding (regulier: 5,3 maanden)."
    )


def test_pilot_result_minority_and_undecided():
    low = cs.pilot_result(_evaluation(_route(20, 4, [0.08, 0.42], None)))
    assert "Het doel van 3 maanden werd daarmee voor een minderheid van de kandidaten gehaald." in (
        low
    )
    assert "helft van de gevallen" not in low
    middle = cs.pilot_result(_evaluation(_route(17, 6, [0.17, 0.59], 2.7)))
    assert (
        "Het doel van 3 maanden werd daarmee voor 35% van de kandidaten gehaald; of dat in "
        "werkelijkheid meer of minder dan de helft is, is met deze aantallen niet te zeggen."
    ) in middle


def test_pilot_result_without_interval_regular_route_or_candidates():
    hidden_regular = _route(MARKER, MARKER, None, None)
    text = cs.pilot_result(_evaluation(_route(17, 14, None, 2.7), hidden_regular))
    assert text == (
        "Van de **17** kandidaten in de verkorte toeleiding die minstens 3 maanden vóór de "
        "peildatum zijn aangemeld, startten er **14** binnen 3 maanden met huren: **82%**. Wie "
        "in de verkorte toeleiding met huren startte, deed dat in de helft van de gevallen "
        "binnen 2,7 maanden na aanmelding."
    )
    assert cs.pilot_result(_evaluation(_route(0, 0, None, None))) == (
        "Nog geen kandidaat in de verkorte toeleiding is minstens 3 maanden vóór de peildatum "
        "aangemeld; of het doel van 3 maanden gehaald wordt, is nog niet te zeggen."
    )
    assert cs.pilot_result(_evaluation(_route(MARKER, MARKER, None, None))) == (
        "Het aandeel dat binnen 3 maanden met huren startte, wordt in deze versie niet getoond: "
        "het gaat om te weinig kandidaten."
    )


def test_pilot_small_numbers_with_and_without_interval_and_too_few():
    assert cs.pilot_small_numbers(_evaluation(_route(17, 14, [0.59, 0.94], 2.7))) == (
        "**Kleine aantallen.** De pilot telt 20 aanmeldingen. Eén kandidaat meer of minder "
        "binnen 3 maanden verandert het aandeel met 6%, en het interval hierboven is daarom "
        "breed. Lees het cijfer als een eerste indruk, niet als een vaststaand percentage. De "
        "routes zijn ook niet willekeurig toegewezen: een verschil tussen de routes komt niet "
        "alleen door de route zelf."
    )
    no_interval = cs.pilot_small_numbers(_evaluation(_route(8, 3, None, None, 9)))
    assert no_interval.startswith(
        "**Kleine aantallen.** De pilot telt 9 aanmeldingen. Eén kandidaat meer of minder "
        "binnen 3 maanden verandert het aandeel met 13%; met zo weinig kandidaten is een aandeel "
        "nog niet zinvol te geven. De routes"
    )
    few = (
        "**Kleine aantallen.** De pilot telt nog weinig aanmeldingen; conclusies zijn nog niet "
        "te trekken."
    )
    assert cs.pilot_small_numbers(_evaluation(_route(0, 0, None, None))) == few
    assert cs.pilot_small_numbers(_evaluation(_route(MARKER, MARKER, None, None))) == few


# -- The narrative files -------------------------------------------------------------------------
def _figures(peildatum="2022-12-31") -> dict:
    return {
        "meta": {"peildatum": peildatum},
        "history": copy.deepcopy(HISTORY),
        "regions": {
            "westelijke-mijnstreek": _region(61, 83, (5, 6, 4, 46)),
            "parkstad": _region(1, 20, (1, 0, 0, 0)),
        },
        "fast_track_evaluation": _evaluation(_route(17, 14, [0.59, 0.94], 2.66)),
    }


@pytest.mark.parametrize("peildatum", ["2022-12-31", "2022-09-30"])
def test_the_sections_render_the_sentences(peildatum):
    f = _figures(peildatum)
    zinnen = Sentences(Story(f, parse_period(2022), "Zuid-Limburg"))
    env = environment("zuid-limburg", 2022)
    common = {"f": f, "zinnen": zinnen, "regio": "Zuid-Limburg", "vorig_jaar": 2021}
    history = render(env, "06a-meerjarenoverzicht", **common)
    assert history["intro"].startswith(
        "Dit overzicht zet de kerncijfers van Zuid-Limburg over de jaren 2018 tot en met 2022 "
        "naast elkaar"
    )
    if peildatum == "2022-12-31":
        assert history["intro"].endswith("(aanmeldingen, intakes, starts van huur, afsluitingen).")
        assert history["verandering"].startswith(
            "### Ten opzichte van 2021\n\n- Het aantal aanmeldingen is gedaald"
        )
    else:
        assert history["intro"].endswith(
            "afsluitingen). 2022 telt tot en met de peildatum 30-09-2022."
        )
        assert history["verandering"].startswith("### Ten opzichte van 2021\n\nLet op: 2022")
    regions = render(env, "06b-regios-naast-elkaar", **common)
    assert "- In Parkstad startte **1 kandidaat** met huren" in regions["regios"]
    assert (
        "- Parkstad: de meeste plaatsingen bij Zaamwonen (1 van 1, 100,0%)."
        in (regions["spreiding"])
    )
    pilot = render(env, "06c-evaluatie-verkorte-toeleiding", **common, peildatum="31-12-2022")
    assert pilot["resultaat"].startswith("Van de **17** kandidaten")  # Markdown kept as written
    assert pilot["kleine-aantallen"].startswith("**Kleine aantallen.** De pilot telt 20")
