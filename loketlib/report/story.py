"""The figure-driven sentences of the jaarverslag, written in Dutch from the figures.

Narrative files (``data/narrative``) hold prose and placeholders only; they show these
sentences as ``{{ zinnen.klachten }}``, ``{{ zinnen.cohort(cohort) }}`` and so on. Every word
of direction here ("een toename", "een afname", "steeds meer", "boven deze afspraak")
follows the numbers both ways, and no year is fixed: the sentences name the years they
compare. A protected value (``x``) or a hidden share gives no claim.
"""

from __future__ import annotations

from datetime import date

import jinja2

from loketlib import nl
from loketlib.figures.periods import Period
from loketlib.intake.codes import CORPORATIONS, QUARANTINE_REASONS, WARNINGS
from loketlib.report import comparison_sentences as comparisons
from loketlib.report import wording
from loketlib.report.sentences import fraction, known, plural, points_change
from loketlib.report.suppress import MARKER

#: The agreed maximum mean wait (months) from corporation registration to lease start.
WAIT_AGREEMENT_MONTHS = 6
REASONS = {
    "nuisance": "overlast",
    "unable_to_live_independently": "het niet zelfstandig kunnen wonen",
    "withdrawn": "terugtrekking door de kandidaat",
    "no_suitable_home": "het ontbreken van een passende woning",
    "detention": "detentie",
    "care_admission": "opname in een zorginstelling",
    "deceased": "overlijden",
    "left_region": "vertrek uit de regio",
    "other": "een andere reden",
}


_n = nl.count  # a count, or x when protected


def _eur(value) -> str:
    """An amount; ``x`` when protected (extern: the invoiced amount would give its count)."""
    return MARKER if value == MARKER else nl.eur(value)


def _trajects(n) -> str:
    return plural(n, "traject", "trajecten")


def _candidates(n) -> str:
    return plural(n, "kandidaat", "kandidaten")


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


class Sentences:
    """What a template sees as ``zinnen``: a :class:`Story`'s sentences as trusted Markdown.

    They are written by loketlib from numbers and code labels, never from export text, so the
    narrative's escaping leaves them as they are.
    """

    def __init__(self, story: Story):
        self._story = story

    def __getattr__(self, name: str):
        value = getattr(self._story, name)
        if callable(value):
            return lambda *args, **kwargs: _MARKUP(value(*args, **kwargs))
        return _MARKUP(value)


_MARKUP = jinja2.utils.markupsafe.Markup


