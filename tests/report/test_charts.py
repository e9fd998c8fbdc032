"""Charts draw the data they are given, with Dutch labels (MPLBACKEND=Agg via conftest)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
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
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
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


def test_the_part_of_protected_counts_is_marked_x():
    protected = {
        **COHORT,
        "nuisance": {"none": 57, "cooperative": "x", "structural": "x", "unknown": 0},
    }
    fig = charts.cohort_outcomes(protected)
    ax = fig.axes[0]
    rows: dict[float, float] = {}
    for patch in ax.patches:
        y = round(patch.get_y() + patch.get_height() / 2, 6)
        rows[y] = rows.get(y, 0.0) + patch.get_width()
    assert all(total == pytest.approx(1.0) for total in rows.values())
    hidden = [p for p in ax.patches if p.get_hatch() == "//" and p.get_facecolor()[:3] == (1, 1, 1)]
    assert len(hidden) == 1 and hidden[0].get_width() == pytest.approx(7 / 64)
    assert "x" in _texts(ax)
    assert "meldingen, huurder werkt mee niet getoond (x)" in fig.alt


def test_figures_fit_the_text_column():
    """At most 640 px wide (the text column), so a phone scales them down less."""
    for fig in (
        charts.funnel({"registrations": 1, "intakes": 1, "placements": 1}),
        charts.quota_vs_placements(CORPORATIONS),
        charts.wait_per_corporation(CORPORATIONS),
        charts.sustainability_trend(SUSTAINABILITY),
        charts.cohort_outcomes(COHORT),
    ):
        width, _height = fig.get_size_inches() * charts.CSS_DPI
        assert width <= 640


# --------------------------------------------------------------------------- accessibility

# Machado, Oliveira & Fernandes (2009), severity 1: deuteranopia and protanopia in linear RGB.
DEUTAN = np.array(
    [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]]
)
PROTAN = np.array(
    [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ]
)


def _linear(colour: str) -> np.ndarray:
    c = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ np.clip(linear, 0, 1) / np.array([0.9505, 1.0, 1.089])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_data_colours_have_3_to_1_contrast_and_text_4_5_to_1():
    for colour in (*charts.PALETTE, charts.GOOD, charts.FAIR, charts.BAD, charts.UNKNOWN):
        assert charts.contrast(colour) >= 3, colour
        assert charts.contrast(charts.text_on(colour), colour) >= 4.5, colour
    assert charts.contrast(charts.INK) >= 4.5
    assert charts.contrast("#D9A441") == pytest.approx(2.25, abs=0.01)  # the old sand failed


@pytest.mark.parametrize("vision", [np.eye(3), DEUTAN, PROTAN], ids=["normal", "deutan", "protan"])
def test_colours_stay_apart_under_red_green_colour_blindness(vision):
    """Every pair of data colours differs by at least 20 (CIELAB ΔE) as seen with deuteranopia
    or protanopia; the outcome colours also differ by hatching."""
    colours = list(charts.PALETTE)
    for i, a in enumerate(colours):
        for b in colours[i + 1 :]:
            distance = np.linalg.norm(_lab(vision @ _linear(a)) - _lab(vision @ _linear(b)))
            assert distance >= 20, (a, b, distance)
    assert len(set(charts.HATCHES.values())) == len(charts.HATCHES)


def test_lines_differ_by_style_and_marker_as_well_as_colour():
    fig = charts.sustainability_trend(SUSTAINABILITY)
    lines = fig.axes[0].get_lines()[:2]
    assert lines[0].get_linestyle() != lines[1].get_linestyle()
    assert lines[0].get_marker() != lines[1].get_marker()


def test_alt_text_says_what_the_chart_shows_with_its_numbers():
    fig = charts.funnel({"registrations": 1234, "intakes": 95, "placements": 64})
    assert fig.alt == (
        "Staafdiagram: van aanmelding tot plaatsing. Housing-trajecten in het jaar: "
        "aanmeldingen 1.234, intakes 95, plaatsingen 64."
    )
    assert fig.data["Aantal trajecten"].tolist() == [1234, 95, 64]
    wait = charts.wait_per_corporation(CORPORATIONS)
    assert "Zaamwonen 3,1 maanden" in wait.alt and "Woonpunt geen plaatsingen" in wait.alt
    trend = charts.sustainability_trend(SUSTAINABILITY)
    assert "2020 89,1%" in trend.alt and "2021 geen waarde" in trend.alt
    cohort = charts.cohort_outcomes(COHORT, title="Uitkomsten cohort 2020 (n = 64)")
    assert "overlast: geen 89,1% (57)" in cohort.alt.lower()
    assert cohort.data["Aantal"].sum() == 64 * 3


def test_a_protected_count_is_x_in_the_chart_and_not_shown_in_the_text():
    fig = charts.quota_vs_placements(
        {**CORPORATIONS, "WP": {"quota": 25, "placements": "x", "mean_wait_months": None}}
    )
    assert "Woonpunt: taakstelling 25, start huur niet getoond (x)" in fig.alt
    assert "x" in _texts(fig.axes[0])
    assert fig.data.loc[2, "Start huur"] == "x"
    wait = charts.wait_per_corporation(
        {**CORPORATIONS, "WP": {"quota": 25, "placements": "x", "mean_wait_months": None}}
    )
    assert "Woonpunt niet getoond" in wait.alt


def test_a_chart_shows_as_svg_with_text_alt_text_and_its_numbers():
    fig = charts.funnel({"registrations": 141, "intakes": 109, "placements": 61})
    svg = fig.svg()
    assert "<text" in svg and "Aanmeldingen" in svg  # text kept as text
    again = charts.funnel({"registrations": 141, "intakes": 109, "placements": 61})
    assert again.svg() == svg  # no date: the same data gives the same image
    out = fig.to_html()
    assert 'alt="Staafdiagram: van aanmelding tot plaatsing.' in out
    assert out.startswith(
        '<figure class="loket-chart"><div class="chart-scroll" role="region" tabindex="0" '
        'aria-label="Grafiek: Van aanmelding tot plaatsing"><img src="data:image/svg+xml;base64,'
    )
    assert "<summary>Cijfers bij deze grafiek</summary>" in out
    assert "Aantal trajecten" in out and ">141<" in out
