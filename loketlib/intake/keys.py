"""The pseudonymisation key (light: no heavy imports, so cache checks stay fast).

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

from loketlib.paths import ROOT


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
