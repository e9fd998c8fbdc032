"""Export text is data, never markup (contract §4), in every HTML output and notebook.

The unit tests feed markup to each place that writes HTML (tables, page templates, narrative
Markdown). The end-to-end tests render a hostile copy of the demo export (markup in headers,
quarantined trajectory numbers, a free text and the folder name; ``markup_export``) intern and
extern, parse every HTML file and every notebook output with ``html.parser`` and check that no
element or attribute came from the export while its text is shown as text.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest
from hostile import markup_export
from hostile.markup_export import (
    FOLDER,
    HEADERS,
    IMG,
    LINK,
    QUARANTINED,
    SCRIPT,
    parse,
    visible_text,
)
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from loketlib import nl
from loketlib.report import page
from loketlib.report.narrative import environment
from loketlib.report.sections import SECTIONS

HOSTILE = (SCRIPT, IMG, LINK)

hostile_reports = markup_export.hostile_reports  # the shared render (a fixture)


def assert_inert(html: str, where: str = "") -> None:
    """No element or attribute that markup from an export could have made."""
    for tag, attrs in parse(html).tags:
        assert tag not in ("script", "iframe", "object", "embed", "form"), (where, tag)
        for name, value in attrs.items():
            assert not name.lower().startswith("on"), (where, tag, name)
            if name in ("href", "src"):
                assert "javascript" not in (value or "").lower(), (where, tag, name, value)
        if tag == "img":
            assert (attrs.get("src") or "").startswith("data:image/"), (where, attrs)
        if tag == "a":
            href = attrs.get("href") or ""
            assert href.startswith("#") or href.endswith(".html"), (where, href)


# --------------------------------------------------------------------------- unit


def test_table_cells_headers_and_index_are_text():
    frame = pd.DataFrame({IMG: [SCRIPT, "a & b"], "Aantal": [1, 2]}, index=[LINK, IMG])
    for index in (False, True):
        html = nl.table(frame, index=index)
        assert_inert(html)
        text = visible_text(html)
        assert IMG in text and SCRIPT in text and "a & b" in text
        assert (LINK in text) is index


def test_page_shows_the_source_name_as_text():
    figures = {"meta": {"peildatum": "2022-12-31", "source": FOLDER}}
    html = page.report_page(SCRIPT, [(SECTIONS[0], "<p>body</p>")], figures, "01-01-2023")
    assert_inert(html)
    assert f"bron: {FOLDER}" in visible_text(html)
    assert "<p>body</p>" in html  # the section body (nbconvert's HTML) goes in as is
    index = page.index_page(
        [{"year": 2022, "region": IMG, "audience": SCRIPT, "href": "a.html", "research": None}],
        "01-01-2023",
    )
    assert_inert(index)
    assert IMG in visible_text(index) and SCRIPT in visible_text(index)


@pytest.mark.parametrize(
    "value",
    [
        SCRIPT,
        IMG,
        LINK,
        "![x](x.png)",
        "*nadruk* __vet__ `code` ~~weg~~ | a | b |",
        "http://voorbeeld.nl/pad",
        "# kop",
        "regel een\n# kop\n- punt\n===",
        "3. lijst",
        "&lt;script&gt; \\[a\\]",
    ],
)
def test_narrative_values_are_text_in_markdown(value):
    env = environment("westelijke-mijnstreek", 2022)
    template = env.from_string(
        "{% macro vet(v) %}**{{ v }}**{% endmacro %}Bron: {{ s }}\n\n{{ s }} en {{ vet(s) }}"
    )
    markdown = template.render(s=value)
    html = markdown2html_mistune(markdown)
    assert_inert(html, value)
    elements = [tag for tag, _ in parse(html).tags]
    assert elements.count("strong") == 1  # the template's own markup stays markup
    assert set(elements) <= {"p", "strong"}, (value, markdown, html)
    shown = " ".join(value.split())
    assert visible_text(html).count(shown) == 3, (markdown, html)


# --------------------------------------------------------------------------- end to end


def _pages(out: Path) -> list[Path]:
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 2 * (len(SECTIONS) + 3) + 1  # both audiences, and the index
    return pages


@pytest.mark.slow
def test_no_markup_from_the_export_in_any_page(hostile_reports):
    for path in _pages(hostile_reports["out"]):
        assert_inert(path.read_text("utf-8"), str(path))


@pytest.mark.slow
def test_the_folder_name_is_shown_as_text_on_every_report_page(hostile_reports):
    for audience in ("intern", "extern"):
        for path in hostile_reports[audience].glob("*.html"):
            assert f"bron: {FOLDER}" in visible_text(path.read_text("utf-8")), path


@pytest.mark.slow
@pytest.mark.parametrize("audience", ["intern", "extern"])
def test_hostile_headers_are_listed_as_text(hostile_reports, audience):
    text = visible_text(
        (hostile_reports[audience] / "secties" / "07-datakwaliteit.html").read_text("utf-8")
    )
    for header in HEADERS.values():
        assert header in text, header


@pytest.mark.slow
def test_quarantined_trajectory_numbers_are_text_intern_and_absent_extern(hostile_reports):
    name = Path("secties") / "07-datakwaliteit.html"
    intern = visible_text((hostile_reports["intern"] / name).read_text("utf-8"))
    extern = visible_text((hostile_reports["extern"] / name).read_text("utf-8"))
    for number in QUARANTINED:
        assert number in intern, number
        assert number not in extern, number


@pytest.mark.slow
def test_executed_notebooks_outputs_are_inert(hostile_reports):
    seen = 0
    for audience in ("intern", "extern"):
        for path in sorted((hostile_reports[audience] / "notebooks").glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                for output in cell.get("outputs", []):
                    data = output.get("data", {})
                    if "text/html" in data:
                        assert_inert(data["text/html"], str(path))
                        seen += 1
                    if "text/markdown" in data:
                        assert_inert(markdown2html_mistune(data["text/markdown"]), str(path))
                        seen += 1
    assert seen > 50
