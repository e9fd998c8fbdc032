"""``regions`` (only for zuid-limburg): each region's key figures for the period, side by side.

Computed in one pass over the clean rows (:mod:`loketlib.figures.grouped`, grouped by
region) for the period from ``start`` to ``end`` cut at the peildatum, with the taakstelling
of the period's year. Each region equals that region's own ``housing`` and ``corporations``;
the regions add up to ``zuid-limburg``'s counts.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from loketlib.figures.grouped import key_figures
from loketlib.intake.codes import REGIONS


def regions(
    housing: pd.DataFrame,
    tables: dict,
    start: date,
    end: date,
    peildatum: date,
) -> dict:
    """``{slug: {"housing": ..., "corporations": ...}}`` for every region; ``housing`` holds
    the Housing trajectories of all regions."""
    first, last = pd.Timestamp(start), min(pd.Timestamp(end), pd.Timestamp(peildatum))

    def label(frame: pd.DataFrame, column: str) -> pd.Series:
        counted = frame[column].between(first, last).fillna(False).astype(bool)
        return frame["region"].where(counted)

    quotas = tables["taakstelling"]
    quotas = quotas[quotas["year"].eq(first.year)]
    quotas = quotas.groupby(["region", "corporation"])["quota"].sum()
    return key_figures(housing, tables, label, REGIONS, quotas)
