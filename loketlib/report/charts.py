"""Charts for the jaarverslag, in one house style, with Dutch labels and number formats.

Every function takes plain data (parts of the figures JSON, or small frames), draws it and
returns a matplotlib Figure. Nothing here computes a report figure or reads a file.

Figures are created with `plt.subplots` and then closed in pyplot, so they do not pile up in
pyplot's global list and are not shown twice in a notebook: a figure returned as the last
expression of a cell is displayed once; elsewhere use `display(fig)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from loketlib import nl
from loketlib.intake import codes

#: Calm house colours: blue, teal, sand, rose, grey.
PALETTE = ["#2F5D8A", "#4E9A94", "#D9A441", "#B5525C", "#8C8C8C"]
BLUE, TEAL, SAND, ROSE, GREY = PALETTE
#: Outcome colours, from good to bad, plus unknown.
GOOD, FAIR, BAD, UNKNOWN = "#4E9A94", "#D9A441", "#B5525C", "#C8C8C8"

FIGSIZE = (8.0, 4.0)
DPI = 100
CORPORATION_ORDER = list(codes.CORPORATIONS)


def house_style() -> list[str]:
    """Set the house style (seaborn whitegrid, calm palette, font sizes); return the palette."""
    sns.set_theme(
        style="whitegrid",
        palette=PALETTE,
        rc={
            "font.size": 10,
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.labelsize": 10,
            "xtick.labelsize": 9.5,
            "ytick.labelsize": 9.5,
            "legend.fontsize": 9,
            "legend.frameon": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
        },
    )
    return list(PALETTE)


def _figure(figsize: tuple[float, float] = FIGSIZE) -> tuple[Figure, Any]:
    house_style()
    fig, ax = plt.subplots(figsize=figsize, dpi=DPI, layout="constrained")
    plt.close(fig)  # keep pyplot's global figure list clean; the Figure stays usable
    return fig, ax


def _pct_axis(axis: Any, digits: int = 0) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: nl.pct(v, digits)))


def _count_axis(axis: Any) -> None:
    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: nl.count(v)))


def _number_axis(axis: Any, digits: int = 0) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: nl.number(v, digits)))


def _value(x: Any) -> float | None:
    """A number, or None for a missing value."""
    if x is None:
        return None
    try:
        value = float(x)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(value) else value


def _count_label(x: Any) -> str:
    """A bar's label: a protected count stays "x" (its bar is not drawn), never "0" or "–"."""
    return nl.MARKER if x == nl.MARKER else nl.count(x)


