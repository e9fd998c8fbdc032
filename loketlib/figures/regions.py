"""``regions`` (only for zuid-limburg): each region's key figures for the period, side by side.

Computed in one pass over the clean rows (:mod:`loketlib.figures.grouped`, grouped by
region) for the period from ``start`` to ``end`` cut at the peildatum, with the taakstelling
of the period's year; ``placements_year_to_date`` counts from 1 January of that year. Each
region equals that region's own ``housing`` and ``corporations``; the regions add up to
``zuid-limburg``'s counts.
"""

from __future__ import annotations

from collections.abc import Callable
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

    def between(begin: pd.Timestamp) -> Callable[[pd.DataFrame, str], pd.Series]:
        def label(frame: pd.DataFrame, column: str) -> pd.Series:
            counted = frame[column].between(begin, last).fillna(False).astype(bool)
            return frame["region"].where(counted)

        return label

    quotas = tables["taakstelling"]
    quotas = quotas[quotas["year"].eq(first.year)]
    quotas = quotas.groupby(["region", "corporation"])["quota"].sum()
    new_year = pd.Timestamp(first.year, 1, 1)
    return key_figures(housing, tables, between(first), REGIONS, quotas, between(new_year))
