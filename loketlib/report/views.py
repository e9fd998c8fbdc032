"""Tables for people: the figures reshaped into small frames with Dutch headers.

Views only reshape figures (or clean frames, for the intern data-quality listing); they never
compute a figure. Values stay numbers (or the protected marker) so that
:func:`loketlib.nl.table` formats them.
"""

from __future__ import annotations

import pandas as pd

from loketlib import nl
from loketlib.figures.periods import Period
from loketlib.intake import codes
from loketlib.intake.codes import CORPORATIONS, QUARANTINE_REASONS, WARNINGS
from loketlib.report import reconcile, sentences, wording
from loketlib.report.suppress import protect_curves
from loketlib.report.trends import realisation

SHEET_LABELS = {
    "trajecten": "Trajecten",
    "zorgaanbieders": "Zorgaanbieders",
    "taakstelling": "Taakstelling",
    "facturen": "Facturen",
    "nametingen": "Nametingen",
    "huurachterstanden": "Huurachterstanden",
    "klachten": "Klachten",
}


def fast_track(f: dict) -> pd.DataFrame:
    ft = f["fast_track"]
    rows = [
        ("Aangemeld in de pilotperiode", ft["registrations"]),
        ("Bemiddeld in de verkorte toeleiding", ft["placed_fast_track"]),
        ("Bemiddeld in een regulier traject", ft["placed_regular"]),
        ("Afgewezen", ft["rejected"]),
        ("Nog in behandeling", ft["pending"]),
    ]
    frame = pd.DataFrame(rows, columns=["Verkorte toeleiding", "Aantal kandidaten"])
    return nl.titled(frame, "Verkorte toeleiding: kandidaten in de pilotperiode")


def funnel(f: dict) -> pd.DataFrame:
    h = f["housing"]
    rows = [
        ("Aanmeldingen", h["registrations"]),
        ("waarvan door deelnemers", h["registrations_by_referrer_type"]["deelnemer"]),
        ("waarvan door convenantpartners", h["registrations_by_referrer_type"]["convenantpartner"]),
        ("Intakes", h["intakes"]),
        ("Plaatsingen (start huur)", h["placements"]),
        ("Positief afgesloten", h["closed_positive"]),
        ("Negatief afgesloten", h["closed_negative"]),
        ("Gefactureerde trajecten", h["invoiced_trajectories"]),
    ]
    return nl.titled(pd.DataFrame(rows, columns=["Housing", "Aantal"]), "Housing in cijfers")


def closure_reasons(f: dict) -> pd.DataFrame:
    reasons = f["housing"]["negative_closure_reasons"]
    rows = [(codes.label("closure_reason", k), v) for k, v in reasons.items() if v != 0]
    rows.append(("Totaal negatief afgesloten", f["housing"]["closed_negative"]))
    frame = pd.DataFrame(rows, columns=["Reden negatieve afsluiting", "Aantal trajecten"])
    return nl.titled(frame, "Redenen van negatieve afsluiting")


def corporations(f: dict, year: int) -> pd.DataFrame:
    c = f["corporations"]
    quota = {k: c[k]["quota"] for k in CORPORATIONS}
    placed = {k: c[k]["placements"] for k in CORPORATIONS}
    frame = pd.DataFrame(
        [
            {"Cijfer": f"Taakstelling {year}", **quota, "Totaal": c["quota_total"]},
            {"Cijfer": f"Start huren {year}", **placed, "Totaal": f["housing"]["placements"]},
        ]
    )
    return nl.titled(frame, f"Taakstelling en start huren {year} per woningcorporatie")


def period_comparison(f: dict, before: dict, p: Period) -> pd.DataFrame:
    """The period's counts beside the same period a year earlier."""
    rows = [
        ("Aanmeldingen Housing", ("housing", "registrations")),
        ("Intakes", ("housing", "intakes")),
        ("Plaatsingen (start huur)", ("housing", "placements")),
        ("Positief afgesloten", ("housing", "closed_positive")),
        ("Negatief afgesloten", ("housing", "closed_negative")),
        ("Verkorte toeleiding: aangemeld", ("fast_track", "registrations")),
        ("Verkorte toeleiding: bemiddeld", ("fast_track", "placed_fast_track")),
        ("Kamers met Kansen: aangemeld", ("rooms_with_chances", "registrations")),
        ("Kamers met Kansen: geplaatst", ("rooms_with_chances", "placements")),
        ("Klachten ontvangen", ("complaints", "received")),
    ]
    now, earlier = wording.short(p), wording.short(p.year_earlier())
    frame = pd.DataFrame(
        [{"Cijfer": label, now: f[a][b], earlier: before[a][b]} for label, (a, b) in rows]
    )
    return nl.titled(frame, f"Resultaten {now}, naast {earlier}")


