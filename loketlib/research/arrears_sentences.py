"""The research's sentences that depend on its results, in Dutch, so that its narrative file
(``data/narrative/default/huurachterstand.md``) holds prose and placeholders only.

The notebook passes this module to the narrative as ``onderzoek``; a placeholder calls it
with the facts of :mod:`loketlib.research.arrears_text` and
:func:`loketlib.research.arrears_table.model_facts` (``{{ onderzoek.tenants(n) }}``). For an
extern audience those facts arrive protected: a small count is ``x`` (:data:`MARKER`), and a
sentence never treats ``x`` as one. The sentences are trusted Markdown (``Markup``, not
escaped again): written from numbers and code labels, never from export text; labels are
HTML-escaped as the narrative would.
"""

from __future__ import annotations

import jinja2

from loketlib import nl
from loketlib.nl import MARKER
from loketlib.research.arrears import PREDICTORS

_MARKUP = jinja2.utils.markupsafe.Markup
_escape = jinja2.utils.markupsafe.escape

#: What the data support when a predictor clearly goes with the outcome (predictor -> advice).
ADVICE = {
    "no_rent_allowance": (
        "Regel de huurtoeslag vóór de start van de huur, of overbrug de eerste maanden tot de "
        "toeslag loopt"
    ),
    "no_direct_debit": "Spreek bij de start een automatische incasso af",
    "benefit_income": (
        "Let bij huurders met een uitkering op wisselingen van uitkering of inkomen, en stem "
        "met de gemeente af"
    ),
}
DEMO_NOTE = (
    "> **Demodata.** Deze uitkomsten komen uit de demo-export van loket: verzonnen trajecten, "
    "met vooraf vastgelegde aannames over wat een achterstand veroorzaakt. Dat het onderzoek "
    "die aannames terugvindt, laat zien dat de analyse werkt; het zegt niets over echte huurders."
)
#: Below this many events per predictor a regression's estimates are unreliable.
EVENTS_PER_PREDICTOR = 10


_count = nl.count  # a count, or x when protected


def _plural(n, one: str, many: str) -> str:
    """``1 huurder``, ``3 huurders``, ``x huurders``: ``x`` is never one."""
    return f"{_count(n)} {one if n == 1 else many}"


def _verb(n, one: str, many: str) -> str:
    """The verb that agrees with a count: ``x`` is never one."""
    return one if n == 1 else many


def _labels(labels) -> str:
    return ", ".join(str(_escape(label)) for label in labels)


