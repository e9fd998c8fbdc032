"""``fast_track_evaluation``: did the pilot reach its aim, a home within 3 months? (§3)

Everyone registered for Housing from the pilot's start (1-4-2022) to the end of the period,
cut at the peildatum, by the route at registration: ``fast_track`` (Verkorte toeleiding, also
those later moved to the regular route) beside ``regular``. :func:`candidates` gives one row
per candidate (months from registration to lease start, or to the peildatum while still
waiting), :func:`placement_curves` the Kaplan–Meier curves of the share placed, and
:func:`evaluation` the figures. Besides the contract's keys each route has ``rejected``
(Besluit intake Afgewezen, not placed), ``moved_to_regular`` (only fast-track candidates
move) and ``interval_95``: the Wilson 95 % interval of ``share_placed_within_3_months``
(``[low, high]``, ``null`` without eligible candidates).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from loketlib.figures.calculate import DAYS_PER_MONTH, months, share
from loketlib.figures.survival import km_frame

PILOT_START = date(2022, 4, 1)
AIM_MONTHS = 3
ROUTES = ("fast_track", "regular")


def candidates(housing: pd.DataFrame, end: date, peildatum: date) -> pd.DataFrame:
    """One row per Housing registration in the pilot's window: ``route``, ``placed`` (lease
    started by the peildatum), ``months`` (to lease start, else to the peildatum),
    ``eligible`` (registered at least 3 months before the peildatum), ``rejected`` (Afgewezen
    and not placed, as in ``fast_track``), ``moved_to_regular``."""
    peil = pd.Timestamp(peildatum)
    last = min(pd.Timestamp(end), peil)
    window = housing["registered_on"].between(pd.Timestamp(PILOT_START), last)
    cases = housing[window.fillna(False).astype(bool)]
    placed = cases["lease_start_on"].le(peil).fillna(False).astype(bool)
    until = cases["lease_start_on"].where(placed, peil)
    waited = (peil - cases["registered_on"]).dt.days
    return pd.DataFrame(
        {
            "route": cases["route"].astype("string"),
            "placed": placed,
            "months": months(cases["registered_on"], until).astype("float64"),
            "eligible": waited.ge(AIM_MONTHS * DAYS_PER_MONTH).astype(bool),
            "rejected": ~placed & cases["intake_decision"].eq("rejected").fillna(False),
            "moved_to_regular": cases["moved_to_regular"].fillna(False).astype(bool),
        },
        index=cases.index,
    )


def evaluation(housing: pd.DataFrame, end: date, peildatum: date) -> dict:
    """The contract's ``fast_track_evaluation`` per route, from :func:`candidates`."""
    rows = candidates(housing, end, peildatum)
    out = {}
    for route in ROUTES:
        mine = rows[rows["route"].eq(route).fillna(False).astype(bool)]
        placed = mine[mine["placed"]]
        eligible = mine[mine["eligible"]]
        within = int((eligible["placed"] & eligible["months"].le(AIM_MONTHS)).sum())
        out[route] = {
            "registrations": len(mine),
            "placements": len(placed),
            "median_months_to_lease": float(placed["months"].median()) if len(placed) else None,
            "eligible": len(eligible),
            "placed_within_3_months": within,
            "share_placed_within_3_months": share(within, len(eligible)),
            "interval_95": wilson(within, len(eligible)),
            "rejected": int(mine["rejected"].sum()),
            "moved_to_regular": int(mine["moved_to_regular"].sum()),
        }
    return out


def wilson(part: int, whole: int) -> list[float] | None:
    """The Wilson 95 % interval of ``part / whole``, or None when ``whole`` is 0."""
    if not whole:
        return None
    low, high = proportion_confint(part, whole, alpha=0.05, method="wilson")
    return [float(low), float(high)]


def placement_curves(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per route (of :func:`candidates`), the Kaplan–Meier estimate of the share placed by
    months since registration; those not placed are censored at the peildatum. Columns of
    :func:`~loketlib.figures.survival.km_frame`, plus ``placed`` (1 − survival) and its
    pointwise interval ``placed_lower``, ``placed_upper``."""
    curves = {}
    for route in ROUTES:
        mine = rows[rows["route"].eq(route).fillna(False).astype(bool)]
        if mine.empty:
            continue
        frame = km_frame(mine["months"].to_numpy(), mine["placed"].to_numpy().astype(int))
        curves[route] = frame.assign(
            placed=1 - frame["survival"],
            placed_lower=1 - frame["ci_upper"],
            placed_upper=1 - frame["ci_lower"],
        )
    return curves
