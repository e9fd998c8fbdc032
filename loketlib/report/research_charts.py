"""Charts of the arrears research, in the house style of :mod:`loketlib.report.charts`.

Like those charts, these take results computed elsewhere (:mod:`loketlib.research.arrears`)
and only draw them: Kaplan–Meier curves as small multiples with numbers at risk, and a
forest plot of model ratios with their intervals.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from loketlib import nl
from loketlib.report.charts import (
    DPI,
    LINESTYLES,
    MARKERS,
    PALETTE,
    Chart,
    chart_data,
    house_style,
)

EXTRA = ["#5B4B8A", "#3D7A3A", "#C97B2A", "#6E6E6E"]
#: Ratio ticks of the forest plot (log scale).
TICKS = [0.1, 0.25, 0.5, 1, 2, 4, 10]


def km_grid(
    panels: Sequence[tuple[str, dict[str, pd.DataFrame], pd.DataFrame]], columns: int = 3
) -> Chart:
    """Small multiples: per factor (title, curves, numbers at risk), Kaplan–Meier step curves
    of the share without the outcome (groups differ by colour, line style and marker), and
    below them the numbers at risk in the groups' colours. ``curves`` as
    :func:`loketlib.research.arrears.survival_curves` returns them; ``at_risk`` as
    :func:`loketlib.research.arrears.at_risk` (groups x times; a protected number may be
    text). A group of ``at_risk`` may have no curve (extern: left out by
    :func:`loketlib.report.suppress.protect_curves`); its colour and style stay its own."""
    house_style()
    columns = max(1, min(columns, len(panels)))
    rows = max(1, math.ceil(len(panels) / columns))
    sizes = [
        max((len(p[2]) for p in panels[r * columns : (r + 1) * columns]), default=1)
        for r in range(rows)
    ]
    ratios = [h for size in sizes for h in (3.0, 0.28 * size + 0.35)]
    fig = plt.figure(
        figsize=(4.2 * columns, sum(ratios) * 1.05),
        dpi=DPI,
        layout="constrained",
        FigureClass=Chart,
    )
    plt.close(fig)
    grid = fig.add_gridspec(2 * rows, columns, height_ratios=ratios)
    colours = PALETTE + EXTRA
    for index, (title, curves, at_risk) in enumerate(panels):
        r, c = divmod(index, columns)
        ax = fig.add_subplot(grid[2 * r, c])
        table = fig.add_subplot(grid[2 * r + 1, c], sharex=ax)
        times = [float(t) for t in at_risk.columns]
        place = {group: i for i, group in enumerate(at_risk.index)}
        for number, (group, frame) in enumerate(curves.items()):
            i = place.get(group, number)  # a group keeps its colour and style
            data = frame.sort_values("time_months")
            ax.step(
                data["time_months"].to_numpy(dtype=float),
                data["survival"].to_numpy(dtype=float),
                where="post",
                color=colours[i % len(colours)],
                linewidth=1.8,
                linestyle=LINESTYLES[i % len(LINESTYLES)],
                marker=MARKERS[i % len(MARKERS)],
                markevery=0.1,
                markersize=4,
                label=str(group),
            )
        ax.set_ylim(0, 1.02)
        if times:
            ax.set_xlim(-0.03 * max(times), 1.04 * max(times))
        ax.xaxis.set_major_locator(FixedLocator(times))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: nl.pct(v, 0)))
        ax.set_title(title, fontsize=10)
        ax.tick_params(labelbottom=False)
        if curves:
            ax.legend(loc="lower left", fontsize=7)
        if c == 0:
            ax.set_ylabel("Zonder uitkomst")
        groups = list(at_risk.index)
        for row, (group, colour) in enumerate(zip(groups, colours, strict=False)):
            for t in times:
                table.text(
                    t,
                    len(groups) - row - 0.5,
                    _count(at_risk.loc[group, at_risk.columns[times.index(t)]]),
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    color=colour,
                )
        table.set_ylim(0, max(len(groups), 1))
        table.yaxis.set_major_locator(NullLocator())
        table.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: nl.number(v, 0)))
        table.grid(False)
        for side in ("left", "top", "right"):
            table.spines[side].set_visible(False)
        table.set_title("Aantal at risk", fontsize=8, loc="left")
        table.set_xlabel("Maanden na start huur", fontsize=8)
    alt, data = _km_description(panels)
    return fig.describe(alt, data, {"Zonder uitkomst (eind)": nl.pct})


def _km_description(panels) -> tuple[str, pd.DataFrame]:
    """The Dutch alt text of the small multiples, and their numbers: per factor and group the
    share without the outcome at the last time of its curve, and the numbers at risk."""
    rows = []
    for title, curves, at_risk in panels:
        for group in at_risk.index:
            curve = curves.get(group)
            last = None
            if curve is not None and len(curve):
                last = float(curve.sort_values("time_months")["survival"].iloc[-1])
            row = {"Kenmerk": title, "Groep": str(group), "Zonder uitkomst (eind)": last}
            for t in at_risk.columns:
                row[f"At risk na {nl.number(float(t), 0)} mnd"] = _count(at_risk.loc[group, t])
            rows.append(row)
    data = chart_data(pd.DataFrame(rows), "Kaplan–Meier-curven per kenmerk")
    names = ", ".join(title.lower() for title, *_ in panels)
    start = panels[0][2].iloc[:, 0] if panels and panels[0][2].shape[1] else pd.Series([])
    tenants = "x" if any(isinstance(v, str) for v in start) else nl.count(int(start.sum()))
    alt = (
        f"Kaplan–Meier-curven, één per kenmerk, van {tenants} huurders bij de start: het aandeel "
        "huurders nog zonder uitkomst naar maanden na de start van de huur, per groep, met het "
        f"aantal at risk ({names})."
    )
    return alt, data


def _count(value) -> str:
    """A number at risk; a protected one (text such as ``x``) as it is."""
    return value if isinstance(value, str) else nl.count(value)


def forest(rows: pd.DataFrame, title: str) -> Chart:
    """Forest plot: per factor one point and 95%-interval per model, on a log scale, with a
    line at 1 (no difference). ``rows``: ``factor``, ``model`` (Dutch name), ``ratio``,
    ``ci_low``, ``ci_high``. Points without a finite interval are not drawn."""
    house_style()
    factors = list(dict.fromkeys(rows["factor"]))
    models = list(dict.fromkeys(rows["model"]))
    height = 0.55 * len(factors) + 1.4
    fig, ax = plt.subplots(figsize=(8.0, height), dpi=DPI, layout="constrained", FigureClass=Chart)
    plt.close(fig)
    step = 0.5 / max(len(models), 1)
    for m, (model, colour) in enumerate(zip(models, PALETTE, strict=False)):
        part = rows[rows["model"] == model]
        finite = np.isfinite(part[["ratio", "ci_low", "ci_high"]].to_numpy(dtype=float)).all(1)
        finite &= (part[["ratio", "ci_low"]].to_numpy(dtype=float) > 0).all(1)
        part = part[finite]
        y = [
            len(factors) - 1 - factors.index(f) + (len(models) - 1) / 2 * step - m * step
            for f in part["factor"]
        ]
        ratio = part["ratio"].to_numpy(dtype=float)
        errors = [
            ratio - part["ci_low"].to_numpy(dtype=float),
            part["ci_high"].to_numpy(dtype=float) - ratio,
        ]
        ax.errorbar(ratio, y, xerr=errors, fmt="o", color=colour, capsize=3, label=model)
    ax.axvline(1, color="#444444", linewidth=1, linestyle="--")
    ax.set_xscale("log")
    ax.xaxis.set_major_locator(FixedLocator(TICKS))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: nl.number(v, 2)))
    ax.set_yticks(range(len(factors)), list(reversed(factors)))
    ax.set_xlabel("Verhouding met 95%-interval (logaritmische schaal; 1 = geen verschil)")
    ax.set_title(title)
    fig.legend(loc="outside lower center", ncol=max(len(models), 1))
    data = rows.rename(
        columns={
            "factor": "Kenmerk",
            "model": "Model",
            "ratio": "Verhouding",
            "ci_low": "95%-interval van",
            "ci_high": "95%-interval tot",
        }
    )[["Kenmerk", "Model", "Verhouding", "95%-interval van", "95%-interval tot"]]
    numbers = data[["Verhouding", "95%-interval van", "95%-interval tot"]].to_numpy(dtype=float)
    data = data[np.isfinite(numbers).all(axis=1)]  # what the plot draws
    said = "; ".join(
        f"{r.Kenmerk} ({r.Model}) {nl.number(r.Verhouding, 2)}" for r in data.itertuples()
    )
    return fig.describe(
        f"Forestplot: {title.lower()}, per kenmerk de verhouding met 95%-interval op een "
        f"logaritmische schaal (een verhouding van één is geen verschil): {said}.",
        chart_data(data.reset_index(drop=True), title),
    )