def year_to_date(f: dict, p: Period) -> pd.DataFrame:
    """Per corporation: the year's quota, placements in the period, and the realisation up to
    the end of the period ("41 van 83 (49,4%)")."""
    c = f["corporations"]
    rows = [
        {
            "Woningcorporatie": f"{label} ({k})",
            f"Taakstelling {p.year}": c[k]["quota"],
            f"Plaatsingen {wording.short(p)}": c[k]["placements"],
            f"Gerealiseerd {wording.up_to(p)}": sentences.realised(
                c[k]["placements_year_to_date"], c[k]["quota"]
            ),
        }
        for k, label in CORPORATIONS.items()
    ]
    return nl.titled(pd.DataFrame(rows), f"Taakstelling {p.year} en realisatie {wording.up_to(p)}")


def waits(f: dict) -> pd.DataFrame:
    c = f["corporations"]
    rows = [
        (f"{label} ({k})", c[k]["placements"], c[k]["mean_wait_months"])
        for k, label in CORPORATIONS.items()
    ]
    rows.append(("Alle corporaties", f["housing"]["placements"], f["housing"]["mean_wait_months"]))
    frame = pd.DataFrame(rows, columns=["Woningcorporatie", "Plaatsingen", "Gemiddelde wachttijd"])
    return nl.titled(frame, "Plaatsingen en gemiddelde wachttijd per woningcorporatie")


def cohort(c: dict, name: str = "") -> pd.DataFrame:
    """One cohort's outcomes (cohort ``name``): count and share of the cohort per category."""
    size = c["cohort_size"]
    rows = []
    for title, kind, values in (
        ("Woonsituatie", "housing_status", c["housing_status"]),
        ("Overlast", "nuisance", c["nuisance"]),
        ("Huurachterstand", "arrears", c["arrears"]),
    ):
        for code, n in values.items():
            if code == "unknown" and n == 0:
                continue
            share = n / size if isinstance(n, int) and isinstance(size, int) and size else None
            rows.append((title, codes.label(kind, code), n, share))
    frame = pd.DataFrame(rows, columns=["Onderwerp", "Uitkomst", "Aantal", "Aandeel"])
    return nl.titled(frame, f"Uitkomsten cohort {name}".strip())


BROAD = "Duurzaam (brede definitie)"
#: The one sentence that explains the broad definition wherever it is shown.
BROAD_NOTE = (
    f"*{BROAD}*: in de bemiddelde woning of op eigen initiatief verhuisd, zonder structurele "
    "overlast en zonder problematische huurschuld. Dat is ruimer dan de definitie van het "
    "jaarverslag (geen enkele overlast), omdat overlast waaraan de huurder meewerkte en een "
    "opgeloste huurachterstand hier meetellen."
)


def trend(cohorts: dict) -> pd.DataFrame:
    """Per cohort (``figures["sustainability"]`` or a selection of it): size, how many were
    measured, both shares, and whether the follow-up is complete (else: voorlopig)."""
    rows = [
        (
            year,
            c["cohort_size"],
            c.get("measured"),
            c["sustainable_share"],
            c["broad_sustainable_share"],
            "ja" if c["follow_up_complete"] else "nee (voorlopig)",
        )
        for year, c in cohorts.items()
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "Cohort",
            "Positief afgesloten",
            "Gemeten",
            "Duurzaam (jaarverslag)",
            BROAD,
            "Nameting compleet",
        ],
    )
    return nl.titled(frame, "Duurzaam wonen per cohort")


