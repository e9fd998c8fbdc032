"""Light rent arrears (huurachterstand) after placement: who gets a first signal, and when.

Pure functions for the research notebook "why do light rent arrears arise after placement?".
Every function takes clean frames (see :mod:`loketlib.intake.clean`) and returns new objects; inputs
are never changed. Months are days / 30.4375, as everywhere in loketlib. Labels meant for
people are Dutch; identifiers and column names of intermediate frames are English.

Small groups are never shown on their own: groups with fewer than ``min_group`` tenants are
merged into "Overige (kleine groepen)" when that merged group is large enough, and left out
otherwise.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.duration.survfunc import CumIncidenceRight, survdiff
from statsmodels.stats.proportion import proportion_confint

from loketlib.figures import DAYS_PER_MONTH
from loketlib.figures.survival import km_frame
from loketlib.intake import codes

#: Follow-up of a tenant ends at most this many months after the lease start.
MAX_FOLLOWUP_MONTHS = 24
HORIZONS = (6, 12, 24)

#: Outcome definitions: parameter value -> Dutch description (for the text).
OUTCOMES = {
    "signaal": "een signaal van huurachterstand van de corporatie",
    "maanden": "een signaal van huurachterstand van ten minste {m} maand huur",
    "problematisch": "een nameting met problematische huurschuld",
}

ALL_LABEL = "Alle huurders"
OTHER_LABEL = "Overige (kleine groepen)"
UNKNOWN_LABEL = codes.UNKNOWN_LABEL
YES_LABEL, NO_LABEL = "Ja", "Nee"

AGE_BANDS = ("18-24", "25-34", "35-49", "50+")
RENT_BANDS = ("< € 500", "€ 500-650", "≥ € 650")
_BAND_ORDER = {"age_band": AGE_BANDS, "rent_band": RENT_BANDS}

#: Income sources that count as a benefit (uitkering) in the regression.
BENEFIT_INCOME = ("social_assistance", "unemployment_benefit", "disability_benefit")

#: Pre-stated regression predictors: name -> Dutch label. Each is coded 1 for the level
#: thought to carry the risk.
PREDICTORS = {
    "no_rent_allowance": "Huurtoeslag niet geregeld bij start",
    "no_direct_debit": "Geen automatische incasso",
    "guardianship": "Bewindvoering bij start",
    "benefit_income": "Inkomen uit uitkering",
    "single": "Alleenstaand (zonder kinderen)",
}
DEFAULT_PREDICTORS = list(PREDICTORS)

#: Tenant factors the research looks at: column of :func:`tenants` -> Dutch name.
FACTORS = {
    "rent_allowance_at_start": "Huurtoeslag geregeld bij start",
    "direct_debit": "Automatische incasso",
    "income_source": "Inkomstenbron",
    "guardianship": "Bewindvoering",
    "age_band": "Leeftijd bij aanmelding",
    "rent_band": "Kale huur",
    "household": "Huishouden",
    "provider_type": "Type zorgaanbieder",
    "corporation": "Woningcorporatie",
}

_TENANT_COLUMNS = [
    "trajectory_id",
    "region",
    "lease_start_on",
    "cohort",
    "corporation",
    "provider_type",
    "household",
    "income_source",
    "age_band",
    "guardianship",
    "rent_allowance_at_start",
    "direct_debit",
    "rent_band",
]


def _months(delta: pd.Series) -> pd.Series:
    """Timedelta series -> float months (days / 30.4375)."""
    return delta.dt.days.astype("float64") / DAYS_PER_MONTH


def _lookup(mapping: pd.Series, keys: pd.Series) -> pd.Series:
    """``mapping[key]`` for every key (NaT/NaN when absent), keeping the mapping's dtype."""
    return pd.Series(mapping.reindex(keys.to_numpy()).to_numpy(), index=keys.index)


def horizon_flags(tenants: pd.DataFrame, horizon: float) -> tuple[pd.Series, pd.Series]:
    """(within, observed) at ``horizon`` months, from the tenants' event and follow-up columns.

    Dates are whole days, so a horizon of h months is reached after floor(h * 30.4375) days of
    follow-up (a signal on day 365 is within 12 months = 365.25 days).
    """
    first = tenants["event_months"].astype("float64")
    followup_days = tenants["followup_end_months"].astype("float64") * DAYS_PER_MONTH
    event = tenants["event"].astype(bool)
    within = event & (first <= horizon)
    reached = followup_days >= math.floor(horizon * DAYS_PER_MONTH) - 1e-9
    observed = within | reached
    return within.astype(bool), observed.astype(bool)


