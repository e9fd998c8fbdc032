"""The Excel workbook of every table (tabellen-<region>-<year>.xlsx), read back with openpyxl."""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import zipfile
from html.parser import HTMLParser

import nbformat
import openpyxl
import pandas as pd
import pytest

from loketlib import nl
from loketlib.paths import NOTEBOOKS
from loketlib.report import reconcile, views, workbook
from loketlib.report.notebook import context
from loketlib.report.sections import applicable

REGION = "westelijke-mijnstreek"
YEAR = 2022
SHEETS = [
    "Toelichting",
    "2. Stand van zaken",
    "3. Kamers met Kansen",
    "4. Woningcorporaties",
    "6. Duurzaamheid",
    "Meerjarenoverzicht",
    "Evaluatie pilot",
    "Bijlage A. Datakwaliteit",
    "Bijlage B. Aansluiting",
]


def _ctx(demo_xlsx, audience: str):
    ctx = context(demo_xlsx, REGION, YEAR, "", audience, 5)
    results = reconcile.compare(ctx.unprotected, reconcile.published(REGION, YEAR))
    return ctx, results


@pytest.fixture(scope="module", params=["intern", "extern"])
def built(request, demo_xlsx, tmp_path_factory):
    ctx, results = _ctx(demo_xlsx, request.param)
    path = tmp_path_factory.mktemp("wb") / "tabellen.xlsx"
    workbook.write(path, ctx, results, "01-01-2023 12:00")
    return ctx, openpyxl.load_workbook(path)


# --------------------------------------------------------------------------- reading back


def shown(cell) -> str:
    """A cell as a Dutch Excel shows it (for the formats the workbook uses)."""
    value = cell.value
    if isinstance(value, str):
        return value
    return {
        workbook.COUNT: nl.count,
        workbook.SHARE: lambda v: nl.pct(v, 1),
        workbook.MONTHS: lambda v: nl.months(v, 1),
        "#,##0.0": lambda v: nl.number(v, 1),
    }[cell.number_format](value)


def sheet_tables(ws) -> list[dict]:
    """The tables of a section sheet: title, header, rows of cells, footnote."""
    tables, row = [], 4
    while row <= ws.max_row:
        title = ws.cell(row, 1).value
        if title is None:
            row += 1
            continue
        table = {"title": title, "header": [], "rows": [], "footnote": None}
        tables.append(table)
        row += 1
        if ws.cell(row, 1).value == "Geen.":
            row += 1
            continue
        width = 0
        while ws.cell(row, width + 1).value is not None:
            width += 1
        table["header"] = [ws.cell(row, c).value for c in range(1, width + 1)]
        row += 1
        while ws.cell(row, 1).value is not None:
            if str(ws.cell(row, 1).value).startswith("x: "):
                table["footnote"] = ws.cell(row, 1).value
            else:
                table["rows"].append([ws.cell(row, c) for c in range(1, width + 1)])
            row += 1
    return tables


