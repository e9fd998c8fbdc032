"""The research's choices, each a parameter: what they are, their defaults, and their checks.

The research notebook declares every name of :data:`PARAMETERS` as a typed papermill
parameter; ``loket report --onderzoek KEY=VALUE`` sets them (:func:`overrides`). Both check
values with :func:`settings`, so a bad value stops with one line that lists what is valid.
"""

from __future__ import annotations

from dataclasses import dataclass

from loketlib.research.arrears import OUTCOMES, PREDICTORS

#: name -> (type, default, Dutch description). Lists are comma-separated text.
PARAMETERS: dict[str, tuple[type, object, str]] = {
    "cohorts": (str, "", "startjaren van de huur, bv. 2019-2022 of 2021,2022 (leeg: vier jaar)"),
    "horizon": (int, 12, "termijn in maanden voor de tabellen per factor en de regressie"),
    "horizons": (str, "6,12,24", "termijnen in maanden voor het overzicht"),
    "followup": (int, 24, "maximale follow-up in maanden na de start van de huur"),
    "outcome": (str, "signaal", "uitkomst: " + ", ".join(OUTCOMES)),
    "outcome_months": (float, 2.0, "uitkomst maanden: signaal van ten minste zoveel maanden huur"),
    "min_group": (int, 10, "minimale groepsgrootte"),
    "predictors": (str, ",".join(PREDICTORS), "kenmerken in de modellen: " + ", ".join(PREDICTORS)),
    "interactions": (str, "", "interacties, bv. no_rent_allowance*no_direct_debit"),
    "reportable_months": (float, 2.0, "vroegsignalering: meldbaar vanaf zoveel maanden huur"),
    "reportable_amount": (float, 0.0, "vroegsignalering: ... en meer dan dit bedrag in euro"),
}

MAX_FOLLOWUP = 120


@dataclass(frozen=True)
class Settings:
    """The checked research parameters, as the library functions take them."""

    cohorts: tuple[int, ...]
    horizon: int
    horizons: tuple[int, ...]
    followup: int
    outcome: str
    outcome_months: float
    min_group: int
    predictors: tuple[str, ...]
    interactions: tuple[tuple[str, str], ...]
    reportable_months: float
    reportable_amount: float

    def values(self) -> dict[str, str]:
        """Every parameter as the text a reader sees in the Methode section."""
        return {
            "cohorts": ", ".join(str(y) for y in self.cohorts),
            "horizon": str(self.horizon),
            "horizons": ", ".join(str(h) for h in self.horizons),
            "followup": str(self.followup),
            "outcome": self.outcome,
            "outcome_months": _text(self.outcome_months),
            "min_group": str(self.min_group),
            "predictors": ", ".join(self.predictors),
            "interactions": ", ".join(f"{a}*{b}" for a, b in self.interactions) or "geen",
            "reportable_months": _text(self.reportable_months),
            "reportable_amount": _text(self.reportable_amount),
        }


def _text(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def valid_keys() -> str:
    return ", ".join(PARAMETERS)


def _ints(name: str, text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ValueError(f"{name}: use whole months separated by commas, e.g. 6,12,24") from None


def parse_cohorts(text: str, year: int) -> list[int]:
    """``"2019-2022"``, ``"2021,2022"`` or empty (the four years up to ``year``)."""
    text = (text or "").strip()
    if not text:
        return list(range(year - 3, year + 1))
    years: list[int] = []
    try:
        for part in text.split(","):
            first, _, last = part.strip().partition("-")
            years += list(range(int(first), int(last or first) + 1))
    except ValueError:
        raise ValueError("cohorts: use years like 2019-2022 or 2021,2022") from None
    if not years or any(y < 1990 or y > year for y in years):
        raise ValueError(f"cohorts: use years from 1990 up to the report year {year}")
    return sorted(set(years))


def settings(year: int, **values) -> Settings:
    """Check the research parameters (defaults for those not given); ValueError names what is
    valid."""
    unknown = sorted(set(values) - set(PARAMETERS))
    if unknown:
        raise ValueError(f"unknown research parameter {unknown[0]!r}; use one of {valid_keys()}")
    v = {name: values.get(name, default) for name, (_, default, _) in PARAMETERS.items()}
    followup = int(v["followup"])
    if not 1 <= followup <= MAX_FOLLOWUP:
        raise ValueError(f"followup: use 1 to {MAX_FOLLOWUP} months")
    horizon = int(v["horizon"])
    horizons = sorted(set(_ints("horizons", str(v["horizons"])) + [horizon]))
    if any(not 1 <= h <= followup for h in horizons):
        raise ValueError(f"horizon, horizons: use 1 to followup ({followup}) months")
    if v["outcome"] not in OUTCOMES:
        raise ValueError(f"outcome: use one of {', '.join(OUTCOMES)}")
    if float(v["outcome_months"]) <= 0:
        raise ValueError("outcome_months: use a number of months above 0")
    if int(v["min_group"]) < 1:
        raise ValueError("min_group: use a whole number of at least 1")
    predictors = [p.strip() for p in str(v["predictors"]).split(",") if p.strip()]
    wrong = [p for p in predictors if p not in PREDICTORS]
    if wrong or not predictors:
        raise ValueError(f"predictors: use one or more of {', '.join(PREDICTORS)}")
    interactions = []
    for term in str(v["interactions"]).split(","):
        if not term.strip():
            continue
        pair = tuple(part.strip() for part in term.split("*"))
        if len(pair) != 2 or not set(pair) <= set(predictors) or pair[0] == pair[1]:
            raise ValueError(
                "interactions: use A*B with two different chosen predictors "
                f"({', '.join(predictors)})"
            )
        interactions.append(pair)
    return Settings(
        cohorts=tuple(parse_cohorts(str(v["cohorts"]), year)),
        horizon=horizon,
        horizons=tuple(horizons),
        followup=followup,
        outcome=str(v["outcome"]),
        outcome_months=float(v["outcome_months"]),
        min_group=int(v["min_group"]),
        predictors=tuple(predictors),
        interactions=tuple(interactions),
        reportable_months=float(v["reportable_months"]),
        reportable_amount=float(v["reportable_amount"]),
    )


def overrides(pairs: list[str] | tuple[str, ...], year: int) -> dict[str, object]:
    """``["horizon=6", "outcome=maanden"]`` -> typed notebook parameters, checked together.

    ValueError for a pair without ``=``, an unknown key or a bad value, naming what is valid.
    """
    typed: dict[str, object] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip()
        if not sep:
            raise ValueError(f"{pair!r}: use KEY=VALUE with KEY one of {valid_keys()}")
        if key not in PARAMETERS:
            raise ValueError(f"unknown research parameter {key!r}; use one of {valid_keys()}")
        kind = PARAMETERS[key][0]
        try:
            typed[key] = kind(text.strip().replace(",", ".") if kind is float else text.strip())
        except ValueError:
            raise ValueError(f"{key}: {text!r} is not a {kind.__name__}") from None
    settings(year, **typed)
    return typed
