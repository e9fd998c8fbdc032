"""Extern: a total of people below the threshold is hidden like its parts."""

from __future__ import annotations

import copy

from sample_figures import demo_figures

from loketlib.figures import parse_period
from loketlib.report.story import Story
from loketlib.report.suppress import MARKER, is_recoverable, protect_figures, protect_shares


def _small() -> dict:
    f = demo_figures()
    h = f["housing"]
    h.update(closed_negative=2, invoiced_trajectories=3, invoiced_amount_eur=2025.0)
    h["negative_closure_reasons"] = dict.fromkeys(h["negative_closure_reasons"], 0) | {
        "nuisance": 1,
        "withdrawn": 1,
    }
    f["fast_track"].update(registrations=1, placed_fast_track=1, placed_regular=0, rejected=0)
    f["sustainability"]["2021"] |= {"cohort_size": 3, "sustainable_share": 1.0}
    f["history"] = {"2021": {"housing": copy.deepcopy(h), "corporations": f["corporations"]}}
    f["history"]["2021"]["housing"] |= {"placements": 4, "registrations": 141}
    f["meta"] = {}
    return f


def test_small_totals_are_hidden_and_large_ones_kept():
    figures = _small()
    before = copy.deepcopy(figures)
    out = protect_figures(figures, 5)
    assert figures == before  # the input is not changed
    h = out["housing"]
    assert (h["closed_negative"], h["invoiced_trajectories"]) == (MARKER, MARKER)
    assert h["invoiced_amount_eur"] == MARKER  # 2025 / 675 would give the 3 back
    assert h["trajectory_price_eur"] == 675.0  # an agreement, not people
    assert (h["registrations"], h["placements"], h["closed_positive"]) == (141, 61, 67)
    assert set(h["negative_closure_reasons"].values()) == {0, MARKER}
    assert out["fast_track"]["registrations"] == MARKER
    cohort = out["sustainability"]["2021"]
    assert cohort["cohort_size"] == MARKER and cohort["sustainable_share"] is None
    assert out["sustainability"]["2020"]["cohort_size"] == 64
    year = out["history"]["2021"]["housing"]
    assert (year["placements"], year["registrations"]) == (MARKER, 141)
    assert year["mean_wait_months"] is None


def test_a_hidden_total_leaves_nothing_to_subtract_from():
    assert not is_recoverable({"a": MARKER, "b": 0}, MARKER)
    assert is_recoverable({"a": MARKER, "b": 3}, 10)


def test_the_sentences_say_x_for_a_hidden_total_and_its_amount():
    f = protect_figures(_small(), 5)
    text = Story(f, parse_period(2022), "Westelijke Mijnstreek", extern=True).resultaten
    assert "**x trajecten** gefactureerd" in text and "samen x." in text
    assert "2.025" not in text
    assert "**67 trajecten** positief afgesloten en **x trajecten** negatief" in text


def test_a_share_is_hidden_with_a_small_part_or_a_small_rest():
    shares = {"share": ("part", "whole")}
    values = {"part": 18, "whole": 20, "share": 0.9}  # 2 not reported: 0.9 x 20 gives it back
    assert protect_shares(values, shares, 5) == {"part": MARKER, "whole": 20, "share": None}
    assert protect_shares(values | {"part": 3, "share": 0.15}, shares, 5)["share"] is None
    kept = values | {"part": 10, "share": 0.5}
    assert protect_shares(kept, shares, 5) == kept
    none = {"part": 0, "whole": 0, "share": None}  # nothing to report: nothing to hide
    assert protect_shares(none, shares, 5) == none
    hidden = protect_shares(values | {"part": MARKER}, shares, 5)  # already hidden elsewhere
    assert hidden["share"] is None
    assert values == {"part": 18, "whole": 20, "share": 0.9}  # the input is not changed


def test_a_regions_small_total_is_hidden_with_a_second_region():
    from test_suppress_comparisons import _entry, _figures

    f = _figures()
    f["regions"]["westelijke-mijnstreek"] = _entry(50, 3, 8, {"ZO": 3})
    f["housing"]["placements"], f["corporations"]["ZO"]["placements"] = 45, 23  # 3 + 22 + 20
    out = protect_figures(f, 5)
    placed = {slug: e["housing"]["placements"] for slug, e in out["regions"].items()}
    assert placed["westelijke-mijnstreek"] == MARKER
    assert list(placed.values()).count(MARKER) == 2  # else Zuid-Limburg's 45 gives it back
    assert out["housing"]["placements"] == 45
    wm = out["regions"]["westelijke-mijnstreek"]
    assert wm["housing"]["mean_wait_months"] is None
    assert wm["corporations"]["ZO"]["placements"] == MARKER
    assert wm["housing"]["registrations"] == 50  # a large total stays
