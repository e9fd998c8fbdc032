"""Extern suppression of ``history``, ``regions`` and ``fast_track_evaluation``."""

from __future__ import annotations

import copy

from loketlib.report.suppress import MARKER, is_recoverable, protect_figures

CODES = ("ZW", "WL", "WP", "ZO")


def _housing(registrations, placements, negative, reasons=None):
    return {
        "registrations": registrations,
        "registrations_by_referrer_type": {"convenantpartner": 0, "deelnemer": registrations},
        "intakes": registrations,
        "placements": placements,
        "closed_positive": 10,
        "closed_negative": negative,
        "negative_closure_reasons": reasons or {"nuisance": negative, "other": 0},
        "invoiced_trajectories": 20,
        "invoiced_amount_eur": 13500.0,
        "trajectory_price_eur": 675.0,
        "mean_wait_months": 5.0,
    }


def _corporations(placements: dict):
    out = {
        code: {"quota": 10, "placements": placements.get(code, 0), "mean_wait_months": 4.0}
        for code in CODES
    }
    out["quota_total"] = 40
    return out


def _entry(registrations, placements, negative, per_corp):
    return {
        "housing": _housing(registrations, placements, negative),
        "corporations": _corporations(per_corp),
    }


def _figures():
    regions = {
        "westelijke-mijnstreek": _entry(50, 30, 8, {"ZO": 20, "WL": 10}),
        "parkstad": _entry(40, 22, 3, {"ZO": 20, "WP": 2}),
        "maastricht-heuvelland": _entry(30, 20, 6, {"WP": 20}),
    }
    total = _entry(120, 72, 17, {"ZO": 40, "WL": 10, "WP": 22})
    evaluation = {
        "fast_track": {
            "registrations": 12,
            "placements": 4,
            "median_months_to_lease": 2.5,
            "eligible": 10,
            "placed_within_3_months": 3,
            "share_placed_within_3_months": 0.3,
            "interval_95": [0.1, 0.6],
            "rejected": 5,
            "moved_to_regular": 2,
        },
        "regular": {
            "registrations": 300,
            "placements": 100,
            "median_months_to_lease": 5.5,
            "eligible": 280,
            "placed_within_3_months": 0,
            "share_placed_within_3_months": 0.0,
            "interval_95": [0.0, 0.01],
            "rejected": 30,
            "moved_to_regular": 0,
        },
    }
    return {
        "meta": {"region": "zuid-limburg"},
        **total,
        "history": {"2021": _entry(9, 3, 2, {"ZO": 3}), "2022": copy.deepcopy(total)},
        "regions": regions,
        "fast_track_evaluation": evaluation,
    }


def test_history_year_protected_as_that_year_alone():
    f = _figures()
    out = protect_figures(f)
    alone = protect_figures(copy.deepcopy(f["history"]["2021"]))
    assert out["history"]["2021"]["housing"] == alone["housing"]
    assert out["history"]["2021"]["corporations"] == alone["corporations"]
    assert out["history"]["2021"]["housing"]["mean_wait_months"] is None  # 3 placements
    assert out["history"]["2021"]["housing"]["negative_closure_reasons"]["nuisance"] == MARKER


def test_regions_small_counts_hidden_and_never_recoverable():
    f = _figures()
    out = protect_figures(f)
    r = out["regions"]
    assert r["parkstad"]["housing"]["closed_negative"] == MARKER  # 3
    # one hidden region count would follow from the total: a second one is hidden too
    column = {s: r[s]["housing"]["closed_negative"] for s in r}
    assert list(column.values()).count(MARKER) >= 2
    assert not is_recoverable(column, f["housing"]["closed_negative"])
    # a hidden total hides its breakdown
    for slug in r:
        h = r[slug]["housing"]
        if h["closed_negative"] == MARKER:
            assert all(v in (0, MARKER) for v in h["negative_closure_reasons"].values())
    # corporation placements: no row or column with exactly one marker
    grid = {s: {c: r[s]["corporations"][c]["placements"] for c in CODES} for s in r}
    assert grid["parkstad"]["WP"] == MARKER
    for slug, row in grid.items():
        total = r[slug]["housing"]["placements"]
        assert not is_recoverable(row, None if total == MARKER else total)
    for code in CODES:
        column = {s: grid[s][code] for s in grid}
        total = f["corporations"][code]["placements"]
        assert total == 0 or not is_recoverable(column, total)  # hidden zeros reveal nobody
    assert r["parkstad"]["corporations"]["WP"]["mean_wait_months"] is None
    assert f["regions"]["parkstad"]["corporations"]["WP"]["placements"] == 2  # input unchanged


def test_fast_track_evaluation_protected():
    out = protect_figures(_figures())["fast_track_evaluation"]
    fast = out["fast_track"]
    assert (fast["placements"], fast["placed_within_3_months"], fast["moved_to_regular"]) == (
        MARKER,
        MARKER,
        MARKER,
    )
    assert (fast["registrations"], fast["eligible"], fast["rejected"]) == (12, 10, 5)
    assert fast["median_months_to_lease"] is None
    assert fast["share_placed_within_3_months"] is None and fast["interval_95"] is None
    regular = out["regular"]
    assert regular["placed_within_3_months"] == 0  # a zero reveals nobody
    assert regular["share_placed_within_3_months"] == 0.0
    assert regular["interval_95"] == [0.0, 0.01]
