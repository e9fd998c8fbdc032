"""The research charts draw what they are given: curves per group, numbers at risk, ratios."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection

from loketlib.report import research_charts


def _curve(points):
    return pd.DataFrame(points, columns=["time_months", "survival"])


def test_km_grid_draws_every_panel_with_its_numbers_at_risk():
    curves = {"Ja": _curve([(0, 1.0), (3, 0.8), (24, 0.8)]), "Nee": _curve([(0, 1.0), (24, 0.5)])}
    at_risk = pd.DataFrame({0: [10, 12], 12: [7, 1234]}, index=["Ja", "Nee"])
    other = {"Alle": _curve([(0, 1.0), (24, 0.9)])}
    other_risk = pd.DataFrame({0: [5], 12: ["x"]}, index=["Alle"], dtype=object)  # protected
    fig = research_charts.km_grid([("Huurtoeslag", curves, at_risk), ("Alles", other, other_risk)])
    curve_axes = [ax for ax in fig.axes if ax.get_title() in ("Huurtoeslag", "Alles")]
    assert [len(ax.lines) for ax in curve_axes] == [2, 1]
    texts = {t.get_text() for ax in fig.axes for t in ax.texts}
    assert {"10", "12", "7", "1.234", "5", "x"} <= texts
    legend = [t.get_text() for t in curve_axes[0].get_legend().get_texts()]
    assert legend == ["Ja", "Nee"]


def test_forest_draws_finite_ratios_only():
    rows = pd.DataFrame(
        {
            "factor": ["A", "B", "A", "B"],
            "model": ["Odds ratio", "Odds ratio", "Hazard ratio", "Hazard ratio"],
            "ratio": [2.0, 0.5, 1.5, np.inf],
            "ci_low": [1.5, 0.3, 1.1, 1.0],
            "ci_high": [3.0, 0.8, 2.0, np.inf],
        }
    )
    fig = research_charts.forest(rows, "Verhoudingen")
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    points = sorted(x for line in ax.lines for x in line.get_xdata() if line.get_marker() == "o")
    assert points == [0.5, 1.5, 2.0]
    bars = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert sum(len(c.get_segments()) for c in bars) == 3
    assert [t.get_text() for t in ax.get_yticklabels()] == ["B", "A"]


def test_km_grid_draws_each_group_in_its_own_style_with_its_end_value():
    """The Kaplan–Meier chart: a line per group, apart without colour, with its end value."""
    t = np.arange(0, 13, dtype=float)
    curves = {
        "Ja": pd.DataFrame({"time_months": t, "survival": np.linspace(1, 0.4, 13)}),
        "Nee": pd.DataFrame({"time_months": t[:8], "survival": np.linspace(1, 0.8, 8)}),
    }
    at_risk = pd.DataFrame({0: [13, 8], 6: [7, 2], 12: [1, 0]}, index=["Ja", "Nee"])
    fig = research_charts.km_grid([("Zonder huurachterstand", curves, at_risk)])
    [ax] = [a for a in fig.axes if a.get_title() == "Zonder huurachterstand"]
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["Ja", "Nee"]
    assert lines[0].get_ydata()[-1] == pytest.approx(0.4)
    assert lines[0].get_linestyle() != lines[1].get_linestyle()  # apart without colour
    assert lines[0].get_marker() != lines[1].get_marker()
    data = fig.data.set_index("Groep")
    assert data.loc["Ja", "Zonder uitkomst (eind)"] == pytest.approx(0.4)
    assert data.loc["Nee", "Zonder uitkomst (eind)"] == pytest.approx(0.8)
    assert data.loc["Nee", "At risk na 6 mnd"] == "2"
    assert "van 21 huurders bij de start" in fig.alt
