"""Charts draw the data they are given, with Dutch labels (MPLBACKEND=Agg via conftest)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from loketlib.report import charts

CORPORATIONS = {
    "ZW": {"quota": 12, "placements": 5, "mean_wait_months": 3.1},
    "WL": {"quota": 30, "placements": 28, "mean_wait_months": 7.4},
    "WP": {"quota": 25, "placements": 0, "mean_wait_months": None},
    "ZO": {"quota": 16, "placements": 14, "mean_wait_months": 5.0},
    "quota_total": 83,
}
NAMES = ["Zaamwonen", "Wonen Limburg", "Woonpunt", "ZOwonen"]
SUSTAINABILITY = {
    "2018": {"cohort_size": 50, "sustainable_share": 0.74, "broad_sustainable_share": 0.7},
    "2019": {"cohort_size": 63, "sustainable_share": 0.794, "broad_sustainable_share": None},
    "2020": {
        "cohort_size": 64,
        "sustainable_share": 0.890625,
        "broad_sustainable_share": 0.84375,
    },
    "2021": {"cohort_size": 0, "sustainable_share": None, "broad_sustainable_share": None},
}
COHORT = {
    "cohort_size": 64,
    "housing_status": {
        "in_placed_home": 50,
        "moved_own_initiative": 8,
        "moved_corporation_initiative": 2,
        "unknown": 4,
    },
    "nuisance": {"none": 57, "cooperative": 6, "structural": 1, "unknown": 0},
    "arrears": {"none": 47, "resolved": 17, "problematic": 0, "unknown": 0},
}


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _tick_labels(axis) -> list[str]:
    return [t.get_text() for t in axis.get_ticklabels()]


def _draw(fig: Figure) -> None:
    fig.canvas.draw()


def test_funnel_bars_equal_inputs():
    fig = charts.funnel({"registrations": 1234, "intakes": 95, "placements": 64})
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title() == "Van aanmelding tot plaatsing"
    widths = [p.get_width() for p in ax.patches]
    assert widths == [1234, 95, 64]
    _draw(fig)
    assert _tick_labels(ax.yaxis) == ["Aanmeldingen", "Intakes", "Plaatsingen"]
    assert {"1.234", "95", "64"} <= set(_texts(ax))


def test_funnel_does_not_leak_figures():
    before = plt.get_fignums()
    for _ in range(3):
        charts.funnel({"registrations": 3, "intakes": 2, "placements": 1})
    assert plt.get_fignums() == before


def test_quota_vs_placements():
    fig = charts.quota_vs_placements(CORPORATIONS)
    ax = fig.axes[0]
    assert ax.get_title() == "Taakstelling en start huur per corporatie"
    assert _tick_labels(ax.xaxis) == NAMES
    quota_bars, placement_bars = ax.containers
    assert [p.get_height() for p in quota_bars] == [12, 30, 25, 16]
    assert [p.get_height() for p in placement_bars] == [5, 28, 0, 14]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Taakstelling", "Start huur"]


def test_wait_per_corporation():
    fig = charts.wait_per_corporation(CORPORATIONS)
    ax = fig.axes[0]
    assert ax.get_title() == "Gemiddelde wachttijd per corporatie"
    assert _tick_labels(ax.xaxis) == NAMES
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx([3.1, 7.4, 0.0, 5.0])
    lines = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert len(lines) == 1
    assert list(lines[0].get_ydata()) == [6, 6]
    assert lines[0].get_label() == "Afspraak: 6 maanden"
    texts = _texts(ax)
    assert "geen plaatsingen" in texts
    assert "3,1 maanden" in texts


def test_protected_counts_are_x_never_a_bar_zero_or_geen():
    protected = {
        "ZW": {"quota": 12, "placements": "x", "mean_wait_months": None},
        "WL": {"quota": 30, "placements": 28, "mean_wait_months": 7.4},
        "WP": {"quota": 25, "placements": "x", "mean_wait_months": 5.5},
        "ZO": {"quota": 16, "placements": 0, "mean_wait_months": None},
    }
    waits = charts.wait_per_corporation(protected).axes[0]
    assert _texts(waits) == ["x", "7,4 maanden", "5,5 maanden", "geen plaatsingen"]
    assert waits.patches[0].get_height() == 0
    placed = charts.quota_vs_placements(protected).axes[0]
    _, placement_bars = placed.containers
    assert [p.get_height() for p in placement_bars] == [0, 28, 0, 0]
    assert [t.get_text() for t in placed.texts[4:]] == ["x", "28", "x", "0"]
    funnel = charts.funnel({"registrations": 40, "intakes": 12, "placements": "x"}).axes[0]
    assert _texts(funnel) == ["40", "12", "x"]
    assert funnel.patches[2].get_width() == 0


def test_sustainability_trend():
    fig = charts.sustainability_trend(SUSTAINABILITY)
    ax = fig.axes[0]
    assert ax.get_title() == "Duurzaam wonen per cohort"
    main, strict = ax.get_lines()[:2]
    assert list(main.get_xdata()) == [2018, 2019, 2020]
    assert list(main.get_ydata()) == [0.74, 0.794, 0.890625]
    assert list(strict.get_xdata()) == [2018, 2020]  # None skipped
    assert strict.get_label() == "Duurzaam (brede definitie)"
    assert {"74,0%", "79,4%", "89,1%", "84,4%"} <= set(_texts(ax))
    _draw(fig)
    assert "100%" in _tick_labels(ax.yaxis)
    assert _tick_labels(ax.yaxis)[:3] == ["0%", "20%", "40%"]
    assert ax.get_ylim()[0] == 0


def test_cohort_outcomes_stacks_to_one():
    fig = charts.cohort_outcomes(COHORT)
    ax = fig.axes[0]
    _draw(fig)
    assert _tick_labels(ax.yaxis) == ["Woonsituatie", "Overlast", "Huurachterstand"]
    rows: dict[float, float] = {}
    for patch in ax.patches:
        y = round(patch.get_y() + patch.get_height() / 2, 6)
        rows[y] = rows.get(y, 0.0) + patch.get_width()
    assert len(rows) == 3
    assert all(total == pytest.approx(1.0) for total in rows.values())
    widths = [p.get_width() for p in ax.patches]
    assert widths[4] == pytest.approx(57 / 64)  # nuisance none
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "In bemiddelde woning" in labels
    assert "Structurele overlast" in labels
    assert "Problematische huurschuld" in labels
    assert labels.count("Onbekend") == 3
    assert "89%" in _texts(ax)
    assert "n = 64" in ax.get_title()


def test_km_curves():
    t = np.arange(0, 13, dtype=float)
    curves = {
        "Regulier": pd.DataFrame(
            {
                "time_months": t,
                "survival": np.linspace(1, 0.7, 13),
                "ci_lower": np.linspace(1, 0.6, 13),
                "ci_upper": np.linspace(1, 0.8, 13),
            }
        ),
        "Verkorte toeleiding": pd.DataFrame(
            {"time_months": t, "survival": np.linspace(1, 0.5, 13)}
        ),
    }
    fig = charts.km_curves(curves, "Zonder huurachterstand")
    ax = fig.axes[0]
    assert ax.get_title() == "Zonder huurachterstand"
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == ["Regulier", "Verkorte toeleiding"]
    assert lines[1].get_ydata()[-1] == pytest.approx(0.5)
    assert len(ax.collections) == 1  # one confidence band
    _draw(fig)
    assert "100%" in _tick_labels(ax.yaxis)


def test_figures_fit_800_px():
    for fig in (
        charts.funnel({"registrations": 1, "intakes": 1, "placements": 1}),
        charts.quota_vs_placements(CORPORATIONS),
        charts.wait_per_corporation(CORPORATIONS),
        charts.sustainability_trend(SUSTAINABILITY),
        charts.cohort_outcomes(COHORT),
    ):
        width, _height = fig.get_size_inches() * fig.dpi
        assert width == pytest.approx(800)
