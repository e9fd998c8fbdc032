"""Tables for the arrears research notebook: the results of :mod:`loketlib.research.arrears`
in Dutch."""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests

from loketlib import nl
from loketlib.research import arrears

INCIDENCE_FORMATS = {"Aandeel": nl.pct}


def p_value(p: float | None) -> str:
    """A p-value as researchers print it: "< 0,001" below one in a thousand."""
    return "< 0,001" if p is not None and p < 0.001 else nl.number(p, 3)


def ratio(value: float | None) -> str:
    """An odds or hazard ratio: two decimals; beyond 1.000 or below 0,001 (a model that did
    not settle, e.g. perfect separation) as "> 1.000" and "< 0,001"."""
    if value is None or pd.isna(value):
        return nl.number(None)
    if value > 1000:
        return "> 1.000"
    return "< 0,001" if value < 0.001 else nl.number(value, 2)


LOGRANK_FORMATS = {
    "Toetsgrootheid": lambda v: nl.number(v, 2),
    "p-waarde": p_value,
    "p-waarde (Holm)": p_value,
}
REGRESSION_FORMATS = {"Odds ratio": ratio, "p-waarde": p_value}
COX_FORMATS = {
    "Hazard ratio": ratio,
    "p-waarde": p_value,
    "PH-toets p": p_value,
}
CAUSE_FORMATS = {"Aandeel": nl.pct}
#: The counts of the incidence and cause tables, for protection in an extern report.
INCIDENCE_COUNTS = {
    "count": "Met achterstand",
    "size": "Huurders",
    "with_count": ("Aandeel", "95%-interval"),
}
CAUSE_COUNTS = {"count": "Signalen", "with_count": ("Aandeel",)}


def causes(summary: dict) -> pd.DataFrame:
    """The stated causes of the arrears signals, with Dutch headers."""
    frame = summary["causes"].rename(
        columns={"oorzaak": "Oorzaak", "aantal": "Signalen", "aandeel": "Aandeel"}
    )
    return nl.titled(frame, "Oorzaken van de signalen van huurachterstand")


def _interval(low, high) -> str:
    return f"{nl.pct(low)} – {nl.pct(high)}"


def _dutch(frame: pd.DataFrame, first: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            first: frame["groep"],
            "Huurders": frame["n"],
            "Met achterstand": frame["met_achterstand"],
            "Aandeel": frame["aandeel"],
            "95%-interval": [
                _interval(lo, hi) for lo, hi in zip(frame["ci_laag"], frame["ci_hoog"], strict=True)
            ],
        }
    )


def incidence_overall(
    tenants: pd.DataFrame, min_group: int, horizons=arrears.HORIZONS
) -> pd.DataFrame:
    """Share of all tenants with a first outcome event within each of ``horizons`` months."""
    rows = []
    for horizon in horizons:
        row = arrears.incidence(tenants, None, horizon, min_group)
        rows.append(row.assign(groep=f"Binnen {horizon} maanden"))
    frame = _dutch(pd.concat(rows, ignore_index=True), "Termijn")
    return nl.titled(frame, "Huurders met een eerste huurachterstand, naar termijn")


def incidence_by(tenants: pd.DataFrame, column: str, horizon: int, min_group: int) -> pd.DataFrame:
    factor = arrears.FACTORS[column]
    frame = _dutch(arrears.incidence(tenants, column, horizon, min_group), factor)
    return nl.titled(frame, f"Huurachterstand binnen {horizon} maanden, naar {factor.lower()}")


def logrank_table(tenants: pd.DataFrame, min_group: int) -> pd.DataFrame:
    """One log-rank test per factor, on the groups of the tables; raw and Holm-adjusted p-values
    (over the factors that could be tested)."""
    rows = []
    for column, name in arrears.FACTORS.items():
        test = arrears.logrank(tenants, column, min_group)
        rows.append((name, ", ".join(test["groups"]) or "–", test["statistic"], test["p_value"]))
    table = pd.DataFrame(rows, columns=["Factor", "Groepen", "Toetsgrootheid", "p-waarde"])
    table["p-waarde (Holm)"] = holm(table["p-waarde"])
    return nl.titled(
        table, "Verschil tussen de groepen in de tijd tot een achterstand (logranktoets)"
    )


def holm(p_values: pd.Series) -> list[float | None]:
    """Holm-adjusted p-values (statsmodels ``multipletests``); None stays None."""
    present = [i for i, p in enumerate(p_values) if p is not None and not pd.isna(p)]
    adjusted: list[float | None] = [None] * len(p_values)
    if present:
        values = multipletests([float(p_values.iloc[i]) for i in present], method="holm")[1]
        for i, value in zip(present, values, strict=True):
            adjusted[i] = float(value)
    return adjusted


def regression_table(model: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "Factor": model["factor"],
            "Odds ratio": model["odds_ratio"],
            "95%-interval": [
                f"{ratio(lo)} – {ratio(hi)}"
                for lo, hi in zip(model["ci_low"], model["ci_high"], strict=True)
            ],
            "p-waarde": model["p_value"],
        }
    )
    return nl.titled(frame, "Logistische regressie: odds ratio per factor")


def model_facts(model: pd.DataFrame) -> dict:
    """What the text may say about a model (logistic or Cox): size, and the factors whose
    95%-interval lies wholly above or below 1, as (factor, ratio, low, high); estimates that
    did not settle (infinite, or a ratio above 1.000) are never named."""
    ratio = "hazard_ratio" if "hazard_ratio" in model.columns else "odds_ratio"
    values = model[[ratio, "ci_low", "ci_high"]].astype("float64")
    settled = model[np.isfinite(values).all(axis=1) & (values[ratio] <= 1000)]
    risky = settled[settled["ci_low"] > 1].sort_values(ratio, ascending=False)
    protective = settled[settled["ci_high"] < 1]

    def rows(frame: pd.DataFrame) -> list[tuple]:
        return [(r["factor"], r[ratio], r["ci_low"], r["ci_high"]) for _, r in frame.iterrows()]

    return {
        "n": model.attrs.get("n", 0),
        "events": model.attrs.get("events", 0),
        "events_per_parameter": model.attrs.get("events_per_parameter"),
        "warnings": model.attrs.get("fit_warnings", []),
        "dropped_missing": model.attrs.get("dropped_missing", 0),
        "risky": rows(risky),
        "protective": rows(protective),
    }


def cox_table(model: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "Factor": model["factor"],
            "Hazard ratio": model["hazard_ratio"],
            "95%-interval": [
                f"{ratio(lo)} – {ratio(hi)}"
                for lo, hi in zip(model["ci_low"], model["ci_high"], strict=True)
            ],
            "p-waarde": model["p_value"],
            "PH-toets p": model["ph_p_value"],
        }
    )
    title = "Cox-model: hazard ratio per factor, met de toets op evenredige hazards"
    return nl.titled(frame, title)


def forest_rows(logistic: pd.DataFrame, cox: pd.DataFrame) -> pd.DataFrame:
    """Both models' ratios in one frame for a forest plot: ``factor``, ``model``, ``ratio``,
    ``ci_low``, ``ci_high``."""
    parts = [
        pd.DataFrame(
            {
                "factor": frame["factor"],
                "model": name,
                "ratio": frame[column],
                "ci_low": frame["ci_low"],
                "ci_high": frame["ci_high"],
            }
        )
        for frame, name, column in (
            (logistic, "Odds ratio (logistische regressie)", "odds_ratio"),
            (cox, "Hazard ratio (Cox-model)", "hazard_ratio"),
        )
    ]
    return pd.concat(parts, ignore_index=True)
