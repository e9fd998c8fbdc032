"""Charts of the meerjarenoverzicht, the regions side by side and the pilot's evaluation."""

from __future__ import annotations

import pandas as pd

from loketlib.report import charts
from loketlib.report.suppress import MARKER


def _entry(registrations, placements, quota, per_corporation=None):
    per_corporation = per_corporation or {"ZO": placements}
    return {
        "housing": {"registrations": registrations, "placements": placements},
        "corporations": {
            **{c: {"placements": per_corporation.get(c, 0)} for c in ("ZW", "WL", "WP", "ZO")},
            "quota_total": quota,
        },
    }


def _bar_labels(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_key_figures_labels_counts_and_markers():
    fig = charts.key_figures(
        {"2021": _entry(120, 61, 83), "2022": _entry(MARKER, 4, None)}, "Per jaar"
    )
    ax = fig.axes[0]
    assert ax.get_title() == "Per jaar"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021", "2022"]
    labels = _bar_labels(ax)
    assert "120" in labels and "x" in labels and "–" in labels  # hidden count, no quota
    heights = sorted(p.get_height() for p in ax.patches)
    assert heights[:2] == [0.0, 0.0] and heights[-1] == 120


def test_spreading_shares_add_up_to_one_per_region():
    fig = charts.spreading(
        {
            "Parkstad": _entry(40, 20, 30, {"WL": 5, "WP": 15}),
            "Maastricht-Heuvelland": _entry(30, 10, 20, {"WP": MARKER, "ZO": MARKER}),
        }
    )
    ax = fig.axes[0]
    widths = {}
    for bar in ax.patches:
        y = round(bar.get_y() + bar.get_height() / 2)
        widths[y] = widths.get(y, 0) + bar.get_width()
    assert widths[0] == 1.0  # Parkstad: 25 % + 75 %
    assert widths[1] == 0.0  # protected: no bar, a note instead
    assert any("afgeschermd" in t.get_text() for t in ax.texts)


def test_placement_curves_one_line_per_route_and_the_aim():
    frame = pd.DataFrame(
        {
            "time_months": [0.0, 2.0, 4.0],
            "placed": [0.0, 0.5, 0.75],
            "placed_lower": [0.0, 0.2, 0.4],
            "placed_upper": [0.0, 0.8, 0.9],
        }
    )
    fig = charts.placement_curves({"Verkorte toeleiding": frame, "Regulier": frame})
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["Verkorte toeleiding", "Regulier", "Doel: 3 maanden"]
    assert list(ax.get_lines()[2].get_xdata()) == [3, 3]
    assert ax.get_xlabel() == "Maanden na aanmelding"
