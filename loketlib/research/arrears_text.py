"""The research's sentences that depend on its results, in Dutch, so that its narrative file
(``data/narrative/default/huurachterstand.md``) holds prose and placeholders only.

They are trusted Markdown (``Markup``: the narrative does not escape them again): they are
written from numbers and code labels, never from export text. Counts a notebook passes
protected for extern arrive as ``x`` (:data:`loketlib.nl.MARKER`).
"""

from __future__ import annotations

import jinja2

from loketlib import nl
from loketlib.nl import MARKER

_MARKUP = jinja2.utils.markupsafe.Markup

#: What the data support when a factor clearly raises the risk (factor label -> advice).
ADVICE = {
    "Huurtoeslag niet geregeld bij start": (
        "Regel de huurtoeslag vóór de start van de huur, of overbrug de eerste maanden tot de "
        "toeslag loopt; de achterstanden bij deze huurders ontstaan vooral kort na de start."
    ),
    "Geen automatische incasso": "Spreek bij de start een automatische incasso af.",
    "Inkomen uit uitkering": (
        "Let bij huurders met een uitkering op wisselingen van uitkering of inkomen, en stem "
        "met de gemeente af."
    ),
}
DEMO_NOTE = (
    "> **Demodata.** Deze uitkomsten komen uit de demo-export van loket: verzonnen trajecten, "
    "met vooraf vastgelegde aannames over wat een achterstand veroorzaakt. Dat het onderzoek "
    "die aannames terugvindt, laat zien dat de analyse werkt; het zegt niets over echte huurders."
)


def years(cohorts: list[int]) -> str:
    """``2019 t/m 2022`` or ``2022``."""
    return _MARKUP(str(cohorts[0]) if len(cohorts) == 1 else f"{cohorts[0]} t/m {cohorts[-1]}")


def reliability(facts: dict) -> str:
    """How far the regression can be trusted, from its events per parameter."""
    epp = facts["events_per_parameter"]
    text = ""
    if epp is not None:
        text = f"Dat is {nl.number(epp)} gebeurtenissen per kenmerk. "
    if epp is None or epp < 10:
        text += (
            "Dat is te weinig voor stevige uitspraken: met minder dan ongeveer tien "
            "gebeurtenissen per kenmerk zijn de schattingen onzeker en kunnen ze vertekend zijn. "
            "Lees de tabel als een aanwijzing, niet als een uitkomst."
        )
    else:
        text += (
            "Dat is genoeg om de samenhang van deze vijf kenmerken te schatten, niet om veel "
            "meer kenmerken tegelijk mee te nemen."
        )
    if facts["warnings"]:
        text += (
            f"\n\nLet op: bij het schatten trad een probleem op ({', '.join(facts['warnings'])})."
        )
    return _MARKUP(text)


def reported(summary: dict) -> str:
    """`` (62,5%)`` after the number of reported signals, when there is a share."""
    share = summary.get("reportable_reported_share")
    return _MARKUP(f" ({nl.pct(share)})" if share is not None and share != MARKER else "")


def tenants(n: int) -> str:
    shown = MARKER if n == MARKER else nl.count(n)
    return _MARKUP(f"{shown} {'huurder' if n == 1 else 'huurders'}")


def conclusion(facts: dict, overall_share: float, overall_n: int, demo: bool) -> str:
    """What the research found and what the data support, as Markdown."""
    parts = [DEMO_NOTE] if demo else []
    if overall_n == MARKER:
        parts.append("Het aandeel huurders met een achterstand wordt hier niet getoond (n = x).")
    else:
        parts.append(
            f"Van alle huurders kreeg {nl.pct(overall_share)} binnen 12 maanden na de start van "
            f"de huur een signaal van huurachterstand (n = {nl.count(overall_n)})."
        )

    def ratio(r) -> str:
        return f"{nl.number(r, 2)}"

    if facts["risky"]:
        lines = [
            f"- {name}: odds ratio {ratio(r)} (95%-interval {ratio(lo)} – {ratio(hi)})."
            for name, r, lo, hi in facts["risky"]
        ]
        parts.append(
            "Samen bekeken hangen deze kenmerken duidelijk samen met een grotere kans op een "
            "achterstand:\n\n" + "\n".join(lines)
        )
    else:
        parts.append(
            "Geen van de vooraf gekozen kenmerken hangt in deze gegevens duidelijk samen met een "
            "achterstand."
        )
    if facts["protective"]:
        named = ", ".join(
            f"{name.lower()} (odds ratio {ratio(r)})" for name, r, _, _ in facts["protective"]
        )
        parts.append(f"Met een kleinere kans: {named}.")
    risky = [name for name, *_ in facts["risky"]]
    advice = [f"- {ADVICE[name]}" for name in ADVICE if name in risky]
    advice.append(
        "- Laat corporaties een eerste signaal direct delen met de begeleider, zodat een kleine "
        "achterstand klein blijft."
    )
    parts.append(
        "Wat de gegevens ondersteunen om achterstanden te voorkomen:\n\n" + "\n".join(advice)
    )
    return _MARKUP("\n\n".join(parts))