def tenants(
    trajecten: pd.DataFrame,
    zorgaanbieders: pd.DataFrame,
    huurachterstanden: pd.DataFrame,
    nametingen: pd.DataFrame,
    region: str,
    cohort_years: Iterable[int],
    peildatum,
    followup_months: float = MAX_FOLLOWUP_MONTHS,
    outcome: str = "signaal",
    outcome_months: float = 2.0,
    horizons: Iterable[int] = HORIZONS,
) -> pd.DataFrame:
    """One row per Housing tenant placed in ``cohort_years`` in ``region``, with outcome timing.

    Selection: product Housing, lease start in one of ``cohort_years`` and on or before the
    peildatum, region ``region`` (``"zuid-limburg"``: all regions). Nothing dated after the
    peildatum counts.

    Columns: ``trajectory_id``, ``region``, ``lease_start_on``, ``cohort`` (lease start year),
    ``corporation``, ``provider_type`` (of the referrer, via ``zorgaanbieders``),
    ``household``, ``income_source``, ``age_band`` (18-24, 25-34, 35-49, 50+ at registration;
    <NA> when unknown or under 18), ``guardianship``, ``rent_allowance_at_start``,
    ``direct_debit``, ``rent_band`` (kale huur < € 500, € 500-650, ≥ € 650; <NA> when
    unknown), and:

    - ``event_months``: lease start -> the first outcome event on/after the lease start and
      on/before the peildatum; NaN without one. The outcome (:data:`OUTCOMES`): ``signaal``
      any arrears signal; ``maanden`` a signal of at least ``outcome_months`` months' rent;
      ``problematisch`` a follow-up measurement (nameting) saying problematic rent debt (its
      measurement date).
    - ``moved_months``: lease start -> the first measurement (nameting) whose housing status is
      not "in bemiddelde woning" (its measurement date: the move itself is not dated); NaN
      when none.
    - ``followup_end_months``: the earliest of moving out, lease start + ``followup_months``,
      and the peildatum; ``followup_reason`` says which (``moved``, ``cap``, ``peildatum``).
    - ``event``: the first outcome event falls on or before the follow-up end.
    - ``within_H`` / ``observed_H`` for each of ``horizons``: the event came within H months
      and was observed; the tenant counts at H months (an event within H, or follow-up lasting
      the whole H). Tenants without an event whose follow-up ended earlier (recent
      placements, moves) are censored: left out of the share at that horizon rather than
      counted as "no arrears". The survival functions use all tenants, censored at the
      follow-up end.

    A negative closure of the trajectory does not end follow-up: the lease may continue.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}; use one of {list(OUTCOMES)}")
    peil = pd.Timestamp(peildatum)
    years = {int(y) for y in cohort_years}
    tr = trajecten
    mask = (
        (tr["product"] == "housing").fillna(False)
        & tr["lease_start_on"].notna()
        & tr["lease_start_on"].dt.year.isin(years)
        & (tr["lease_start_on"] <= peil)
    )
    if region != codes.ALL_REGIONS:
        mask &= (tr["region"] == region).fillna(False)
    base = tr.loc[mask.astype(bool)].copy()

    provider_types = {
        codes.fold(p): t
        for p, t in zip(zorgaanbieders["provider"], zorgaanbieders["provider_type"], strict=True)
        if pd.notna(p)
    }
    base["provider_type"] = (
        base["referrer"]
        .map(lambda r: provider_types.get(codes.fold(r)) if pd.notna(r) else None)
        .astype("string")
    )
    base["cohort"] = base["lease_start_on"].dt.year.astype("int64")

    age = base["age_at_registration"].astype("Float64")
    base["age_band"] = pd.cut(
        age.astype("float64"), [18, 25, 35, 50, np.inf], right=False, labels=list(AGE_BANDS)
    ).astype("string")
    base["rent_band"] = pd.cut(
        base["base_rent"].astype("float64"),
        [-np.inf, 500, 650, np.inf],
        right=False,
        labels=list(RENT_BANDS),
    ).astype("string")

    out = base[_TENANT_COLUMNS].reset_index(drop=True)
    lease = out.set_index("trajectory_id")["lease_start_on"]

    def first_on(frame: pd.DataFrame, date: str, keep: pd.Series) -> pd.Series:
        """Earliest ``date`` per trajectory among ``keep`` rows within [lease start, peil]."""
        frame = frame[frame["trajectory_id"].isin(lease.index)].copy()
        start = _lookup(lease, frame["trajectory_id"])
        keep = keep.reindex(frame.index).fillna(False).astype(bool)
        frame = frame[keep & (frame[date] >= start) & (frame[date] <= peil)]
        return frame.groupby("trajectory_id")[date].min()

    if outcome == "problematisch":
        problematic = (nametingen["arrears"] == "problematic").fillna(False)
        first_event = first_on(nametingen, "measured_on", problematic)
    else:
        heavy = huurachterstanden["months"] >= outcome_months
        keep = heavy if outcome == "maanden" else pd.Series(True, index=huurachterstanden.index)
        first_event = first_on(huurachterstanden, "signalled_on", keep.fillna(False))
    moved_out = (nametingen["housing_status"] != "in_placed_home").fillna(False)
    moved = first_on(nametingen, "measured_on", moved_out)

    ids = out["trajectory_id"]
    out["event_months"] = _months(_lookup(first_event, ids) - out["lease_start_on"])
    out["moved_months"] = _months(_lookup(moved, ids) - out["lease_start_on"])
    ends = pd.DataFrame(
        {
            "moved": out["moved_months"],
            "cap": float(followup_months),
            "peildatum": _months(peil - out["lease_start_on"]),
        }
    )
    out["followup_end_months"] = ends.min(axis=1, skipna=True)
    out["followup_reason"] = ends.fillna(np.inf).idxmin(axis=1).astype("string")
    out["event"] = (
        out["event_months"].notna() & (out["event_months"] <= out["followup_end_months"])
    ).astype(bool)
    for h in sorted({int(h) for h in horizons}):
        within, observed = horizon_flags(out, h)
        out[f"within_{h}"] = within
        out[f"observed_{h}"] = observed
    out.attrs["peildatum"] = peil
    out.attrs["followup_months"] = float(followup_months)
    out.attrs["outcome"] = outcome
    return out


# ---------------------------------------------------------------------------- grouping


def factor_labels(tenants: pd.DataFrame, by: str | None) -> pd.Series:
    """Dutch group label per tenant: code labels, Ja/Nee, band names; Onbekend for <NA>."""
    if by is None:
        return pd.Series(ALL_LABEL, index=tenants.index, dtype="object")
    if by not in tenants.columns:
        raise KeyError(f"{by!r} is not a column of the tenants frame")
    col = tenants[by]
    if pd.api.types.is_bool_dtype(col.dtype):
        return col.map(lambda v: UNKNOWN_LABEL if pd.isna(v) else (YES_LABEL if v else NO_LABEL))
    if by in codes.CODE_LISTS:
        return col.map(lambda v: codes.label(by, None if pd.isna(v) else v))
    return col.map(lambda v: UNKNOWN_LABEL if pd.isna(v) else str(v))


def label_order(by: str | None, labels: Iterable[str]) -> list[str]:
    """Display order: code-list / band / Ja-Nee order, else alphabetical; Onbekend, Overige last."""
    present = set(labels)
    if by in codes.CODE_LISTS:
        known = list(codes.CODE_LISTS[by].values())
    elif by in _BAND_ORDER:
        known = list(_BAND_ORDER[by])
    else:
        known = [YES_LABEL, NO_LABEL]
    rest = sorted(present - set(known) - {UNKNOWN_LABEL, OTHER_LABEL})
    order = [x for x in known if x in present] + rest
    order += [x for x in (UNKNOWN_LABEL, OTHER_LABEL) if x in present]
    return order


def _merge_small(labels: pd.Series, min_group: int) -> pd.Series:
    """Merge groups with fewer than ``min_group`` tenants into OTHER_LABEL.

    Tenants of the merged group get <NA> (left out) when it stays below ``min_group``.
    """
    sizes = labels.value_counts()
    small = [g for g in labels.unique() if sizes.get(g, 0) < min_group]
    if not small:
        return labels
    merged = labels.where(~labels.isin(small), OTHER_LABEL)
    if sizes.reindex(small, fill_value=0).sum() < min_group:
        merged = merged.where(merged != OTHER_LABEL, None)
    return merged


def groups(tenants: pd.DataFrame, by: str | None, min_group: int) -> pd.Series:
    """The group label of each tenant for factor ``by`` (<NA>: left out).

    Groups with fewer than ``min_group`` tenants in the selection are merged into "Overige
    (kleine groepen)", left out when that merged group is still below ``min_group``. Tables,
    curves and tests all use these groups.
    """
    labels = factor_labels(tenants, by)
    if by is not None:
        labels = _merge_small(labels, min_group)
    return labels


def group_changes(tenants: pd.DataFrame, by: str, min_group: int) -> dict[str, list[str]]:
    """Which groups of ``by`` :func:`groups` merged into "Overige" and which it left out."""
    before = factor_labels(tenants, by)
    after = groups(tenants, by, min_group)
    small = [g for g in label_order(by, before.unique()) if (after[before == g] != g).all()]
    left_out = after.isna()
    dropped = [g for g in small if left_out[before == g].all()]
    return {"merged": [g for g in small if g not in dropped], "dropped": dropped}


def incidence(
    tenants: pd.DataFrame, by: str | None, horizon_months: int, min_group: int = 10
) -> pd.DataFrame:
    """Share of tenants with a first arrears signal within ``horizon_months``, per group.

    Only tenants observable at the horizon count (see :func:`tenants`). Columns: ``groep``
    (Dutch label; "Alle huurders" for ``by=None``), ``n`` (tenants counted), ``met_achterstand``,
    ``aandeel`` (fraction, NaN when n is 0), ``ci_laag``, ``ci_hoog`` (Wilson 95%). The groups
    are those of :func:`groups` (formed on every tenant of the selection, so the same as in
    the survival curves and the log-rank test).
    """
    within, observed = horizon_flags(tenants, horizon_months)
    labels = groups(tenants, by, min_group)
    frame = pd.DataFrame({"groep": labels, "within": within, "observed": observed})
    frame = frame[frame["observed"] & frame["groep"].notna()]
    rows = []
    for group in label_order(by, frame["groep"].unique()):
        part = frame[frame["groep"] == group]
        n, k = len(part), int(part["within"].sum())
        rows.append((group, n, k))
    if by is None and not rows:
        rows.append((ALL_LABEL, 0, 0))
    result = pd.DataFrame(rows, columns=["groep", "n", "met_achterstand"])
    result["n"] = result["n"].astype("int64")
    result["met_achterstand"] = result["met_achterstand"].astype("int64")
    n, k = result["n"].to_numpy(), result["met_achterstand"].to_numpy()
    counted = n > 0
    share = np.full(len(result), np.nan)
    low, high = share.copy(), share.copy()
    if counted.any():
        share[counted] = k[counted] / n[counted]
        low[counted], high[counted] = proportion_confint(
            k[counted], n[counted], alpha=0.05, method="wilson"
        )
    result["aandeel"] = share
    # exact bounds at the edges (the closed form leaves rounding noise there)
    low[counted & (k == 0)], high[counted & (k == n)] = 0.0, 1.0
    result["ci_laag"], result["ci_hoog"] = np.clip(low, 0, 1), np.clip(high, 0, 1)
    return result


# ---------------------------------------------------------------------------- survival


def _survival_input(tenants: pd.DataFrame) -> pd.DataFrame:
    """time (months to first signal, or to the follow-up end when censored) and status."""
    event = tenants["event"].astype(bool)
    time = tenants["event_months"].where(event, tenants["followup_end_months"])
    return pd.DataFrame({"time": time.astype("float64"), "status": event.astype(int)})


def survival_curves(
    tenants: pd.DataFrame, by: str | None, min_group: int = 10
) -> dict[str, pd.DataFrame]:
    """Kaplan–Meier curve of "no arrears signal yet" per group (group label -> frame).

    Time is months to the first signal, censored at the follow-up end. Each frame has
    ``time_months``, ``survival``, ``ci_lower``, ``ci_upper`` (pointwise, survival ± 1.96·SE,
    clipped to [0, 1]), ``n_at_risk``, ``events``: a first row at 0 months (survival 1), one
    row per event time, and a last row at the longest follow-up when that is later. The groups
    are those of :func:`groups`.
    """
    data = _survival_input(tenants)
    data["group"] = groups(tenants, by, min_group)
    data = data[data["group"].notna()]
    curves: dict[str, pd.DataFrame] = {}
    for group in label_order(by, data["group"].unique()):
        part = data[data["group"] == group]
        curves[group] = km_frame(part["time"].to_numpy(), part["status"].to_numpy())
    return curves


def at_risk(
    tenants: pd.DataFrame, by: str | None, min_group: int, times: Iterable[float]
) -> pd.DataFrame:
    """Numbers at risk (still followed up without an event) per group at ``times`` months:
    one row per group of :func:`groups` (index: Dutch label), one column per time."""
    data = _survival_input(tenants)
    data["group"] = groups(tenants, by, min_group)
    data = data[data["group"].notna()]
    times = list(times)
    rows = {
        group: [int((data.loc[data["group"] == group, "time"] >= t).sum()) for t in times]
        for group in label_order(by, data["group"].unique())
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=times)


def logrank(tenants: pd.DataFrame, by: str, min_group: int = 10) -> dict:
    """Log-rank test of equal time to first signal across the groups of ``by``.

    Returns ``{"statistic", "p_value", "df", "groups"}``; groups are the Dutch labels tested
    (after merging small groups). With fewer than two groups statistic and p_value are None
    and df is 0.
    """
    data = _survival_input(tenants)
    data["group"] = groups(tenants, by, min_group)
    data = data[data["group"].notna()]
    tested = label_order(by, data["group"].unique())
    if len(tested) < 2 or data["status"].sum() == 0:
        return {"statistic": None, "p_value": None, "df": 0, "groups": tested}
    statistic, p_value = survdiff(
        data["time"].to_numpy(), data["status"].to_numpy(), data["group"].to_numpy()
    )
    return {
        "statistic": float(statistic),
        "p_value": float(p_value),
        "df": len(tested) - 1,
        "groups": tested,
    }


# ---------------------------------------------------------------------------- regression


def predictor_flag(tenants: pd.DataFrame, name: str) -> tuple[str, pd.Series]:
    """(Dutch label, Float64 0/1 series with <NA>) for one predictor name."""

    def flag(series: pd.Series) -> pd.Series:
        return series.astype("boolean").astype("Float64")

    if name == "no_rent_allowance":
        values = flag(~tenants["rent_allowance_at_start"].astype("boolean"))
    elif name == "no_direct_debit":
        values = flag(~tenants["direct_debit"].astype("boolean"))
    elif name == "guardianship":
        values = flag(tenants["guardianship"])
    elif name == "benefit_income":
        income = tenants["income_source"].astype("string")
        values = flag(income.isin(BENEFIT_INCOME).astype("boolean").where(income.notna()))
    elif name == "single":
        household = tenants["household"].astype("string")
        values = flag((household == "single").astype("boolean"))
    elif name in tenants.columns and pd.api.types.is_bool_dtype(tenants[name].dtype):
        return name, flag(tenants[name])
    else:
        raise KeyError(f"unknown predictor {name!r}; use one of {list(PREDICTORS)}")
    return PREDICTORS[name], values


def design(
    tenants: pd.DataFrame,
    predictors: Iterable[str] | None = None,
    interactions: Iterable[tuple[str, str]] = (),
) -> pd.DataFrame:
    """The models' 0/1 predictor columns (Dutch labels; Float64 with <NA>), plus one product
    column "A × B" per pair of ``interactions`` (names of ``predictors``)."""
    names = list(DEFAULT_PREDICTORS if predictors is None else predictors)
    columns, labels = {}, {}
    for name in names:
        labels[name], values = predictor_flag(tenants, name)
        columns[labels[name]] = values
    for first, second in interactions:
        if first not in labels or second not in labels:
            raise KeyError(f"interaction {first}*{second}: both must be among {names}")
        columns[f"{labels[first]} × {labels[second]}"] = (
            columns[labels[first]] * columns[labels[second]]
        )
    return pd.DataFrame(columns, index=tenants.index)


def _complete(data: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series, list[str]]:
    """(rows without a missing predictor as float, which rows those were, constant columns
    left out)."""
    complete = data.notna().all(axis=1)
    data = data[complete].astype("float64")
    constant = [c for c in data.columns if data[c].nunique() < 2]
    return data.drop(columns=constant), complete, constant


def regression(
    tenants: pd.DataFrame,
    predictors: list[str] | None = None,
    horizon_months: int = 12,
    interactions: Iterable[tuple[str, str]] = (),
) -> pd.DataFrame:
    """Logistic regression of a first outcome event within ``horizon_months`` on 0/1 predictors.

    Tenants observable at the horizon only; rows with a missing predictor are dropped.
    ``predictors`` are names of :data:`PREDICTORS` (default: all five, each coded 1 for the
    risky level) or boolean columns of ``tenants``; ``interactions`` pairs of them (see
    :func:`design`). Columns: ``factor`` (Dutch label), ``odds_ratio``, ``ci_low``,
    ``ci_high`` (Wald 95%), ``p_value``; no intercept row.
    ``attrs``: ``n`` (rows used), ``events``, ``events_per_parameter`` (the smaller of events
    and non-events, per predictor in the model), ``dropped_missing`` (observable tenants left
    out for a missing predictor), ``constant_predictors`` (left out: no variation),
    ``fit_warnings`` (statsmodels warning class names, e.g. ``PerfectSeparationWarning`` or
    ``ConvergenceWarning``: the estimates are then not to be trusted). No rows when there are
    no events or no non-events.
    """
    within, observed = horizon_flags(tenants, horizon_months)
    data, complete, constant = _complete(design(tenants, predictors, interactions)[observed])
    y = within[observed][complete].astype("float64")
    events = int(y.sum())
    n = len(y)
    result_columns = ["factor", "odds_ratio", "ci_low", "ci_high", "p_value"]
    fit_warnings: list[str] = []
    if n == 0 or data.shape[1] == 0 or events in (0, n):
        result = pd.DataFrame(columns=result_columns)
    else:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fit = sm.Logit(y, sm.add_constant(data, has_constant="add")).fit(disp=0)
        fit_warnings = sorted({type(w.message).__name__ for w in caught})
        conf = fit.conf_int()
        factors = list(data.columns)
        with np.errstate(over="ignore"):
            result = pd.DataFrame(
                {
                    "factor": factors,
                    "odds_ratio": np.exp(fit.params[factors].to_numpy()),
                    "ci_low": np.exp(conf.loc[factors, 0].to_numpy()),
                    "ci_high": np.exp(conf.loc[factors, 1].to_numpy()),
                    "p_value": fit.pvalues[factors].to_numpy(),
                }
            )
    k = max(data.shape[1], 1)
    result.attrs["n"] = n
    result.attrs["events"] = events
    result.attrs["events_per_parameter"] = min(events, n - events) / k
    result.attrs["dropped_missing"] = int((~complete).sum())
    result.attrs["constant_predictors"] = constant
    result.attrs["fit_warnings"] = fit_warnings
    return result


def cox(
    tenants: pd.DataFrame,
    predictors: list[str] | None = None,
    interactions: Iterable[tuple[str, str]] = (),
    strata: str | None = "corporation",
    adjust_cohort: bool = True,
) -> pd.DataFrame:
    """Cox proportional-hazards model (statsmodels ``PHReg``, Breslow ties) of the time to the
    first outcome event, censored at the follow-up end.

    Covariates: the 0/1 predictors of :func:`design`, plus (``adjust_cohort``) one indicator
    per lease-start year after the first; baseline hazards per ``strata`` value (a missing
    value is its own stratum). Every tenant with complete predictors counts, censored ones
    too. Columns: ``factor``, ``hazard_ratio``, ``ci_low``, ``ci_high`` (Wald 95%),
    ``p_value``, ``ph_p_value``: the proportional-hazards check, a test of zero correlation
    between the covariate's Schoenfeld residuals and the rank of the event time (a small value
    says the ratio changes over time). Cohort indicators are fitted but not listed.
    ``attrs``: ``n``, ``events``, ``events_per_parameter``, ``dropped_missing``,
    ``constant_predictors``, ``strata`` (number of strata), ``cohorts`` (years adjusted for),
    ``fit_warnings``. No rows without events.
    """
    survival = _survival_input(tenants)
    data, complete, constant = _complete(design(tenants, predictors, interactions))
    factors = list(data.columns)
    cohorts: list[int] = []
    if adjust_cohort and "cohort" in tenants.columns:
        cohort = tenants.loc[complete, "cohort"].astype("int64")
        cohorts = sorted(cohort.unique().tolist())
        for year in cohorts[1:]:
            data[f"cohort_{year}"] = (cohort == year).astype("float64")
    survival = survival[complete]
    group = (
        tenants.loc[complete, strata].astype("string").fillna(UNKNOWN_LABEL).to_numpy()
        if strata
        else None
    )
    events = int(survival["status"].sum())
    columns = ["factor", "hazard_ratio", "ci_low", "ci_high", "p_value", "ph_p_value"]
    fit_warnings: list[str] = []
    if events == 0 or not factors:
        result = pd.DataFrame(columns=columns)
    else:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model = sm.PHReg(
                survival["time"].to_numpy(),
                data.to_numpy(),
                status=survival["status"].to_numpy(),
                strata=group,
                ties="breslow",
            )
            fit = model.fit()
        fit_warnings = sorted({type(w.message).__name__ for w in caught})
        k = len(factors)
        conf = np.asarray(fit.conf_int())[:k]
        with np.errstate(over="ignore"):
            result = pd.DataFrame(
                {
                    "factor": factors,
                    "hazard_ratio": np.exp(np.asarray(fit.params)[:k]),
                    "ci_low": np.exp(conf[:, 0]),
                    "ci_high": np.exp(conf[:, 1]),
                    "p_value": np.asarray(fit.pvalues)[:k],
                    "ph_p_value": _ph_check(fit, survival)[:k],
                }
            )
    result.attrs.update(
        n=len(survival),
        events=events,
        events_per_parameter=events / max(data.shape[1], 1),
        dropped_missing=int((~complete).sum()),
        constant_predictors=constant,
        strata=len(set(group)) if group is not None else 1,
        cohorts=cohorts,
        fit_warnings=fit_warnings,
    )
    return result


def _ph_check(fit, survival: pd.DataFrame) -> np.ndarray:
    """Per covariate: p-value of the correlation of Schoenfeld residuals with event-time rank."""
    residuals = np.asarray(fit.schoenfeld_residuals)
    events = survival["status"].to_numpy() == 1
    rank = pd.Series(survival["time"].to_numpy()[events]).rank().to_numpy()
    values = []
    for column in residuals[events].T:
        ok = np.isfinite(column)
        if ok.sum() < 3 or np.ptp(column[ok]) == 0:
            values.append(np.nan)
        else:
            values.append(stats.pearsonr(rank[ok], column[ok]).pvalue)
    return np.array(values)


def cumulative_incidence(tenants: pd.DataFrame, horizons: Iterable[float]) -> pd.DataFrame:
    """The share with the outcome within each horizon, two ways: ``competing`` (Aalen–Johansen
    cumulative incidence, statsmodels ``CumIncidenceRight``, with moving out as a competing
    event) and ``censored`` (1 − Kaplan–Meier, moving out censored, as in the curves). One row
    per horizon (``months``); the difference is what treating a move as censoring adds."""
    data = _survival_input(tenants)
    moved = (tenants["followup_reason"] == "moved").to_numpy() & (data["status"] == 0).to_numpy()
    status = np.where(data["status"] == 1, 1, np.where(moved, 2, 0))
    time = data["time"].to_numpy()
    horizons = [float(h) for h in horizons]
    competing, censored = [np.nan] * len(horizons), [np.nan] * len(horizons)
    if (status == 1).any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # variance terms at n = events
            cif = CumIncidenceRight(time, status)
        km = km_frame(time, (status == 1).astype(int))

        def at(times, values, h):
            before = np.asarray(times) <= h
            return float(np.asarray(values)[before][-1]) if before.any() else 0.0

        competing = [at(cif.times, cif.cinc[0], h) for h in horizons]
        censored = [1 - at(km["time_months"], km["survival"], h) for h in horizons]
    return pd.DataFrame({"months": horizons, "competing": competing, "censored": censored})


def moved_before_event(tenants: pd.DataFrame) -> int:
    """Tenants whose follow-up ended by moving out before any outcome event: the competing
    event the survival analysis treats as censoring."""
    return int(((tenants["followup_reason"] == "moved") & ~tenants["event"]).sum())


# ---------------------------------------------------------------------------- descriptives


def _none_if_nan(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _tenant_signals(huurachterstanden: pd.DataFrame, tenants: pd.DataFrame, peil) -> pd.DataFrame:
    """Signals of the tenants' trajectories, on/after the lease start and on/before peil."""
    sig = huurachterstanden[huurachterstanden["trajectory_id"].isin(tenants["trajectory_id"])]
    sig = sig.copy()
    if "lease_start_on" in tenants.columns:
        lease = tenants.set_index("trajectory_id")["lease_start_on"]
        sig = sig[sig["signalled_on"] >= _lookup(lease, sig["trajectory_id"])]
    if peil is not None:
        sig = sig[sig["signalled_on"] <= peil].copy()
        sig["resolved_on"] = sig["resolved_on"].where(sig["resolved_on"] <= peil)
    return sig


