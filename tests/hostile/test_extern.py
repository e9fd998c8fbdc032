"""Extern means protected everywhere: sentences, appendices, chart labels and alt texts.

Uses the hostile demo render of ``markup_export`` (extern, threshold 5): the demo has small
counts in the data-quality appendix, in the research and per corporation, so every check
below can see a leak (the intern render shows them).
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from click.testing import CliRunner
from hostile import markup_export
from hostile.html_tables import tables
from hostile.markup_export import (
    REGION,
    THRESHOLD,
    YEAR,
    parse,
    visible_text,
)

from loketlib.cli import main
from loketlib.report import charts
from loketlib.report.notebook import context
from loketlib.report.suppress import (
    MARKER,
    is_small,
    protect_figures,
    protect_rates,
    protect_sheets,
)

#: Numbers in appendix A that are part of a label or of the hostile export text, not a count.
LABEL_NUMBERS = ("11-proef", "18 t/m 24 jaar", "alert(1)")
#: A count of people or rows in a sentence: a number followed by what it counts.
COUNTED = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*|x)\s+"
    r"(huurders?|signalen|achterstanden|gebeurtenissen|kandidaat|kandidaten|trajecten|traject|"
    r"rijen|rij|klachten|klacht|plaatsingen|aanmeldingen|intakes)\b"
)

AUDIENCES = ("intern", "extern")
hostile_reports = markup_export.hostile_reports  # the shared render (a fixture)


def _ints(text: str) -> list[int]:
    for label in LABEL_NUMBERS:
        text = text.replace(label, "")
    # counts only: not a share ("4%"), a duration ("3 maanden"), a date or a time ("19:03")
    found = re.findall(r"(?<![\d,:-])\d{1,3}(?:\.\d{3})*(?![\d,%:-])(?!\s*maand)", text)
    return [int(n.replace(".", "")) for n in found]


def _page(reports, audience: str, name: str) -> str:
    return visible_text((reports[audience] / name).read_text("utf-8"))


# --------------------------------------------------------------------------- threshold


@pytest.mark.parametrize("threshold", ["2", "0", "-1"])
def test_a_threshold_below_3_is_refused_for_extern(tmp_path, threshold):
    out = tmp_path / "out"
    args = ["report", "--data", str(tmp_path / "missing.xlsx"), "--region", REGION]
    args += ["--year", str(YEAR), "--out", str(out), "--audience", "extern"]
    result = CliRunner().invoke(main, [*args, "--threshold", threshold])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "threshold" in lines[0] and "3" in lines[0], result.output
    assert "Traceback" not in result.output and not out.exists()


def test_the_library_refuses_a_low_threshold_too(tmp_path):
    with pytest.raises(ValueError, match="too low"):
        context(tmp_path / "missing.xlsx", REGION, YEAR, audience="extern", threshold=2)
    with pytest.raises(ValueError, match="too low"):
        protect_figures({"meta": {}}, threshold=1)


def test_sheet_grid_hides_no_cell_one_subtraction_away():
    sheets = {
        "trajecten": {"read": 500, "clean": 496, "quarantined": 3, "duplicates_removed": 1},
        "facturen": {"read": 40, "clean": 40, "quarantined": 0, "duplicates_removed": 0},
        "klachten": {"read": 9, "clean": 7, "quarantined": 2, "duplicates_removed": 0},
    }
    rows, total = protect_sheets(sheets, 5)
    grid = {**rows, "": total}
    columns = ("read", "clean", "quarantined", "duplicates_removed")
    lines = [[grid[n][c] for c in columns] for n in grid]
    lines += [[grid[n][c] for n in grid] for c in columns]
    for line in lines:
        assert sum(v == MARKER for v in line) != 1, line
        assert not any(is_small(v, 5) for v in line), line
    assert total["read"] == 549 and rows["trajecten"]["clean"] == 496


# --------------------------------------------------------------------------- rendered


@pytest.mark.slow
def test_banner_states_the_threshold(hostile_reports):
    for name in (f"jaarverslag-{REGION}-{YEAR}.html", f"huurachterstand-{REGION}-{YEAR}.html"):
        text = _page(hostile_reports, "extern", name)
        assert f"Beveiligde versie voor extern gebruik (drempel {THRESHOLD})" in text
        assert f"kleiner dan {THRESHOLD}" in text


@pytest.mark.slow
def test_data_quality_appendix_shows_no_small_count(hostile_reports):
    name = "secties/07-datakwaliteit.html"
    intern = _ints(_page(hostile_reports, "intern", name).split("Tabblad Rij")[0])
    assert any(is_small(n, THRESHOLD) for n in intern)  # the check can see a leak
    extern = _page(hostile_reports, "extern", name)
    small = [n for n in _ints(extern) if is_small(n, THRESHOLD)]
    assert small == [], extern
    assert MARKER in extern.split()


@pytest.mark.slow
def test_extern_figures_meta_is_protected(hostile_reports):
    f = json.loads((hostile_reports["extern"] / "figures.json").read_text("utf-8"))
    meta = f["meta"]
    counts = [*meta["quarantine"].values(), *meta["warnings"].values()]
    for row in (*meta["sheets"].values(), meta["sheets_total"]):
        counts += [row[k] for k in ("read", "clean", "quarantined", "duplicates_removed")]
    assert not [n for n in counts if is_small(n, THRESHOLD)]
    assert MARKER in counts


@pytest.mark.slow
def test_sentences_show_no_small_count(hostile_reports):
    intern = _page(hostile_reports, "intern", f"huurachterstand-{REGION}-{YEAR}.html")
    assert re.search(r"Bij [1-4] huurders? werd de achterstand", intern)  # the demo has one
    for name in (f"jaarverslag-{REGION}-{YEAR}.html", f"huurachterstand-{REGION}-{YEAR}.html"):
        text = _page(hostile_reports, "extern", name)
        for number, noun in COUNTED.findall(text):
            if number != MARKER:
                assert not is_small(int(number.replace(".", "")), THRESHOLD), (number, noun)
    research = _page(hostile_reports, "extern", f"huurachterstand-{REGION}-{YEAR}.html")
    assert "Bij x huurders werd de achterstand een problematische huurschuld" in research


@pytest.mark.slow
def test_reconciliation_rows_are_intern_only(hostile_reports):
    name = "secties/08-aansluiting.html"
    assert "Tekst in het jaarverslag" in _page(hostile_reports, "intern", name)
    extern = _page(hostile_reports, "extern", name)
    assert "Tekst in het jaarverslag" not in extern
    assert "In deze beveiligde versie staat de vergelijking per cijfer niet" in extern


@pytest.mark.slow
def test_alt_texts_and_chart_labels_follow_the_suppression(hostile_reports):
    images = 0
    for path in hostile_reports["extern"].rglob("*.html"):
        for tag, attrs in parse(path.read_text("utf-8")).tags:
            if tag == "img":
                images += 1
                alt = attrs.get("alt") or ""
                assert not [n for n in _ints(alt) if is_small(n, THRESHOLD)], (path, alt)
                assert "<" not in alt and "alert" not in alt, (path, alt)
    assert images > 0
    f = json.loads((hostile_reports["extern"] / "figures.json").read_text("utf-8"))
    corporations = f["corporations"]
    hidden = [
        c for c, v in corporations.items() if isinstance(v, dict) and v["placements"] == MARKER
    ]
    assert hidden  # the demo has a corporation with 1 placement in 2022
    labels = [t.get_text() for t in charts.wait_per_corporation(corporations).axes[0].texts]
    codes = [c for c in charts.CORPORATION_ORDER if c in corporations]
    for code, label in zip(codes, labels, strict=True):
        if code in hidden and corporations[code]["mean_wait_months"] is None:
            assert label == MARKER, (code, label)
    assert "geen plaatsingen" not in [
        label for code, label in zip(codes, labels, strict=True) if code in hidden
    ]


def test_rates_hide_a_small_count_or_a_small_rest_with_its_share():
    df = pd.DataFrame(
        {
            "Groep": ["A", "B", "C", "D"],
            "Huurders": [20, 12, 30, 15],
            "Met achterstand": [3, 10, 12, 6],
            "Aandeel": [0.15, 10 / 12, 0.4, 0.4],
        }
    )
    out = protect_rates(df, "Met achterstand", 5, size="Huurders", with_count=("Aandeel",))
    assert out["Met achterstand"].tolist() == [MARKER, MARKER, 12, 6]
    assert out["Aandeel"].tolist()[:2] == [None, None]
    one = protect_rates(df.iloc[[0, 2, 3]], "Met achterstand", 5)  # one small: one more hidden
    assert one["Met achterstand"].tolist() == [MARKER, 12, MARKER]
    assert df["Met achterstand"].tolist() == [3, 10, 12, 6]  # the input is not changed


def _km_table(reports, audience: str):
    page = (reports[audience] / f"huurachterstand-{REGION}-{YEAR}.html").read_text("utf-8")
    [table] = [t for t in tables(page) if t.caption.endswith("Kaplan–Meier-curven per kenmerk")]
    return table


def _at_risk(reports, audience: str) -> list:
    table = _km_table(reports, audience)
    columns = [c for c in table.header if c.startswith("At risk na")]
    assert columns, table.header
    return [cell for c in columns for cell in table.column(c)]


@pytest.mark.slow
def test_research_numbers_at_risk_show_no_small_count(hostile_reports):
    intern = [int(v.replace(".", "")) for v in _at_risk(hostile_reports, "intern")]
    assert any(is_small(n, THRESHOLD) for n in intern)  # the demo's tails are small
    extern = _at_risk(hostile_reports, "extern")
    assert MARKER in extern
    shown = [int(v.replace(".", "")) for v in extern if v != MARKER]
    assert not [n for n in shown if is_small(n, THRESHOLD)], extern
    # the curves are cut where fewer than the threshold are at risk: other end values
    ends = {a: _km_table(hostile_reports, a).column("Zonder uitkomst (eind)") for a in AUDIENCES}
    assert ends["intern"] != ends["extern"]
