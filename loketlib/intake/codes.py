"""Every code list of the data contract in one place: internal code -> Dutch label, plus aliases.

Internal codes are English and stable (they are used in clean frames and in the figures JSON);
labels are what the export and the report show. Matching a raw value to a code is
case-insensitive, ignores surrounding whitespace and folds inner spaces, hyphens and dots,
so `ZO Wonen`, `Zowonen`, ` zo-wonen ` and `ZO` all map to `ZO`.
"""

from __future__ import annotations

import re

import pandas as pd

REGIONS = {
    "westelijke-mijnstreek": "Westelijke Mijnstreek",
    "parkstad": "Parkstad",
    "maastricht-heuvelland": "Maastricht-Heuvelland",
}
ALL_REGIONS = "zuid-limburg"
REGION_LABELS = {**REGIONS, ALL_REGIONS: "Zuid-Limburg"}

PRODUCTS = {"housing": "Housing", "rooms_with_chances": "Kamers met Kansen"}
ROUTES = {"regular": "Regulier", "fast_track": "Verkorte toeleiding"}
INTAKE_DECISIONS = {"admitted": "Toegelaten", "rejected": "Afgewezen"}
CORPORATIONS = {
    "ZW": "Zaamwonen",
    "WL": "Wonen Limburg",
    "WP": "Woonpunt",
    "ZO": "ZOwonen",
}
CLOSURE_RESULTS = {"positive": "Positief", "negative": "Negatief"}
CLOSURE_REASONS = {
    "nuisance": "Overlast",
    "unable_to_live_independently": "Niet in staat zelfstandig te wonen",
    "withdrawn": "Kandidaat trekt zich terug",
    "no_suitable_home": "Geen passende woning",
    "detention": "Detentie",
    "care_admission": "Opname zorginstelling",
    "deceased": "Overleden",
    "left_region": "Vertrokken uit regio",
    "other": "Anders",
}
HOUSEHOLDS = {
    "single": "Alleenstaand",
    "single_with_children": "Alleenstaand met kind(eren)",
    "couple": "Paar",
    "couple_with_children": "Paar met kind(eren)",
}
INCOME_SOURCES = {
    "social_assistance": "Participatiewet",
    "unemployment_benefit": "WW",
    "disability_benefit": "Arbeidsongeschiktheid",
    "employment": "Loondienst",
    "student_finance": "Studiefinanciering",
    "other": "Overig",
    "none": "Geen",
}
PROVIDER_TYPES = {"convenantpartner": "Convenantpartner", "deelnemer": "Deelnemer"}
HOUSING_STATUSES = {
    "in_placed_home": "In bemiddelde woning",
    "moved_own_initiative": "Verhuisd op eigen initiatief",
    "moved_corporation_initiative": "Verhuisd op initiatief corporatie",
}
NUISANCE_LEVELS = {
    "none": "Geen",
    "cooperative": "Meldingen, huurder werkt mee",
    "structural": "Structurele overlast",
}
ARREARS_LEVELS = {
    "none": "Geen",
    "resolved": "Opgelost",
    "problematic": "Problematische huurschuld",
}
ARREARS_CAUSES = {
    "allowance_pending": "Huurtoeslag nog niet toegekend",
    "income_change": "Wisseling uitkering of inkomen",
    "income_drop": "Inkomensdaling",
    "forgot": "Vergeten te betalen",
    "debts_elsewhere": "Schulden elders",
    "unknown": "Onbekend",
}
#: Label for "no measurement / not known" in sustainability figures.
UNKNOWN_LABEL = "Onbekend"

#: Extra spellings seen in exports, beyond labels and codes (matched after `fold`).
ALIASES: dict[str, dict[str, str]] = {
    "corporation": {
        "zo wonen": "ZO",
        "zowonen": "ZO",
        "zaam wonen": "ZW",
        "wonenlimburg": "WL",
        "woon punt": "WP",
    },
    "route": {"verkort": "fast_track", "verkorte toeleiding opvang": "fast_track"},
    "region": {"wm": "westelijke-mijnstreek", "mh": "maastricht-heuvelland"},
    "product": {"kmk": "rooms_with_chances"},
}

#: code list name -> {code: Dutch label}
CODE_LISTS: dict[str, dict[str, str]] = {
    "region": REGIONS,
    "product": PRODUCTS,
    "route": ROUTES,
    "intake_decision": INTAKE_DECISIONS,
    "corporation": CORPORATIONS,
    "closure_result": CLOSURE_RESULTS,
    "closure_reason": CLOSURE_REASONS,
    "household": HOUSEHOLDS,
    "income_source": INCOME_SOURCES,
    "provider_type": PROVIDER_TYPES,
    "housing_status": HOUSING_STATUSES,
    "nuisance": NUISANCE_LEVELS,
    "arrears": ARREARS_LEVELS,
    "arrears_cause": ARREARS_CAUSES,
}

#: Quarantine reason codes, in priority order (a row is filed under its first reason).
QUARANTINE_REASONS = {
    "missing_key": "Sleutel (Trajectnummer) ontbreekt",
    "conflicting_duplicate": "Sleutel komt vaker voor met andere waarden",
    "missing_required": "Verplicht veld leeg",
    "unparseable": "Waarde niet te lezen",
    "negative_value": "Negatieve waarde in een aantal of bedrag",
    "too_large": "Getal te groot voor de kolom (of oneindig)",
    "unknown_code": "Onbekende codewaarde",
    "dates_out_of_order": "Datums in verkeerde volgorde",
    "birth_after_registration": "Geboortedatum na de datum van aanmelding",
    "birth_too_early": "Geboortedatum meer dan 110 jaar voor de aanmelding",
    "closed_without_result": "Afgesloten zonder resultaat",
    "negative_without_reason": "Negatief afgesloten zonder reden",
    "unknown_referrer": "Aanmelder niet in zorgaanbieders",
    "unknown_trajectory": "Trajectnummer is geen schoon traject",
}

#: Warning codes (rows are kept), with Dutch labels.
WARNINGS = {
    "bsn_fails_11_proof": "BSN voldoet niet aan de 11-proef",
    "rooms_age_outside_18_24": "Kamers met Kansen: leeftijd buiten 18 t/m 24 jaar",
    "invoice_for_convenantpartner": "Factuur voor traject van een convenantpartner",
    "unknown_column": "Onbekende kolom genegeerd",
}

_FOLD = re.compile(r"[\s\-_.]+")


def fold(value: str) -> str:
    """Matching key for a header or code value: casefolded, without spaces, hyphens or dots."""
    return _FOLD.sub("", str(value).strip().casefold())


def lookup(list_name: str) -> dict[str, str]:
    """Folded spelling -> code for one code list: codes, Dutch labels and aliases."""
    table: dict[str, str] = {}
    for code, label in CODE_LISTS[list_name].items():
        table[fold(code)] = code
        table[fold(label)] = code
    for alias, code in ALIASES.get(list_name, {}).items():
        table[fold(alias)] = code
    return table


def to_codes(values: pd.Series, list_name: str) -> pd.Series:
    """Map raw values to codes (vectorised); unknown or empty values become <NA>."""
    folded = values.astype("string").str.strip().str.casefold().str.replace(_FOLD, "", regex=True)
    return folded.map(lookup(list_name)).astype("string")


def label(list_name: str, code: str | None) -> str:
    """Dutch label for a code; `Onbekend` for a missing code or the sustainability `unknown`."""
    labels = CODE_LISTS[list_name]
    if code in labels:
        return labels[code]
    if code is None or code == "unknown":
        return UNKNOWN_LABEL
    raise KeyError(f"{code!r} is not a code of {list_name}")
