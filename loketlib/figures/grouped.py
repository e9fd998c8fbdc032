"""The ``housing`` and ``corporations`` figures for many groups in one pass over the rows.

``history`` groups by year and ``regions`` by region: each event (registration, intake,
lease start, closure, invoice) gets the label of the group it counts in, or NA, once; every
figure is then one grouping of those labels. The definitions are those of
:func:`loketlib.figures.calculate.housing_figures` and ``corporations`` (tests check that
each group equals the figures computed for it alone); means and sums use the same helpers
on the same rows, so the floats are equal too, not merely close.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

import pandas as pd

from loketlib.figures.calculate import mean, wait_months
from loketlib.intake.codes import CLOSURE_REASONS, CORPORATIONS, PROVIDER_TYPES

#: label(frame, date column) -> the group each row's date counts in (NA: counts nowhere).
Labeller = Callable[[pd.DataFrame, str], pd.Series]


def key_figures(
    housing: pd.DataFrame,
    tables: dict,
    label: Labeller,
    groups: Iterable[Hashable],
    quotas: pd.Series,
    year_to_date: Labeller | None = None,
) -> dict:
    """``{group: {"housing": ..., "corporations": ...}}`` for every group, also empty ones.

    ``housing`` holds the Housing trajectories that may count (their ``region`` column is
    what a region labeller reads); ``quotas`` is the taakstelling summed per
    ``(group, corporation)``; ``year_to_date`` labels the lease starts that count in a
    group's ``placements_year_to_date`` (default: ``label``, right when every group is a year).
    """
    groups = list(groups)
    types = tables["zorgaanbieders"].set_index("provider")["provider_type"]
    registered = label(housing, "registered_on")
    intakes = label(housing, "intake_on").value_counts()
    placed = label(housing, "lease_start_on")
    closed = label(housing, "closed_on")
    invoices = tables["facturen"].merge(
        housing[["trajectory_id", "region"]], on="trajectory_id", how="inner"
    )
    invoiced = label(invoices, "invoiced_on")
    by_type = _tally(registered, housing["referrer"].map(types))
    result = _tally(closed, housing["closure_result"])
    reasons = _tally(closed, housing["closure_result"], housing["closure_reason"])
    waits = _groups(wait_months(housing), placed)
    at = _groups(wait_months(housing), [placed, housing["corporation"]])
    amounts = _groups(invoices["amount"], invoiced)
    ids = _groups(invoices["trajectory_id"], invoiced)
    placements = placed.value_counts()
    per_corporation = _tally(placed, housing["corporation"])
    so_far = _tally((year_to_date or label)(housing, "lease_start_on"), housing["corporation"])
    out = {}
    for g in groups:
        amount = amounts.get(g, pd.Series(dtype="float64"))
        mode = amount.mode()
        quota = quotas[g] if g in quotas.index.get_level_values(0) else pd.Series(dtype="int64")
        out[g] = {
            "housing": {
                "registrations": int(registered.eq(g).sum()),
                "registrations_by_referrer_type": {
                    k: by_type.get((g, k), 0) for k in PROVIDER_TYPES
                },
                "intakes": int(intakes.get(g, 0)),
                "placements": int(placements.get(g, 0)),
                "closed_positive": result.get((g, "positive"), 0),
                "closed_negative": result.get((g, "negative"), 0),
                "negative_closure_reasons": {
                    k: reasons.get((g, "negative", k), 0) for k in CLOSURE_REASONS
                },
                "invoiced_trajectories": int(ids[g].nunique()) if g in ids else 0,
                "invoiced_amount_eur": float(amount.sum()),
                "trajectory_price_eur": float(mode.min()) if len(mode) else None,
                "mean_wait_months": mean(waits[g]) if g in waits else None,
            },
            "corporations": {
                **{
                    code: {
                        "quota": int(quota[code]) if code in quota.index else None,
                        "placements": per_corporation.get((g, code), 0),
                        "placements_year_to_date": so_far.get((g, code), 0),
                        "mean_wait_months": mean(at[(g, code)]) if (g, code) in at else None,
                    }
                    for code in CORPORATIONS
                },
                "quota_total": int(quota.sum()) if len(quota) else None,
            },
        }
    return out


def _groups(values: pd.Series, by) -> dict:
    """The values per group (rows labelled NA left out), for the helpers of calculate."""
    return {key: group for key, group in values.groupby(by, dropna=True, sort=False)}


def _tally(*keys: pd.Series) -> dict[tuple, int]:
    """How many rows have each combination of keys (rows with an NA key left out)."""
    counts = pd.DataFrame(dict(enumerate(keys))).value_counts(dropna=True)
    return {key: int(n) for key, n in counts.items()}
