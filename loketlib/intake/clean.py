"""Cleaning (data contract, section 2): every raw row ends clean, quarantined or de-duplicated.

Clean frames (``CleanExport.tables[sheet]``) have one column per :mod:`loketlib.intake.sheets`
column, named by ``Column.name``, without the personal columns, plus ``source_row`` (the row in the
export). Dtypes: text and code columns are pandas strings (codes are the English codes of
:mod:`loketlib.intake.codes`), dates are ``datetime64`` (NaT when empty), money and number are
``float64``, int is ``Int64``, bool is ``boolean`` (defaults applied). ``trajecten`` also has
``person_key`` (keyed pseudonym of the BSN, <NA> without a BSN) and ``age_at_registration``
(``Int64``). Every sheet is present, as an empty frame when the export lacks an optional sheet.

Readings of the contract: exact duplicates are found on the parsed values (so ``ZO Wonen`` and
``ZOwonen`` are the same) with unparseable cells compared as raw text; a row is filed under
the first reason of ``codes.QUARANTINE_REASONS`` that applies and ``detail`` lists them all;
``Aanmelder`` matches a provider's name case-insensitively, ignoring spaces and punctuation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from loketlib.intake import parse, pseudonym, schemas
from loketlib.intake.codes import QUARANTINE_REASONS, fold
from loketlib.intake.export import ROW, RawExport
from loketlib.intake.sheets import SHEETS, Sheet
from loketlib.intake.vector import is_in, per_distinct

QUARANTINE_COLUMNS = ["sheet", "row", "trajectory_id", "reason", "detail", "raw"]
WARNING_COLUMNS = ["sheet", "code", "column", "trajectory_id", "detail"]

#: A birth date more than this many years before the registration date is impossible.
MAX_AGE_YEARS = 110

#: (later, earlier) date pairs of a trajectory that must not be out of order.
DATE_ORDER = (
    ("intake_on", "registered_on"),
    ("corporation_registered_on", "registered_on"),
    ("lease_start_on", "registered_on"),
    ("closed_on", "registered_on"),
    ("lease_start_on", "corporation_registered_on"),
    ("closed_on", "lease_start_on"),
)


@dataclass(frozen=True)
class CleanExport:
    """The result of cleaning one export.

    tables: sheet name -> clean frame (see module docstring).
    quarantine: one row per quarantined raw row: ``sheet``, ``row`` (row number in the
        source file), ``trajectory_id``, ``reason`` (first reason, a code of
        ``codes.QUARANTINE_REASONS``), ``detail`` (every reason with its column), ``raw``
        (the raw values as JSON text: holds personal data, never shown in a report).
    counts: sheet -> {"read", "clean", "quarantined", "duplicates_removed"}; read is always
        the sum of the other three.
    warnings: one row per warning: ``sheet``, ``code`` (``codes.WARNINGS``), ``column``,
        ``trajectory_id`` (may be <NA>), ``detail``. No personal data.
    source: the export's file or folder name (no directory).
    """

    tables: dict[str, pd.DataFrame]
    quarantine: pd.DataFrame
    counts: dict[str, dict[str, int]]
    warnings: pd.DataFrame
    source: str


def clean(raw: RawExport) -> CleanExport:
    """Parse, check and pseudonymise every sheet of a raw export."""
    tables, quarantined, counts, warnings = {}, [], {}, []
    order = ["zorgaanbieders", "taakstelling", "trajecten"]
    order += [name for name in SHEETS if name not in order]
    for name in order:
        sheet = SHEETS[name]
        frame = raw.sheets.get(name)
        if frame is None:
            frame = pd.DataFrame({c.name: pd.Series(dtype=object) for c in sheet.columns})
            frame[ROW] = pd.Series(dtype="Int64")
        good, bad, duplicates = _clean_sheet(frame, sheet, tables)
        tables[name] = schemas.validate(name, good)
        quarantined.append(bad)
        counts[name] = {
            "read": len(frame),
            "clean": len(good),
            "quarantined": len(bad),
            "duplicates_removed": duplicates,
        }
        warnings.append(_unknown_columns(name, raw.extra_columns.get(name, [])))
    warnings += _row_warnings(tables)
    ordered = {name: tables[name] for name in SHEETS}
    quarantine = pd.concat(quarantined, ignore_index=True).astype({"row": "Int64"})
    return CleanExport(
        ordered, quarantine, {n: counts[n] for n in SHEETS}, _frame(warnings), raw.source
    )


def _clean_sheet(
    frame: pd.DataFrame, sheet: Sheet, done: dict[str, pd.DataFrame]
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    parsed, reasons = {}, {r: pd.Series(False, index=frame.index) for r in QUARANTINE_REASONS}
    details = []
    for column in sheet.columns:
        if column.name not in frame:
            parsed[column.name] = parse.parse(
                pd.Series(pd.NA, index=frame.index, dtype=object), column.kind, column.default
            )[0]
            continue
        values, bad, over = parse.parse(
            frame[column.name], column.kind, column.default, column.maximum
        )
        parsed[column.name] = values
        reason = "unknown_code" if column.kind.startswith("code:") else "unparseable"
        _flag(reasons, details, reason, bad, column.header)
        _flag(reasons, details, "too_large", over, column.header)
        if column.required_value:
            _flag(reasons, details, "missing_required", values.isna() & ~bad & ~over, column.header)
        if column.kind in ("int", "money", "number"):
            _flag(reasons, details, "negative_value", values < 0, column.header)
    clean = pd.DataFrame(parsed, index=frame.index)
    if sheet.name == "trajecten":
        clean["referrer"] = _canonical_referrer(clean["referrer"], done["zorgaanbieders"])
    duplicate = _exact_duplicates(frame, clean)
    if "trajectory_id" in clean:
        _flag(reasons, details, "missing_key", clean["trajectory_id"].isna(), "Trajectnummer")
        reasons["missing_required"] &= ~reasons["missing_key"]
    if sheet.key:
        keyed = clean.loc[~duplicate, list(sheet.key)]
        if "provider" in keyed:  # providers are matched by folded name, so keyed by it too
            keyed = keyed.assign(provider=per_distinct(keyed["provider"], fold))
        conflict = keyed.notna().all(axis=1) & keyed.duplicated(keep=False)
        conflict = conflict.reindex(frame.index, fill_value=False)
        _flag(reasons, details, "conflicting_duplicate", conflict, sheet.key[0])
    if sheet.name == "trajecten":
        _trajectory_rules(clean, reasons, details, done["zorgaanbieders"])
    elif "trajectory_id" in clean:
        known = done["trajecten"]["trajectory_id"]
        unknown = clean["trajectory_id"].notna() & ~is_in(clean["trajectory_id"], known)
        _flag(reasons, details, "unknown_trajectory", unknown, "Trajectnummer")
    flags = pd.DataFrame(reasons)[list(QUARANTINE_REASONS)] & ~duplicate.to_numpy()[:, None]
    bad = flags.any(axis=1)
    good = clean[~bad & ~duplicate].copy()
    good["source_row"] = frame.loc[good.index, ROW].astype("Int64")
    return (
        good.reset_index(drop=True),
        _quarantine(frame, clean, flags, bad, details, sheet),
        int(duplicate.sum()),
    )


def _flag(reasons: dict, details: list, reason: str, mask: pd.Series, header: str) -> None:
    mask = mask.fillna(False).astype(bool)
    if mask.any():
        reasons[reason] = reasons[reason] | mask
        details.append((reason, header, mask))


def _exact_duplicates(frame: pd.DataFrame, clean: pd.DataFrame) -> pd.Series:
    """Rows identical to an earlier row after parsing (unparseable cells compared raw).

    Identical rows share every column, so only rows whose first two columns repeat are
    compared in full.
    """
    lead = list(clean.columns[:2])
    candidates = clean[lead].duplicated(keep=False)
    duplicate = pd.Series(False, index=frame.index)
    if not candidates.any():
        return duplicate
    norm = clean[candidates].astype("string")
    for column in clean.columns:
        if column in frame:
            raw = parse.text(frame.loc[candidates, column])
            norm[column] = norm[column].fillna("raw:" + raw.fillna(""))
    duplicate[candidates] = norm.duplicated(keep="first")
    return duplicate


def _trajectory_rules(clean: pd.DataFrame, reasons: dict, details: list, providers) -> None:
    for later, earlier in DATE_ORDER:
        _flag(reasons, details, "dates_out_of_order", clean[later] < clean[earlier], later)
    closed = clean["closed_on"].notna()
    _flag(
        reasons,
        details,
        "closed_without_result",
        closed & clean["closure_result"].isna(),
        "Resultaat afsluiting",
    )
    _flag(
        reasons,
        details,
        "negative_without_reason",
        clean["closure_result"].eq("negative") & clean["closure_reason"].isna(),
        "Reden afsluiting",
    )
    unknown = clean["referrer"].notna() & ~is_in(clean["referrer"], providers["provider"])
    _flag(reasons, details, "unknown_referrer", unknown, "Aanmelder")
    # yyyymmdd numbers: their difference // 10000 is the age in completed years.
    registered, born = _yyyymmdd(clean["registered_on"]), _yyyymmdd(clean["birth_date"])
    _flag(reasons, details, "birth_after_registration", born > registered, "Geboortedatum")
    too_early = born < registered - MAX_AGE_YEARS * 10_000
    _flag(reasons, details, "birth_too_early", too_early, "Geboortedatum")
    clean["age_at_registration"] = ((registered - born) // 10_000).astype("Int64")
    clean["person_key"] = pseudonym.pseudonymise(clean["bsn"])
    clean["bsn_valid"] = pseudonym.passes_11_proof(clean["bsn"])
    for personal in ("bsn", "name", "birth_date"):
        del clean[personal]


def _yyyymmdd(dates: pd.Series) -> pd.Series:
    return dates.dt.year * 10_000 + dates.dt.month * 100 + dates.dt.day


def _canonical_referrer(referrer: pd.Series, providers: pd.DataFrame) -> pd.Series:
    """The provider's own spelling of a referrer that matches it after `fold`."""
    canonical = dict(zip(providers["provider"].map(fold), providers["provider"], strict=True))
    folded = per_distinct(referrer, fold)
    return folded.map(canonical).astype("string").fillna(referrer).astype("string")