class Story:
    """The sentences of one report: ``Story(figures, period, region label, extern)``.

    For extern, pass figures whose small counts are already ``x``
    (:meth:`loketlib.report.notebook.Context.for_text`).
    """

    def __init__(self, f: dict, period: Period, regio: str, extern: bool = False):
        self.f, self.period, self.regio, self.extern = f, period, regio, extern
        self.jaar = period.year
        self.in_p = wording.in_period(period)

    # -- 2. Stand van zaken -------------------------------------------------------------
    @property
    def verkorte_toeleiding(self) -> str:
        ft = self.f["fast_track"]
        if ft["window_start"] > ft["window_end"]:
            return (
                f"De pilot verkorte toeleiding (gestart op 01-04-2022) liep {self.in_p} nog niet."
            )
        window = f"{nl.date(ft['window_start'])} t/m {nl.date(ft['window_end'])}"
        if ft["registrations"] == 0:
            return (
                f"{self.in_p.capitalize()} zijn er geen kandidaten aangemeld voor de verkorte "
                f"toeleiding ({window})."
            )
        if ft["placed_fast_track"] == 0:
            return (
                f"Van de kandidaten die van {window} zijn aangemeld, is nog niemand via de "
                "verkorte toeleiding geplaatst."
            )
        if known(ft["mean_wait_months"]):
            return (
                "De gemiddelde wachttijd op een woning in de verkorte toeleiding was "
                f"{nl.months(ft['mean_wait_months'])} (aanmeldingen van {window})."
            )
        return (
            f"De gemiddelde wachttijd in de verkorte toeleiding (aanmeldingen van {window}) "
            "wordt niet getoond, omdat te weinig kandidaten via deze route zijn geplaatst."
        )

    @property
    def klachten(self) -> str:
        k = self.f["complaints"]
        who = f"Loket Housing {self.regio}"
        if k["received"] == 0:
            return (
                f"- {self.in_p.capitalize()} heeft {who} geen klachten ontvangen; de "
                "klachtencommissie Loket Housing hoefde dus geen beslissing te nemen."
            )
        text = (
            f"- {self.in_p.capitalize()} heeft {who} "
            f"{plural(k['received'], 'klacht', 'klachten')} ontvangen."
        )
        if k["committee_decisions"] == 0:
            return text + (
                " Er waren geen klachten waarover de klachtencommissie Loket Housing een "
                "beslissing moest nemen."
            )
        return text + (
            f" Over {plural(k['committee_decisions'], 'klacht', 'klachten')} heeft de "
            "klachtencommissie Loket Housing een beslissing genomen."
        )

    @property
    def resultaten(self) -> str:
        h, q = self.f["housing"], self.f["corporations"]["quota_total"]
        refs = h["registrations_by_referrer_type"]
        in_p = self.in_p.capitalize()
        lines = [
            f"{in_p} zijn er **{_n(h['registrations'])} aanmeldingen** geweest. Er hebben "
            f"**{_n(h['intakes'])} intakes** plaatsgevonden en er zijn **{_n(h['placements'])} "
            "kandidaten bemiddeld naar een woning** (plaatsingen).",
            f"Van de {_n(h['registrations'])} aanmeldingen zijn er **{_n(refs['deelnemer'])}** "
            "gedaan door de kleine zorgpartijen (deelnemers) en "
            f"**{_n(refs['convenantpartner'])}** door convenantpartners.",
        ]
        price = (
            f" tegen de trajectprijs van {nl.eur(h['trajectory_price_eur'])}"
            if known(h["trajectory_price_eur"])
            else ""
        )
        lines.append(
            f"{in_p} zijn er **{_trajects(h['invoiced_trajectories'])}** gefactureerd{price} bij "
            "de zorginstellingen die geen convenantpartner zijn, samen "
            f"{_eur(h['invoiced_amount_eur'])}. Zorgpartijen die wel convenantpartner zijn, "
            "betalen een vast bedrag per jaar."
        )
        lines.append(self._closures(h))
        if known(h["mean_wait_months"]):
            lines.append(
                f"De gemiddelde wachttijd op een woning was {self.in_p} "
                f"**{nl.months(h['mean_wait_months'])}**."
            )
        placed = (
            f"We hebben {self.in_p} **{_n(h['placements'])} plaatsingen** gedaan voor Loket "
            "Housing."
        )
        if known(q):
            lines.append(
                f"Voor {self.jaar} is in de taakstelling met de woningcorporaties in totaal "
                f"**{nl.count(q)} woningen** afgesproken. {placed}"
            )
        else:
            lines.append(
                f"Voor {self.jaar} is geen taakstelling met de woningcorporaties vastgelegd. "
                + placed
            )
        return _bullets(lines)

    @staticmethod
    def _closures(h: dict) -> str:
        text = (
            f"We hebben **{_trajects(h['closed_positive'])}** positief afgesloten en "
            f"**{_trajects(h['closed_negative'])}** negatief."
        )
        counted = [(k, v) for k, v in h["negative_closure_reasons"].items() if known(v) and v > 0]
        top = sorted(counted, key=lambda kv: kv[1], reverse=True)[:2]
        named = [f"{REASONS.get(k, k)} ({_trajects(v)})" for k, v in top]
        if len(named) == 1:
            text += (
                f" De vaakst voorkomende reden om een traject negatief af te sluiten is {named[0]}."
            )
        elif named:
            text += (
                " De vaakst voorkomende redenen om een traject negatief af te sluiten zijn "
                f"{named[0]} en {named[1]}."
            )
        if h["closed_negative"] != 0:
            text += (
                f" Voor de {'overige ' if top else ''}redenen verwijzen we naar de cijfers van "
                "Loket Housing."
            )
        return text

    # -- 3. Kamers met Kansen -----------------------------------------------------------
    @property
    def kamers_met_kansen(self) -> str:
        r = self.f["rooms_with_chances"]
        if r["registrations"] == 0 and r["placements"] == 0:
            return (
                f"Het product Kamers met Kansen werd {self.in_p} niet aangeboden in {self.regio}."
            )
        return (
            f"{self.in_p.capitalize()} zijn er **{_candidates(r['registrations'])} aangemeld** en "
            f"**{_candidates(r['placements'])} geplaatst**."
        )

    # -- 4. Jaarcijfers woningcorporaties -------------------------------------------------
    @property
    def taakstelling(self) -> str:
        q, placed = self.f["corporations"]["quota_total"], self.f["housing"]["placements"]
        if not known(q):
            return (
                f"Voor {self.jaar} is geen taakstelling met de woningcorporaties vastgelegd; "
                f"{self.in_p} zijn **{_n(placed)} kandidaten** gestart met huren."
            )
        share = fraction(placed, q)
        of_quota = f" ({nl.pct(share)} van de taakstelling)" if share is not None else ""
        return (
            f"Voor {self.jaar} is met de woningcorporaties een taakstelling van "
            f"**{nl.count(q)} woningen** afgesproken; {self.in_p} zijn **{_n(placed)} "
            f"kandidaten** gestart met huren{of_quota}."
        )

    @property
    def wachttijd(self) -> str:
        """Whether each corporation's mean wait stayed within the agreement, both ways."""
        c, limit = self.f["corporations"], WAIT_AGREEMENT_MONTHS
        waits = {k: c[k]["mean_wait_months"] for k in CORPORATIONS if k in c}
        shown = {k: w for k, w in waits.items() if known(w)}
        above = [
            f"{CORPORATIONS[k]} ({nl.months(w) if w >= limit + 0.5 else nl.months(w, 1)})"
            for k, w in shown.items()
            if w > limit
        ]
        if not shown:
            return (
                f"{self.in_p.capitalize()} zijn de gemiddelde wachttijden per woningcorporatie "
                "niet beschikbaar."
            )
        if not above:
            which = (
                "alle woningcorporaties"
                if len(shown) == len(waits)
                else "alle woningcorporaties waarvan de wachttijd bekend is"
            )
            return (
                f"{self.in_p.capitalize()} bleef de gemiddelde wachttijd bij {which} binnen "
                "deze afspraak."
            )
        return (
            f"{self.in_p.capitalize()} lag de gemiddelde wachttijd bij {_listing(above)} boven "
            "deze afspraak."
        )

    # -- 6. Duurzaamheid -----------------------------------------------------------------
    def cohort(self, year: str) -> str:
        """The outcomes of one cohort (positive closures in ``year``) as a list."""
        c = self.f["sustainability"][str(year)]
        size, s, o, a = c["cohort_size"], c["housing_status"], c["nuisance"], c["arrears"]

        def at(v) -> str:
            share = fraction(v, size)
            return (
                f"Bij {nl.pct(share)} ({_candidates(v)})"
                if share is not None
                else (f"Bij {_candidates(v)}")
            )

        home = "woont" if s["in_placed_home"] == 1 else "wonen"
        moved = "is" if s["moved_own_initiative"] == 1 else "zijn"
        status = (
            f"Van de {_candidates(size)} die in {year} positief zijn afgesloten, {home} er nog "
            f"{_n(s['in_placed_home'])} in de bemiddelde woning. Er {moved} "
            f"{_candidates(s['moved_own_initiative'])} op eigen initiatief verhuisd; hierbij kan "
            "bijvoorbeeld een veranderende gezinssamenstelling een rol hebben gespeeld."
        )
        if s["moved_corporation_initiative"] != 0:
            status += (
                f" Bij {_candidates(s['moved_corporation_initiative'])} lag het initiatief tot "
                "verhuizen bij de corporatie."
            )
        if s["unknown"] != 0:
            status += (
                f" Van {_candidates(s['unknown'])} is (nog) geen meting bekend; zij tellen niet "
                "mee als duurzaam wonend."
            )
        everyone = f"van alle positief afgesloten kandidaten in {year}"
        nuisance = f"{at(o['none'])} {everyone} is er geen overlast geweest."
        if o["cooperative"] != 0:
            nuisance += (
                f" {at(o['cooperative'])} is er sprake geweest van een of meer overlastmeldingen, "
                "maar heeft de huurder meegewerkt aan het oplossen van de overlast."
            )
        nuisance += (
            f" {at(o['structural'])} is er sprake geweest van structurele overlast."
            if o["structural"] != 0
            else " Structurele overlast is bij geen van deze kandidaten voorgekomen."
        )
        arrears = f"{at(a['none'])} {everyone} is er geen huurachterstand geweest."
        if a["resolved"] != 0:
            arrears += (
                f" {at(a['resolved'])} is er wel een huurachterstand geweest, maar die is in "
                "samenspraak met de corporatie opgelost en heeft niet geleid tot een "
                "problematische huurschuld."
            )
        arrears += (
            f" {at(a['problematic'])} is er sprake geweest van een problematische huurschuld."
            if a["problematic"] != 0
            else " Bij geen van deze kandidaten is er sprake geweest van een problematische "
            "huurschuld."
        )
        lines = [status, nuisance, arrears]
        if known(c["sustainable_share"]):
            lines.append(
                f"**We kunnen hieruit constateren dat er bij {nl.pct(c['sustainable_share'])} van "
                f"de positief afgesloten kandidaten in {year} sprake is van duurzaam wonen.**"
            )
        else:
            lines.append(
                f"**Het aandeel duurzaam wonen in {year} wordt in deze versie niet getoond, omdat "
                "het tot kleine aantallen terug te rekenen is.**"
            )
        if not c["follow_up_complete"]:
            lines.append(
                "De nameting van deze groep loopt nog: nog niet alle kandidaten zijn twee jaar na "
                f"afsluiting gevolgd (gemeten: {_n(c.get('measured'))} van {_n(size)}). Dit beeld "
                "is daarom voorlopig."
            )
        return _bullets(lines)

    def measured_cohorts(self, last: int = 4) -> list[str]:
        """The last ``last`` cohorts before the report year: the ones a trend is read from."""
        return sorted(c for c in self.f["sustainability"] if int(c) < self.jaar)[-last:]

    @property
    def duurzaamheid_conclusie(self) -> str:
        s, years = self.f["sustainability"], self.measured_cohorts()
        if not years:
            return f"- Voor {self.regio} zijn nog geen cohorten gemeten."
        shares = [s[y]["sustainable_share"] for y in years]
        if len(years) == 1:
            shown = (
                f": {nl.pct(shares[0])} van de positief afgesloten kandidaten woonde duurzaam"
                if known(shares[0])
                else ""
            )
            return (
                f"- Er is één cohort gemeten ({years[0]}){shown}. Een trend is nog niet te geven."
            )
        if not known(*shares):
            return (
                "- De aandelen duurzaam wonen per cohort worden in deze versie niet (alle) "
                "getoond; een trend is daarom niet te geven."
            )
        steps = list(zip(shares, shares[1:], strict=False))
        rising = all(b > a for a, b in steps)
        falling = all(b < a for a, b in steps)
        seen = (
            "dat steeds meer kandidaten duurzaam wonen."
            if rising
            else "dat steeds minder kandidaten duurzaam wonen."
            if falling
            else "geen doorlopende stijging of daling."
        )
        first = (
            f"Als we de duurzaamheid over de jaren {years[0]} t/m {years[-1]} bekijken, zien we "
            f"{seen} In {years[0]} was het aandeel duurzaam wonen {nl.pct(shares[0])} en in "
            f"{years[1]} {nl.pct(shares[1])}: {points_change(shares[1], shares[0])}."
        )
        if len(years) >= 3:
            later = years[2:]
            values = " en in ".join(f"{y} {nl.pct(s[y]['sustainable_share'])}" for y in later)
            change = points_change(shares[-1], shares[1])
            big = ", meer dan 10 procentpunt" if abs(shares[-1] - shares[1]) * 100 > 10 else ""
            values = values.replace(" ", " was het ", 1)
            step = f"{points_change(shares[-1], shares[-2])}; " if len(years) >= 4 else ""
            first += f" In {values}: {step}ten opzichte van {years[1]} {change}{big}."
        lines = [first]
        if not s[years[-1]]["follow_up_complete"]:
            lines[0] += f" De nameting van {years[-1]} loopt nog; dit cijfer is voorlopig."
        if rising:
            lines.append(
                "Na afsluiting is er steeds minder sprake van overlastgevende situaties. Daaruit "
                "concluderen we dat we steeds beter worden in het bemiddelen naar de juiste plek "
                "met de juiste ondersteuning van zorg."
            )
        elif falling:
            lines.append(
                "Na afsluiting is er steeds vaker sprake van overlastgevende situaties; dat vraagt "
                "aandacht bij het bemiddelen naar de juiste plek met de juiste ondersteuning."
            )
        moved = self._moved(years[-2:])
        if rising or falling:
            lines[-1] += moved
        elif moved:
            lines.append(moved.strip())
        lines += self._arrears(years[-2:])
        return _bullets(lines)

    def _moved(self, pair: list[str]) -> str:
        s = self.f["sustainability"]
        a, b = (
            fraction(s[y]["housing_status"]["moved_own_initiative"], s[y]["cohort_size"])
            for y in pair
        )
        if a is None or b is None or nl.pct(a) == nl.pct(b):
            return ""
        compared = f"({nl.pct(a)} in {pair[0]} tegen {nl.pct(b)} in {pair[1]})"
        if b < a:
            return (
                " Ook zochten minder kandidaten op eigen initiatief andere huisvesting "
                f"{compared}; dat wijst op tevredenheid onder onze kandidaten."
            )
        return f" Wel zochten meer kandidaten op eigen initiatief andere huisvesting {compared}."

    def _arrears(self, pair: list[str]) -> list[str]:
        s = self.f["sustainability"]
        shares = [fraction(s[y]["arrears"]["resolved"], s[y]["cohort_size"]) for y in pair]
        if None in shares or not all(shares):
            return []
        part = "een flink deel" if min(shares) >= 0.1 else "een deel"
        return [
            f"Opvallend is wel dat {part} van deze doelgroep toch een kleine betalingsachterstand "
            f"opbouwt ({nl.pct(shares[0])} in {pair[0]} en {nl.pct(shares[1])} in {pair[1]}). "
            "Hoewel deze achterstand samen met de corporatie wordt opgelost, is het interessant "
            "om te bekijken hoe de corporaties dit nog beter kunnen signaleren, zodat een "
            "huurachterstand niet oploopt."
        ]

    # -- 6a, 6b, 6c: years, regions and routes side by side (comparison_sentences) ------
    @property
    def _peildatum(self) -> date:
        return date.fromisoformat(self.f["meta"]["peildatum"])

    @property
    def meerjaren_jaren(self) -> str:
        return comparisons.history_years(self.f["history"])

    @property
    def meerjaren_kanttekening(self) -> str:
        return comparisons.history_caveats(self.f["history"], self.jaar, self._peildatum)

    @property
    def meerjaren_veranderingen(self) -> str:
        return comparisons.history_changes(
            self.f["history"], self.jaar, self._peildatum, self.extern
        )

    @property
    def regios_plaatsingen(self) -> str:
        return comparisons.region_placements(self.f["regions"])

    @property
    def regios_spreiding(self) -> str:
        return comparisons.region_spreading(self.f["regions"])

    @property
    def pilot_resultaat(self) -> str:
        return comparisons.pilot_result(self.f["fast_track_evaluation"])

    @property
    def pilot_kleine_aantallen(self) -> str:
        return comparisons.pilot_small_numbers(self.f["fast_track_evaluation"])

    # -- Bijlagen ------------------------------------------------------------------------
    @property
    def quarantaine(self) -> str:
        rows = [
            f"{QUARANTINE_REASONS.get(k, k)}: {_n(v)}"
            for k, v in self.f["meta"]["quarantine"].items()
            if v != 0
        ]
        if not rows:
            return "Er zijn geen rijen in quarantaine gezet."
        return "Rijen in quarantaine (alle tabbladen), naar reden:\n\n" + _bullets(rows)

    @property
    def waarschuwingen(self) -> str:
        rows = [
            f"{WARNINGS.get(k, k)}: {_n(v)}"
            for k, v in self.f["meta"]["warnings"].items()
            if v != 0
        ]
        if not rows:
            return "Er zijn geen waarschuwingen gegeven."
        return "Waarschuwingen (de rijen zijn wel gebruikt):\n\n" + _bullets(rows)

    def aansluiting(self, a: dict) -> str:
        """The reconciliation appendix's summary (``a``: total, matches, differences)."""
        if a["total"] == 0:
            return (
                f"Voor {self.regio} {self.period.label} is geen gepubliceerd jaarverslag "
                "vastgelegd; er is daarom niets om op aan te sluiten."
            )
        text = (
            "Deze bijlage vergelijkt de cijfers van dit verslag met de cijfers in het "
            f"gepubliceerde jaarverslag {self.jaar} van {self.regio}. Van de {_n(a['total'])} "
            f"vergeleken {'cijfer' if a['total'] == 1 else 'cijfers'} "
            f"{'komt' if a['matches'] == 1 else 'komen'} er {_n(a['matches'])} overeen"
        )
        if a["differences"] == 0:
            text += " en zijn er geen verschillen."
        else:
            verb = "wijkt" if a["differences"] == 1 else "wijken"
            text += f" en {verb} er {_n(a['differences'])} af."
            if not self.extern:
                text += (
                    " Bij elk verschil staat de waarschijnlijke verklaring, bijvoorbeeld een "
                    "andere noemer, afronding of een tikfout in het gepubliceerde verslag."
                )
            text += " De cijfers in dit verslag komen rechtstreeks uit de registratie."
        if self.extern:
            text += (
                " In deze beveiligde versie staat de vergelijking per cijfer niet, omdat de "
                "teksten en verklaringen kleine aantallen noemen; de interne versie heeft haar wel."
            )
        return text
