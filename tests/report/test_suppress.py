"""Statistical disclosure control: small counts hidden, and never recomputable by subtraction."""

from __future__ import annotations

import copy

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loketlib.report.suppress import (
    MARKER,
    is_recoverable,
    protect_counts,
    protect_figures,
    protect_table,
)


@pytest.mark.parametrize("value", [1, 2, 3, 4])
def test_primary_suppression_of_one_to_four(value):
    out = protect_counts({"a": value, "b": 3, "c": 40}, total=value + 43)
    assert out == {"a": MARKER, "b": MARKER, "c": 40}


def test_five_is_shown():
    assert protect_counts({"a": 5, "b": 6}, total=11) == {"a": 5, "b": 6}


def test_threshold_parameter():
    parts = {"a": 7, "b": 9, "c": 12, "d": 30}
    assert protect_counts(parts, total=58, threshold=10) == {
        "a": MARKER,
        "b": MARKER,
        "c": 12,
        "d": 30,
    }
    assert protect_counts(parts, total=58, threshold=3) == parts
    assert protect_counts({"a": 2, "b": 2}, total=4, threshold=3) == {"a": MARKER, "b": MARKER}


def test_zero_is_kept():
    out = protect_counts({"a": 0, "b": 12, "c": 40}, total=52)
    assert out == {"a": 0, "b": 12, "c": 40}


def test_secondary_suppression_when_exactly_one_is_suppressed():
    out = protect_counts({"a": 3, "b": 20, "c": 40}, total=63)
    assert out == {"a": MARKER, "b": MARKER, "c": 40}
    assert not is_recoverable(out, 63)


def test_secondary_picks_smallest_nonzero_not_a_zero():
    out = protect_counts({"a": 0, "b": 2, "c": 30, "d": 11}, total=43)
    assert out == {"a": 0, "b": MARKER, "c": 30, "d": MARKER}


def test_secondary_without_total_uses_sum():
    assert protect_counts({"a": 1, "b": 8, "c": 9}, total=None) == {
        "a": MARKER,
        "b": MARKER,
        "c": 9,
    }


def test_secondary_falls_back_to_a_zero():
    out = protect_counts({"a": 3, "b": 0, "c": 0}, total=3)
    assert out == {"a": MARKER, "b": MARKER, "c": 0}
    assert not is_recoverable(out, 3)


def test_no_secondary_when_two_already_suppressed():
    out = protect_counts({"a": 3, "b": 4, "c": 20, "d": 40}, total=67)
    assert out == {"a": MARKER, "b": MARKER, "c": 20, "d": 40}


def test_input_not_mutated():
    parts = {"a": 3, "b": 20, "c": 40}
    protect_counts(parts, total=63)
    assert parts == {"a": 3, "b": 20, "c": 40}


def test_is_recoverable():
    assert is_recoverable({"a": MARKER, "b": 20}, 23)
    assert not is_recoverable({"a": MARKER, "b": MARKER, "c": 40}, 63)
    assert not is_recoverable({"a": 3, "b": 20}, 23)
    assert not is_recoverable({"a": MARKER, "b": 20}, None)
    assert is_recoverable({"a": MARKER, "b": MARKER, "c": 40}, 40)


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(st.integers(min_value=0, max_value=50), min_size=2, max_size=9),
    threshold=st.integers(min_value=2, max_value=10),
)
def test_property_never_one_suppressed_never_small_never_recoverable(values, threshold):
    parts = {f"p{i}": v for i, v in enumerate(values)}
    total = sum(values)
    out = protect_counts(parts, total=total, threshold=threshold)
    markers = [k for k, v in out.items() if v == MARKER]
    assert len(markers) != 1
    assert not any(v != MARKER and 0 < v < threshold for v in out.values())
    assert not is_recoverable(out, total)
    assert all(out[k] == parts[k] for k in parts if k not in markers)
    assert parts == {f"p{i}": v for i, v in enumerate(values)}


