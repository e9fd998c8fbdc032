"""Parameters of the demo model: the calibration to the jaarverslag 2022 and the assumptions.

Counts per region and year are parameters of the model (how many registrations, intakes,
placements per corporation, closures...). For Westelijke Mijnstreek they are set so that 2022
and the duurzaamheid cohorts 2018-2021 come out as the jaarverslag printed them (where it
contradicts itself, the more detailed figure; see README.md); for every other region and
year they are drawn around a regional level. Which trajectory gets which event, the dates and
the person attributes are drawn by the model; the outcomes follow the risk assumptions below.
"""

from __future__ import annotations

FIRST_YEAR, LAST_YEAR = 2016, 2023
#: The demo export is taken on this date: it holds everything up to it.
EXPORT_DATE = "2024-01-15"
TRAJECTORY_PRICE = 675.0
#: Deelnemers without an agreement before this date were not invoiced (jaarverslag 2.2).
AGREEMENT_FOR_ALL = "2022-07-01"

#: Region level (Westelijke Mijnstreek = 1) used for drawn counts.
REGION_SCALE = {"westelijke-mijnstreek": 1.0, "parkstad": 1.3, "maastricht-heuvelland": 0.8}
#: Mean wait (months) from corporation registration to lease per corporation, all regions.
BASE_WAIT = {"ZW": 3.5, "WL": 8.0, "WP": 4.5, "ZO": 5.0}
#: Share of placements per corporation by region.
CORPORATION_MIX = {
    "westelijke-mijnstreek": {"ZW": 0.1, "WL": 0.14, "WP": 0.04, "ZO": 0.72},
    "parkstad": {"ZW": 0.05, "WL": 0.45, "WP": 0.35, "ZO": 0.15},
    "maastricht-heuvelland": {"ZW": 0.05, "WL": 0.25, "WP": 0.6, "ZO": 0.1},
}
NEGATIVE_REASON_MIX = {
    "nuisance": 0.25,
    "unable_to_live_independently": 0.2,
    "withdrawn": 0.2,
    "no_suitable_home": 0.1,
    "detention": 0.08,
    "care_admission": 0.07,
    "deceased": 0.03,
    "left_region": 0.04,
    "other": 0.03,
}
#: Reasons that end a trajectory before any lease (the candidate never moved in).
BEFORE_LEASE_REASONS = ("withdrawn", "no_suitable_home", "left_region", "other")

#: Westelijke Mijnstreek: the calibration. Each value is a model parameter for that year.
WM = "westelijke-mijnstreek"
CALIBRATED = {
    (WM, 2022): {
        "registrations": 141,
        "deelnemer_registrations": 84,
        "intakes": 109,
        "placements": {"ZW": 5, "WL": 9, "WP": 1, "ZO": 46},
        "wait_months": {"ZW": 3.0, "WL": 9.0, "WP": 4.0, "ZO": 5.0},
        "quota": {"ZW": 12, "WL": 8, "WP": 5, "ZO": 58},
        "invoices": 64,
        "closed_positive": 67,
        "negative_reasons": {
            "nuisance": 4,
            "unable_to_live_independently": 3,
            "withdrawn": 3,
            "no_suitable_home": 2,
            "detention": 1,
            "left_region": 1,
        },
        # Fast track (from 1-4-2022): 2 placed in the fast track (mean wait 2 months),
        # 2 placed after moving to the regular route, 5 rejected.
        "fast_track": {"placed_fast_track": 2, "placed_regular": 2, "rejected": 5},
        "fast_track_wait_months": 2.0,
        "rooms_registrations": 17,
        "rooms_placements": 6,
        "complaints": 3,
        "committee_decisions": 0,
    },
}
#: The fast-track pilot (Route Verkorte toeleiding, WM) in 2023, its first full year; its aim is a
#: home within 3 months of registration. Besides the year's target (1 placed in the fast track,
#: 1 placed after moving to the regular route, 2 rejected; see ``Model.targets``), this many
#: more fast-track candidates: placed at ZOwonen, and admitted and still waiting at the year
#: end. Their months from corporation registration to lease are Gamma(shape, mean / shape);
#: the registration lies 6–25 days before the corporation registration.
PILOT_2023 = {"placed_fast_track": 4, "pending": 2}
PILOT_WAIT = (8.0, 2.2)

