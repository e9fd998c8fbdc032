"""Charts for the jaarverslag, in one house style, with Dutch labels and number formats.

Every function takes plain data (parts of the figures JSON, or small frames), draws it and
returns a matplotlib Figure. Nothing here computes a report figure or reads a file.

Figures are created with `plt.subplots` and then closed in pyplot, so they do not pile up in
pyplot's global list and are not shown twice in a notebook: a figure returned as the last
expression of a cell is displayed once; elsewhere use `display(fig)`.

Every chart is a :class:`Chart`: a Figure that also carries a Dutch description (its alt
text, with the key numbers) and the numbers it shows as a table, both made from the same
data as the drawing. In a notebook it displays as an SVG image (text kept as text) with that
alt text, and the numbers under "Cijfers bij deze grafiek". Colours: every data colour has at
least 3:1 contrast on white, stays distinguishable under red-green colour blindness, and
bars and lines also differ by hatching, markers or line style.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from loketlib import nl
from loketlib.intake import codes

#: House colours: blue, orange, wine, grey. Each has at least 3:1 contrast on white and every
#: pair stays apart under deuteranopia and protanopia (tests/report/test_charts.py checks both).
PALETTE = ["#1F5A96", "#B35900", "#7A1F45", "#858585"]
BLUE, ORANGE, WINE, GREY = PALETTE
#: Outcome colours, from good to bad, plus unknown; hatches say the same without colour.
GOOD, FAIR, BAD, UNKNOWN = BLUE, ORANGE, WINE, GREY
HATCHES = {GOOD: "", FAIR: "//", BAD: "xx", UNKNOWN: ".."}
#: Line styles and markers for lines and curves, so that they differ without colour.
LINESTYLES = ["-", "--", ":", "-."]
MARKERS = ["o", "s", "^", "D"]
INK = "#1A1A1A"
WHITE = "#FFFFFF"

FIGSIZE = (6.4, 3.6)
DPI = 100
CSS_DPI = 96  # the width an image is shown at in a browser: inches * 96 px
CORPORATION_ORDER = list(codes.CORPORATIONS)
SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "loket"}


def luminance(colour: str) -> float:
    """Relative luminance of a ``#RRGGBB`` colour (WCAG 2)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str = WHITE) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(colour: str) -> str:
    """White or ink, whichever reads better on ``colour``."""
    return WHITE if contrast(WHITE, colour) >= contrast(INK, colour) else INK


class Chart(Figure):
    """A Figure with its Dutch description (``alt``) and the numbers it shows (``data``)."""

    alt: str = ""
    data: pd.DataFrame | None = None
    formats: dict | None = None

    def describe(self, alt: str, data: pd.DataFrame, formats: dict | None = None) -> Chart:
        self.alt, self.data, self.formats = alt, data, formats
        return self

    def svg(self) -> str:
        """The chart as SVG, text kept as text, without a date (the same data, the same file)."""
        buffer = io.StringIO()
        with plt.rc_context(SVG_RC):
            self.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()

    def to_html(self) -> str:
        """An SVG image with the alt text, and the numbers under a disclosure. On a phone the
        image keeps a legible size and scrolls sideways in a box of its own."""
        source = base64.b64encode(self.svg().encode("utf-8")).decode("ascii")
        width, height = (round(v * CSS_DPI) for v in self.get_size_inches())
        table = nl.table(self.data, self.formats) if self.data is not None else ""
        title = self.data.attrs.get("title", "") if self.data is not None else ""
        name = html.escape(title.replace("Cijfers bij de grafiek: ", "Grafiek: ") or "Grafiek")
        return (
            f'<figure class="loket-chart"><div class="chart-scroll" role="region" '
            f'tabindex="0" aria-label="{name}"><img src="data:image/svg+xml;base64,{source}" '
            f'alt="{html.escape(self.alt)}" width="{width}" height="{height}"></div>'
            f'<details class="chart-data"><summary>Cijfers bij deze grafiek</summary>{table}'
            f"</details></figure>"
        )

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display({"text/html": self.to_html(), "text/plain": self.alt}, raw=True)


