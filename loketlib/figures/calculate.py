"""Every figure of the jaarverslag (data contract, section 3), from clean frames.

``compute`` returns the figures JSON as plain Python (ints, floats, None, strings) for one
period (:mod:`loketlib.figures.periods`). Each section of the contract is one function of the
clean tables; "in P" is a :class:`Span` from the period's first day to the earlier of its last
day and the peildatum, so nothing dated after the peildatum counts. Readings of the contract:

- Waits (also the fast track's) are Datum start huur − Datum aanmelding corporatie, in months
  of 30,4375 days; placements without a corporation registration date are left out of the mean.
- ``housing.invoiced_*`` count invoices of Housing trajectories of the region;
  ``trajectory_price_eur`` is the most frequent invoice amount.
- Fast track: a placed candidate counts as placed (fast track or regular) before anything
  else, then ``rejected`` (Besluit intake Afgewezen), then ``pending``.
- Fast track: when the period ends before the pilot's start (1-4-2022) the window is empty
  (``window_start`` after ``window_end``) and every count is 0.
- Sustainability: a cohort member without a measurement in the window is ``unknown`` and
  never counts as sustainable; ``follow_up_complete`` says whether every member's two-year
  window ended by the peildatum (a cohort that is not complete is provisional).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import pandas as pd

from loketlib.figures.periods import Period, parse_period
from loketlib.intake.clean import CleanExport
from loketlib.intake.codes import (
    ALL_REGIONS,
    ARREARS_LEVELS,
    CLOSURE_REASONS,
    CORPORATIONS,
    HOUSING_STATUSES,
    NUISANCE_LEVELS,
    PROVIDER_TYPES,
    QUARANTINE_REASONS,
    WARNINGS,
)
from loketlib.intake.vector import is_in

DAYS_PER_MONTH = 30.4375
FOLLOW_UP = pd.DateOffset(years=2)
PILOT_START = pd.Timestamp(2022, 4, 1)  # start of the pilot verkorte toeleiding


class Span(NamedTuple):
    """First and last day (inclusive) that count: "in P" cut at the peildatum."""

    start: pd.Timestamp
    end: pd.Timestamp

    @classmethod
    def of(cls, period: Period, peil: pd.Timestamp) -> Span:
        return cls(pd.Timestamp(period.start), min(pd.Timestamp(period.end), peil))


def compute(
    data: CleanExport, region: str, period: Period | str | int, peildatum: date | None = None
) -> dict:
    """The figures JSON for one region slug (or ``zuid-limburg``), period and peildatum.

    ``period`` is a :class:`Period` or its label (``2023``, ``2023-Q3``, ``2023-H1``; an int is
    a year). Raises :class:`loketlib.errors.RunError` for a bad period or peildatum.
    """
    p = parse_period(period)
    peil = pd.Timestamp(p.peildatum(peildatum))
    span = Span.of(p, peil)
    t = regional(data.tables["trajecten"], region)
    housing = t[t["product"].eq("housing")]
    quotas = data.tables["taakstelling"]
    return {
        "meta": meta(data, region, p, peil),
        "housing": housing_figures(housing, data.tables, span),
        "fast_track": fast_track(housing, p, peil),
        "rooms_with_chances": rooms_with_chances(t, span),
        "corporations": corporations(housing, quotas, region, p.year, span),
        "sustainability": sustainability(housing, data.tables["nametingen"], p.year, peil),
        "complaints": complaints(data.tables["klachten"], region, span),
    }


def regional(frame: pd.DataFrame, region: str) -> pd.DataFrame:
    return frame if region == ALL_REGIONS else frame[frame["region"].eq(region)]


def within(dates: pd.Series, span: Span) -> pd.Series:
    return dates.between(span.start, span.end).fillna(False).astype(bool)


def months(start: pd.Series, end: pd.Series) -> pd.Series:
    return (end - start).dt.days / DAYS_PER_MONTH


def mean(values: pd.Series) -> float | None:
    values = values.dropna()
    return None if values.empty else float(values.mean())


def share(part: int, whole: int) -> float | None:
    return None if not whole else part / whole


def meta(data: CleanExport, region: str, period: Period, peil: pd.Timestamp) -> dict:
    reasons = data.quarantine["reason"].value_counts()
    warnings = data.warnings["code"].value_counts()
    return {
        "region": region,
        "year": period.year,
        "period": period.as_dict(),
        "peildatum": peil.date().isoformat(),
        "source": data.source,
        "sheets": data.counts,
        "quarantine": {code: int(reasons.get(code, 0)) for code in QUARANTINE_REASONS},
        "warnings": {code: int(warnings.get(code, 0)) for code in WARNINGS},
    }


def wait_months(placed: pd.DataFrame) -> pd.Series:
    return months(placed["corporation_registered_on"], placed["lease_start_on"])


def housing_figures(housing: pd.DataFrame, tables: dict, span: Span) -> dict:
    types = tables["zorgaanbieders"].set_index("provider")["provider_type"]
    registered = housing[within(housing["registered_on"], span)]
    by_type = registered["referrer"].map(types).value_counts()
    placed = housing[within(housing["lease_start_on"], span)]
    closed = housing[within(housing["closed_on"], span)]
    negative = closed[closed["closure_result"].eq("negative")]
    reasons = negative["closure_reason"].value_counts()
    invoices = tables["facturen"]
    invoices = invoices[
        within(invoices["invoiced_on"], span)
        & is_in(invoices["trajectory_id"], housing["trajectory_id"])
    ]
    amounts = invoices["amount"].mode()
    return {
        "registrations": len(registered),
        "registrations_by_referrer_type": {k: int(by_type.get(k, 0)) for k in PROVIDER_TYPES},
        "intakes": int(within(housing["intake_on"], span).sum()),
        "placements": len(placed),
        "closed_positive": int(closed["closure_result"].eq("positive").sum()),
        "closed_negative": len(negative),
        "negative_closure_reasons": {k: int(reasons.get(k, 0)) for k in CLOSURE_REASONS},
        "invoiced_trajectories": int(invoices["trajectory_id"].nunique()),
        "invoiced_amount_eur": float(invoices["amount"].sum()),
        "trajectory_price_eur": float(amounts.min()) if len(amounts) else None,
        "mean_wait_months": mean(wait_months(placed)),
    }


def fast_track(housing: pd.DataFrame, period: Period, peil: pd.Timestamp) -> dict:
    """Registrations from the later of P's first day and the pilot's start to P's last day
    (cut at the peildatum); outcomes as known on the peildatum."""
    span = Span.of(period, peil)
    start, end = max(span.start, PILOT_START), span.end
    window = within(housing["registered_on"], Span(start, end))
    cases = housing[housing["route"].eq("fast_track") & window]
    placed = cases["lease_start_on"].le(peil).fillna(False).astype(bool)
    moved = cases["moved_to_regular"].fillna(False).astype(bool)
    rejected = ~placed & cases["intake_decision"].eq("rejected").fillna(False).astype(bool)
    return {
        "window_start": start.date().isoformat(),
        "window_end": end.date().isoformat(),
        "registrations": len(cases),
        "placed_fast_track": int((placed & ~moved).sum()),
        "placed_regular": int((placed & moved).sum()),
        "rejected": int(rejected.sum()),
        "pending": int((~placed & ~rejected).sum()),
        "mean_wait_months": mean(wait_months(cases[placed & ~moved])),
    }


def rooms_with_chances(trajectories: pd.DataFrame, span: Span) -> dict:
    rooms = trajectories[trajectories["product"].eq("rooms_with_chances")]
    return {
        "registrations": int(within(rooms["registered_on"], span).sum()),
        "placements": int(within(rooms["lease_start_on"], span).sum()),
    }


def corporations(
    housing: pd.DataFrame, quotas: pd.DataFrame, region: str, year: int, span: Span
) -> dict:
    """Per corporation: the year's quota, placements in P and from 1-1-Y to the end of P."""
    quotas = regional(quotas, region)
    quotas = quotas[quotas["year"].eq(year)].groupby("corporation")["quota"].sum()
    placed = housing[within(housing["lease_start_on"], span)]
    to_date = housing[within(housing["lease_start_on"], Span(pd.Timestamp(year, 1, 1), span.end))]
    out: dict = {}
    for code in CORPORATIONS:
        mine = placed[placed["corporation"].eq(code)]
        out[code] = {
            "quota": int(quotas[code]) if code in quotas.index else None,
            "placements": len(mine),
            "placements_year_to_date": int(to_date["corporation"].eq(code).sum()),
            "mean_wait_months": mean(wait_months(mine)),
        }
    out["quota_total"] = int(quotas.sum()) if len(quotas) else None
    return out