#: Positive closures per year for Westelijke Mijnstreek (the cohorts of the duurzaamheid).
WM_POSITIVE = {2016: 34, 2017: 55, 2018: 50, 2019: 68, 2020: 64, 2021: 61, 2022: 67, 2023: 58}
WM_PLACEMENTS = {2016: 72, 2017: 76, 2018: 70, 2019: 78, 2020: 72, 2021: 66, 2022: 61, 2023: 63}

#: Cohort outcomes in the two-year follow-up (worst nuisance and arrears, latest status), as
#: counts, for the Westelijke Mijnstreek cohorts the jaarverslag reports; seen at the
#: peildatum 31-12-2022. 2018 gives 37/50 = 74%, 2019 54/68 = 79,4% without nuisance.
COHORT_OUTCOMES = {
    (WM, 2018): {
        "housing_status": {
            "in_placed_home": 36,
            "moved_own_initiative": 12,
            "moved_corporation_initiative": 2,
        },
        "nuisance": {"none": 37, "cooperative": 11, "structural": 2},
        "arrears": {"none": 35, "resolved": 14, "problematic": 1},
    },
    (WM, 2019): {
        "housing_status": {
            "in_placed_home": 52,
            "moved_own_initiative": 14,
            "moved_corporation_initiative": 2,
        },
        "nuisance": {"none": 54, "cooperative": 12, "structural": 2},
        "arrears": {"none": 50, "resolved": 17, "problematic": 1},
    },
    (WM, 2020): {
        "housing_status": {
            "in_placed_home": 48,
            "moved_own_initiative": 15,
            "moved_corporation_initiative": 1,
        },
        "nuisance": {"none": 57, "cooperative": 6, "structural": 1},
        "arrears": {"none": 47, "resolved": 17, "problematic": 0},
    },
    (WM, 2021): {
        "housing_status": {
            "in_placed_home": 54,
            "moved_own_initiative": 7,
            "moved_corporation_initiative": 0,
        },
        "nuisance": {"none": 59, "cooperative": 1, "structural": 1},
        "arrears": {"none": 47, "resolved": 14, "problematic": 0},
    },
}
#: Outcome probabilities for cohorts without a calibration.
OUTCOME_PROBABILITIES = {
    "housing_status": {
        "in_placed_home": 0.78,
        "moved_own_initiative": 0.19,
        "moved_corporation_initiative": 0.03,
    },
    "nuisance": {"none": 0.86, "cooperative": 0.11, "structural": 0.03},
    "arrears": {"none": 0.74, "resolved": 0.24, "problematic": 0.02},
}

#: The arrears assumptions (documented in README.md). Monthly hazard of a first arrears signal
#: after the lease starts = BASE_HAZARD x the factors that apply. The research notebook
#: should find these back.
BASE_HAZARD = 0.010
ARREARS_FACTORS = {
    "no_rent_allowance_first_3_months": 6.0,
    "no_rent_allowance_after": 1.3,
    "no_direct_debit": 2.0,
    "benefit_income": 1.5,
    "guardianship": 0.5,
    "age_18_24": 1.5,
    "rent_650_plus": 1.3,
}
#: Person attributes at the start of the lease.
ATTRIBUTES = {
    "household": {
        "single": 0.68,
        "single_with_children": 0.17,
        "couple": 0.08,
        "couple_with_children": 0.07,
    },
    "income_source": {
        "social_assistance": 0.55,
        "unemployment_benefit": 0.07,
        "disability_benefit": 0.15,
        "employment": 0.13,
        "student_finance": 0.03,
        "other": 0.04,
        "none": 0.03,
    },
    "guardianship": 0.35,
    "rent_allowance_at_start": 0.62,
    "direct_debit": 0.55,
}
