"""A de-identified tenant-level dataset of the arrears research, for researchers' own tools.

:func:`build` turns the research's tenants frame (:func:`loketlib.research.arrears.tenants`)
into one row per tenant with Dutch labels and no identifying value: no trajectory number,
BSN, person key, name or birth date; a fresh random study id per release (rows shuffled);
no calendar date but the lease start year and months since the lease start; ages in bands.
The quasi-identifiers (:data:`QUASI_IDENTIFIERS`) are generalised step by step
(:data:`STEPS`) until at most :data:`MAX_SUPPRESSED_SHARE` of the rows sit in a combination
of fewer than ``k`` tenants; those rows then get "Onderdrukt" for every quasi-identifier,
and are removed when even that group stays below ``k``. :func:`write` writes huurders.csv,
huurders.parquet, huurders.sav (SPSS, variable and value labels), datapackage.json (a
Frictionless Data Package) and LEESMIJ.md.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from random import SystemRandom

import pandas as pd

from loketlib.intake import codes
from loketlib.research import arrears

SUPPRESSED = "Onderdrukt"
MAX_SUPPRESSED_SHARE = 0.05
HORIZONS = (6, 12, 24)


@dataclass(frozen=True)
class Field:
    name: str
    title: str  # Dutch
    description: str  # Dutch
    type: str  # string (categories), integer or number
    categories: tuple[str, ...] = ()


_YES_NO = (arrears.YES_LABEL, arrears.NO_LABEL, arrears.UNKNOWN_LABEL)


def _labels(values: dict[str, str]) -> tuple[str, ...]:
    return (*values.values(), arrears.UNKNOWN_LABEL)


#: The quasi-identifiers: fields that, combined, could single out a tenant.
QUASI_IDENTIFIERS = ("regio", "startjaar", "corporatie", "huishouden", "leeftijdsgroep")

#: Generalisation steps, tried in this order: (field, Dutch description, value -> value).
STEPS: tuple[tuple[str, str, dict[str, str] | str], ...] = (
    (
        "leeftijdsgroep",
        "leeftijdsgroepen samengevoegd tot 18-34 en 35+",
        {"18-24": "18-34", "25-34": "18-34", "35-49": "35+", "50+": "35+"},
    ),
    (
        "huishouden",
        "huishouden teruggebracht tot alleenstaand of paar (met of zonder kinderen)",
        {
            "Alleenstaand": "Alleenstaand (met of zonder kinderen)",
            "Alleenstaand met kind(eren)": "Alleenstaand (met of zonder kinderen)",
            "Paar": "Paar (met of zonder kinderen)",
            "Paar met kind(eren)": "Paar (met of zonder kinderen)",
        },
    ),
    ("startjaar", "startjaar weggelaten (alle startjaren samen)", "Alle startjaren"),
    ("corporatie", "corporatie weggelaten (alle corporaties samen)", "Alle corporaties"),
    ("regio", "regio weggelaten (heel Zuid-Limburg)", "Zuid-Limburg"),
    ("leeftijdsgroep", "leeftijdsgroep weggelaten", "Alle leeftijden"),
    ("huishouden", "huishouden weggelaten", "Alle huishoudens"),
)


def fields(cohorts: list[int], followup: float = arrears.MAX_FOLLOWUP_MONTHS) -> list[Field]:
    """Every field of the dataset, in order (``followup``: the follow-up cap in months)."""

    def generalised(name: str, base: tuple[str, ...]) -> tuple[str, ...]:
        extra: list[str] = []
        for step_field, _, value in STEPS:
            if step_field == name:
                extra += list(value.values()) if isinstance(value, dict) else [value]
        return tuple(dict.fromkeys([*base, *extra, SUPPRESSED]))

    months = "in maanden van 30,4375 dagen na de start van de huur, op 0,1 afgerond"
    out = [
        Field(
            "studie_id",
            "Studienummer",
            "Willekeurig nummer per huurder, nieuw bij elke uitgave; niet te koppelen aan het "
            "trajectnummer of aan een eerdere uitgave.",
            "string",
        ),
        Field(
            "regio",
            "Regio",
            "Regio van het traject (quasi-identificerend).",
            "string",
            generalised("regio", (*codes.REGION_LABELS.values(), arrears.UNKNOWN_LABEL)),
        ),
        Field(
            "startjaar",
            "Startjaar huur",
            "Jaar waarin de huur startte (quasi-identificerend).",
            "string",
            generalised("startjaar", tuple(str(y) for y in cohorts)),
        ),
        Field(
            "corporatie",
            "Woningcorporatie",
            "Corporatie van de woning (quasi-identificerend).",
            "string",
            generalised("corporatie", _labels(codes.CORPORATIONS)),
        ),
        Field(
            "huishouden",
            "Huishouden",
            "Samenstelling van het huishouden (quasi-identificerend).",
            "string",
            generalised("huishouden", _labels(codes.HOUSEHOLDS)),
        ),
        Field(
            "leeftijdsgroep",
            "Leeftijdsgroep bij aanmelding",
            "Leeftijd bij aanmelding in groepen (quasi-identificerend).",
            "string",
            generalised("leeftijdsgroep", (*arrears.AGE_BANDS, arrears.UNKNOWN_LABEL)),
        ),
        Field(
            "inkomstenbron",
            "Inkomstenbron",
            "Belangrijkste bron van inkomen.",
            "string",
            _labels(codes.INCOME_SOURCES),
        ),
        Field("bewindvoering", "Bewindvoering", "Bewindvoering bij de start.", "string", _YES_NO),
        Field(
            "huurtoeslag_bij_start",
            "Huurtoeslag geregeld bij start",
            "Was de huurtoeslag geregeld bij de start van de huur?",
            "string",
            _YES_NO,
        ),
        Field(
            "automatische_incasso",
            "Automatische incasso",
            "Betaalt de huurder de huur met een automatische incasso?",
            "string",
            _YES_NO,
        ),
        Field(
            "huurklasse",
            "Kale huur",
            "Kale huur in klassen.",
            "string",
            (*arrears.RENT_BANDS, arrears.UNKNOWN_LABEL),
        ),
        Field(
            "type_zorgaanbieder",
            "Type zorgaanbieder",
            "Type van de aanmeldende zorgaanbieder.",
            "string",
            _labels(codes.PROVIDER_TYPES),
        ),
        Field(
            "signaal",
            "Signaal van huurachterstand",
            "1 als de corporatie binnen de follow-up een signaal van huurachterstand stuurde, "
            "anders 0.",
            "integer",
        ),
        Field(
            "maanden_tot_signaal",
            "Maanden tot eerste signaal",
            f"Tijd tot het eerste signaal {months}; leeg zonder signaal binnen de follow-up.",
            "number",
        ),
        Field(
            "maanden_follow_up",
            "Maanden follow-up",
            f"Einde van de follow-up {months}: het eerste van verhuizen, {followup:g} maanden "
            "en de peildatum.",
            "number",
        ),
        Field(
            "einde_follow_up",
            "Einde follow-up",
            "Waardoor de follow-up eindigde.",
            "string",
            tuple(_REASONS.values()),
        ),
        *[
            Field(
                f"signaal_binnen_{h}",
                f"Signaal binnen {h} maanden",
                f"1: signaal binnen {h} maanden; 0: geen signaal en {h} maanden gevolgd; leeg: "
                f"gecensureerd (minder dan {h} maanden gevolgd zonder signaal).",
                "integer",
            )
            for h in horizons(followup)
        ],
    ]
    return out


_REASONS = {"moved": "Verhuisd", "cap": "Einde termijn", "peildatum": "Peildatum"}

_FACTOR_FIELDS = {
    "corporatie": "corporation",
    "huishouden": "household",
    "leeftijdsgroep": "age_band",
    "inkomstenbron": "income_source",
    "bewindvoering": "guardianship",
    "huurtoeslag_bij_start": "rent_allowance_at_start",
    "automatische_incasso": "direct_debit",
    "huurklasse": "rent_band",
    "type_zorgaanbieder": "provider_type",
}


@dataclass
class Release:
    """One release: the rows, and what was done to protect them."""

    frame: pd.DataFrame
    k: int
    followup: float = arrears.MAX_FOLLOWUP_MONTHS
    steps: list[str] = field(default_factory=list)
    suppressed: int = 0
    removed: int = 0


def horizons(followup: float) -> list[int]:
    """The horizons of the ``signaal_binnen_H`` fields: those within the follow-up."""
    return [h for h in HORIZONS if h <= followup]


def _small(frame: pd.DataFrame, k: int) -> pd.Series:
    """Rows whose quasi-identifier combination holds fewer than ``k`` rows."""
    sizes = frame.groupby(list(QUASI_IDENTIFIERS), dropna=False)["studie_id"].transform("size")
    return sizes < k


def build(tenants: pd.DataFrame, k: int = 5) -> Release:
    """The de-identified rows of ``tenants`` (see the module docstring) and its protection."""
    if k < 1:
        raise ValueError("k must be at least 1")
    n = len(tenants)
    rows = pd.DataFrame(index=tenants.index)
    rows["studie_id"] = _study_ids(n)
    region = tenants["region"].astype("string")
    rows["regio"] = region.map(codes.REGION_LABELS).fillna(arrears.UNKNOWN_LABEL)
    rows["startjaar"] = tenants["lease_start_on"].dt.year.astype("int64").astype(str)
    for name, column in _FACTOR_FIELDS.items():
        rows[name] = arrears.factor_labels(tenants, column)
    event = tenants["event"].astype(bool)
    rows["signaal"] = event.astype("int64")
    rows["maanden_tot_signaal"] = tenants["event_months"].where(event).round(1)
    rows["maanden_follow_up"] = tenants["followup_end_months"].round(1)
    rows["einde_follow_up"] = tenants["followup_reason"].map(_REASONS)
    followup = float(tenants.attrs.get("followup_months", arrears.MAX_FOLLOWUP_MONTHS))
    for h in horizons(followup):
        within, observed = arrears.horizon_flags(tenants, h)
        rows[f"signaal_binnen_{h}"] = within.astype("Int64").where(observed)
    for name in rows.columns:
        if rows[name].dtype == object:
            rows[name] = rows[name].astype("string")
    rows = rows.iloc[SystemRandom().sample(range(n), n)].reset_index(drop=True)

    release = Release(rows, k, followup)
    threshold = MAX_SUPPRESSED_SHARE * n
    for name, description, mapping in STEPS:
        small = _small(release.frame, k)
        if small.sum() <= threshold:
            break
        column = release.frame[name]
        if isinstance(mapping, dict):
            release.frame[name] = column.map(lambda v, m=mapping: m.get(v, v)).astype("string")
        else:
            release.frame[name] = pd.Series(mapping, index=column.index, dtype="string")
        release.steps.append(description)
    small = _small(release.frame, k)
    if small.any():
        release.frame.loc[small, list(QUASI_IDENTIFIERS)] = SUPPRESSED
        release.suppressed = int(small.sum())
        if release.suppressed < k:
            release.frame = release.frame[~small].reset_index(drop=True)
            release.removed, release.suppressed = release.suppressed, 0
    return release


def _study_ids(n: int) -> list[str]:
    ids: set[str] = set()
    while len(ids) < n:
        ids.add("S" + secrets.token_hex(5).upper())
    return list(ids)


def smallest_group(frame: pd.DataFrame) -> int:
    """The size of the smallest quasi-identifier combination (0 for no rows)."""
    if frame.empty:
        return 0
    return int(frame.groupby(list(QUASI_IDENTIFIERS), dropna=False).size().min())


# ---------------------------------------------------------------------------- writing


def package(release: Release, cohorts: list[int], meta: dict) -> dict:
    """The Frictionless Data Package descriptor (datapackage.json) of a release."""
    schema_fields = []
    for f in fields(cohorts, release.followup):
        spec: dict = {"name": f.name, "title": f.title, "description": f.description}
        spec["type"] = f.type
        if f.categories:
            spec["constraints"] = {"enum": list(f.categories)}
        if f.name == "signaal" or f.name.startswith("signaal_binnen_"):
            spec["constraints"] = {"enum": [0, 1]}
        if f.name == "studie_id":
            spec["constraints"] = {"required": True, "unique": True}
        schema_fields.append(spec)
    return {
        "name": "loket-huurachterstand-huurders",
        "title": "Loket Housing: huurders en huurachterstand (gedeïdentificeerd)",
        "description": (
            f"Eén rij per huurder van Loket Housing in {meta['region_label']}, startjaar huur "
            f"{meta['years']}, peildatum {meta['peildatum']}. Zie LEESMIJ.md."
        ),
        "created": meta["created"],
        "resources": [
            {
                "name": "huurders",
                "path": "huurders.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": schema_fields,
                    "missingValues": [""],
                    "primaryKey": ["studie_id"],
                },
            }
        ],
        "quasiIdentifiers": list(QUASI_IDENTIFIERS),
        "kAnonymity": release.k,
    }


def write(release: Release, out: Path, cohorts: list[int], meta: dict) -> list[Path]:
    """Write the release's five files to ``out``; return their paths.

    ``meta``: ``source`` (export file name), ``region_label``, ``years`` (text),
    ``peildatum`` (DD-MM-YYYY), ``created`` (ISO date-time).
    """
    out.mkdir(parents=True, exist_ok=True)
    frame = release.frame
    paths = {name: out / name for name in ("huurders.csv", "huurders.parquet", "huurders.sav")}
    frame.to_csv(paths["huurders.csv"], index=False, encoding="utf-8", float_format="%.1f")
    frame.to_parquet(paths["huurders.parquet"], index=False)
    _write_sav(frame, fields(cohorts, release.followup), paths["huurders.sav"])
    descriptor = out / "datapackage.json"
    text = json.dumps(package(release, cohorts, meta), ensure_ascii=False, indent=2)
    descriptor.write_text(text + "\n", encoding="utf-8")
    readme = out / "LEESMIJ.md"
    readme.write_text(leesmij(release, cohorts, meta), encoding="utf-8")
    return [*paths.values(), descriptor, readme]


def _write_sav(frame: pd.DataFrame, specs: list[Field], path: Path) -> None:
    """SPSS file: categories as numeric codes 1..n with value labels; variable labels."""
    import pyreadstat

    data = pd.DataFrame(index=frame.index)
    value_labels: dict[str, dict[float, str]] = {}
    for spec in specs:
        column = frame[spec.name]
        if spec.categories:
            codes_ = {label: float(i) for i, label in enumerate(spec.categories, start=1)}
            data[spec.name] = column.map(codes_).astype("float64")
            value_labels[spec.name] = {v: k for k, v in codes_.items()}
        elif spec.type == "string":
            data[spec.name] = column.astype(object)
        else:
            data[spec.name] = column.astype("Float64").astype("float64")
    pyreadstat.write_sav(
        data,
        str(path),
        column_labels=[s.title for s in specs],
        variable_value_labels=value_labels,
        variable_measure={s.name: "nominal" for s in specs if s.categories},
    )


def leesmij(release: Release, cohorts: list[int], meta: dict) -> str:
    """LEESMIJ.md: source, selection, definitions, privacy measures, terms of use."""
    frame = release.frame
    lines = [
        "# Huurders en huurachterstand: gedeïdentificeerde dataset",
        "",
        "## Bron en selectie",
        "",
        f"- Bron: export van het registratiesysteem van Loket Housing ({meta['source']}).",
        f"- Selectie: huurders van het product Housing in {meta['region_label']} met een "
        f"startdatum van de huur in {meta['years']}, uiterlijk op de peildatum "
        f"{meta['peildatum']}; niets van na de peildatum telt mee.",
        f"- Aantal rijen: {len(frame)} (één per huurder).",
        f"- Gemaakt: {meta['created']} met `loket research-data`.",
        "- Bestanden: `huurders.csv` (UTF-8, komma als scheidingsteken, punt als decimaalteken), "
        "`huurders.parquet`, `huurders.sav` (SPSS, met variabele- en waardelabels) en "
        "`datapackage.json` (Frictionless Data Package met alle velden en categorieën).",
        "",
        "## Definities",
        "",
        "Maanden zijn dagen gedeeld door 30,4375. De follow-up van een huurder loopt vanaf de "
        "start van de huur tot het eerste van: verhuizen (de eerste nameting die niet "
        f'"in bemiddelde woning" zegt), {release.followup:g} maanden na de start, of de '
        "peildatum. Wie zonder "
        "signaal eerder uit beeld raakt, is gecensureerd. Lege cellen zijn ontbrekende waarden; "
        '"Onbekend" betekent dat de export het kenmerk niet vermeldt.',
        "",
        "| Veld | Titel | Beschrijving |",
        "| --- | --- | --- |",
    ]
    for f in fields(cohorts, release.followup):
        lines.append(f"| `{f.name}` | {f.title} | {f.description} |")
    lines += [
        "",
        "## Privacymaatregelen",
        "",
        "- Geen trajectnummer, BSN, persoonssleutel, naam of geboortedatum; het studienummer "
        "is willekeurig en nieuw bij elke uitgave, en de volgorde van de rijen is willekeurig.",
        "- Geen kalenderdata: alleen het startjaar van de huur en tijden in maanden sinds de "
        "start van de huur. Leeftijd alleen in groepen.",
        f"- Quasi-identificerende velden: {', '.join(QUASI_IDENTIFIERS)}. Elke combinatie van "
        f"deze velden komt bij ten minste k = {release.k} huurders voor (k-anonimiteit); "
        f"de kleinste combinatie telt nu {smallest_group(frame)} huurders.",
    ]
    if release.steps:
        lines.append("- Daarvoor is gegeneraliseerd: " + "; ".join(release.steps) + ".")
    else:
        lines.append("- Er hoefde niets gegeneraliseerd te worden.")
    if release.suppressed:
        lines.append(
            f"- Bij {release.suppressed} huurders zijn alle quasi-identificerende velden "
            f'vervangen door "{SUPPRESSED}" (hun combinatie bleef kleiner dan k).'
        )
    if release.removed:
        lines.append(
            f"- {release.removed} huurders zijn weggelaten: ook met alle quasi-identificerende "
            "velden onderdrukt bleef hun groep kleiner dan k."
        )
    lines += [
        "",
        "## Gebruiksvoorwaarden",
        "",
        "- Alleen voor onderzoek naar het ontstaan en voorkomen van huurachterstanden.",
        "- Probeer niet te achterhalen wie een huurder is, en koppel de gegevens niet aan "
        "andere bronnen over personen.",
        "- Deel de bestanden niet verder zonder toestemming van Loket Housing; bewaar ze "
        "beveiligd en verwijder ze na het onderzoek.",
        "- Publiceer geen aantallen kleiner dan k en vermeld de bron: Loket Housing.",
        "",
    ]
    return "\n".join(lines)
