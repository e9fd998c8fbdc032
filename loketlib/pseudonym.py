"""Keyed pseudonyms for BSNs, and the 11-proef.

The key comes from the environment variable ``LOKET_PSEUDONYM_KEY`` or else from the key file
``LOKET_KEY_FILE`` (default ``.loket-key`` in the repository root), which is created with a
random key on first use. Keep that file (or the variable) to keep pseudonyms stable across years.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def key_file() -> Path:
    return Path(os.environ.get("LOKET_KEY_FILE", ROOT / ".loket-key"))


def secret_key() -> bytes:
    """The pseudonymisation key (never printed, never written anywhere but its own file)."""
    if os.environ.get("LOKET_PSEUDONYM_KEY"):
        return os.environ["LOKET_PSEUDONYM_KEY"].encode()
    path = key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    return path.read_text().strip().encode()


def key_fingerprint() -> str:
    """A short value that changes when the key changes (for cache keys); reveals nothing."""
    return hmac.new(secret_key(), b"loket-fingerprint", hashlib.sha256).hexdigest()[:12]


def normalise_bsn(bsn: pd.Series) -> pd.Series:
    """Digits only, left-padded to 9; <NA> when empty."""
    digits = bsn.astype("string").str.replace(r"\D", "", regex=True)
    digits = digits.mask(digits.eq(""))
    return digits.str.zfill(9)


def pseudonymise(bsn: pd.Series) -> pd.Series:
    """HMAC-SHA256 of the normalised BSN, 16 hex characters; <NA> without a BSN."""
    normal = normalise_bsn(bsn)
    key = secret_key()
    unique = normal.dropna().unique()
    table = {v: hmac.new(key, v.encode(), hashlib.sha256).hexdigest()[:16] for v in unique}
    return normal.map(table).astype("string")


def passes_11_proof(bsn: pd.Series) -> pd.Series:
    """True where a BSN has 8–9 digits that pass the 11-proef; <NA> where there is no BSN."""
    raw = bsn.astype("string").str.strip()
    normal = normalise_bsn(raw)
    shape_ok = raw.str.fullmatch(r"\d{8,9}").fillna(False).astype(bool)
    total = pd.Series(0, index=bsn.index, dtype="Int64")
    for position, weight in enumerate(_WEIGHTS):
        digit = pd.to_numeric(normal.str[position], errors="coerce").astype("Int64")
        total = total + digit.fillna(0) * weight
    ok = shape_ok & total.mod(11).eq(0).fillna(False) & total.ne(0)
    return ok.astype("boolean").mask(normal.isna())
