"""Cleaning (data contract, section 2): every raw row ends clean, quarantined or de-duplicated.

OWNER: clean helper. This stub fixes the interface the rest of the library relies on.

Clean frames (``CleanExport.tables[sheet]``) have one column per :mod:`loketlib.sheets` column,
named by ``Column.name``, without the personal columns. Dtypes: text and code columns are
pandas strings (codes are the English codes of :mod:`loketlib.codes`), dates are
``datetime64`` (NaT when empty), money and number are ``float64``, int is ``Int64``, bool is
``boolean`` (defaults applied). ``trajecten`` also has ``person_key`` (keyed pseudonym of the
BSN, <NA> without a BSN) and ``age_at_registration`` (``Int64``). Every sheet is present,
as an empty frame with these columns when the export lacks an optional sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


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