_NUISANCE_RANK = {code: rank for rank, code in enumerate(NUISANCE_LEVELS)}
_ARREARS_RANK = {code: rank for rank, code in enumerate(ARREARS_LEVELS)}


def follow_up(
    housing: pd.DataFrame, measurements: pd.DataFrame, peil: pd.Timestamp
) -> pd.DataFrame:
    """One row per positive closure up to the peildatum: cohort and the window's outcomes."""
    closed = housing[
        housing["closure_result"].eq("positive") & housing["closed_on"].le(peil).fillna(False)
    ][["trajectory_id", "closed_on"]].copy()
    closed["cohort"] = closed["closed_on"].dt.year
    closed["window_end"] = (closed["closed_on"] + FOLLOW_UP).clip(upper=peil)
    closed["complete"] = (closed["closed_on"] + FOLLOW_UP).le(peil)
    m = measurements.merge(closed, on="trajectory_id")
    m = m[(m["measured_on"] > m["closed_on"]) & (m["measured_on"] <= m["window_end"])]
    m = m.assign(
        nuisance_rank=m["nuisance"].map(_NUISANCE_RANK),
        arrears_rank=m["arrears"].map(_ARREARS_RANK),
    )
    latest = m.sort_values(["measured_on", "source_row"]).groupby("trajectory_id").last()
    worst = m.groupby("trajectory_id")[["nuisance_rank", "arrears_rank"]].max()
    out = closed.set_index("trajectory_id")
    out["measured"] = out.index.isin(latest.index)
    out["housing_status"] = latest["housing_status"].reindex(out.index)
    out["nuisance"] = (
        worst["nuisance_rank"].reindex(out.index).map(dict(enumerate(NUISANCE_LEVELS)))
    )
    out["arrears"] = worst["arrears_rank"].reindex(out.index).map(dict(enumerate(ARREARS_LEVELS)))
    for column in ("housing_status", "nuisance", "arrears"):
        out[column] = out[column].astype("string").fillna("unknown")
    return out.reset_index()


