"""Clean data on disk: ``data/processed/<hash>/`` holds parquet files and a manifest.

An export is read and cleaned once; later calls with the same export content, the same
cleaning code and the same pseudonymisation key load the parquet files instead. The folder is
``$LOKET_PROCESSED_DIR`` or ``data/processed`` in the repository. ``quarantine.parquet`` holds
raw values (personal data) and never leaves this folder.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pandas as pd

from loketlib.intake.clean import CleanExport, clean
from loketlib.intake.digest import clean_key
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
    manifest = folder / "manifest.json"
    if folder not in _LOADED:
        if manifest.exists():
            result = _read(folder, json.loads(manifest.read_text()))
        else:
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
    tmp = folder.with_name(folder.name + f".tmp{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    for name, table in result.tables.items():
        table.to_parquet(tmp / f"{name}.parquet", index=False)
    result.quarantine.to_parquet(tmp / "quarantine.parquet", index=False)
    result.warnings.to_parquet(tmp / "warnings.parquet", index=False)
    manifest = {"source": result.source, "counts": result.counts, "tables": list(result.tables)}
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2))
    try:
        tmp.rename(folder)
    except OSError:  # another process stored the same result first
        for file in tmp.iterdir():
            file.unlink()
        tmp.rmdir()


def _read(folder: Path, manifest: dict) -> CleanExport:
    tables = {name: _frame(folder / f"{name}.parquet") for name in manifest["tables"]}
    return CleanExport(
        tables,
        _frame(folder / "quarantine.parquet"),
        manifest["counts"],
        _frame(folder / "warnings.parquet"),
        manifest["source"],
    )


def _frame(path: Path) -> pd.DataFrame:
    """Parquet back into the clean dtypes (strings as pandas strings, dates as datetime64[us])."""
    frame = pd.read_parquet(path)
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype) == "str":
            frame[column] = frame[column].astype("string")
    return frame