def arrears_summary(
    huurachterstanden: pd.DataFrame,
    tenants: pd.DataFrame,
    reportable_months: float = 2,
    reportable_amount: float = 0,
    peildatum=None,
) -> dict:
    """Describe the arrears signals of the tenants' trajectories.

    Signals count when dated on/after the tenant's lease start and on/before the peildatum
    (``peildatum`` or else ``tenants.attrs["peildatum"]``); a resolution after the peildatum
    counts as still open. Keys:

    - ``signals``: number of signals; ``tenants_with_signal``: tenants with at least one;
    - ``causes``: frame ``oorzaak`` (Dutch label), ``aantal``, ``aandeel`` (of signals),
      every cause of the code list in its order;
    - ``amount_median``, ``amount_mean`` (euros), ``months_median`` (months in arrears);
    - ``resolved``, ``open``: counts; ``resolution_months_median``: signal -> resolved, over
      resolved signals;
    - ``reported_early_warning``: signals reported for vroegsignalering;
    - ``reportable``: signals at or above the threshold (months >= ``reportable_months`` and
      amount > ``reportable_amount``); ``reportable_reported``: of those, reported;
      ``reportable_reported_share`` (None when there are none).

    Medians and means are None when there is nothing to average.
    """
    peil = peildatum if peildatum is not None else tenants.attrs.get("peildatum")
    peil = None if peil is None else pd.Timestamp(peil)
    sig = _tenant_signals(huurachterstanden, tenants, peil)
    n = len(sig)
    cause = sig["cause"].astype("string").fillna("unknown")
    counts = cause.value_counts()
    causes = pd.DataFrame(
        {
            "oorzaak": list(codes.ARREARS_CAUSES.values()),
            "aantal": [int(counts.get(c, 0)) for c in codes.ARREARS_CAUSES],
        }
    )
    causes["aandeel"] = causes["aantal"] / n if n else np.nan
    resolved = sig["resolved_on"].notna()
    resolution = _months(sig.loc[resolved, "resolved_on"] - sig.loc[resolved, "signalled_on"])
    reported = sig["reported_early_warning"].astype("boolean").fillna(False).astype(bool)
    reportable = (sig["months"] >= reportable_months) & (sig["amount"] > reportable_amount)
    reportable = reportable.fillna(False).astype(bool)
    n_reportable = int(reportable.sum())
    n_reportable_reported = int((reportable & reported).sum())
    return {
        "signals": n,
        "tenants_with_signal": int(sig["trajectory_id"].nunique()),
        "causes": causes,
        "amount_median": _none_if_nan(sig["amount"].median()) if n else None,
        "amount_mean": _none_if_nan(sig["amount"].mean()) if n else None,
        "months_median": _none_if_nan(sig["months"].median()) if n else None,
        "resolved": int(resolved.sum()),
        "open": int((~resolved).sum()),
        "resolution_months_median": _none_if_nan(resolution.median()) if len(resolution) else None,
        "reported_early_warning": int(reported.sum()),
        "reportable": n_reportable,
        "reportable_reported": n_reportable_reported,
        "reportable_reported_share": (
            n_reportable_reported / n_reportable if n_reportable else None
        ),
    }


