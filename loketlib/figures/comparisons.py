"""The figures that compare: the pilot's routes, the years, the regions (data contract §3).

:func:`compute` is :func:`loketlib.figures.calculate.compute` (the period's own figures, same
arguments) plus ``fast_track_evaluation``, ``history`` and, for zuid-limburg, ``regions``. These
read the period from the figures' own ``meta`` (``period`` when present, else the year ``year``),
so they follow whatever period the figures were computed for.
"""

from __future__ import annotations

from datetime import date

from loketlib.figures.calculate import compute as period_figures
from loketlib.figures.calculate import regional
from loketlib.figures.evaluation import evaluation
from loketlib.figures.history import history
from loketlib.figures.regions import regions
from loketlib.intake.clean import CleanExport
from loketlib.intake.codes import ALL_REGIONS


def compute(data: CleanExport, *args, **kwargs) -> dict:
    """The whole figures JSON: the period's figures, then the comparisons."""
    figures = period_figures(data, *args, **kwargs)
    return {**figures, **comparisons(data, figures["meta"])}


def comparisons(data: CleanExport, meta: dict) -> dict:
    """``fast_track_evaluation``, ``history`` and (zuid-limburg only) ``regions`` for the
    region, period and peildatum that ``meta`` names."""
    region, housing, start, end, peildatum = scope(data, meta)
    quotas = regional(data.tables["taakstelling"], region)
    out = {
        "fast_track_evaluation": evaluation(housing, end, peildatum),
        "history": history(housing, data.tables, quotas, start.year, peildatum),
    }
    if region == ALL_REGIONS:
        out["regions"] = regions(housing, data.tables, start, end, peildatum)
    return out


def scope(data: CleanExport, meta: dict) -> tuple:
    """Region, its Housing trajectories, period start and end, and peildatum of ``meta``
    (the figures' own account of what they cover)."""
    period = meta.get("period") or {
        "start": f"{meta['year']}-01-01",
        "end": f"{meta['year']}-12-31",
    }
    trajectories = regional(data.tables["trajecten"], meta["region"])
    return (
        meta["region"],
        trajectories[trajectories["product"].eq("housing")],
        date.fromisoformat(period["start"]),
        date.fromisoformat(period["end"]),
        date.fromisoformat(meta["peildatum"]),
    )
