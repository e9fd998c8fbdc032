"""The sentences of the comparison sections, in Dutch, written from the figures: the
meerjarenoverzicht (06a: years), the regions side by side (06b: regions) and the pilot's
evaluation (06c: routes).

:class:`loketlib.report.story.Story` shows them to the narrative as ``zinnen`` (for example
``{{ zinnen.meerjaren_veranderingen }}``). The figures are as sentences may print them: for
extern every small count is already ``x`` (:meth:`loketlib.report.notebook.Context.for_text`),
and a protected or missing value gives no share and no claim.
"""

from __future__ import annotations

from datetime import date

from loketlib import nl
from loketlib.intake.codes import CORPORATIONS, REGION_LABELS
from loketlib.report.sentences import fraction, known
from loketlib.report.suppress import MARKER
from loketlib.report.trends import SAME, changes

_n = nl.count  # a count, or x when protected


# -- 06a. Meerjarenoverzicht ---------------------------------------------------------------
def history_years(history: dict) -> str:
    """``de jaren 2019 tot en met 2022``, or ``2022`` when the history holds one year."""
    years = sorted(int(y) for y in history)
    return str(years[0]) if len(years) == 1 else f"de jaren {years[0]} tot en met {years[-1]}"


def partial_year(year: int, peildatum: date) -> bool:
    """True when the report year counts up to a peildatum before its last day."""
    return peildatum < date(year, 12, 31)


def history_caveats(history: dict, year: int, peildatum: date) -> str:
    """What the overview lacks: years missing from the export (of the four before ``year``),
    and a report year that counts up to the peildatum; empty when neither."""
    first = min(int(y) for y in history)
    notes = []
    if first > year - 4:
        notes.append(f"Jaren vóór {first} ontbreken: de export bevat daarvan nog geen gegevens.")
    if partial_year(year, peildatum):
        notes.append(f"{year} telt tot en met de peildatum {nl.date(peildatum)}.")
    return " ".join(notes)


def history_changes(history: dict, year: int, peildatum: date, extern: bool = False) -> str:
    """Each key figure against the year before (direction words from
    :func:`loketlib.report.trends.changes`), as a Markdown list."""
    before = year - 1
    found = changes(history, year)
    if not found:
        shown = " die getoond kunnen worden" if extern else ""
        return (
            f"Over {before} zijn geen cijfers{shown}; een vergelijking met het vorige jaar is "
            "niet te maken."
        )
    lines = []
    for c in found:
        subject = c["onderwerp"][:1].upper() + c["onderwerp"][1:]
        if c["woord"] == SAME:
            lines.append(f"- {subject} is {c['woord']} ({c['na']}).")
        else:
            lines.append(
                f"- {subject} is {c['woord']}: van {c['voor']} in {before} naar {c['na']} "
                f"in {year}."
            )
    text = "\n".join(lines)
    if partial_year(year, peildatum):
        text = (
            f"Let op: {year} telt tot en met {nl.date(peildatum)}, {before} is een heel jaar; "
            f"aantallen zijn daardoor niet gelijk te vergelijken.\n\n{text}"
        )
    return text


# -- 06b. De regio's naast elkaar -----------------------------------------------------------
def region_placements(regions: dict) -> str:
    """Per region its placements and, with a quota, the share of it, as a Markdown list."""
    lines = []
    for slug, r in regions.items():
        placed, quota = r["housing"]["placements"], r["corporations"]["quota_total"]
        started = (
            "startte **1 kandidaat**" if placed == 1 else f"startten **{_n(placed)} kandidaten**"
        )
        line = f"- In {REGION_LABELS[slug]} {started} met huren"
        share = fraction(placed, quota)
        if share is not None:
            line += f", {nl.pct(share)} van de taakstelling van {_n(quota)}"
        elif quota is None:
            line += "; voor deze regio is geen taakstelling vastgelegd"
        lines.append(line + ".")
    return "\n".join(lines)