def sheets(f: dict) -> pd.DataFrame:
    """Rows per sheet and a total row (for extern the protected totals of ``meta.sheets_total``)."""
    keys = ("read", "clean", "quarantined", "duplicates_removed")
    columns = ["Gelezen", "Schoon", "In quarantaine", "Exacte dubbele verwijderd"]
    rows = [(SHEET_LABELS[name], *(c[k] for k in keys)) for name, c in f["meta"]["sheets"].items()]
    frame = pd.DataFrame(rows, columns=["Tabblad", *columns])
    shown = f["meta"].get("sheets_total")
    total = dict(zip(columns, (shown[k] for k in keys), strict=True)) if shown else None
    total = total or frame.drop(columns="Tabblad").sum().to_dict()
    frame = pd.concat([frame, pd.DataFrame([{"Tabblad": "Totaal", **total}])], ignore_index=True)
    return nl.titled(frame, "Rijen per tabblad van de export")


def quarantine_reasons(f: dict) -> pd.DataFrame:
    rows = [(QUARANTINE_REASONS[k], n) for k, n in f["meta"]["quarantine"].items() if n]
    frame = pd.DataFrame(rows, columns=["Reden", "Rijen"])
    return nl.titled(frame, "Rijen in quarantaine per reden")


def warnings(f: dict) -> pd.DataFrame:
    rows = [(WARNINGS[k], n) for k, n in f["meta"]["warnings"].items() if n]
    return nl.titled(pd.DataFrame(rows, columns=["Waarschuwing", "Aantal"]), "Waarschuwingen")


def quarantined_rows(quarantine: pd.DataFrame) -> pd.DataFrame:
    """Intern only: where each quarantined row sits in the export, without its values."""
    frame = pd.DataFrame(
        {
            "Tabblad": quarantine["sheet"].map(SHEET_LABELS),
            "Rij": quarantine["row"].astype("string"),
            "Trajectnummer": quarantine["trajectory_id"].fillna("–"),
            "Reden": quarantine["reason"].map(QUARANTINE_REASONS),
            "Kolommen": quarantine["detail"],
        }
    )
    return nl.titled(frame, "Vindplaats van de rijen in quarantaine")


def unknown_columns(warnings_frame: pd.DataFrame) -> pd.DataFrame:
    w = warnings_frame[warnings_frame["code"].eq("unknown_column")]
    frame = pd.DataFrame({"Tabblad": w["sheet"].map(SHEET_LABELS), "Genegeerde kolom": w["column"]})
    return nl.titled(frame, "Onbekende kolommen in de export (genegeerd)")


def rooms(f: dict) -> pd.DataFrame:
    r = f["rooms_with_chances"]
    frame = pd.DataFrame(
        [("Aangemelde kandidaten", r["registrations"]), ("Geplaatste kandidaten", r["placements"])],
        columns=["Kamers met Kansen", "Aantal"],
    )
    return nl.titled(frame, "Kamers met Kansen in cijfers")


def months_1(value) -> str:
    """Months with one decimal, for tables ("5,4 maanden")."""
    return nl.months(value, digits=1)


TREND_FORMATS = {"Duurzaam (jaarverslag)": nl.pct, BROAD: nl.pct}
COHORT_FORMATS = {"Aandeel": nl.pct}


def measured_cohorts(f: dict, year: int) -> dict:
    """Cohorts closed before the report year: the ones with follow-up measurements to show."""
    return {c: v for c, v in f["sustainability"].items() if int(c) < year}


def detailed_cohorts(f: dict, year: int, last: int = 2) -> list[str]:
    """The cohorts the jaarverslag describes in detail: the last two before the report year."""
    return sorted(measured_cohorts(f, year))[-last:]


def reconciliation(results: list[dict], differences: bool = True) -> pd.DataFrame:
    """The published figures that differ (or, with ``differences=False``, that match).

    Intern only: the rows quote the published texts and explain with computed counts, which
    no suppression could cover (the extern appendix gives the summary alone).
    """
    chosen = [r for r in results if r["match"] != differences]
    frame = reconcile.to_frame(chosen)
    frame.insert(0, "Tekst in het jaarverslag", [r["text"] for r in chosen])
    if not differences:
        frame = frame.drop(columns=["Verklaring"])
    title = "Verschillen met" if differences else "Cijfers gelijk aan"
    return nl.titled(frame, f"{title} het gepubliceerde jaarverslag")


