"""Shared test setup: processed data and the pseudonymisation key live in a temporary folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="loket-tests-"))
os.environ["LOKET_PROCESSED_DIR"] = str(_TMP / "processed")
os.environ["LOKET_PSEUDONYM_KEY"] = "test-key-not-secret-0123456789abcdef"
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def demo_xlsx(tmp_path_factory) -> Path:
    """The demo export (seed 2022) as a workbook, written once per test session."""
    from loketlib.demo import write_export

    return write_export(tmp_path_factory.mktemp("demo") / "demo-export.xlsx", seed=2022)


@pytest.fixture(scope="session")
def demo_csv(tmp_path_factory) -> Path:
    """The demo export (seed 2022) as a folder of Dutch CSV files."""
    from loketlib.demo import write_export

    return write_export(tmp_path_factory.mktemp("demo") / "demo-export", seed=2022)
