"""Where things live: the repository root and its data folders (light: no heavy imports)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NARRATIVE = ROOT / "data" / "narrative"
PUBLISHED = ROOT / "data" / "published"


def processed_dir() -> Path:
    """``$LOKET_PROCESSED_DIR`` or ``data/processed``: the only place clean data is written."""
    return Path(os.environ.get("LOKET_PROCESSED_DIR", ROOT / "data" / "processed"))