def region_spreading(regions: dict) -> str:
    """Per region the corporation with the most placements (the first of equals), as a
    Markdown list; a region with a hidden corporation count says the split is protected."""
    lines = []
    for slug, r in regions.items():
        counts = [r["corporations"][code]["placements"] for code in CORPORATIONS]
        name = REGION_LABELS[slug]
        if MARKER in counts:
            lines.append(
                f"- {name}: de verdeling over de corporaties is afgeschermd (kleine aantallen)."
            )
            continue
        most = max(counts)
        if most <= 0:
            lines.append(f"- {name}: geen plaatsingen.")
            continue
        code = list(CORPORATIONS)[counts.index(most)]
        total = r["housing"]["placements"]
        share = fraction(most, total)
        of = f", {nl.pct(share)}" if share is not None else ""
        lines.append(
            f"- {name}: de meeste plaatsingen bij {CORPORATIONS[code]} ({_n(most)} van "
            f"{_n(total)}{of})."
        )
    return "\n".join(lines)


# -- 06c. Evaluatie pilot verkorte toeleiding -----------------------------------------------
def pilot_result(evaluation: dict) -> str:
    """The share of the fast track placed within 3 months, beside the regular route, with
    what the interval allows to say about the goal; the median time to a lease."""
    v, r = evaluation["fast_track"], evaluation["regular"]
    share, interval = v["share_placed_within_3_months"], v["interval_95"]
    if known(share):
        text = (
            f"Van de **{_n(v['eligible'])}** kandidaten in de verkorte toeleiding die minstens "
            f"3 maanden vóór de peildatum zijn aangemeld, startten er "
            f"**{_n(v['placed_within_3_months'])}** binnen 3 maanden met huren: "
            f"**{nl.pct(share, 0)}**"
        )
        if interval:
            text += (
                f" (95%-betrouwbaarheidsinterval {nl.pct(interval[0], 0)} tot "
                f"{nl.pct(interval[1], 0)})"
            )
        text += "."
        if known(r["share_placed_within_3_months"]):
            text += (
                f" In de reguliere route was dat {nl.pct(r['share_placed_within_3_months'], 0)} "
                f"(van {_n(r['eligible'])} kandidaten)."
            )
        if interval:
            text += f" Het doel van 3 maanden werd daarmee {_goal(share, *interval)}."
    elif v["eligible"] == 0:
        text = (
            "Nog geen kandidaat in de verkorte toeleiding is minstens 3 maanden vóór de "
            "peildatum aangemeld; of het doel van 3 maanden gehaald wordt, is nog niet te zeggen."
        )
    else:
        text = (
            "Het aandeel dat binnen 3 maanden met huren startte, wordt in deze versie niet "
            "getoond: het gaat om te weinig kandidaten."
        )
    median, regular = v["median_months_to_lease"], r["median_months_to_lease"]
    if known(median):
        text += (
            " Wie in de verkorte toeleiding met huren startte, deed dat in de helft van de "
            f"gevallen binnen {nl.months(median, 1)} na aanmelding"
        )
        if known(regular):
            text += f" (regulier: {nl.months(regular, 1)})"
        text += "."
    return text


def _goal(share: float, low: float, high: float) -> str:
    """Whether the interval lies wholly above or below one half, or says nothing."""
    if low > 0.5:
        return "voor de meerderheid van de kandidaten gehaald"
    if high < 0.5:
        return "voor een minderheid van de kandidaten gehaald"
    return (
        f"voor {nl.pct(share, 0)} van de kandidaten gehaald; of dat in werkelijkheid meer of "
        "minder dan de helft is, is met deze aantallen niet te zeggen"
    )


def pilot_small_numbers(evaluation: dict) -> str:
    """How much one candidate moves the share, and why the routes do not compare cleanly."""
    v = evaluation["fast_track"]
    eligible = v["eligible"]
    if not known(eligible) or eligible <= 0:
        return (
            "**Kleine aantallen.** De pilot telt nog weinig aanmeldingen; conclusies zijn nog "
            "niet te trekken."
        )
    text = (
        f"**Kleine aantallen.** De pilot telt {_n(v['registrations'])} aanmeldingen. Eén "
        "kandidaat meer of minder binnen 3 maanden verandert het aandeel met "
        f"{nl.pct(1 / eligible, 0)}"
    )
    if v["interval_95"]:
        text += (
            ", en het interval hierboven is daarom breed. Lees het cijfer als een eerste indruk, "
            "niet als een vaststaand percentage"
        )
    else:
        text += "; met zo weinig kandidaten is een aandeel nog niet zinvol te geven"
    return text + (
        ". De routes zijn ook niet willekeurig toegewezen: een verschil tussen de routes komt "
        "niet alleen door de route zelf."
    )