def _corporation_items(corporations: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """(code, entry) for the dict entries, in the order of the code list, then any others."""
    entries = {k: v for k, v in corporations.items() if isinstance(v, Mapping)}
    order = [c for c in CORPORATION_ORDER if c in entries]
    order += [c for c in entries if c not in order]
    return [(code, entries[code]) for code in order]


def _corporation_name(code: str) -> str:
    return codes.CORPORATIONS.get(code, code)


def funnel(housing: Mapping[str, Any]) -> Figure:
    """Horizontal bars Aanmeldingen / Intakes / Plaatsingen with the counts on the bars."""
    labels = ["Aanmeldingen", "Intakes", "Plaatsingen"]
    keys = ("registrations", "intakes", "placements")
    values = [_value(housing.get(key)) for key in keys]
    widths = [v if v is not None else 0.0 for v in values]
    fig, ax = _figure((8.0, 3.0))
    bars = ax.barh(labels, widths, color=[BLUE, TEAL, SAND], height=0.6)
    ax.invert_yaxis()
    ax.bar_label(
        bars, labels=[_count_label(housing.get(key)) for key in keys], padding=4, fontsize=10
    )
    _count_axis(ax.xaxis)
    ax.set_xlim(0, max([*widths, 1.0]) * 1.12)
    ax.grid(axis="y", visible=False)
    ax.set_title("Van aanmelding tot plaatsing")
    ax.set_xlabel("Aantal trajecten")
    ax.set_ylabel("")
    return fig


def quota_vs_placements(corporations: Mapping[str, Any]) -> Figure:
    """Grouped bars per corporation: Taakstelling (quota) next to Start huur (placements)."""
    items = _corporation_items(corporations)
    names = [_corporation_name(code) for code, _ in items]
    quota = [_value(entry.get("quota")) for _, entry in items]
    placed = [_value(entry.get("placements")) for _, entry in items]
    raw = {
        "Taakstelling": [entry.get("quota") for _, entry in items],
        "Start huur": [entry.get("placements") for _, entry in items],
    }
    x = np.arange(len(items))
    width = 0.38
    fig, ax = _figure()
    for offset, values, label, colour in (
        (-width / 2, quota, "Taakstelling", GREY),
        (width / 2, placed, "Start huur", BLUE),
    ):
        heights = [v if v is not None else 0.0 for v in values]
        bars = ax.bar(x + offset, heights, width, label=label, color=colour)
        labels = [_count_label(v) for v in raw[label]]
        ax.bar_label(bars, labels=labels, padding=2, fontsize=9)
    ax.set_xticks(x, names)
    _count_axis(ax.yaxis)
    top = max([v for v in quota + placed if v is not None] + [1.0])
    ax.set_ylim(0, top * 1.15)
    ax.grid(axis="x", visible=False)
    ax.set_ylabel("Aantal")
    ax.set_title("Taakstelling en start huur per corporatie")
    ax.legend(loc="upper right")
    return fig


def _wait_label(wait: float | None, placements: Any) -> str:
    """A mean wait; without one, why: protected ("x"), no placements, or unknown ("–")."""
    if wait is not None:
        return nl.months(wait, 1)
    if placements == nl.MARKER:
        return nl.MARKER
    return "geen plaatsingen" if placements == 0 else nl.MISSING


def wait_per_corporation(corporations: Mapping[str, Any], agreement_months: float = 6) -> Figure:
    """Mean wait (months) per corporation against the agreed maximum (dashed line).

    A corporation without a mean wait gets no bar; its label says "x" when its placements are
    protected, "geen plaatsingen" only when it has none.
    """
    items = _corporation_items(corporations)
    names = [_corporation_name(code) for code, _ in items]
    waits = [_value(entry.get("mean_wait_months")) for _, entry in items]
    heights = [w if w is not None else 0.0 for w in waits]
    fig, ax = _figure()
    colours = [ROSE if w is not None and w > agreement_months else BLUE for w in waits]
    bars = ax.bar(names, heights, width=0.6, color=colours)
    labels = [
        _wait_label(w, entry.get("placements")) for w, (_, entry) in zip(waits, items, strict=True)
    ]
    ax.bar_label(bars, labels=labels, padding=2, fontsize=9)
    ax.axhline(
        agreement_months,
        linestyle="--",
        linewidth=1.5,
        color=GREY,
        label=f"Afspraak: {nl.months(agreement_months)}",
    )
    top = max([w for w in waits if w is not None] + [float(agreement_months)])
    ax.set_ylim(0, top * 1.2)
    _number_axis(ax.yaxis)
    ax.grid(axis="x", visible=False)
    ax.set_ylabel("Maanden")
    ax.set_title("Gemiddelde wachttijd per corporatie")
    ax.legend(loc="upper right")
    return fig


def _cohort_items(sustainability: Mapping[str, Any]) -> list[tuple[int, Mapping[str, Any]]]:
    items = []
    for key, entry in sustainability.items():
        if not isinstance(entry, Mapping):
            continue
        try:
            year = int(key)
        except (TypeError, ValueError):
            continue
        items.append((year, entry))
    return sorted(items, key=lambda item: item[0])


def sustainability_trend(sustainability: Mapping[str, Any]) -> Figure:
    """Sustainable share per cohort year, with the broad definition as a second line."""
    items = _cohort_items(sustainability)
    years = [year for year, _ in items]
    fig, ax = _figure()
    series = (
        ("sustainable_share", "Duurzaam wonen (geen overlast)", BLUE, "o", 8),
        ("broad_sustainable_share", "Duurzaam (brede definitie)", SAND, "s", -14),
    )
    for key, label, colour, marker, dy in series:
        points = [(y, _value(e.get(key))) for y, e in items]
        points = [(y, v) for y, v in points if v is not None]
        if not points:
            continue
        xs, ys = zip(*points, strict=True)
        ax.plot(xs, ys, marker=marker, color=colour, label=label, linewidth=2, markersize=6)
        for x_, y_ in points:
            ax.annotate(
                nl.pct(y_),
                (x_, y_),
                textcoords="offset points",
                xytext=(0, dy),
                ha="center",
                fontsize=9,
                color=colour,
            )
    ax.set_ylim(0, 1.08)
    ax.set_yticks(np.linspace(0, 1, 6))
    _pct_axis(ax.yaxis)
    ax.set_xticks(years, [str(y) for y in years])
    if years:
        ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.set_xlabel("Jaar van positieve afsluiting (cohort)")
    ax.set_ylabel("Aandeel van het cohort")
    ax.set_title("Duurzaam wonen per cohort")
    ax.legend(loc="lower right")
    return fig


#: (row label, figures key, code list name, categories good -> bad, colours)
_OUTCOME_ROWS = (
    (
        "Woonsituatie",
        "housing_status",
        "housing_status",
        ["in_placed_home", "moved_own_initiative", "moved_corporation_initiative", "unknown"],
    ),
    ("Overlast", "nuisance", "nuisance", ["none", "cooperative", "structural", "unknown"]),
    ("Huurachterstand", "arrears", "arrears", ["none", "resolved", "problematic", "unknown"]),
)
_OUTCOME_COLOURS = [GOOD, FAIR, BAD, UNKNOWN]


def cohort_outcomes(cohort: Mapping[str, Any], title: str | None = None) -> Figure:
    """Three 100%-stacked bars (Woonsituatie, Overlast, Huurachterstand) for one cohort."""
    size = _value(cohort.get("cohort_size")) or 0.0
    fig, ax = _figure((8.0, 4.5))
    handles: list[Any] = []
    labels: list[str] = []
    row_labels = [row[0] for row in _OUTCOME_ROWS]
    for i, (row_label, key, list_name, categories) in enumerate(_OUTCOME_ROWS):
        counts = cohort.get(key) or {}
        left = 0.0
        handles.append(Patch(visible=False))
        labels.append(row_label)
        for category, colour in zip(categories, _OUTCOME_COLOURS, strict=True):
            n = _value(counts.get(category)) or 0.0
            share = n / size if size else 0.0
            bar = ax.barh(i, share, left=left, color=colour, height=0.6, edgecolor="white")
            if share >= 0.06:
                ax.text(
                    left + share / 2,
                    i,
                    nl.pct(share, 0),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="black" if colour in (FAIR, UNKNOWN) else "white",
                )
            left += share
            handles.append(bar.patches[0])
            labels.append(codes.label(list_name, category))
    ax.set_yticks(range(len(row_labels)), row_labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xticks(np.linspace(0, 1, 5))
    _pct_axis(ax.xaxis)
    ax.grid(axis="y", visible=False)
    ax.set_title(title or f"Uitkomsten van het cohort (n = {nl.count(size)})")
    legend = fig.legend(
        handles,
        labels,
        loc="outside lower center",
        ncol=len(_OUTCOME_ROWS),
        handlelength=1.2,
        columnspacing=1.5,
    )
    for text, handle in zip(legend.get_texts(), handles, strict=True):
        if not handle.get_visible():
            text.set_fontweight("bold")
    return fig


def km_curves(curves: Mapping[str, pd.DataFrame], title: str) -> Figure:
    """Kaplan–Meier curves: share without arrears over months, one step line per group."""
    fig, ax = _figure()
    colours = PALETTE * (len(curves) // len(PALETTE) + 1)
    for (group, frame), colour in zip(curves.items(), colours, strict=False):
        data = frame.sort_values("time_months")
        t = data["time_months"].to_numpy(dtype=float)
        s = data["survival"].to_numpy(dtype=float)
        ax.step(t, s, where="post", color=colour, linewidth=2, label=str(group))
        if {"ci_lower", "ci_upper"} <= set(data.columns):
            ax.fill_between(
                t,
                data["ci_lower"].to_numpy(dtype=float),
                data["ci_upper"].to_numpy(dtype=float),
                step="post",
                color=colour,
                alpha=0.15,
                linewidth=0,
            )
    ax.set_ylim(0, 1.02)
    ax.set_xlim(left=0)
    _pct_axis(ax.yaxis)
    _number_axis(ax.xaxis)
    ax.set_xlabel("Maanden na start huur")
    ax.set_ylabel("Aandeel zonder huurachterstand")
    ax.set_title(title)
    if curves:
        ax.legend(loc="lower left")
    return fig
