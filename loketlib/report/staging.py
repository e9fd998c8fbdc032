"""Renders are transactions: one at a time per output folder, built aside, moved in whole.

A render takes the lock ``OUT/.loket-lock`` (``fcntl.flock``; a second run waits for the
first, saying so once on standard error). Each report is built in a temporary folder
``OUT/.loket-tmp-*`` that starts as a copy of the previous complete report (so unchanged
sections are reused) and is swapped with the report folder only when every part is written,
manifest included. A run that is killed leaves its temporary folder, which the next run
removes; the report folder itself always holds one complete report, or none.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from loketlib.errors import RunError
from loketlib.intake.digest import file_sha256
from loketlib.report.job import MANIFEST

LOCK = ".loket-lock"
STAGE = ".loket-tmp-"
FAILED = ".mislukt.ipynb"  # a failed section's notebook, kept beside the report for analysts


def check_out(out: Path) -> None:
    """Refuse an output folder that is a file or cannot be written, with one line."""
    if out.exists() and not out.is_dir():
        raise RunError(f"--out {out}: is een bestand, geen map")
    existing = next(p for p in (out, *out.parents) if p.exists())
    if not os.access(existing, os.W_OK | os.X_OK):
        raise RunError(f"--out {out}: map {existing} is niet schrijfbaar")


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold ``out``'s render lock; what an earlier, killed run left behind is removed first."""
    check_out(out)
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"loket: er loopt al een render in {out}; wachten tot die klaar is…",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        for abandoned in out.glob(f"{STAGE}*"):
            shutil.rmtree(abandoned, ignore_errors=True)
        yield
    finally:
        os.close(fd)  # releases the lock


def stage(target: Path, out: Path) -> Path:
    """A temporary folder in ``out`` holding a copy of the complete report in ``target``.

    Reports nested in ``target`` (``extern/``) are carried along as hard links, untouched;
    notebooks of failed sections are left behind. The first error stops the copy."""
    tmp = Path(tempfile.mkdtemp(prefix=STAGE, dir=out))
    os.chmod(tmp, 0o777 & ~_umask())  # as a folder made with mkdir (mkdtemp makes it 0700)
    if not target.is_dir():
        return tmp
    nested = {p.name for p in target.iterdir() if (p / MANIFEST).is_file()}
    try:
        for folder, _dirs, files in os.walk(target):
            relative = Path(folder).relative_to(target)
            (tmp / relative).mkdir(exist_ok=True)
            linked = bool(relative.parts) and relative.parts[0] in nested
            for name in files:
                if linked:
                    os.link(Path(folder) / name, tmp / relative / name)
                elif not name.endswith(FAILED):
                    shutil.copy2(Path(folder) / name, tmp / relative / name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


def seal(tmp: Path, **facts) -> None:
    """Complete a staged report's manifest: ``facts`` and the sha256 of every file in it."""
    path = tmp / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    nested = {p.name for p in tmp.iterdir() if p.is_dir() and (p / MANIFEST).is_file()}
    manifest.update(facts)
    manifest["files"] = {
        p.relative_to(tmp).as_posix(): file_sha256(p)
        for p in sorted(tmp.rglob("*"))
        if p.is_file() and p.name != MANIFEST and p.relative_to(tmp).parts[0] not in nested
    }
    write_atomic(tmp / MANIFEST, json.dumps(manifest, indent=2))


def complete(folder: Path, manifest: dict) -> bool:
    """Whether every file a report's manifest lists is there (a cheap check, no hashing)."""
    files = manifest.get("files")
    return bool(files) and all((folder / name).is_file() for name in files)


def publish(tmp: Path, target: Path) -> None:
    """Put the staged report in ``target`` in one step; the old report ends in ``tmp``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        _exchange(tmp, target)
    else:
        tmp.rename(target)


def write_atomic(path: Path, text: str) -> None:
    """Write a text file through a temporary file beside it: readers see old or new, whole."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(name, 0o666 & ~_umask())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_RENAME_EXCHANGE, _AT_FDCWD = 2, -100
_LIBC = ctypes.CDLL(None, use_errno=True)


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders atomically (Linux ``renameat2``); elsewhere with two renames, between
    which ``b`` is briefly absent (a kill there leaves no report, never a mixed one)."""
    renameat2 = getattr(_LIBC, "renameat2", None)
    if renameat2 is not None:
        if not renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE):
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(code, os.strerror(code), str(b))
    aside = a.with_name(a.name + "-old")
    b.rename(aside)
    a.rename(b)
    aside.rename(a)
