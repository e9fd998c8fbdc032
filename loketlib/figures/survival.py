"""Survival curves (statsmodels' ``SurvfuncRight``) as plain frames, for the report and research.

Not imported by :mod:`loketlib.figures` itself (``loket figures`` needs no statsmodels).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.duration.survfunc import SurvfuncRight

from loketlib.figures.comparisons import scope
from loketlib.figures.evaluation import ROUTES, candidates
from loketlib.intake.clean import CleanExport


def km_frame(time: np.ndarray, status: np.ndarray) -> pd.DataFrame:
    """Kaplan–Meier (product-limit) estimate as a frame.

    ``time`` is months to the event or to censoring, ``status`` 1 for an event, 0 when
    censored. Columns ``time_months``, ``survival``, ``ci_lower``, ``ci_upper`` (pointwise,
    survival ± 1,96·SE, clipped to [0, 1]), ``n_at_risk``, ``events``: a first row at 0 months
    (survival 1), one row per event time, and a last row at the longest time when that is
    later.
    """
    columns = ["time_months", "survival", "ci_lower", "ci_upper", "n_at_risk", "events"]
    rows = [(0.0, 1.0, 1.0, 1.0, len(time), 0)]
    if status.sum() > 0:
        sf = SurvfuncRight(time, status)
        for t, s, se, r, e in zip(
            sf.surv_times, sf.surv_prob, sf.surv_prob_se, sf.n_risk, sf.n_events, strict=True
        ):
            se = 0.0 if not np.isfinite(se) else se
            rows.append(
                (
                    float(t),
                    float(s),
                    max(0.0, s - 1.96 * se),
                    min(1.0, s + 1.96 * se),
                    int(r),
                    int(e),
                )
            )
    last_time = float(time.max()) if len(time) else 0.0
    if last_time > rows[-1][0]:
        _, s, lo, hi, _, _ = rows[-1]
        rows.append((last_time, s, lo, hi, int((time >= last_time).sum()), 0))
    return pd.DataFrame(rows, columns=columns)


def placement_curves(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per route (rows of :func:`~loketlib.figures.evaluation.candidates`), the Kaplan–Meier
    estimate of the share placed by months since registration; those not placed are censored
    at the peildatum. Columns of :func:`km_frame`, plus ``placed`` (1 − survival) and its
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


def pilot_curves(data: CleanExport, meta: dict) -> dict[str, pd.DataFrame]:
    """:func:`placement_curves` of the pilot's evaluation for the region, period and
    peildatum that the figures' ``meta`` names."""
    _region, housing, _start, end, peildatum = scope(data, meta)
    return placement_curves(candidates(housing, end, peildatum))