def realistic_figures() -> dict:
    return {
        "meta": {"region": "parkstad", "year": 2022, "peildatum": "2022-12-31"},
        "housing": {
            "registrations": 87,
            "registrations_by_referrer_type": {"convenantpartner": 84, "deelnemer": 3},
            "intakes": 70,
            "placements": 52,
            "closed_positive": 40,
            "closed_negative": 14,
            "negative_closure_reasons": {
                "nuisance": 6,
                "unable_to_live_independently": 2,
                "withdrawn": 0,
                "no_suitable_home": 0,
                "detention": 0,
                "care_admission": 0,
                "deceased": 0,
                "left_region": 0,
                "other": 6,
            },
            "mean_wait_months": 4.2,
        },
        "fast_track": {
            "window_start": "2022-04-01",
            "window_end": "2022-12-31",
            "registrations": 25,
            "placed_fast_track": 3,
            "placed_regular": 12,
            "rejected": 6,
            "pending": 4,
            "mean_wait_months": 1.5,
        },
        "rooms_with_chances": {"registrations": 4, "placements": 0},
        "corporations": {
            "ZW": {"quota": 20, "placements": 18, "mean_wait_months": 3.1},
            "WL": {"quota": 15, "placements": 14, "mean_wait_months": 5.0},
            "WP": {"quota": 10, "placements": 17, "mean_wait_months": 4.4},
            "ZO": {"quota": 2, "placements": 3, "mean_wait_months": 2.0},
            "quota_total": 47,
        },
        "sustainability": {
            "2020": {
                "cohort_size": 30,
                "measured": 27,
                "follow_up_complete": True,
                "housing_status": {
                    "in_placed_home": 22,
                    "moved_own_initiative": 5,
                    "moved_corporation_initiative": 0,
                    "unknown": 3,
                },
                "nuisance": {"none": 20, "cooperative": 9, "structural": 1, "unknown": 0},
                "arrears": {"none": 18, "resolved": 7, "problematic": 5, "unknown": 0},
                "sustainable_share": 20 / 30,
                "broad_sustainable_share": 17 / 30,
            },
            "2021": {
                "cohort_size": 12,
                "measured": 12,
                "follow_up_complete": False,
                "housing_status": {
                    "in_placed_home": 10,
                    "moved_own_initiative": 2,
                    "moved_corporation_initiative": 0,
                    "unknown": 0,
                },
                "nuisance": {"none": 3, "cooperative": 9, "structural": 0, "unknown": 0},
                "arrears": {"none": 8, "resolved": 4, "problematic": 0, "unknown": 0},
                "sustainable_share": 3 / 12,
                "broad_sustainable_share": 2 / 12,
            },
            "2022": {
                "cohort_size": 4,
                "follow_up_complete": False,
                "housing_status": {
                    "in_placed_home": 4,
                    "moved_own_initiative": 0,
                    "moved_corporation_initiative": 0,
                    "unknown": 0,
                },
                "nuisance": {"none": 4, "cooperative": 0, "structural": 0, "unknown": 0},
                "arrears": {"none": 4, "resolved": 0, "problematic": 0, "unknown": 0},
                "sustainable_share": 1.0,
                "broad_sustainable_share": 1.0,
            },
        },
        "complaints": {"received": 6, "committee_decisions": 2},
    }


def test_protect_figures_sustainability():
    out = protect_figures(realistic_figures())
    c2020 = out["sustainability"]["2020"]
    assert c2020["nuisance"] == {
        "none": 20,
        "cooperative": MARKER,
        "structural": MARKER,
        "unknown": 0,
    }
    assert c2020["housing_status"] == {
        "in_placed_home": 22,
        "moved_own_initiative": MARKER,
        "moved_corporation_initiative": 0,
        "unknown": MARKER,
    }
    assert c2020["arrears"] == {"none": 18, "resolved": 7, "problematic": 5, "unknown": 0}
    assert c2020["sustainable_share"] == pytest.approx(20 / 30)
    assert c2020["measured"] == MARKER  # 30 - 27 would give the suppressed unknown
    assert out["sustainability"]["2021"]["measured"] == 12
    assert c2020["broad_sustainable_share"] == pytest.approx(17 / 30)
    c2021 = out["sustainability"]["2021"]
    assert c2021["nuisance"]["none"] == MARKER
    assert c2021["sustainable_share"] is None
    assert c2021["broad_sustainable_share"] is None
    c2022 = out["sustainability"]["2022"]
    assert c2022["cohort_size"] == MARKER  # a total of 4 people: hidden like its parts
    assert c2022["sustainable_share"] is None and c2022["broad_sustainable_share"] is None
    assert c2022["nuisance"] == {
        "none": MARKER,
        "cooperative": MARKER,
        "structural": 0,
        "unknown": 0,
    }
    for cohort in out["sustainability"].values():
        for key in ("housing_status", "nuisance", "arrears"):
            assert not is_recoverable(cohort[key], cohort["cohort_size"])


