"""Tables for the arrears research notebook: the results of :mod:`loketlib.research.arrears`
in Dutch."""

from __future__ import annotations

import pandas as pd

from loketlib import nl
from loketlib.research import arrears

INCIDENCE_FORMATS = {"Aandeel": nl.pct}


def p_value(p: float | None) -> str:
    """A p-value as researchers print it: "< 0,001" below one in a thousand."""
    return "< 0,001" if p is not None and p < 0.001 else nl.number(p, 3)


LOGRANK_FORMATS = {"Toetsgrootheid": lambda v: nl.number(v, 2), "p-waarde": p_value}
REGRESSION_FORMATS = {"Odds ratio": lambda v: nl.number(v, 2), "p-waarde": p_value}
CAUSE_FORMATS = {"Aandeel": nl.pct}
#: The counts of the incidence and cause tables, for protection in an extern report.
INCIDENCE_COUNTS = {
    "count": "Met achterstand",
    "size": "Huurders",
    "with_count": ("Aandeel", "95%-interval"),
}
CAUSE_COUNTS = {"count": "Signalen", "with_count": ("Aandeel",)}


def _titled(frame: pd.DataFrame, title: str) -> pd.DataFrame:
    """The frame with its Dutch title (the table's caption in the report)."""
    frame.attrs["title"] = title
    return frame


def causes(summary: dict) -> pd.DataFrame:
    """The stated causes of the arrears signals, with Dutch headers."""
    frame = summary["causes"].rename(
        columns={"oorzaak": "Oorzaak", "aantal": "Signalen", "aandeel": "Aandeel"}
    )
    return _titled(frame, "Oorzaken van de signalen van huurachterstand")


def parse_cohorts(text: str, year: int) -> list[int]:
    """``"2019-2022"``, ``"2021,2022"`` or empty (the four years up to ``year``)."""
    text = (text or "").strip()
    if not text:
        return list(range(year - 3, year + 1))
    years: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        years += list(range(int(first), int(last or first) + 1))
    return sorted(set(years))


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


def incidence_overall(tenants: pd.DataFrame, min_group: int) -> pd.DataFrame:
    """Share of all tenants with a first signal within 6, 12 and 24 months."""
    rows = []
    for horizon in arrears.HORIZONS:
        row = arrears.incidence(tenants, None, horizon, min_group)
        rows.append(row.assign(groep=f"Binnen {horizon} maanden"))
    frame = _dutch(pd.concat(rows, ignore_index=True), "Termijn")
    return _titled(frame, "Huurders met een eerste huurachterstand, naar termijn")


def incidence_by(tenants: pd.DataFrame, column: str, horizon: int, min_group: int) -> pd.DataFrame:
    factor = arrears.FACTORS[column]
    frame = _dutch(arrears.incidence(tenants, column, horizon, min_group), factor)
    return _titled(frame, f"Huurachterstand binnen {horizon} maanden, naar {factor.lower()}")


def logrank_table(tenants: pd.DataFrame, min_group: int) -> pd.DataFrame:
    rows = []
    for column, name in arrears.FACTORS.items():
        test = arrears.logrank(tenants, column, min_group)
        rows.append((name, len(test["groups"]), test["statistic"], test["p_value"]))
    frame = pd.DataFrame(rows, columns=["Factor", "Groepen", "Toetsgrootheid", "p-waarde"])
    return _titled(
        frame, "Verschil tussen de groepen in de tijd tot een achterstand (logranktoets)"
    )


def regression_table(model: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "Factor": model["factor"],
            "Odds ratio": model["odds_ratio"],
            "95%-interval": [
                f"{nl.number(lo, 2)} – {nl.number(hi, 2)}"
                for lo, hi in zip(model["ci_low"], model["ci_high"], strict=True)
            ],
            "p-waarde": model["p_value"],
        }
    )
    return _titled(frame, "Logistische regressie: odds ratio per factor")


def model_facts(model: pd.DataFrame) -> dict:
    """What the conclusion may say about the regression: size, and factors whose CI excludes 1."""
    risky = model[model["ci_low"] > 1].sort_values("odds_ratio", ascending=False)
    protective = model[model["ci_high"] < 1]
    return {
        "n": model.attrs.get("n", 0),
        "events": model.attrs.get("events", 0),
        "events_per_parameter": model.attrs.get("events_per_parameter"),
        "warnings": model.attrs.get("fit_warnings", []),
        "risky": [(r.factor, r.odds_ratio, r.ci_low, r.ci_high) for r in risky.itertuples()],
        "protective": [
            (r.factor, r.odds_ratio, r.ci_low, r.ci_high) for r in protective.itertuples()
        ],
    }
