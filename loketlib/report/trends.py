"""The change from the previous year, for the meerjarenoverzicht's sentences.

:func:`changes` compares the report year with the year before in ``figures["history"]``; the
direction word follows the numbers *as the report shows them* (rounded the same way), so a
wait of 5,42 and 5,38 months, both shown as "5,4", has stayed the same.
"""

from __future__ import annotations

from collections.abc import Callable

from loketlib import nl
from loketlib.report.suppress import MARKER

RISE, FALL, SAME = "gestegen", "gedaald", "gelijk gebleven"


def realisation(entry: dict) -> float | None:
    """Placements / quota of one history or regions entry (None without a quota or count)."""
    placed = entry["housing"]["placements"]
    quota = entry["corporations"]["quota_total"]
    if placed == MARKER or not isinstance(quota, int) or not quota:
        return None
    return placed / quota


#: (key, Dutch subject, how the report shows the value, value of a history entry)
MEASURES: tuple[tuple[str, str, Callable[[object], str], Callable[[dict], object]], ...] = (
    ("registrations", "het aantal aanmeldingen", nl.count, lambda e: e["housing"]["registrations"]),
    ("intakes", "het aantal intakes", nl.count, lambda e: e["housing"]["intakes"]),
    ("placements", "het aantal plaatsingen", nl.count, lambda e: e["housing"]["placements"]),
    (
        "closed_positive",
        "het aantal positieve afsluitingen",
        nl.count,
        lambda e: e["housing"]["closed_positive"],
    ),
    (
        "closed_negative",
        "het aantal negatieve afsluitingen",
        nl.count,
        lambda e: e["housing"]["closed_negative"],
    ),
    (
        "mean_wait_months",
        "de gemiddelde wachttijd",
        lambda m: nl.months(m, 1),
        lambda e: e["housing"]["mean_wait_months"],
    ),
    ("quota_total", "de taakstelling", nl.count, lambda e: e["corporations"]["quota_total"]),
    ("realisation", "de realisatie van de taakstelling", nl.pct, realisation),
)


def direction(before: str, after: str, value_before: float, value_after: float) -> str:
    """The direction word: the same when the shown numbers are the same."""
    if before == after:
        return SAME
    return RISE if value_after > value_before else FALL


def changes(history: dict, year: int) -> list[dict]:
    """Per measure with a value in both years: ``key``, ``onderwerp``, ``voor``, ``na`` (as
    shown) and ``woord``. Empty when the year before has no data; a hidden (extern) or
    missing value leaves its measure out."""
    before, after = history.get(str(year - 1)), history.get(str(year))
    if before is None or after is None:
        return []
    out = []
    for key, subject, show, value in MEASURES:
        a, b = value(before), value(after)
        if not isinstance(a, int | float) or not isinstance(b, int | float):
            continue
        shown_a, shown_b = show(a), show(b)
        out.append(
            {
                "key": key,
                "onderwerp": subject,
                "voor": shown_a,
                "na": shown_b,
                "woord": direction(shown_a, shown_b, a, b),
            }
        )
    return out
