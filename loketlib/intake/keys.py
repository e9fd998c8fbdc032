"""The pseudonymisation key (light: no heavy imports, so cache checks stay fast).

The key comes from the environment variable ``LOKET_PSEUDONYM_KEY`` or else from the key file
``LOKET_KEY_FILE`` (default ``.loket-key`` in the repository root), which is created with 32
random bytes (64 hex characters, mode 0600) on first use. Keep that file (or the variable) to
keep pseudonyms stable across years. A key shorter than :data:`MIN_LENGTH` characters is refused,
and so is a key file that others than its owner may read or write (mode wider than 0600).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from loketlib.errors import RunError
from loketlib.paths import ROOT

#: Shortest key accepted (characters after trimming): 32 hex characters are 128 random bits.
MIN_LENGTH = 32
HOW_TO = (
    "maak een nieuwe met: python3 -c 'import secrets; print(secrets.token_hex(32))' "
    "(of verwijder het lege bestand: loket maakt dan zelf een sleutel)"
)


def key_file() -> Path:
    return Path(os.environ.get("LOKET_KEY_FILE", ROOT / ".loket-key"))


def secret_key() -> bytes:
    """The pseudonymisation key (never printed, never written anywhere but its own file)."""
    if "LOKET_PSEUDONYM_KEY" in os.environ:
        return _checked(os.environ["LOKET_PSEUDONYM_KEY"], "LOKET_PSEUDONYM_KEY")
    path = key_file()
    if not path.exists():
        _create(path)
    with path.open(encoding="utf-8") as handle:
        key = _checked(handle.read(), str(path))
        _check_private(os.fstat(handle.fileno()).st_mode, path)
    return key


def _checked(text: str, where: str) -> bytes:
    key = text.strip()
    if len(key) < MIN_LENGTH:
        problem = "is leeg" if not key else f"is te kort ({len(key)} tekens, minimaal {MIN_LENGTH})"
        raise RunError(f"pseudonimiseringssleutel {where} {problem}; {HOW_TO}")
    return key.encode()


def _check_private(mode: int, path: Path) -> None:
    """Refuse a key file that group or others may read or write: the key is a secret."""
    mode = stat.S_IMODE(mode)
    if os.name == "posix" and mode & 0o077:
        raise RunError(
            f"pseudonimiseringssleutel {path} is ook voor anderen toegankelijk "
            f"(rechten {mode:04o}); maak hem privé met: chmod 600 {path}"
        )


def _create(path: Path) -> None:
    """Write a new random key so that concurrent first runs all end with the same, complete key:
    the key is written in full to a private temporary file beside ``path``, which is then
    linked to ``path`` (a link never replaces an existing file: the first one wins)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)
    except FileExistsError:
        pass  # another run made the key first: use theirs
    finally:
        tmp.unlink(missing_ok=True)


def key_fingerprint() -> str:
    """A short value that changes when the key changes (for cache keys); reveals nothing."""
    return hmac.new(secret_key(), b"loket-fingerprint", hashlib.sha256).hexdigest()[:12]
