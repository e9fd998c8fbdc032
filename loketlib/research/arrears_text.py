"""What the research text may say: facts computed from the tenants frame for the narrative
blocks of ``huurachterstand.md`` (absence, the Methode section, the conclusion). Nothing here
is typed in: every number comes from the rows. The sentences written from these facts are in
:mod:`loketlib.research.arrears_sentences`."""

from __future__ import annotations

import pandas as pd

from loketlib.research import arrears
from loketlib.research.settings import Settings

#: Why the research cannot be done: reason -> Dutch explanation (the notebook's "afwezig" block).
ABSENCE = {
    "no_tenants": "in de selectie zitten geen huurders",
    "no_sheet": "de export heeft geen blad huurachterstanden (het blad is optioneel)",
    "no_events": "in de selectie is de uitkomst bij geen enkele huurder voorgekomen",
}


def outcome_text(settings: Settings) -> str:
    """The outcome in Dutch, with its parameter filled in."""
    return arrears.OUTCOMES[settings.outcome].format(m=f"{settings.outcome_months:g}")


def availability(
    signal_rows: int, tenants: pd.DataFrame, settings: Settings, problematic: int
) -> dict:
    """Whether the research can be done on this export, and if not why.

    ``signal_rows``: rows the export's huurachterstanden sheet held (0 when it is absent or
    empty); ``problematic``: tenants with problematic rent debt in a nameting. Keys:
    ``reason`` (a key of :data:`ABSENCE`, or None when the research can be done),
    ``explanation``, ``n``, ``events``, ``problematic``, ``signal_rows``, ``breakdown``
    (enough tenants for at least two groups of ``min_group``).
    """
    n = len(tenants)
    events = int(tenants["event"].sum()) if n else 0
    needs_signals = settings.outcome != "problematisch"
    if n == 0:
        reason = "no_tenants"
    elif needs_signals and signal_rows == 0:
        reason = "no_sheet"
    elif events == 0:
        reason = "no_events"
    else:
        reason = None
    return {
        "reason": reason,
        "explanation": ABSENCE.get(reason, ""),
        "n": n,
        "events": events,
        "problematic": problematic,
        "signal_rows": signal_rows,
        "breakdown": n >= 2 * settings.min_group,
    }


def method_facts(tenants: pd.DataFrame, settings: Settings) -> dict:
    """The live values of the Methode section.

    Keys: ``n``; ``horizons``: per horizon ``{"months", "observed", "events", "censored",
    "moved", "recent"}`` (``events``: observed tenants with the outcome within the horizon;
    censored tenants by why their follow-up ended early); ``reasons``: how follow-up ended
    (``moved``, ``cap``, ``peildatum``: counts over all tenants); ``moved_before_event``;
    ``competing``: per horizon the share with the outcome with moving out as a competing event
    and as censoring (:func:`arrears.cumulative_incidence`), with that horizon's ``events``
    and ``observed`` (the counts the shares stand for, for protection in an extern report);
    ``groups``: per factor ``{"factor", "groups", "merged", "dropped"}``; ``outcome``;
    ``parameters`` (:meth:`Settings.values`).
    """
    horizons = []
    for h in settings.horizons:
        within, observed = arrears.horizon_flags(tenants, h)
        censored = ~observed
        reason = tenants["followup_reason"]
        horizons.append(
            {
                "months": h,
                "observed": int(observed.sum()),
                "events": int((within & observed).sum()),
                "censored": int(censored.sum()),
                "moved": int((censored & (reason == "moved")).sum()),
                "recent": int((censored & (reason == "peildatum")).sum()),
            }
        )
    counts = tenants["followup_reason"].value_counts()
    groups = []
    for column, name in arrears.FACTORS.items():
        labels = arrears.groups(tenants, column, settings.min_group)
        changes = arrears.group_changes(tenants, column, settings.min_group)
        shown = arrears.label_order(column, labels.dropna().unique())
        groups.append({"factor": name, "groups": shown, **changes})
    return {
        "n": len(tenants),
        "horizons": horizons,
        "reasons": {r: int(counts.get(r, 0)) for r in ("moved", "cap", "peildatum")},
        "moved_before_event": arrears.moved_before_event(tenants),
        "competing": [
            {**row, "events": h["events"], "observed": h["observed"]}
            for row, h in zip(
                arrears.cumulative_incidence(tenants, settings.horizons).to_dict("records"),
                horizons,
                strict=True,
            )
        ],
        "groups": groups,
        "outcome": outcome_text(settings),
        "parameters": settings.values(),
    }


def median_event_months(tenants: pd.DataFrame, predictor: str) -> float | None:
    """Median months to the event among tenants with an event and ``predictor`` = 1."""
    _, flag = arrears.predictor_flag(tenants, predictor)
    times = tenants.loc[(flag == 1).fillna(False) & tenants["event"], "event_months"]
    return float(times.median()) if len(times) else None


def incidence_rows(tenants: pd.DataFrame, settings: Settings) -> list[dict]:
    """The share of all tenants with the outcome at each horizon of the overview table and at
    the conclusion's ``horizon``: one record per horizon (``months``, ``n``,
    ``met_achterstand``, ``aandeel``, ...) as :func:`arrears.incidence` gives it."""
    months = sorted({*settings.horizons, settings.horizon})
    return [
        {"months": h, **arrears.incidence(tenants, None, h, settings.min_group).iloc[0].to_dict()}
        for h in months
    ]
