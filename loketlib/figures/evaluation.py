"""``fast_track_evaluation``: did the pilot reach its aim, a home within 3 months? (§3)

Everyone registered for Housing from the pilot's start (1-4-2022) to the end of the period,
cut at the peildatum, by the route at registration: ``fast_track`` (Verkorte toeleiding, also
those later moved to the regular route) beside ``regular``. :func:`candidates` gives one row
per candidate (months from registration to lease start, or to the peildatum while still
waiting), the data of the Kaplan–Meier curves in :mod:`loketlib.figures.survival`, and
:func:`evaluation` the figures. Besides the contract's keys each route has ``rejected``
(Besluit intake Afgewezen, not placed), ``moved_to_regular`` (only fast-track candidates
move) and ``interval_95``: the Wilson 95 % interval of ``share_placed_within_3_months``
(``[low, high]``, ``null`` without eligible candidates).
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from loketlib.figures.calculate import DAYS_PER_MONTH, months, share

PILOT_START = date(2022, 4, 1)
Z_95 = 1.959963984540054  # the standard normal quantile of 0.975
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


def wilson(part: int, whole: int, z: float = Z_95) -> list[float] | None:
    """The Wilson score interval of ``part / whole`` (95 %), or None when ``whole`` is 0.

    The closed form (as ``statsmodels.stats.proportion.proportion_confint(method="wilson")``,
    which the tests compare it with): importing statsmodels would add seconds to every
    ``loket figures``.
    """
    if not whole:
        return None
    p, n = part / whole, whole
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [max(0.0, centre - half), min(1.0, centre + half)]