def sustainability(
    housing: pd.DataFrame, measurements: pd.DataFrame, year: int, peil: pd.Timestamp
) -> dict:
    outcomes = follow_up(housing, measurements, peil)
    out = {}
    for cohort, group in outcomes[outcomes["cohort"].le(year)].groupby("cohort"):
        size = len(group)
        status = group["housing_status"].value_counts()
        nuisance = group["nuisance"].value_counts()
        arrears = group["arrears"].value_counts()
        broad = (
            group["housing_status"].isin(["in_placed_home", "moved_own_initiative"])
            & group["nuisance"].isin(["none", "cooperative"])
            & group["arrears"].isin(["none", "resolved"])
        )
        out[str(cohort)] = {
            "cohort_size": size,
            "measured": int(group["measured"].sum()),
            "follow_up_complete": bool(group["complete"].all()),
            "housing_status": _counts(status, [*HOUSING_STATUSES, "unknown"]),
            "nuisance": _counts(nuisance, [*NUISANCE_LEVELS, "unknown"]),
            "arrears": _counts(arrears, [*ARREARS_LEVELS, "unknown"]),
            "sustainable_share": share(int(nuisance.get("none", 0)), size),
            "broad_sustainable_share": share(int(broad.sum()), size),
        }
    return out


def _counts(values: pd.Series, keys: list[str]) -> dict[str, int]:
    return {key: int(values.get(key, 0)) for key in keys}


def complaints(klachten: pd.DataFrame, region: str, span: Span) -> dict:
    received = regional(klachten, region)
    received = received[within(received["received_on"], span)]
    return {
        "received": len(received),
        "committee_decisions": int(received["to_committee"].fillna(False).astype(bool).sum()),
    }
