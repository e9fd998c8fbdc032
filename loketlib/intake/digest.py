"""Content hashes for caches: of an export, of loket's code, of any files (light imports)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from loketlib.intake.keys import key_fingerprint
from loketlib.intake.limits import check_path

PACKAGE = Path(__file__).resolve().parent
#: Modules whose code decides what the clean data looks like.
CLEANING_CODE = ("export", "limits", "parse", "clean", "schemas", "codes", "sheets", "pseudonym")
FORMAT = 2


def file_sha256(path: Path) -> str:
    """The sha256 of one file's content, in hex."""
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def files(paths: Iterable[Path], digest=None):
    """Feed file names and contents to a sha256 (new one unless given); returns it.

    Each file adds its name's length, its name and the sha256 of its content (fixed length),
    so that no two different lists of files feed the same bytes."""
    digest = digest or hashlib.sha256()
    for path in paths:
        name = path.name.lower().encode()
        digest.update(len(name).to_bytes(8, "big") + name)
        digest.update(bytes.fromhex(file_sha256(path)))
    return digest


def export_digest(path: Path) -> str:
    """Hash of the export's content (every file of a CSV folder, by name), not of its path."""
    path = Path(path)
    check_path(path)  # a pipe or device named like an export would block or never end
    members = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    return files(members).hexdigest()


def code_digest(modules: Iterable[str] | None = None) -> str:
    """Hash of loket's own code: the named modules, or every module of the package."""
    paths = (
        [PACKAGE / f"{m}.py" for m in modules]
        if modules is not None
        else sorted(p for p in PACKAGE.rglob("*.py"))
    )
    return files(paths, hashlib.sha256(str(FORMAT).encode())).hexdigest()


def clean_key(path: Path) -> str:
    """Identifies a cleaning result: export content, cleaning code and pseudonymisation key."""
    parts = f"{export_digest(path)}:{code_digest(CLEANING_CODE)}:{key_fingerprint()}"
    return hashlib.sha256(parts.encode()).hexdigest()[:20]
