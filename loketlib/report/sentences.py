"""Dutch sentences written from the figures, so that every word of direction ("een toename",
"een daling", "boven de afspraak", "steeds meer") follows the numbers, both ways.

Narrative templates hold one-year story and placeholders only; whatever compares two numbers
is written here. A protected value (``x``, extern) or a missing one gives no direction.
"""

from __future__ import annotations

import numbers

from loketlib import nl
from loketlib.figures.periods import Period
from loketlib.report import wording
from loketlib.report.suppress import MARKER


def known(*values) -> bool:
    """True when every value is a number (not None, not the protected marker)."""
    return all(isinstance(v, numbers.Number) and not isinstance(v, bool) for v in values)


def plural(n, one: str, many: str) -> str:
    """``1 kandidaat``, ``3 kandidaten``, ``x kandidaten``."""
    return f"{nl.count(n)} {one if n == 1 else many}"


def count_change(new, old) -> str | None:
    """``een toename van 5``, ``een afname van 3`` or ``evenveel``; None when unknown."""
    if not known(new, old):
        return None
    if new > old:
        return f"een toename van {nl.count(new - old)}"
    if new < old:
        return f"een afname van {nl.count(old - new)}"
    return "evenveel"


def points_change(new, old) -> str | None:
    """Two shares: ``een toename van 5,4 procentpunt``, ``een afname van …`` or
    ``geen verandering`` (equal at one decimal); None when unknown."""
    if not known(new, old):
        return None
    diff = nl.round_half_up((new - old) * 100, 1)
    if diff > 0:
        return f"een toename van {nl.number(diff)} procentpunt"
    if diff < 0:
        return f"een afname van {nl.number(-diff)} procentpunt"
    return "geen verandering"


_n = nl.count  # a count, or x when protected


def fraction(part, whole) -> float | None:
    """``part / whole``; None when either is unknown (protected, missing) or whole is 0."""
    return part / whole if known(part, whole) and whole else None


def _versus(new, old, earlier: str) -> str:
    """`` (3e kwartaal 2022: 30, een toename van 5)``."""
    direction = count_change(new, old)
    return f" ({earlier}: {_n(old)}{', ' + direction if direction else ''})"


def period_results(f: dict, before: dict, p: Period) -> str:
    """The period's Housing, fast-track and Kamers met Kansen results beside the same period a
    year earlier, as a Markdown list."""
    h, hb = f["housing"], before["housing"]
    earlier = wording.short(p.year_earlier())
    lines = [
        f"{wording.in_period(p).capitalize()} zijn er **{_n(h['registrations'])} aanmeldingen**"
        f" geweest{_versus(h['registrations'], hb['registrations'], earlier)}.",
        f"Er hebben **{_n(h['intakes'])} intakes** plaatsgevonden"
        f"{_versus(h['intakes'], hb['intakes'], earlier)} en er zijn "
        f"**{plural(h['placements'], 'kandidaat', 'kandidaten')} bemiddeld naar een woning**"
        f"{_versus(h['placements'], hb['placements'], earlier)}.",
        f"Er zijn {plural(h['closed_positive'], 'traject', 'trajecten')} positief en "
        f"{_n(h['closed_negative'])} negatief afgesloten.",
    ]
    wait, wait_before = h["mean_wait_months"], hb["mean_wait_months"]
    if known(wait):
        line = f"De gemiddelde wachttijd op een woning was {nl.months(wait, 1)}"
        if known(wait_before):
            word = (
                "langer dan"
                if wait > wait_before
                else "korter dan"
                if wait < wait_before
                else ("even lang als")
            )
            before_text = f"{wording.in_period(p.year_earlier())} ({nl.months(wait_before, 1)})"
            line += f", {word} {before_text}"
        lines.append(line + ".")
    lines.append(fast_track(f["fast_track"], p))
    r, rb = f["rooms_with_chances"], before["rooms_with_chances"]
    lines.append(
        f"Bij Kamers met Kansen zijn {plural(r['registrations'], 'kandidaat', 'kandidaten')} "
        f"aangemeld{_versus(r['registrations'], rb['registrations'], earlier)} en "
        f"{_n(r['placements'])} geplaatst{_versus(r['placements'], rb['placements'], earlier)}."
    )
    return "\n".join(f"- {line}" for line in lines)


def fast_track(ft: dict, p: Period) -> str:
    """One sentence on the fast track in the period's window."""
    if ft["window_start"] > ft["window_end"]:
        return (
            f"De pilot verkorte toeleiding (gestart op 01-04-2022) liep {wording.in_period(p)} "
            "nog niet."
        )
    start, end = nl.date(ft["window_start"]), nl.date(ft["window_end"])
    if ft["registrations"] == 0:
        return f"Voor de verkorte toeleiding is van {start} t/m {end} niemand aangemeld."
    text = (
        f"In de verkorte toeleiding zijn van {start} t/m {end} "
        f"{plural(ft['registrations'], 'kandidaat', 'kandidaten')} aangemeld; daarvan "
        f"{'is' if ft['placed_fast_track'] == 1 else 'zijn'} er {_n(ft['placed_fast_track'])} via "
        f"de verkorte toeleiding bemiddeld en {_n(ft['placed_regular'])} via een regulier traject"
    )
    if known(ft["mean_wait_months"]):
        text += f" (gemiddelde wachttijd {nl.months(ft['mean_wait_months'], 1)})"
    return text + "."


def realised(placed, quota) -> str:
    """``41 van 83 (49,4%)``; ``41`` without a quota; ``x van 83`` when protected."""
    if not known(quota):
        return _n(placed)
    text = f"{_n(placed)} van {nl.count(quota)}"
    return f"{text} ({nl.pct(placed / quota)})" if known(placed) and quota else text


def year_to_date(f: dict, p: Period) -> str:
    """The realisation of the year's quota up to the end of the period, in one sentence."""
    c = f["corporations"]
    codes = [k for k in c if k != "quota_total"]
    parts = [c[k]["placements_year_to_date"] for k in codes]
    total = sum(parts) if known(*parts) else MARKER
    quota = c["quota_total"]
    if not known(quota):
        return (
            f"Voor {p.year} is geen taakstelling met de woningcorporaties vastgelegd; "
            f"{wording.up_to(p)} zijn er {_n(total)} kandidaten gestart met huren."
        )
    return (
        f"Voor {p.year} is met de woningcorporaties een taakstelling van **{nl.count(quota)} "
        f"woningen** afgesproken; {wording.up_to(p)}: **{realised(total, quota)}**."
    )


def follow_up_state(cohorts: dict, peildatum: str) -> str:
    """Which cohorts are provisional on the peildatum, with how many were measured."""
    running = [
        f"{year} (gemeten: {_n(c.get('measured'))} van {_n(c['cohort_size'])})"
        for year, c in cohorts.items()
        if not c["follow_up_complete"]
    ]
    text = f"Dit is de stand op de peildatum {nl.date(peildatum)}."
    if not running:
        return text + " De nameting van deze cohorten is afgerond."
    listed = ", ".join(running[:-1]) + (" en " if len(running) > 1 else "") + running[-1]
    return (
        f"{text} **Voorlopig:** de nameting loopt nog voor cohort {listed}; wie nog niet is "
        "gemeten, telt wel mee in de groep maar nooit als duurzaam wonend."
    )