def _problematic_ids(nametingen: pd.DataFrame, tenants: pd.DataFrame, peildatum=None) -> set:
    peil = peildatum if peildatum is not None else tenants.attrs.get("peildatum")
    mea = nametingen[nametingen["trajectory_id"].isin(tenants["trajectory_id"])]
    if peil is not None:
        mea = mea[mea["measured_on"] <= pd.Timestamp(peil)]
    hit = (mea["arrears"] == "problematic").fillna(False).astype(bool)
    return set(mea.loc[hit, "trajectory_id"])


def problematic_debt(nametingen: pd.DataFrame, tenants: pd.DataFrame, peildatum=None) -> int:
    """Number of tenants with any follow-up measurement saying "Problematische huurschuld".

    Measurements after the peildatum (``peildatum`` or ``tenants.attrs["peildatum"]``) do not
    count.
    """
    return len(_problematic_ids(nametingen, tenants, peildatum))


def problematic_without_signal(
    huurachterstanden: pd.DataFrame, nametingen: pd.DataFrame, tenants: pd.DataFrame
) -> int:
    """Tenants whose nametingen say problematic rent debt but who have no arrears signal
    (on/after the lease start, on/before the peildatum): where the two sources disagree."""
    signalled = set(
        _tenant_signals(huurachterstanden, tenants, tenants.attrs.get("peildatum"))["trajectory_id"]
    )
    return len(_problematic_ids(nametingen, tenants) - signalled)
