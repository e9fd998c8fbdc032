"""``history``: the key figures of the five years up to the period (data contract §3).

Computed in one pass over the clean rows (:mod:`loketlib.figures.grouped`, grouped by
year), with the definitions of ``--year H``: for each year H from Y − 4 to Y, the period
1-1-H .. 31-12-H with the peildatum the earlier of 31-12-H and the peildatum. Years before the
export's first data (its earliest Datum aanmelding, any region or product) are left out, not
shown as zeros.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from loketlib.figures.grouped import key_figures

YEARS = 5


def history(
    housing: pd.DataFrame,
    tables: dict,
    quotas: pd.DataFrame,
    year: int,
    peildatum: date,
) -> dict:
    """``{"H": {"housing": ..., "corporations": ...}}`` for the years Y − 4 .. Y with data.

    ``housing``: the region's Housing trajectories; ``quotas``: the region's taakstelling.
    """
    peil = pd.Timestamp(peildatum)
    first = tables["trajecten"]["registered_on"].min()
    years = [h for h in range(year - YEARS + 1, year + 1) if pd.isna(first) or h >= first.year]

    def label(frame: pd.DataFrame, column: str) -> pd.Series:
        dates = frame[column]
        counted = dates.le(peil) & dates.dt.year.isin(years)
        return dates.dt.year.astype("Int64").where(counted.fillna(False).astype(bool))

    per_year = quotas[quotas["year"].isin(years)]
    per_year = per_year.groupby(["year", "corporation"])["quota"].sum()
    figures = key_figures(housing, tables, label, years, per_year)
    return {str(h): figures[h] for h in years}