def test_protect_figures_other_sections():
    figures = realistic_figures()
    before = copy.deepcopy(figures)
    out = protect_figures(figures)
    assert figures == before
    housing = out["housing"]
    assert housing["registrations_by_referrer_type"] == {
        "convenantpartner": MARKER,
        "deelnemer": MARKER,
    }
    reasons = housing["negative_closure_reasons"]
    assert reasons["unable_to_live_independently"] == MARKER
    assert reasons["nuisance"] == MARKER and reasons["other"] == 6
    assert not is_recoverable(reasons, housing["closed_negative"])
    assert housing["placements"] == 52 and housing["mean_wait_months"] == 4.2
    fast = out["fast_track"]
    assert (fast["placed_fast_track"], fast["pending"]) == (MARKER, MARKER)
    assert (fast["placed_regular"], fast["rejected"]) == (12, 6)
    assert fast["mean_wait_months"] is None
    corporations = out["corporations"]
    assert [corporations[c]["quota"] for c in ("ZW", "WL", "WP", "ZO")] == [20, 15, 10, 2]
    assert corporations["quota_total"] == 47
    assert corporations["ZO"] == {"quota": 2, "placements": MARKER, "mean_wait_months": None}
    assert corporations["WL"]["placements"] == MARKER
    assert corporations["WL"]["mean_wait_months"] == 5.0
    assert corporations["ZW"]["placements"] == 18
    assert out["rooms_with_chances"] == {"registrations": MARKER, "placements": 0}
    assert out["complaints"] == {"received": 6, "committee_decisions": MARKER}
    assert out["meta"]["protected"] == {"audience": "extern", "threshold": 5}
    assert out["meta"]["region"] == "parkstad"
    assert "protected" not in figures["meta"]


def test_protect_figures_threshold():
    out = protect_figures(realistic_figures(), threshold=3)
    assert out["meta"]["protected"]["threshold"] == 3
    assert out["sustainability"]["2020"]["nuisance"]["structural"] == MARKER
    assert out["complaints"]["committee_decisions"] == MARKER
    assert out["corporations"]["ZO"]["placements"] == 3
    assert out["rooms_with_chances"]["registrations"] == 4


def test_protect_table_with_total_row_and_shares():
    df = pd.DataFrame(
        {
            "group": ["A", "B", "C", "Totaal"],
            "placed": [3, 20, 40, 63],
            "share": [3 / 63, 20 / 63, 40 / 63, 1.0],
            "closed": [10, 0, 12, 22],
        }
    )
    before = df.copy()
    out = protect_table(df, ["placed", "closed"], total_row=True, share_columns={"share": "placed"})
    pd.testing.assert_frame_equal(df, before)
    assert out["placed"].tolist() == [MARKER, MARKER, 40, 63]
    assert out["share"].tolist()[:2] == [None, None]
    assert out["share"].tolist()[2:] == pytest.approx([40 / 63, 1.0])
    assert out["closed"].tolist() == [10, 0, 12, 22]


def test_protect_table_without_total_row():
    df = pd.DataFrame({"n": [2, 7, 9, 30]}, index=["a", "b", "c", "d"])
    out = protect_table(df, ["n"], total_row=False, threshold=5)
    assert out["n"].tolist() == [MARKER, MARKER, 9, 30]
    assert list(out.index) == ["a", "b", "c", "d"]


def test_protect_year_to_date_placements():
    figures = realistic_figures()
    for code, n in zip(("ZW", "WL", "WP", "ZO"), (40, 3, 20, 30), strict=True):
        figures["corporations"][code]["placements_year_to_date"] = n
    out = protect_figures(figures)
    ytd = {k: out["corporations"][k]["placements_year_to_date"] for k in ("ZW", "WL", "WP", "ZO")}
    assert ytd == {"ZW": 40, "WL": MARKER, "WP": MARKER, "ZO": 30}  # WP: secondary