def _quarantine(frame, clean, flags, bad, details, sheet) -> pd.DataFrame:
    if not bad.any():
        return pd.DataFrame(columns=QUARANTINE_COLUMNS)
    rows = flags[bad]
    first = rows.idxmax(axis=1)
    detail = pd.Series("", index=rows.index)
    for reason, header, mask in details:
        hit = mask.reindex(rows.index, fill_value=False) & rows[reason]
        detail[hit] = detail[hit] + f"{reason}: {header}; "
    raw = frame.loc[rows.index].drop(columns=ROW).astype("string")
    trajectory = clean["trajectory_id"] if "trajectory_id" in clean else None
    return pd.DataFrame(
        {
            "sheet": sheet.name,
            "row": frame.loc[rows.index, ROW].astype("Int64"),
            "trajectory_id": trajectory.loc[rows.index] if trajectory is not None else pd.NA,
            "reason": first,
            "detail": detail.str.removesuffix("; "),
            "raw": [json.dumps(r, ensure_ascii=False) for r in raw.to_dict("records")],
        }
    )


def _unknown_columns(sheet: str, extra: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sheet": sheet,
            "code": "unknown_column",
            "column": extra,
            "trajectory_id": pd.NA,
            "detail": "kolom genegeerd",
        }
    )


def _row_warnings(tables: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    t = tables["trajecten"]
    out = []
    failing = t[t["bsn_valid"].eq(False).fillna(False).astype(bool)]
    out.append(_warn("trajecten", "bsn_fails_11_proof", "BSN", failing, "BSN voldoet niet"))
    age = t["age_at_registration"]
    rooms = t[t["product"].eq("rooms_with_chances") & age.notna() & ~age.between(18, 24)]
    out.append(
        _warn(
            "trajecten",
            "rooms_age_outside_18_24",
            "Geboortedatum",
            rooms,
            "leeftijd " + rooms["age_at_registration"].astype("string"),
        )
    )
    providers = tables["zorgaanbieders"].set_index("provider")["provider_type"]
    kind = t.set_index("trajectory_id")["referrer"].map(providers)
    invoices = tables["facturen"]
    covenant = invoices[invoices["trajectory_id"].map(kind).eq("convenantpartner").fillna(False)]
    out.append(
        _warn(
            "facturen",
            "invoice_for_convenantpartner",
            "Trajectnummer",
            covenant,
            "aanmelder is convenantpartner",
        )
    )
    return out


def _warn(sheet: str, code: str, column: str, rows: pd.DataFrame, detail) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sheet": sheet,
            "code": code,
            "column": column,
            "trajectory_id": rows["trajectory_id"].to_numpy(),
            "detail": detail,
        }
    )


def _frame(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in WARNING_COLUMNS})
    return pd.concat(parts, ignore_index=True).astype("string")
