"""Pandera schemas of the clean frames, built from :mod:`loketlib.intake.sheets`.

Cleaning quarantines bad rows itself (vectorised masks, one reason per row); these schemas are
the contract of what comes out: dtypes, code values, required values and unique keys. A clean
frame that breaks its schema is a bug in loket, not in the export, and raises.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pandera.pandas as pa

from loketlib.intake.codes import CODE_LISTS
from loketlib.intake.sheets import SHEETS

_DTYPES = {
    "text": "string",
    "date": "datetime64[us]",
    "money": "float64",
    "number": "float64",
    "int": "Int64",
    "bool": "boolean",
}

_EXTRA = {
    "trajecten": {
        "person_key": pa.Column("string", nullable=True),
        "age_at_registration": pa.Column("Int64", pa.Check.between(0, 120), nullable=True),
        "bsn_valid": pa.Column("boolean", nullable=True),
    }
}


@cache
def schema(sheet_name: str) -> pa.DataFrameSchema:
    """The schema of one clean sheet."""
    sheet = SHEETS[sheet_name]
    columns = {}
    for column in sheet.columns:
        if column.personal:
            continue
        checks = []
        if column.kind.startswith("code:"):
            dtype = "string"
            checks.append(pa.Check.isin(list(CODE_LISTS[column.kind.removeprefix("code:")])))
        else:
            dtype = _DTYPES[column.kind]
        if column.kind in ("int", "money", "number"):
            checks.append(pa.Check.ge(0))
        if column.maximum is not None:
            checks.append(pa.Check.le(column.maximum))
        nullable = not column.required_value and column.default is None
        columns[column.name] = pa.Column(dtype, checks, nullable=nullable)
    columns.update(_EXTRA.get(sheet_name, {}))
    columns["source_row"] = pa.Column("Int64")
    unique = list(sheet.key) if sheet.key else None
    return pa.DataFrameSchema(columns, strict=True, unique=unique, name=sheet_name)


def validate(sheet_name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Check a clean frame against its schema (lazy: every failure at once)."""
    return schema(sheet_name).validate(frame, lazy=True)
