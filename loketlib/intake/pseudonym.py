"""Keyed pseudonyms for BSNs (key: :mod:`loketlib.intake.keys`), and the 11-proef."""

from __future__ import annotations

import hashlib
import hmac

import pandas as pd

from loketlib.intake.keys import secret_key
from loketlib.intake.vector import per_distinct_frame

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def normalise_bsn(bsn: pd.Series) -> pd.Series:
    """Digits only, left-padded to 9; <NA> when empty."""
    digits = bsn.astype("string").str.replace(r"\D", "", regex=True)
    digits = digits.mask(digits.eq(""))
    return digits.str.zfill(9)


def pseudonymise(bsn: pd.Series) -> pd.Series:
    return per_distinct_frame(bsn, _pseudonymise)


def _pseudonymise(bsn: pd.Series) -> pd.Series:
    """HMAC-SHA256 of the normalised BSN, 16 hex characters; <NA> without a BSN."""
    normal = normalise_bsn(bsn)
    key = secret_key()
    unique = normal.dropna().unique()
    table = {v: hmac.new(key, v.encode(), hashlib.sha256).hexdigest()[:16] for v in unique}
    return normal.map(table).astype("string")


def passes_11_proof(bsn: pd.Series) -> pd.Series:
    """True where a BSN has 8–9 digits that pass the 11-proef; <NA> where there is no BSN."""
    return per_distinct_frame(bsn, _passes_11_proof)


def _passes_11_proof(bsn: pd.Series) -> pd.Series:
    raw = bsn.astype("string").str.strip()
    normal = normalise_bsn(raw)
    shape_ok = raw.str.fullmatch(r"\d{8,9}").fillna(False).astype(bool)
    total = pd.Series(0, index=bsn.index, dtype="Int64")
    for position, weight in enumerate(_WEIGHTS):
        digit = pd.to_numeric(normal.str[position], errors="coerce").astype("Int64")
        total = total + digit.fillna(0) * weight
    ok = shape_ok & total.mod(11).eq(0).fillna(False) & total.ne(0)
    return ok.astype("boolean").mask(normal.isna())
