"""Extern shows no small total: key figures, cohort sizes, years of the meerjarenoverzicht.

Uses ``small_export`` (Westelijke Mijnstreek cut to one trajectory in 40, rendered extern with
threshold 5): its totals of closed trajectories, invoiced trajectories, pilot registrations,
cohort sizes and placements per year are 1..4, so every check below can see a leak.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from hostile import small_export
from hostile.html_tables import tables
from hostile.markup_export import parse, visible_text
from hostile.small_export import REGION, THRESHOLD, YEAR

from loketlib.cli import main
from loketlib.figures import compute
from loketlib.intake.processed import load
from loketlib.report import charts
from loketlib.report.suppress import MARKER, is_small

small_reports = small_export.small_reports  # the shared render (a fixture)

PAGES = (f"jaarverslag-{REGION}-{YEAR}.html", f"huurachterstand-{REGION}-{YEAR}.html")
#: Whole numbers in a table that are agreements or labels, not counts of people.
NOT_COUNTS = ("Cohort", "Jaar", "Taakstelling", "Groep")
INTEGER = re.compile(r"\d{1,3}(?:\.\d{3})*")
#: A count in a sentence: a number followed by what it counts (as in test_extern).
COUNTED = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*)\s+"
    r"(huurders?|signalen|kandidaat|kandidaten|trajecten|traject|klachten|klacht|"
    r"plaatsingen|aanmeldingen|intakes|woningen)\b"
)
#: (section, key) of the totals that the small export makes small.
TOTALS = (
    ("housing", "closed_positive"),
    ("housing", "closed_negative"),
    ("housing", "invoiced_trajectories"),
    ("fast_track", "registrations"),
)


def _ints(value, path=()):
    """Every (path, int) in a figures JSON."""
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _ints(item, (*path, str(key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _ints(item, (*path, str(i)))


@pytest.fixture(scope="module")
def intern_figures(small_reports) -> dict:
    return compute(load(small_reports["data"]), REGION, YEAR)


@pytest.mark.slow
def test_the_export_has_small_totals(intern_figures):
    f = intern_figures
    assert all(is_small(f[section][key], THRESHOLD) for section, key in TOTALS)
    sizes = [c["cohort_size"] for c in f["sustainability"].values()]
    assert any(is_small(n, THRESHOLD) for n in sizes)
    years = [h["housing"]["placements"] for h in f["history"].values()]
    assert any(is_small(n, THRESHOLD) for n in years)


@pytest.mark.slow
def test_extern_figures_hold_no_small_count(small_reports, intern_figures):
    f = json.loads((small_reports["extern"] / "figures.json").read_text("utf-8"))
    small = [
        (path, n)
        for path, n in _ints(f)
        if is_small(n, THRESHOLD) and path[-1] not in ("quota", "quota_total")
    ]
    assert small == []
    for section, key in TOTALS:
        assert f[section][key] == MARKER, (section, key)
    assert f["housing"]["invoiced_amount_eur"] == MARKER  # amount / price = count
    for year, cohort in f["sustainability"].items():
        if is_small(intern_figures["sustainability"][year]["cohort_size"], THRESHOLD):
            assert cohort["cohort_size"] == MARKER, year


def _count_cells(html: str):
    """(table, column, row, number) for every whole number in a count position of a page."""
    for table in tables(html):
        for row in table.rows:
            if row and row[0].startswith("Taakstelling"):
                continue  # the corporations' quotas: agreements, not people
            for column, cell in zip(table.header, row, strict=False):
                if column.startswith(NOT_COUNTS) or not INTEGER.fullmatch(cell):
                    continue
                yield table, column, row, int(cell.replace(".", ""))


@pytest.mark.slow
def test_extern_tables_show_no_small_count(small_reports):
    checked = hidden_totals = 0
    for name in PAGES:
        html = (small_reports["extern"] / name).read_text("utf-8")
        for table, column, row, n in _count_cells(html):
            checked += 1
            assert not is_small(n, THRESHOLD), (name, table.caption, column, row)
        for table in tables(html):
            if table.caption == "Housing in cijfers":
                shown = dict(table.rows)
                hidden_totals += shown["Positief afgesloten"] == MARKER
                hidden_totals += shown["Gefactureerde trajecten"] == MARKER
    assert checked > 100
    assert hidden_totals == 2


@pytest.mark.slow
def test_an_extern_quarter_shows_no_small_count(small_reports, tmp_path):
    """A quarter of the small export: every total of the period is small."""
    out = tmp_path / "out"
    args = ["report", "--data", str(small_reports["data"]), "--region", REGION]
    args += ["--period", f"{YEAR}-Q3", "--out", str(out), "--audience", "extern"]
    result = CliRunner().invoke(main, [*args, "--threshold", str(THRESHOLD), "--quiet"])
    assert result.exit_code == 0, result.output
    page = out / f"{YEAR}-Q3" / REGION / "extern" / f"kwartaalrapportage-{REGION}-{YEAR}-Q3.html"
    html = page.read_text("utf-8")
    cells = list(_count_cells(html))
    assert len(cells) > 10
    assert not [(t.caption, c, r) for t, c, r, n in cells if is_small(n, THRESHOLD)]
    [results] = [t for t in tables(html) if t.caption.startswith("Resultaten")]
    assert dict((r[0], r[1]) for r in results.rows)["Aanmeldingen Housing"] == MARKER
    text = visible_text(html)
    for number, noun in COUNTED.findall(text):
        assert not is_small(int(number.replace(".", "")), THRESHOLD), (number, noun)


@pytest.mark.slow
def test_extern_sentences_and_alt_texts_show_no_small_count(small_reports):
    for name in PAGES:
        html = (small_reports["extern"] / name).read_text("utf-8")
        for number, noun in COUNTED.findall(visible_text(html)):
            assert not is_small(int(number.replace(".", "")), THRESHOLD), (name, number, noun)
        for tag, attrs in parse(html).tags:
            if tag == "img":
                alt = attrs.get("alt") or ""
                for number, _noun in COUNTED.findall(alt):
                    assert not is_small(int(number.replace(".", "")), THRESHOLD), (name, alt)
                assert not re.search(r"n = [1-4]\b", alt), alt


@pytest.mark.slow
def test_a_hidden_cohort_size_is_drawn_as_x(small_reports, intern_figures):
    f = json.loads((small_reports["extern"] / "figures.json").read_text("utf-8"))
    year = next(y for y, c in f["sustainability"].items() if c["cohort_size"] == MARKER)
    fig = charts.cohort_outcomes(f["sustainability"][year])
    title = fig.axes[0].get_title()
    assert title.endswith("(n = x)"), title
    intern = charts.cohort_outcomes(intern_figures["sustainability"][year])
    assert re.search(r"\(n = [1-4]\)$", intern.axes[0].get_title())  # the leak it hides
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert MARKER in texts and "0%" not in texts  # one hidden part per row, no bar of 0
    assert "n = x" in fig.alt
    labels = [t.get_text() for t in charts.key_figures(f["history"], "Per jaar").axes[0].texts]
    assert MARKER in labels  # a year's hidden placements: labelled x, no bar
    assert not [t for t in labels if t.isdigit() and is_small(int(t), THRESHOLD)], labels


def _research(reports) -> tuple[str, list]:
    html = (reports["extern"] / f"huurachterstand-{REGION}-{YEAR}.html").read_text("utf-8")
    return visible_text(html), tables(html)


@pytest.mark.slow
def test_research_shares_hide_where_their_counts_hide(small_reports):
    text, found = _research(small_reports)
    [overview] = [t for t in found if t.caption.endswith("naar termijn")]
    hidden = {row[0]: row[2] == MARKER for row in overview.rows}
    assert any(hidden.values()) and not all(hidden.values())  # both cases are seen
    for label, is_hidden in hidden.items():  # "Binnen 6 maanden"
        months = label.split()[1]
        # the share with moving out as a competing event (Methode): a share, or "niet getoond"
        line = re.search(rf"binnen {months} maanden: (niet getoond|\d+,\d%, tegen)", text)
        assert line, label
        assert (line[1] == "niet getoond") == is_hidden, (label, line[1])
    reportable = re.search(r"Van de (\S+) meldbare signalen zijn er (\S+) gemeld( \(|\.)", text)
    assert reportable, text
    whole, part, share = reportable.groups()
    if part == MARKER or whole == MARKER:
        assert share == "."  # no share of a hidden count
    else:
        n, k = int(whole.replace(".", "")), int(part.replace(".", ""))
        assert not is_small(k, THRESHOLD) and not is_small(n - k, THRESHOLD)
    conclusion = re.search(r"Wat betekent dit\? ¶ (.*?)\(n = (\S+)\)", text)
    assert conclusion, text
    horizon = next(r for r in overview.rows if r[0] == "Binnen 12 maanden")
    assert ("%" in conclusion[1]) == (horizon[2] != MARKER), (conclusion[1], horizon)