class _Tables(HTMLParser):
    """Every <table> of an HTML fragment: header cells and body rows as text; not the
    numbers under a chart (they repeat a table of the section)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._part = ""
        self._chart = False

    def handle_starttag(self, tag, attrs):
        if tag == "details" and dict(attrs).get("class") == "chart-data":
            self._chart = True
        if self._chart:
            return
        if tag == "table":
            self.tables.append({"header": [], "rows": []})
        elif tag in ("thead", "tbody"):
            self._part = tag
        elif tag == "tr" and self._part == "tbody":
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag == "details":
            self._chart = False
        if tag in ("th", "td") and self._cell is not None:
            text = "".join(self._cell).strip()
            table = self.tables[-1]
            (table["header"] if self._part == "thead" else table["rows"][-1]).append(text)
            self._cell = None


def html_tables(html: str) -> list[dict]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def section_html(html: str, slug: str) -> str:
    start = re.search(rf'<section[^>]*\bid="{re.escape(slug)}"', html).start()
    return html[start : html.index("</section>", start)]


# --------------------------------------------------------------------------- the render


@pytest.mark.slow
@pytest.mark.parametrize("audience", ["intern", "extern"])
def test_the_workbook_holds_exactly_the_tables_of_the_html(rendered, names, audience):
    """Every table of the report's HTML is in the workbook, cell for cell as a Dutch Excel
    shows it; extern hides exactly the cells the extern HTML hides."""
    folder = rendered[audience]
    wb = openpyxl.load_workbook(folder / names["tables"])
    assert wb.sheetnames == (SHEETS if audience == "intern" else SHEETS[:-1])
    html = (folder / names["report"]).read_text("utf-8")
    markers = 0
    for section in applicable(json.loads((folder / "figures.json").read_text("utf-8"))):
        in_html = html_tables(section_html(html, section.slug))
        name = workbook.SHEET_NAMES.get(section.slug, section.title)
        in_book = sheet_tables(wb[name]) if name in wb.sheetnames else []
        in_book = [t for t in in_book if t["rows"]]  # an empty table is "Geen." in the HTML
        assert len(in_book) == len(in_html), section.slug
        for book, page in zip(in_book, in_html, strict=True):
            assert book["header"] == page["header"], book["title"]
            cells = [[shown(c) for c in row] for row in book["rows"]]
            assert cells == page["rows"], book["title"]
            has_x = any(c == nl.MARKER for row in cells for c in row)
            markers += sum(c == nl.MARKER for row in cells for c in row)
            assert (book["footnote"] is not None) == has_x, book["title"]
    assert (markers > 0) == (audience == "extern")


@pytest.mark.slow
def test_the_extern_workbook_leaves_out_the_quarantine_listing(rendered, names):
    titles = {
        audience: [
            t["title"]
            for t in sheet_tables(
                openpyxl.load_workbook(rendered[audience] / names["tables"])[
                    "Bijlage A. Datakwaliteit"
                ]
            )
        ]
        for audience in ("intern", "extern")
    }
    listing = "Vindplaats van de rijen in quarantaine"
    assert listing in titles["intern"] and listing not in titles["extern"]


# --------------------------------------------------------------------------- one workbook


def test_numbers_are_numbers_with_dutch_formats(built):
    ctx, wb = built
    f = ctx.figures
    funnel = next(
        t for t in sheet_tables(wb["2. Stand van zaken"]) if t["title"] == "Housing in cijfers"
    )
    registrations = funnel["rows"][0][1]
    assert funnel["rows"][0][0].value == "Aanmeldingen"
    assert registrations.value == f["housing"]["registrations"] and registrations.data_type == "n"
    assert registrations.number_format == "#,##0"

    waits = sheet_tables(wb["4. Woningcorporaties"])[1]
    total = waits["rows"][-1]
    assert total[0].value == "Alle corporaties"
    assert total[2].value == pytest.approx(f["housing"]["mean_wait_months"])
    assert total[2].number_format == '0.0 "maanden"'

    trend = sheet_tables(wb["6. Duurzaamheid"])[0]
    assert trend["title"] == "Duurzaam wonen per cohort"
    row_2020 = next(r for r in trend["rows"] if r[0].value == "2020")
    share = trend["header"].index("Duurzaam (jaarverslag)")
    assert row_2020[share].value == pytest.approx(f["sustainability"]["2020"]["sustainable_share"])
    assert row_2020[share].number_format == "0.0%" and shown(row_2020[share]) == "89,1%"


def test_header_rows_are_frozen_and_columns_sized(built):
    _ctx_, wb = built
    ws = wb["2. Stand van zaken"]
    assert ws.freeze_panes == "A6"  # title, subtitle, blank, table title, header row
    assert ws.cell(5, 1).value == "Verkorte toeleiding" and ws.cell(5, 1).font.bold
    assert ws.column_dimensions["A"].width >= len("Bemiddeld in de verkorte toeleiding")
    for sheet in wb.worksheets[1:]:
        assert sheet.freeze_panes is not None, sheet.title
        assert all(d.width <= workbook.MAX_WIDTH for d in sheet.column_dimensions.values())


def test_suppressed_cells_are_x_with_a_footnote(built):
    ctx, wb = built
    corporations = sheet_tables(wb["4. Woningcorporaties"])[0]
    placed = corporations["rows"][1]
    assert placed[0].value == "Start huren 2022"
    expected = [
        ctx.figures["corporations"][code]["placements"] for code in ("ZW", "WL", "WP", "ZO")
    ]
    assert [c.value for c in placed[1:5]] == expected
    if ctx.extern:
        assert expected.count(nl.MARKER) >= 2  # WP has 1 placement: hidden, and one more
        assert corporations["footnote"].startswith("x: niet getoond")
        assert "1 tot 5" in corporations["footnote"]
    else:
        assert nl.MARKER not in expected and corporations["footnote"] is None


def test_the_first_sheet_explains_source_period_audience_and_every_figure(built):
    ctx, wb = built
    ws = wb["Toelichting"]
    assert wb.sheetnames[0] == "Toelichting"
    pairs = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0] and len(r) > 1}
    assert pairs["Bron"] == "demo-export.xlsx"
    assert pairs["Peildatum"] == "31-12-2022"
    assert pairs["Periode"] == "2022"
    assert pairs["Versie"].startswith(ctx.audience)
    notes = [r[1] for r in ws.iter_rows(values_only=True) if r[0] == "Let op"]
    assert any(n.startswith("Demodata") for n in notes)
    assert any(n.startswith("Beveiligde versie") for n in notes) == ctx.extern
    for term, definition in workbook.DEFINITIONS:
        assert pairs[term] == definition
    for name in SHEETS[1:] if not ctx.extern else SHEETS[1:-1]:
        assert name in pairs
    assert ("Bijlage B. Aansluiting" in pairs) != ctx.extern


def test_export_text_that_looks_like_a_formula_stays_text(demo_xlsx, tmp_path):
    """An unknown column header of the export is shown in Bijlage A: it must never become a
    formula, whatever it starts with."""
    ctx, results = _ctx(demo_xlsx, "intern")
    hostile = ['=HYPERLINK("http://example.org","klik")', "+31 6 1234", "-1+2", "@SUM(A1:A9)"]
    extra = pd.DataFrame(
        {
            "sheet": "trajecten",
            "code": "unknown_column",
            "column": hostile,
            "trajectory_id": pd.NA,
            "detail": "",
        }
    )
    data = dataclasses.replace(ctx.data, warnings=pd.concat([ctx.data.warnings, extra]))
    path = workbook.write(tmp_path / "t.xlsx", dataclasses.replace(ctx, data=data), results, "")
    table = next(
        t
        for t in sheet_tables(openpyxl.load_workbook(path)["Bijlage A. Datakwaliteit"])
        if t["title"].startswith("Onbekende kolommen")
    )
    cells = [row[1] for row in table["rows"]]
    assert [c.value for c in cells] == hostile
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml


def test_the_workbook_has_the_tables_the_notebooks_show(demo_xlsx, monkeypatch):
    """The workbook calls, per section, the view functions that section's notebook shows."""

    def tagged(name, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            frame = fn(*args, **kwargs)
            if isinstance(frame, pd.DataFrame):
                frame.attrs["view"] = name
            return frame

        return wrapper

    for name in dir(views):
        fn = getattr(views, name)
        if callable(fn) and getattr(fn, "__module__", "") == views.__name__:
            monkeypatch.setattr(views, name, tagged(name, fn))
    ctx, results = _ctx(demo_xlsx, "intern")
    tables = workbook.section_tables(ctx, results)
    for section in applicable(ctx.figures):
        nb = nbformat.read(NOTEBOOKS / f"{section.slug}.ipynb", as_version=4)
        source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        shown_views = set(re.findall(r"ctx\.table\(views\.(\w+)\(", source))
        in_book = {frame.attrs["view"] for frame, _ in tables.get(section.slug, [])}
        assert in_book == shown_views, section.slug


def test_every_table_has_a_dutch_title(demo_xlsx):
    ctx, results = _ctx(demo_xlsx, "intern")
    for slug, frames in workbook.section_tables(ctx, results).items():
        for frame, _ in frames:
            assert frame.attrs.get("title"), slug
