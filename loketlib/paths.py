"""Where things live: the repository root and its data folders (light: no heavy imports)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PUBLISHED = ROOT / "data" / "published"


def processed_dir() -> Path:
    """``$LOKET_PROCESSED_DIR`` or ``data/processed``: the only place clean data is written."""
    return Path(os.environ.get("LOKET_PROCESSED_DIR", ROOT / "data" / "processed"))


def narrative_dir() -> Path:
    """``$LOKET_NARRATIVE_DIR`` or ``data/narrative``: the prose analysts edit."""
    return Path(os.environ.get("LOKET_NARRATIVE_DIR", ROOT / "data" / "narrative"))


def narrative_folders(region: str, year: int) -> list[Path]:
    """Where the prose of one report is looked up: its own folder first, then the default."""
    root = narrative_dir()
    return [root / f"{region}-{year}", root / "default"]