# -- meerjarenoverzicht, regions side by side, the pilot's evaluation (issue 13) -------------
def history(f: dict, year: int) -> pd.DataFrame:
    """Key figures per year of ``f["history"]``; "Duurzaam" only for cohorts whose two-year
    follow-up is complete (else "nameting loopt")."""
    rows = []
    for key, entry in f["history"].items():
        cohort = f["sustainability"].get(key)
        if cohort is None:
            sustainable = None
        elif cohort["follow_up_complete"]:
            sustainable = cohort["sustainable_share"]
        else:
            sustainable = "nameting loopt"
        rows.append(
            {
                "Jaar": key,
                **_key_figures(entry),
                "Duurzaam (cohort)": sustainable,
            }
        )
    return nl.titled(pd.DataFrame(rows), "Meerjarenoverzicht: kerncijfers per jaar")


def _key_figures(entry: dict) -> dict:
    """The key figures of a year or a region (its ``housing`` and ``corporations``)."""
    h, c = entry["housing"], entry["corporations"]
    return {
        "Aanmeldingen": h["registrations"],
        "Intakes": h["intakes"],
        "Plaatsingen": h["placements"],
        "Positief afgesloten": h["closed_positive"],
        "Negatief afgesloten": h["closed_negative"],
        "Gemiddelde wachttijd": h["mean_wait_months"],
        "Taakstelling": c["quota_total"],
        "Realisatie taakstelling": realisation(entry),
    }


HISTORY_FORMATS = {
    "Gemiddelde wachttijd": months_1,
    "Realisatie taakstelling": nl.pct,
    "Duurzaam (cohort)": nl.pct,
}


def regions(f: dict) -> pd.DataFrame:
    """The key figures per region and for Zuid-Limburg (the last row)."""
    entries = {**f["regions"], codes.ALL_REGIONS: f}
    rows = []
    for slug, entry in entries.items():
        rows.append(
            {
                "Regio": codes.REGION_LABELS[slug],
                **_key_figures(entry),
            }
        )
    return nl.titled(pd.DataFrame(rows), "De regio's naast elkaar")


REGION_FORMATS = {"Gemiddelde wachttijd": months_1, "Realisatie taakstelling": nl.pct}


def spreading(f: dict) -> pd.DataFrame:
    """Placements per corporation in each region and in Zuid-Limburg (the last row)."""
    entries = {**f["regions"], codes.ALL_REGIONS: f}
    rows = [
        {
            "Regio": codes.REGION_LABELS[slug],
            **{label: entry["corporations"][k]["placements"] for k, label in CORPORATIONS.items()},
            "Totaal": entry["housing"]["placements"],
        }
        for slug, entry in entries.items()
    ]
    return nl.titled(pd.DataFrame(rows), "Plaatsingen per corporatie en regio")


ROUTE_LABELS = {"fast_track": "Verkorte toeleiding", "regular": "Regulier"}


def evaluation(f: dict) -> pd.DataFrame:
    """The pilot's evaluation per route (``f["fast_track_evaluation"]``)."""
    rows = []
    for route, e in f["fast_track_evaluation"].items():
        interval = e["interval_95"]
        rows.append(
            {
                "Route": ROUTE_LABELS[route],
                "Aanmeldingen": e["registrations"],
                "Afgewezen": e["rejected"],
                "Overgezet naar regulier": e["moved_to_regular"],
                "Gestart met huren": e["placements"],
                "Mediane tijd tot start huur": e["median_months_to_lease"],
                "Aangemeld ≥ 3 maanden voor peildatum": e["eligible"],
                "Binnen 3 maanden gehuisvest": e["placed_within_3_months"],
                "Aandeel binnen 3 maanden": e["share_placed_within_3_months"],
                "95%-interval": (
                    f"{nl.pct(interval[0], 0)} – {nl.pct(interval[1], 0)}" if interval else None
                ),
            }
        )
    return nl.titled(pd.DataFrame(rows), "Verkorte toeleiding naast de reguliere route")


EVALUATION_FORMATS = {"Mediane tijd tot start huur": months_1, "Aandeel binnen 3 maanden": nl.pct}


def route_curves(curves: dict, f: dict) -> dict:
    """The placement curves to show, by Dutch route label; a route whose placements are
    protected (extern, fewer than the threshold) shows none: its steps are individuals. For
    extern (``meta.protected``) a curve also stops where fewer than the threshold are still
    waiting (:func:`~loketlib.report.suppress.protect_curves`)."""
    e = f["fast_track_evaluation"]
    shown = {ROUTE_LABELS[r]: c for r, c in curves.items() if e[r]["placements"] != nl.MARKER}
    protected = (f.get("meta") or {}).get("protected")
    return protect_curves(shown, protected["threshold"]) if protected else shown
