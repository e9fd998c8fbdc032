"""Vectorised helpers that pandas 3 does slowly on large string columns."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def is_in(values: pd.Series, pool: Iterable) -> pd.Series:
    """``values.isin(pool)`` through Arrow, fast for a large pool of strings; <NA> is False."""
    array = pa.array(values.astype("str"), type=pa.string())
    pool = pool if isinstance(pool, pd.Series) else pd.Series(list(pool), dtype=object)
    members = pa.array(pool.dropna().astype(str).unique().tolist(), type=pa.string())
    found = pc.is_in(array, value_set=members).to_numpy(zero_copy_only=False)
    return pd.Series(found, index=values.index, dtype=bool) & values.notna().to_numpy()


def per_distinct(values: pd.Series, function: Callable[[object], object]) -> pd.Series:
    """Apply a Python function once per distinct value (missing values stay missing)."""
    positions, uniques = pd.factorize(values)
    mapped = pd.Series([function(v) for v in uniques] + [pd.NA], dtype=object)
    out = mapped.take(positions)  # position -1 (missing) takes the final <NA>
    out.index = values.index
    return out


def per_distinct_frame(values: pd.Series, function: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply a vectorised function to the distinct values only and spread the result back."""
    positions, uniques = pd.factorize(values, use_na_sentinel=False)
    result = function(pd.Series(uniques, dtype=values.dtype)).take(positions)
    result.index = values.index
    return result
