"""The demo export: a generative model of trajectories that reproduces the jaarverslag 2022.

``write_export(path, seed)`` writes the model's export as a workbook (``.xlsx``) or a folder of
Dutch CSV files; ``write_scaled_export`` writes large random exports for the benchmark. The
model and its assumptions: ``README.md`` beside this file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from loketlib.demo import model, scaled, writer

DEFAULT_SEED = 2022


def write_export(path: Path | str, seed: int = DEFAULT_SEED) -> Path:
    """Simulate the model with ``seed`` and write the export to ``path``; returns ``path``."""
    path = Path(path)
    truth = model.simulate(seed)
    return writer.write(writer.frames(truth, seed), path, np.random.default_rng(seed + 2))


def write_scaled_export(path: Path | str, n_trajectories: int, seed: int = DEFAULT_SEED) -> Path:
    """A large export of ``n_trajectories`` random trajectories (for benchmarks)."""
    path = Path(path)
    sheets = scaled.frames(n_trajectories, seed, typed=path.suffix.lower() == ".xlsx")
    return writer.write(sheets, path, np.random.default_rng(seed + 2))