def _lines(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def tenants(n) -> str:
    """``1 huurder``, ``8 huurders`` or ``x huurders``."""
    return _MARKUP(_plural(n, "huurder", "huurders"))


# -- Inleiding en afwezigheid ----------------------------------------------------------------
def years(cohorts: list[int]) -> str:
    """The lease-start years: ``2019 t/m 2022`` or ``2022``."""
    return _MARKUP(str(cohorts[0]) if len(cohorts) == 1 else f"{cohorts[0]} t/m {cohorts[-1]}")


def method_pointer(doable: bool) -> str:
    """Where the method is explained, when the research can be done."""
    return _MARKUP('Hoe het onderzoek is gedaan, staat onder "Methode".' if doable else "")


def absence_reason(a: dict, outcome: str) -> str:
    """Why the research cannot be done (``a``: :func:`arrears_text.availability`)."""
    text = a["explanation"]
    if a["reason"] == "no_events":
        text += f" (uitkomst: {outcome})"
    return _MARKUP(text)


def absence_details(a: dict) -> str:
    """How many tenants and signals there are, and whether the nametingen disagree."""
    parts = []
    if a["reason"] != "no_tenants":
        text = f"In de selectie {_verb(a['n'], 'zit', 'zitten')} {tenants(a['n'])}"
        if a["reason"] == "no_sheet":
            text += "; het blad huurachterstanden bevat geen rijen"
        else:
            signals = _plural(a["signal_rows"], "signaal", "signalen")
            text += f"; de export bevat {signals} van huurachterstand in totaal"
        parts.append(text + ".")
    if a["problematic"]:
        where = " in het blad huurachterstanden" if a["reason"] == "no_sheet" else ""
        parts.append(
            f"Let op: volgens de nametingen {_verb(a['problematic'], 'kreeg', 'kregen')} "
            f"{tenants(a['problematic'])} uit deze selectie "
            "wel een problematische huurschuld. De nametingen en de signalen van de corporaties "
            "spreken elkaar hier dus tegen; vraag de corporaties de signalen aan te "
            f"leveren{where}."
        )
    return _MARKUP("\n\n".join(parts))


# -- Methode ---------------------------------------------------------------------------------
def outcome_parameters(parameters: dict) -> str:
    """``\\`outcome\\` = maanden, \\`outcome_months\\` = 2`` (the months only for that outcome)."""
    text = f"`outcome` = {parameters['outcome']}"
    if parameters["outcome"] == "maanden":
        text += f", `outcome_months` = {parameters['outcome_months']}"
    return _MARKUP(text)


def censoring(horizons: list[dict]) -> str:
    """Per horizon how many tenants count and why the others do not, as a list."""
    return _MARKUP(
        _lines(
            [
                f"binnen {h['months']} maanden: {_count(h['observed'])} huurders tellen mee; "
                f"{_count(h['censored'])} niet ({_count(h['recent'])} omdat de huur te kort voor "
                f"de peildatum startte, {_count(h['moved'])} omdat ze eerder verhuisden)."
                for h in horizons
            ]
        )
    )


def group_changes(groups: list[dict]) -> str:
    """Per factor the groups merged into "Overige" and those left out, as a list."""
    lines = []
    for g in groups:
        if not (g["merged"] or g["dropped"]):
            continue
        parts = []
        if g["merged"]:
            parts.append(f" samengevoegd: {_labels(g['merged'])}")
        if g["dropped"]:
            parts.append(f" weggelaten: {_labels(g['dropped'])}")
        lines.append(f"{_escape(g['factor'])}:{';'.join(parts)}.")
    return _MARKUP(
        _lines(lines or ["Bij geen enkele factor zijn groepen samengevoegd of weggelaten."])
    )


def moved_before_event(n) -> str:
    """``1 huurder verhuisde`` or ``3 huurders verhuisden``."""
    return _MARKUP(f"{tenants(n)} {_verb(n, 'verhuisde', 'verhuisden')}")


def _competing_share(c: dict) -> str:
    if c["competing"] is None:  # extern: it would give a hidden count back
        return "niet getoond, omdat het tot kleine aantallen terug te rekenen is"
    return (
        f"{nl.pct(c['competing'])}, tegen {nl.pct(c['censored'])} met verhuizen als censurering "
        "(1 − Kaplan–Meier)"
    )


def competing(rows: list[dict]) -> str:
    """Per horizon the share with the outcome, moving out competing and as censoring (a share
    hidden for extern is ``None``)."""
    return _MARKUP(
        _lines(
            [
                f"binnen {nl.number(c['months'], 0)} maanden: " + _competing_share(c) + "."
                for c in rows
            ]
        )
    )


# -- Wie en wanneer ----------------------------------------------------------------------------
def factor_intro(groups: list[str], n, min_group: int, outcome: str, horizon: int) -> str:
    """What the factor's table shows, or why there is none (fewer than two groups)."""
    if len(groups) > 1:
        return _MARKUP(
            f"Aandeel huurders met {outcome} binnen {horizon} maanden na de start van de huur."
        )
    only = f' (alleen "{_escape(groups[0])}")' if groups else ""
    return _MARKUP(
        f"Geen uitsplitsing: van de {tenants(n)} vormen bij deze factor niet ten minste twee "
        f"groepen van {min_group} of meer huurders{only}."
    )


# -- Regressie -------------------------------------------------------------------------------
def model_size(model: dict) -> str:
    """After "… gebeurtenissen": the events per predictor and tenants left out, if any."""
    text = ""
    if model["events_per_parameter"] is not None:
        text += f", dat is {nl.number(model['events_per_parameter'])} gebeurtenissen per kenmerk"
    if model["dropped_missing"]:
        lost = model["dropped_missing"]
        text += f"; {tenants(lost)} {_verb(lost, 'viel', 'vielen')} af door een ontbrekend kenmerk"
    return _MARKUP(text)


def reliability(model: dict, predictors: int) -> str:
    """Whether the regression has enough events per predictor for firm statements."""
    epp = model["events_per_parameter"]
    if epp is None or epp < EVENTS_PER_PREDICTOR:
        return _MARKUP(
            "Dat is te weinig voor stevige uitspraken: met minder dan ongeveer tien "
            "gebeurtenissen per kenmerk zijn de schattingen onzeker en kunnen ze vertekend zijn. "
            "Lees de tabel als een aanwijzing, niet als een uitkomst."
        )
    return _MARKUP(
        f"Dat is genoeg om de samenhang van deze {predictors} kenmerken te schatten, niet om "
        "veel meer kenmerken tegelijk mee te nemen."
    )


def fit_warnings(model: dict) -> str:
    """A note on problems while fitting the model; empty when there were none."""
    if not model["warnings"]:
        return _MARKUP("")
    return _MARKUP(f"Let op: bij het schatten trad een probleem op ({_labels(model['warnings'])}).")


def proportional_hazards(factors: list[str]) -> str:
    """Which predictors fail the proportional-hazards test (p < 0,05), or that none does."""
    if factors:
        return _MARKUP(
            "De toets op proportionele hazards geeft een p-waarde onder 0,05 bij: "
            f"{_labels(factors).lower()}. Daar verandert de verhouding over de tijd en is één "
            "hazard ratio een gemiddelde over de follow-up."
        )
    return _MARKUP(
        "De toets op proportionele hazards geeft bij geen kenmerk een p-waarde onder 0,05: er "
        "is geen aanwijzing dat de verhoudingen over de tijd veranderen."
    )


# -- De achterstanden zelf -------------------------------------------------------------------
def _or_marker(value, format_, *args) -> str:
    return MARKER if value == MARKER else format_(value, *args)


def signals(s: dict) -> str:
    """The signals of the selection: how many, how large, how many resolved."""
    if not s["signals"]:
        return _MARKUP(
            "De corporaties stuurden over deze selectie geen signalen van huurachterstand."
        )
    resolved_in = (
        f", in de helft van de gevallen binnen {nl.months(s['resolution_months_median'], 1)}"
        if s["resolution_months_median"] is not None
        else ""
    )
    return _MARKUP(
        f"De corporaties stuurden {_plural(s['signals'], 'signaal', 'signalen')} over "
        f"{tenants(s['tenants_with_signal'])} van deze selectie. Een achterstand was gemiddeld "
        f"{_or_marker(s['amount_mean'], nl.eur)} "
        f"(mediaan {_or_marker(s['amount_median'], nl.eur)}) "
        f"en de mediaan is {_or_marker(s['months_median'], nl.number)} maand huur. "
        f"{_count(s['resolved'])} achterstanden zijn opgelost{resolved_in}; {_count(s['open'])} "
        "staan nog open."
    )


def missing_signals(n) -> str:
    """Tenants with problematic rent debt in a nameting but no signal; empty when none."""
    if not n:
        return _MARKUP("")
    return _MARKUP(
        f"De bronnen spreken elkaar tegen: bij {tenants(n)} met een problematische huurschuld "
        "in de nametingen staat geen signaal van de corporatie. Voor die huurders ontbreken "
        "signalen, of de nameting is onjuist."
    )


def early_warning(s: dict, threshold_months: float) -> str:
    """How many reportable signals were reported, and the heading of the causes table."""
    if not s["signals"]:
        return _MARKUP("")
    share = s["reportable_reported_share"]
    shown = f" ({_or_marker(share, nl.pct)})" if share is not None else ""
    return _MARKUP(
        "Voor vroegsignalering (Wet gemeentelijke schuldhulpverlening) telt hier een signaal "
        f"als meldbaar vanaf {nl.number(threshold_months)} maand achterstand. Van de "
        f"{_count(s['reportable'])} meldbare signalen zijn er {_count(s['reportable_reported'])} "
        f"gemeld{shown}.\n\nDe opgegeven oorzaken:"
    )


# -- Wat betekent dit? -----------------------------------------------------------------------
def demo_note(demo: bool) -> str:
    """The warning that demo results say nothing about real tenants."""
    return _MARKUP(DEMO_NOTE if demo else "")


def overall(share, n, horizon: int, outcome: str) -> str:
    """The share of all tenants followed ``horizon`` months with the outcome within it, or
    (``share`` None: hidden for extern) that it is not shown."""
    followed = f"alle huurders die {horizon} maanden gevolgd konden worden"
    within = f"binnen {horizon} maanden na de start van de huur {outcome}"
    if share is None:
        return _MARKUP(
            f"Hoeveel van {followed} {within} kregen, staat niet in deze versie: het is tot "
            f"kleine aantallen terug te rekenen (n = {_count(n)})."
        )
    return _MARKUP(f"Van {followed}, kreeg {nl.pct(share)} {within} (n = {_count(n)}).")


def associations(model: dict) -> str:
    """The predictors whose odds ratio lies clearly above or below 1."""

    def ratio(value) -> str:
        return nl.number(value, 2)

    if model["risky"]:
        text = (
            "In de regressie hangen deze kenmerken duidelijk samen met een grotere kans op de "
            "uitkomst (95%-interval geheel boven 1):\n\n"
            + _lines(
                [
                    f"{_escape(name)}: odds ratio {ratio(r)} (95%-interval {ratio(low)} – "
                    f"{ratio(high)})."
                    for name, r, low, high in model["risky"]
                ]
            )
        )
    else:
        text = (
            "Geen van de vooraf gekozen kenmerken hangt in de regressie duidelijk samen met de "
            "uitkomst."
        )
    if model["protective"]:
        named = ", ".join(
            f"{_escape(name).lower()} (odds ratio {ratio(r)})"
            for name, r, _, _ in model["protective"]
        )
        text += f"\n\nMet een kleinere kans: {named}."
    return _MARKUP(text)


def faster_in_cox(cox: dict) -> str:
    """The predictors with which the outcome clearly comes sooner in the Cox model."""
    if not cox["risky"]:
        return _MARKUP("")
    names = _labels(name for name, *_ in cox["risky"]).lower()
    return _MARKUP(
        "In het Cox-model, gecorrigeerd voor startjaar en corporatie, gaat de uitkomst "
        f"duidelijk sneller bij: {names}."
    )


def advice(model: dict, cox: dict, allowance_median: float | None) -> str:
    """What the data support, for each predictor that clearly goes with the outcome in the
    regression or the Cox model; empty when none does."""
    names = {name for name, *_ in model["risky"]} | {name for name, *_ in cox["risky"]}
    if not names:
        return _MARKUP("")
    lines = []
    for key, text in ADVICE.items():
        if PREDICTORS[key] not in names:
            continue
        if key == "no_rent_allowance" and allowance_median is not None:
            text += (
                "; bij deze huurders kwam de uitkomst na een mediaan van "
                f"{nl.months(allowance_median, 1)}"
            )
        lines.append(text + ".")
    heading = "Wat de gegevens ondersteunen om achterstanden te voorkomen:"
    # the template's last advice follows on the next line: a list of its own without these
    return _MARKUP(heading + ("\n\n" + _lines(lines) if lines else "\n"))