def house_style() -> list[str]:
    """Set the house style (seaborn whitegrid, calm palette, font sizes); return the palette."""
    import seaborn as sns  # here: it imports scipy.stats, seconds a section without charts saves

    sns.set_theme(
        style="whitegrid",
        palette=PALETTE,
        rc={
            "font.size": 11,
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.labelsize": 11,
            "xtick.labelsize": 10.5,
            "ytick.labelsize": 10.5,
            "legend.fontsize": 10,
            "legend.frameon": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "text.color": INK,
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "hatch.linewidth": 1.0,
        },
    )
    return list(PALETTE)


def _figure(figsize: tuple[float, float] = FIGSIZE) -> tuple[Chart, Any]:
    house_style()
    fig, ax = plt.subplots(figsize=figsize, dpi=DPI, layout="constrained", FigureClass=Chart)
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


def _corporation_items(corporations: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """(code, entry) for the dict entries, in the order of the code list, then any others."""
    entries = {k: v for k, v in corporations.items() if isinstance(v, Mapping)}
    order = [c for c in CORPORATION_ORDER if c in entries]
    order += [c for c in entries if c not in order]
    return [(code, entries[code]) for code in order]


def _corporation_name(code: str) -> str:
    return codes.CORPORATIONS.get(code, code)


def _said(raw: Any, fmt=nl.count) -> str:
    """A value as the description says it: the protected marker and missing values in words."""
    if isinstance(raw, str) and raw == nl.MARKER:
        return "niet getoond (x)"
    value = _value(raw)
    return "geen waarde" if value is None else fmt(value)


def chart_data(frame: pd.DataFrame, title: str) -> pd.DataFrame:
    """The numbers of a chart with their caption ("Cijfers bij de grafiek: …"), as
    :func:`loketlib.nl.titled` titles a table."""
    return nl.titled(frame, f"Cijfers bij de grafiek: {title}")


def funnel(housing: Mapping[str, Any]) -> Figure:
    """Horizontal bars Aanmeldingen / Intakes / Plaatsingen with the counts on the bars."""
    labels = ["Aanmeldingen", "Intakes", "Plaatsingen"]
    raw = [housing.get(key) for key in ("registrations", "intakes", "placements")]
    values = [_value(v) for v in raw]
    widths = [v if v is not None else 0.0 for v in values]
    fig, ax = _figure((FIGSIZE[0], 2.8))
    bars = ax.barh(labels, widths, color=BLUE, height=0.6)
    ax.invert_yaxis()
    ax.bar_label(bars, labels=[nl.count(v) for v in raw], padding=4, fontsize=10)
    _count_axis(ax.xaxis)
    ax.set_xlim(0, max([*widths, 1.0]) * 1.15)
    ax.grid(axis="y", visible=False)
    title = "Van aanmelding tot plaatsing"
    ax.set_title(title)
    ax.set_xlabel("Aantal trajecten")
    ax.set_ylabel("")
    said = ", ".join(f"{label.lower()} {_said(v)}" for label, v in zip(labels, raw, strict=True))
    data = pd.DataFrame({"Stap": labels, "Aantal trajecten": raw})
    return fig.describe(
        f"Staafdiagram: {title.lower()}. Housing-trajecten in het jaar: {said}.",
        chart_data(data, title),
    )


def quota_vs_placements(corporations: Mapping[str, Any]) -> Figure:
    """Grouped bars per corporation: Taakstelling (quota) next to Start huur (placements)."""
    items = _corporation_items(corporations)
    names = [_corporation_name(code) for code, _ in items]
    quota = [_value(entry.get("quota")) for _, entry in items]
    placed = [_value(entry.get("placements")) for _, entry in items]
    x = np.arange(len(items))
    width = 0.38
    raw_placed = [entry.get("placements") for _, entry in items]
    fig, ax = _figure()
    for offset, values, raw, label, colour, hatch in (
        (-width / 2, quota, quota, "Taakstelling", GREY, "//"),
        (width / 2, placed, raw_placed, "Start huur", BLUE, ""),
    ):
        heights = [v if v is not None else 0.0 for v in values]
        bars = ax.bar(
            x + offset, heights, width, label=label, color=colour, hatch=hatch, edgecolor=WHITE
        )
        ax.bar_label(bars, labels=[nl.count(v) for v in raw], padding=2, fontsize=10)
    ax.set_xticks(x, names)
    _count_axis(ax.yaxis)
    top = max([v for v in quota + placed if v is not None] + [1.0])
    ax.set_ylim(0, top * 1.15)
    ax.grid(axis="x", visible=False)
    ax.set_ylabel("Aantal")
    title = "Taakstelling en start huur per corporatie"
    ax.set_title(title)
    fig.legend(loc="outside lower center", ncol=2)
    said = "; ".join(
        f"{name}: taakstelling {_said(q)}, start huur {_said(p)}"
        for name, q, p in zip(names, quota, raw_placed, strict=True)
    )
    data = pd.DataFrame(
        {
            "Woningcorporatie": names,
            "Taakstelling": [e.get("quota") for _, e in items],
            "Start huur": raw_placed,
        }
    )
    return fig.describe(f"Staafdiagram: {title.lower()}. {said}.", chart_data(data, title))


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
    over = [w is not None and w > agreement_months for w in waits]
    bars = ax.bar(
        names,
        heights,
        width=0.6,
        color=[WINE if o else BLUE for o in over],
        hatch=[HATCHES[BAD] if o else "" for o in over],
        edgecolor=WHITE,
    )
    labels = [
        _wait_label(w, entry.get("placements")) for w, (_, entry) in zip(waits, items, strict=True)
    ]
    ax.bar_label(bars, labels=labels, padding=2, fontsize=10)
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
    title = "Gemiddelde wachttijd per corporatie"
    ax.set_title(title)
    handles = [
        ax.get_lines()[0],
        Patch(facecolor=BLUE, label="Binnen de afspraak"),
        Patch(facecolor=WINE, hatch=HATCHES[BAD], edgecolor=WHITE, label="Langer dan de afspraak"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=3)
    said = "; ".join(
        f"{n} {'niet getoond (x)' if label == nl.MARKER else label}"
        for n, label in zip(names, labels, strict=True)
    )
    data = pd.DataFrame(
        {
            "Woningcorporatie": names,
            "Gemiddelde wachttijd": waits,
            "Boven de afspraak": ["ja" if o else "nee" for o in over],
        }
    )
    return fig.describe(
        f"Staafdiagram: {title.lower()}, met de afspraak van "
        f"{nl.months(agreement_months)} als stippellijn. {said}.",
        chart_data(data, title),
        {"Gemiddelde wachttijd": lambda v: nl.months(v, 1)},
    )


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
        ("sustainable_share", "Duurzaam wonen (geen overlast)", BLUE, "o", "-"),
        ("broad_sustainable_share", "Duurzaam (brede definitie)", ORANGE, "s", "--"),
    )
    for key, label, colour, marker, style in series:
        points = [(y, _value(e.get(key))) for y, e in items]
        points = [(y, v) for y, v in points if v is not None]
        if not points:
            continue
        xs, ys = zip(*points, strict=True)
        ax.plot(
            xs,
            ys,
            marker=marker,
            linestyle=style,
            color=colour,
            label=label,
            linewidth=2,
            markersize=6,
        )
        for x_, y_ in points:
            # The higher of the two values at a year is labelled above, the lower below.
            other = [_value(e.get(k)) for yy, e in items if yy == x_ for k, *_ in series]
            other = [v for v in other if v is not None and v != y_]
            below = bool(other) and y_ < max(other)
            ax.annotate(
                nl.pct(y_),
                (x_, y_),
                textcoords="offset points",
                xytext=(0, -15 if below else 8),
                ha="center",
                fontsize=10,
                color=colour if contrast(colour) >= 4.5 else INK,
            )
    ax.set_ylim(0, 1.08)
    ax.set_yticks(np.linspace(0, 1, 6))
    _pct_axis(ax.yaxis)
    ax.set_xticks(years, [str(y) for y in years])
    if years:
        ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.set_xlabel("Jaar van positieve afsluiting (cohort)")
    ax.set_ylabel("Aandeel van het cohort")
    title = "Duurzaam wonen per cohort"
    ax.set_title(title)
    ax.legend(loc="lower right")
    data = pd.DataFrame(
        {
            "Cohort": [str(y) for y in years],
            "Positief afgesloten": [e.get("cohort_size") for _, e in items],
            **{label: [e.get(key) for _, e in items] for key, label, *_ in series},
        }
    )
    said = "; ".join(
        f"{label}: " + ", ".join(f"{y} {_said(e.get(key), nl.pct)}" for y, e in items)
        for key, label, *_ in series
    )
    formats = {label: nl.pct for _, label, *_ in series}
    return fig.describe(
        f"Lijndiagram: aandeel duurzaam wonen per cohort (jaar van positieve afsluiting). {said}.",
        chart_data(data, title),
        formats,
    )


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
    """Three 100%-stacked bars (Woonsituatie, Overlast, Huurachterstand) for one cohort; a
    protected cohort size (extern) shows as "x", its bars as one hidden part."""
    hidden_size = cohort.get("cohort_size") == nl.MARKER
    size = _value(cohort.get("cohort_size")) or 0.0
    rows: list[tuple] = []
    fig, ax = _figure((6.6, 4.4))
    handles: list[Any] = []
    labels: list[str] = []
    row_labels = [row[0] for row in _OUTCOME_ROWS]
    for i, (row_label, key, list_name, categories) in enumerate(_OUTCOME_ROWS):
        counts = cohort.get(key) or {}
        left = 0.0
        handles.append(Patch(visible=False))
        labels.append(row_label)
        for category, colour in zip(categories, _OUTCOME_COLOURS, strict=True):
            raw = counts.get(category)
            n = _value(raw) or 0.0
            share = n / size if size else 0.0
            hidden = isinstance(raw, str) and raw == nl.MARKER
            rows.append(
                (row_label, codes.label(list_name, category), raw, None if hidden else share)
            )
            ax.barh(
                i,
                share,
                left=left,
                color=colour,
                height=0.6,
                edgecolor=WHITE,
                hatch=HATCHES[colour],
            )
            if share >= 0.08:
                ax.text(
                    left + share / 2,
                    i,
                    nl.pct(share, 0),
                    ha="center",
                    va="center",
                    fontsize=10,
                    color=text_on(colour),
                    bbox={"facecolor": colour, "edgecolor": "none", "pad": 1},
                )
            left += share
            handles.append(Patch(facecolor=colour, hatch=HATCHES[colour], edgecolor=WHITE))
            labels.append(codes.label(list_name, category))
        if (size or hidden_size) and any(isinstance(counts.get(c), str) for c in categories):
            _hidden_part(ax, i, left)
    ax.set_yticks(range(len(row_labels)), row_labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xticks(np.linspace(0, 1, 5))
    _pct_axis(ax.xaxis)
    ax.grid(axis="y", visible=False)
    shown_size = nl.MARKER if hidden_size else nl.count(size)
    title = title or f"Uitkomsten van het cohort (n = {shown_size})"
    ax.set_title(title)
    legend = fig.legend(
        handles,
        labels,
        loc="outside lower center",
        ncol=len(_OUTCOME_ROWS),
        handlelength=1.0,
        handletextpad=0.4,
        columnspacing=0.8,
        fontsize=8.5,
    )
    for text, handle in zip(legend.get_texts(), handles, strict=True):
        if not handle.get_visible():
            text.set_fontweight("bold")
    data = pd.DataFrame(rows, columns=["Onderwerp", "Uitkomst", "Aantal", "Aandeel"])
    said = "; ".join(
        f"{topic}: "
        + ", ".join(
            f"{outcome.lower()} {_said(n)}"
            if share is None
            else f"{outcome.lower()} {nl.pct(share)} ({_said(n)})"
            for t, outcome, n, share in rows
            if t == topic and not (_value(n) == 0 and outcome == "Onbekend")
        )
        for topic in row_labels
    )
    return fig.describe(
        f"Gestapelde staven: {title}. Per onderwerp het aandeel van het cohort per uitkomst. "
        f"{said}.",
        chart_data(data, title),
        {"Aandeel": nl.pct},
    )


def _hidden_part(ax: Any, row: int, left: float) -> None:
    """The part of a bar that protected counts take: outlined, hatched and marked "x"."""
    ax.barh(
        row, 1 - left, left=left, color=WHITE, height=0.6, edgecolor=GREY, hatch="//", linewidth=1
    )
    if 1 - left >= 0.04:
        ax.text(
            left + (1 - left) / 2,
            row,
            nl.MARKER,
            ha="center",
            va="center",
            fontsize=10,
            color=INK,
            bbox={"facecolor": WHITE, "edgecolor": "none", "pad": 1},
        )


# -- meerjarenoverzicht, regions side by side, the pilot's evaluation (issue 13) -------------
def _label(value: Any, show=nl.count) -> str:
    """A bar label: the protected marker as is, a missing value as an en dash."""
    return value if value == nl.MARKER else show(_value(value))


def _grouped_bars(ax: Any, groups: list[str], series: list[tuple[str, list, str]]) -> None:
    """Grouped bars (a bar per series in each group) with their counts on top."""
    x = np.arange(len(groups))
    width = 0.8 / max(len(series), 1)
    for i, (label, values, colour) in enumerate(series):
        heights = [_value(v) or 0.0 for v in values]
        offset = (i - (len(series) - 1) / 2) * width
        bars = ax.bar(x + offset, heights, width, label=label, color=colour)
        ax.bar_label(bars, labels=[_label(v) for v in values], padding=2, fontsize=8.5)
    ax.set_xticks(x, groups)
    _count_axis(ax.yaxis)
    top = max([_value(v) or 0.0 for _, values, _ in series for v in values] + [1.0])
    ax.set_ylim(0, top * 1.15)
    ax.grid(axis="x", visible=False)


def key_figures(entries: Mapping[str, Any], title: str) -> Figure:
    """Aanmeldingen, plaatsingen and taakstelling side by side per group (label -> an entry
    of ``history`` or ``regions``: ``{"housing": ..., "corporations": ...}``)."""
    fig, ax = _figure()
    _grouped_bars(
        ax,
        list(entries),
        [
            ("Aanmeldingen", [e["housing"]["registrations"] for e in entries.values()], BLUE),
            ("Plaatsingen", [e["housing"]["placements"] for e in entries.values()], ORANGE),
            ("Taakstelling", [e["corporations"]["quota_total"] for e in entries.values()], GREY),
        ],
    )
    ax.set_ylabel("Aantal")
    ax.set_title(title)
    ax.legend(loc="upper left", ncols=3)
    data = pd.DataFrame(
        {
            "Groep": list(entries),
            "Aanmeldingen": [e["housing"]["registrations"] for e in entries.values()],
            "Plaatsingen": [e["housing"]["placements"] for e in entries.values()],
            "Taakstelling": [e["corporations"]["quota_total"] for e in entries.values()],
        }
    )
    chart_data(data, title)
    return fig.describe(
        f"Staafdiagram: {title.lower()}; aanmeldingen, plaatsingen en taakstelling naast elkaar. "
        + "; ".join(
            f"{g}: {_label(e['housing']['registrations'])} aanmeldingen, "
            f"{_label(e['housing']['placements'])} plaatsingen, taakstelling "
            f"{_label(e['corporations']['quota_total'])}"
            for g, e in entries.items()
        )
        + ".",
        data,
    )


def spreading(entries: Mapping[str, Any]) -> Figure:
    """Per region, the placements' spread over the corporations as a 100 % bar; regions
    whose counts are protected (extern) show no bar."""
    names = list(entries)
    fig, ax = _figure((8.0, 0.9 + 0.7 * len(names)))
    colours = dict(zip(CORPORATION_ORDER, [BLUE, ORANGE, WINE, GREY], strict=True))
    left = np.zeros(len(names))
    totals = [_value(e["housing"]["placements"]) or 0.0 for e in entries.values()]
    hidden = [
        any(e["corporations"][c]["placements"] == nl.MARKER for c in CORPORATION_ORDER)
        for e in entries.values()
    ]
    for code in CORPORATION_ORDER:
        shares = np.array(
            [
                0.0 if h or not t else (_value(e["corporations"][code]["placements"]) or 0.0) / t
                for e, t, h in zip(entries.values(), totals, hidden, strict=True)
            ]
        )
        bars = ax.barh(names, shares, left=left, color=colours[code], label=_corporation_name(code))
        labels = [nl.pct(s, 0) if s >= 0.08 else "" for s in shares]
        ax.bar_label(bars, labels=labels, label_type="center", fontsize=8.5, color="white")
        left += shares
    for i, h in enumerate(hidden):
        if h:
            ax.text(0.01, i, "afgeschermd (kleine aantallen)", va="center", fontsize=8.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    _pct_axis(ax.xaxis)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Aandeel van de plaatsingen")
    ax.set_title("Spreiding van de plaatsingen over de corporaties")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncols=4)
    data = pd.DataFrame(
        {"Regio": names}
        | {
            _corporation_name(c): [e["corporations"][c]["placements"] for e in entries.values()]
            for c in CORPORATION_ORDER
        }
    )
    chart_data(data, "spreiding van de plaatsingen over de corporaties")
    return fig.describe(
        "Gestapeld staafdiagram: per regio het aandeel van de plaatsingen bij elke corporatie. "
        + "; ".join(
            f"{name}: {_label(e['housing']['placements'])} plaatsingen"
            for name, e in entries.items()
        )
        + ".",
        data,
    )


def placement_curves(curves: Mapping[str, pd.DataFrame], aim_months: float = 3) -> Figure:
    """Kaplan–Meier: share placed by months since registration, one step line per route
    (label -> frame with ``time_months``, ``placed``, ``placed_lower``, ``placed_upper``),
    with the pilot's aim as a dashed line; the first 18 months are shown."""
    fig, ax = _figure()
    for (label, frame), colour in zip(curves.items(), [BLUE, ORANGE, WINE, GREY], strict=False):
        data = frame.sort_values("time_months")
        t = data["time_months"].to_numpy(dtype=float)
        ax.step(
            t, data["placed"].to_numpy(dtype=float), where="post", color=colour, lw=2, label=label
        )
        ax.fill_between(
            t,
            data["placed_lower"].to_numpy(dtype=float),
            data["placed_upper"].to_numpy(dtype=float),
            step="post",
            color=colour,
            alpha=0.15,
            linewidth=0,
        )
    ax.axvline(aim_months, linestyle="--", linewidth=1.5, color=GREY, label="Doel: 3 maanden")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(0, 18)
    _pct_axis(ax.yaxis)
    _number_axis(ax.xaxis, 0)
    ax.set_xlabel("Maanden na aanmelding")
    ax.set_ylabel("Aandeel gestart met huren")
    ax.set_title("Hoe snel starten kandidaten met huren?")
    ax.legend(loc="upper left")
    data = pd.DataFrame(
        {
            "Route": list(curves),
            "Gestart binnen 3 maanden": [_placed_by(c, aim_months) for c in curves.values()],
            "Gestart binnen 12 maanden": [_placed_by(c, 12) for c in curves.values()],
        }
    )
    chart_data(data, "aandeel gestart met huren per route")
    return fig.describe(
        "Lijndiagram (trappen): per route het aandeel kandidaten dat is gestart met huren, "
        "over de maanden na aanmelding; wie nog wacht telt mee zolang hij wacht. "
        + "; ".join(
            f"{label}: binnen 3 maanden {nl.pct(_placed_by(c, aim_months), 0)}"
            for label, c in curves.items()
        )
        + ".",
        data,
        {"Gestart binnen 3 maanden": nl.pct, "Gestart binnen 12 maanden": nl.pct},
    )


def _placed_by(curve: pd.DataFrame, months: float) -> float | None:
    """The Kaplan–Meier share placed at ``months`` (the last step at or before it); None when
    the curve ends before ``months`` (followed up less long, or cut for extern)."""
    if not len(curve) or curve["time_months"].max() < months:
        return None
    steps = curve[curve["time_months"] <= months]
    return float(steps["placed"].iloc[-1]) if len(steps) else 0.0
