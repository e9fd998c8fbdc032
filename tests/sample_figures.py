"""Figures shaped like `loketlib.figures.compute` returns them, built by hand for tests."""

from __future__ import annotations

STATUSES = ["in_placed_home", "moved_own_initiative", "moved_corporation_initiative", "unknown"]
NUISANCE = ["none", "cooperative", "structural", "unknown"]
ARREARS = ["none", "resolved", "problematic", "unknown"]


def cohort(size, status, nuisance, arrears, broad=None, complete=True) -> dict:
    """One sustainability cohort from its counts (status, nuisance, arrears: 4 categories)."""
    if broad is None:
        broad = (status[0] + status[1] - nuisance[2] - arrears[2]) / size
    return {
        "cohort_size": size,
        "measured": size - status[3],
        "follow_up_complete": complete,
        "housing_status": dict(zip(STATUSES, status, strict=True)),
        "nuisance": dict(zip(NUISANCE, nuisance, strict=True)),
        "arrears": dict(zip(ARREARS, arrears, strict=True)),
        "sustainable_share": nuisance[0] / size,
        "broad_sustainable_share": broad,
    }


def demo_figures() -> dict:
    """The figures computed from the demo export (Westelijke Mijnstreek 2022)."""
    return {
        "housing": {
            "registrations": 141,
            "registrations_by_referrer_type": {"deelnemer": 84, "convenantpartner": 57},
            "intakes": 109,
            "placements": 61,
            "closed_positive": 67,
            "closed_negative": 14,
            "negative_closure_reasons": {
                "nuisance": 4,
                "unable_to_live_independently": 3,
                "withdrawn": 3,
                "no_suitable_home": 2,
                "detention": 1,
                "care_admission": 0,
                "deceased": 0,
                "left_region": 1,
                "other": 0,
            },
            "invoiced_trajectories": 64,
            "invoiced_amount_eur": 43200.0,
            "trajectory_price_eur": 675.0,
            "mean_wait_months": 5.41,
        },
        "fast_track": {
            "window_start": "2022-04-01",
            "window_end": "2022-12-31",
            "registrations": 9,
            "placed_fast_track": 2,
            "placed_regular": 2,
            "rejected": 5,
            "pending": 0,
            "mean_wait_months": 2.004,
        },
        "rooms_with_chances": {"registrations": 17, "placements": 6},
        "corporations": {
            "ZW": {"quota": 12, "placements": 5, "mean_wait_months": 3.003},
            "WL": {"quota": 8, "placements": 9, "mean_wait_months": 8.998},
            "WP": {"quota": 5, "placements": 1, "mean_wait_months": 4.008},
            "ZO": {"quota": 58, "placements": 46, "mean_wait_months": 5.001},
            "quota_total": 83,
        },
        "sustainability": {
            "2018": cohort(50, (36, 12, 2, 0), (37, 11, 2, 0), (35, 14, 1, 0)),
            "2019": cohort(68, (50, 16, 2, 0), (54, 12, 2, 0), (49, 18, 1, 0)),
            "2020": cohort(64, (48, 15, 1, 0), (57, 6, 1, 0), (47, 17, 0, 0)),
            "2021": cohort(61, (54, 7, 0, 0), (59, 1, 1, 0), (47, 14, 0, 0)),
        },
        "complaints": {"received": 3, "committee_decisions": 0},
    }
