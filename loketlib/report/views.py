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
    return pd.DataFrame(rows, columns=["Verkorte toeleiding", "Aantal kandidaten"])


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
    return pd.DataFrame(rows, columns=["Housing", "Aantal"])


def closure_reasons(f: dict) -> pd.DataFrame:
    reasons = f["housing"]["negative_closure_reasons"]
    rows = [(codes.label("closure_reason", k), v) for k, v in reasons.items() if v != 0]
    rows.append(("Totaal negatief afgesloten", f["housing"]["closed_negative"]))
    return pd.DataFrame(rows, columns=["Reden negatieve afsluiting", "Aantal trajecten"])


def corporations(f: dict, year: int) -> pd.DataFrame:
    c = f["corporations"]
    quota = {k: c[k]["quota"] for k in CORPORATIONS}
    placed = {k: c[k]["placements"] for k in CORPORATIONS}
    return pd.DataFrame(
        [
            {"": f"Taakstelling {year}", **quota, "Totaal": c["quota_total"]},
            {"": f"Start huren {year}", **placed, "Totaal": f["housing"]["placements"]},
        ]
    )


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
    return pd.DataFrame(
        [{"": label, now: f[a][b], earlier: before[a][b]} for label, (a, b) in rows]
    )


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
    return pd.DataFrame(rows)


def waits(f: dict) -> pd.DataFrame:
    c = f["corporations"]
    rows = [
        (f"{label} ({k})", c[k]["placements"], c[k]["mean_wait_months"])
        for k, label in CORPORATIONS.items()
    ]
    rows.append(("Alle corporaties", f["housing"]["placements"], f["housing"]["mean_wait_months"]))
    return pd.DataFrame(rows, columns=["Woningcorporatie", "Plaatsingen", "Gemiddelde wachttijd"])


def cohort(c: dict) -> pd.DataFrame:
    """One cohort's outcomes: count and share of the cohort per category."""
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
            share = n / size if isinstance(n, int) and size else None
            rows.append((title, codes.label(kind, code), n, share))
    return pd.DataFrame(rows, columns=["Onderwerp", "Uitkomst", "Aantal", "Aandeel"])


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
    return pd.DataFrame(
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


def sheets(f: dict) -> pd.DataFrame:
    """Rows per sheet and a total row (for extern the protected totals of ``meta.sheets_total``)."""
    keys = ("read", "clean", "quarantined", "duplicates_removed")
    columns = ["Gelezen", "Schoon", "In quarantaine", "Exacte dubbele verwijderd"]
    rows = [(SHEET_LABELS[name], *(c[k] for k in keys)) for name, c in f["meta"]["sheets"].items()]
    frame = pd.DataFrame(rows, columns=["Tabblad", *columns])
    shown = f["meta"].get("sheets_total")
    total = dict(zip(columns, (shown[k] for k in keys), strict=True)) if shown else None
    total = total or frame.drop(columns="Tabblad").sum().to_dict()
    return pd.concat([frame, pd.DataFrame([{"Tabblad": "Totaal", **total}])], ignore_index=True)


def quarantine_reasons(f: dict) -> pd.DataFrame:
    rows = [(QUARANTINE_REASONS[k], n) for k, n in f["meta"]["quarantine"].items() if n]
    return pd.DataFrame(rows, columns=["Reden", "Rijen"])


def warnings(f: dict) -> pd.DataFrame:
    rows = [(WARNINGS[k], n) for k, n in f["meta"]["warnings"].items() if n]
    return pd.DataFrame(rows, columns=["Waarschuwing", "Aantal"])


def quarantined_rows(quarantine: pd.DataFrame) -> pd.DataFrame:
    """Intern only: where each quarantined row sits in the export, without its values."""
    return pd.DataFrame(
        {
            "Tabblad": quarantine["sheet"].map(SHEET_LABELS),
            "Rij": quarantine["row"].astype("string"),
            "Trajectnummer": quarantine["trajectory_id"].fillna("–"),
            "Reden": quarantine["reason"].map(QUARANTINE_REASONS),
            "Kolommen": quarantine["detail"],
        }
    )


def unknown_columns(warnings_frame: pd.DataFrame) -> pd.DataFrame:
    w = warnings_frame[warnings_frame["code"].eq("unknown_column")]
    return pd.DataFrame({"Tabblad": w["sheet"].map(SHEET_LABELS), "Genegeerde kolom": w["column"]})


def rooms(f: dict) -> pd.DataFrame:
    r = f["rooms_with_chances"]
    return pd.DataFrame(
        [("Aangemelde kandidaten", r["registrations"]), ("Geplaatste kandidaten", r["placements"])],
        columns=["Kamers met Kansen", "Aantal"],
    )


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
    return frame
