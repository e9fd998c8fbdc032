"""Clean data on disk: ``data/processed/<hash>/`` holds parquet files and a manifest.

An export is read and cleaned once; later calls with the same export content, the same
cleaning code and the same pseudonymisation key load the parquet files instead. The folder is
``$LOKET_PROCESSED_DIR`` or ``data/processed`` in the repository. ``quarantine.parquet`` holds
raw values (personal data) and never leaves this folder: folders are made 0700, files 0600.

The cache is verified, not trusted: the manifest records the sha256 of every file, and a
folder is written under a temporary name and renamed into place only when complete. A folder
whose manifest is unreadable or whose files are missing or changed is rebuilt from the export,
with a one-line warning on standard error.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

from loketlib.intake.clean import CleanExport, clean
from loketlib.intake.digest import clean_key, file_sha256
from loketlib.intake.export import read_export
from loketlib.paths import processed_dir

#: Clean exports this process has loaded, by folder: the sections of one report run in one
#: kernel, and each would otherwise read the same parquet files again.
_LOADED: dict[Path, CleanExport] = {}


def load(path: Path | str) -> CleanExport:
    """The clean export: from the cache when nothing changed, else read, cleaned and stored.

    The frames returned are shallow copies (copy-on-write), so a caller that changes one
    changes nothing for the next caller.
    """
    path = Path(path)
    folder = processed_dir() / clean_key(path)
    if folder not in _LOADED:
        result = _read(folder) if folder.exists() else None
        if result is None:
            result = clean(read_export(path))
            _write(folder, result)
        _LOADED.clear()  # keep one export in memory, not every one ever loaded
        _LOADED[folder] = result
    return _copy(_LOADED[folder], source=path.name)  # the same content may have another name


def _copy(result: CleanExport, source: str) -> CleanExport:
    return dataclasses.replace(
        result,
        tables={name: t.copy(deep=False) for name, t in result.tables.items()},
        quarantine=result.quarantine.copy(deep=False),
        warnings=result.warnings.copy(deep=False),
        counts=json.loads(json.dumps(result.counts)),
        source=source,
    )


def _write(folder: Path, result: CleanExport) -> None:
    """Write into a private temporary folder beside ``folder``, then rename it into place."""
    folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _remove_abandoned(folder.parent)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.{os.getpid()}.", dir=folder.parent))
    try:
        frames = {**result.tables, "quarantine": result.quarantine, "warnings": result.warnings}
        for name, frame in frames.items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False)
        checksums = {}
        for file in sorted(tmp.iterdir()):
            file.chmod(0o600)
            checksums[file.name] = file_sha256(file)
        manifest = {
            "source": result.source,
            "counts": result.counts,
            "tables": list(result.tables),
            "files": checksums,
        }
        fd = os.open(tmp / "manifest.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(manifest, indent=2))
        _publish(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _publish(tmp: Path, folder: Path) -> None:
    """Rename ``tmp`` to ``folder``; a damaged ``folder`` is moved aside first. When another
    process stored the same result first, its folder stays and ``tmp`` is left to be removed."""
    if folder.exists():
        aside = Path(tempfile.mkdtemp(prefix=f".{folder.name}.{os.getpid()}.", dir=folder.parent))
        try:
            folder.rename(aside / "damaged")
        except OSError:
            pass  # another process moved or replaced it already
        shutil.rmtree(aside, ignore_errors=True)
    try:
        tmp.rename(folder)
    except OSError:
        pass  # another process stored the same result first


def _remove_abandoned(root: Path) -> None:
    """Remove temporary folders of runs that died while writing (their process is gone)."""
    for tmp in root.glob(".*.*.*"):
        try:
            os.kill(int(tmp.name.split(".")[2]), 0)
        except ProcessLookupError:
            shutil.rmtree(tmp, ignore_errors=True)
        except (ValueError, PermissionError):
            pass  # not ours, or a process that is still running


def _read(folder: Path) -> CleanExport | None:
    """The stored result, or None (after a warning) when the folder is not what was written."""
    damage = _damage(folder)
    if damage:
        print(
            f"loket: waarschuwing: cache {folder}: {damage}; wordt opnieuw gemaakt uit de export",
            file=sys.stderr,
        )
        return None
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    tables = {name: _frame(folder / f"{name}.parquet") for name in manifest["tables"]}
    return CleanExport(
        tables,
        _frame(folder / "quarantine.parquet"),
        manifest["counts"],
        _frame(folder / "warnings.parquet"),
        manifest["source"],
    )


def _damage(folder: Path) -> str:
    """What is wrong with a cache folder ('' when nothing): checked against its manifest."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        checksums = manifest["files"]
        expected = {f"{name}.parquet" for name in (*manifest["tables"], "quarantine", "warnings")}
    except (OSError, ValueError, KeyError, TypeError):
        return "manifest.json ontbreekt of is onleesbaar"
    for name in sorted(expected | set(checksums)):
        path = folder / name
        if name not in checksums or not path.is_file():
            return f"{name} ontbreekt"
        if file_sha256(path) != checksums[name]:
            return f"{name} is veranderd of afgebroken"
    return ""


def _frame(path: Path) -> pd.DataFrame:
    """Parquet back into the clean dtypes (strings as pandas strings, dates as datetime64[us])."""
    frame = pd.read_parquet(path)
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype) == "str":
            frame[column] = frame[column].astype("string")
    return frame
