"""Every table of the jaarverslag as an Excel workbook: ``tabellen-<region>-<year>.xlsx``.

The tables come from the same view functions the section notebooks show
(:mod:`loketlib.report.views`), on the same figures (protected for an extern audience), so
the workbook hides exactly what the HTML hides. Numbers are stored as numbers with Excel
number formats that a Dutch Excel shows as ``1.234``, ``89,1%``, ``€ 43.200,00`` and
``5,4 maanden``; a protected count is the text ``x`` with a footnote. Text, also text from
an export, is stored as a string cell, never as a formula.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from loketlib import nl
from loketlib.intake.codes import REGION_LABELS
from loketlib.report import page, views
from loketlib.report.sections import SECTIONS
from loketlib.report.suppress import MARKER

COUNT = "#,##0"
SHARE = "0.0%"
EUR = '"€" #,##0.00'
MONTHS = '0.0 "maanden"'
MAX_WIDTH = 60
FORMULA_START = ("=", "+", "-", "@")

#: Sheet names (Excel allows 31 characters) for section titles that are longer.
SHEET_NAMES = {
    "04-jaarcijfers-woningcorporaties": "4. Woningcorporaties",
    "06b-regios-naast-elkaar": "Regio's naast elkaar",
    "06c-evaluatie-verkorte-toeleiding": "Evaluatie pilot",
    "08-aansluiting": "Bijlage B. Aansluiting",
}

#: What every figure in the tables means (Toelichting).
DEFINITIONS = (
    ("Aanmeldingen", "Trajecten van het product Housing met een datum aanmelding in de periode."),
    (
        "waarvan door deelnemers / convenantpartners",
        "De aanmeldingen naar het type van de aanmelder (zorgaanbieder).",
    ),
    ("Intakes", "Housing-trajecten met een datum intake in de periode."),
    ("Plaatsingen (start huur)", "Housing-trajecten met een datum start huur in de periode."),
    (
        "Positief / negatief afgesloten",
        "Housing-trajecten met een datum afsluiting in de periode, naar resultaat; bij negatief "
        "ook de reden van afsluiting.",
    ),
    (
        "Gefactureerde trajecten",
        "Housing-trajecten van de regio met een factuurdatum in de periode.",
    ),
    (
        "Verkorte toeleiding",
        "Kandidaten van de route Verkorte toeleiding, aangemeld vanaf de start van de pilot "
        "(1-4-2022) tot het einde van de periode; uitkomst zoals bekend op de peildatum: "
        "bemiddeld in de verkorte toeleiding, bemiddeld na overstap naar een regulier traject, "
        "afgewezen bij de intake, of nog in behandeling.",
    ),
    (
        "Kamers met Kansen",
        "Trajecten van het product Kamers met Kansen: aanmeldingen en plaatsingen in de periode.",
    ),
    ("Taakstelling", "Het aantal plaatsingen dat een woningcorporatie voor het jaar toezegde."),
    ("Start huren", "Housing-plaatsingen in de periode bij de woningcorporatie."),
    (
        "Gemiddelde wachttijd",
        "Gemiddelde van datum start huur min datum aanmelding bij de corporatie, in maanden "
        "(dagen / 30,4375), over de plaatsingen in de periode.",
    ),
    (
        "Cohort",
        "De Housing-trajecten die in dat jaar positief zijn afgesloten; de nameting kijkt twee "
        "jaar vanaf de afsluiting (tot de peildatum).",
    ),
    (
        "Duurzaam (jaarverslag)",
        "Aandeel van het cohort zonder overlast in de nametingen (de definitie van het "
        "jaarverslag). Wie niet is nagemeten telt mee in het cohort en nooit als duurzaam.",
    ),
    (
        "Duurzaam (strikt)",
        "Aandeel van het cohort dat in de geplaatste woning woont of op eigen initiatief "
        "verhuisde, zonder structurele overlast en zonder problematische huurschuld.",
    ),
    (
        "Woonsituatie, Overlast, Huurachterstand",
        "Per lid van het cohort: de woonsituatie van de laatste nameting, de ergste overlast en "
        "de ergste huurachterstand in de nametingen; Onbekend zonder nameting.",
    ),
    (
        "Gelezen, Schoon, In quarantaine, Exacte dubbele verwijderd",
        "Rijen per tabblad van de hele export: gelezen, schoon verwerkt, apart gezet met een "
        "reden (quarantaine) of als exacte kopie van een andere rij verwijderd.",
    ),
    (
        "Gepubliceerd, Berekend",
        "Een cijfer zoals het in het gepubliceerde jaarverslag staat, en zoals loket het uit de "
        "export berekent, op dezelfde precisie afgerond.",
    ),
)


def section_tables(ctx, results: list[dict]) -> dict[str, list[tuple[pd.DataFrame, dict]]]:
    """Per section slug, the tables its notebook shows (frame and column formats), in order.

    ``ctx`` is a :class:`loketlib.report.notebook.Context`; ``results`` the reconciliation
    (:func:`loketlib.report.reconcile.compare` on the unprotected figures).
    """
    f, year = ctx.figures, ctx.year
    quality = [
        views.sheets(f),
        views.quarantine_reasons(f),
        views.warnings(f),
        views.unknown_columns(ctx.data.warnings),
    ]
    if not ctx.extern:
        quality.append(views.quarantined_rows(ctx.data.quarantine))
    cohorts = [
        (views.cohort(f["sustainability"][name], name), views.COHORT_FORMATS)
        for name in views.detailed_cohorts(f, year)
    ]
    return {
        "02-stand-van-zaken": [
            (views.fast_track(f), {}),
            (views.funnel(f), {}),
            (views.closure_reasons(f), {}),
        ],
        "03-kamers-met-kansen": [(views.rooms(f), {})],
        "04-jaarcijfers-woningcorporaties": [
            (views.corporations(f, year), {}),
            (views.waits(f), {"Gemiddelde wachttijd": views.months_1}),
        ],
        "06-duurzaamheid": [
            (views.trend(views.measured_cohorts(f, year)), views.TREND_FORMATS),
            *cohorts,
        ],
        "06a-meerjarenoverzicht": [(views.history(f, year), views.HISTORY_FORMATS)],
        "06b-regios-naast-elkaar": [
            (views.regions(f), views.REGION_FORMATS),
            (views.spreading(f), {}),
        ]
        if "regions" in f
        else [],
        "06c-evaluatie-verkorte-toeleiding": [(views.evaluation(f), views.EVALUATION_FORMATS)]
        if f["fast_track_evaluation"]["fast_track"]["registrations"] != 0
        else [],
        "07-datakwaliteit": [(frame, {}) for frame in quality],
        "08-aansluiting": []
        if ctx.extern  # as in the notebook: the rows quote published texts (intern only)
        else [
            (views.reconciliation(results), {}),
            (views.reconciliation(results, differences=False), {}),
        ],
    }


def number_format(series: pd.Series, fmt: Callable | None) -> str | None:
    """The Excel number format for a column shown with ``fmt`` (a :mod:`loketlib.nl`
    formatter) in the HTML, or with the default format of its values."""
    if fmt is None:
        if nl._protected_counts(series) or pd.api.types.is_integer_dtype(series):
            return None if pd.api.types.is_bool_dtype(series) else COUNT
        return "#,##0.0" if pd.api.types.is_float_dtype(series) else None
    sample = fmt(1234.5678)  # "123.456,8%", "€ 1.234,57", "1.234,6 maanden", "1.234,57"
    decimals = re.search(r",(\d+)", sample)
    places = "." + "0" * len(decimals.group(1)) if decimals else ""
    if sample.endswith("%"):
        return f"0{places}%"
    if sample.startswith("€"):
        return EUR
    if "maand" in sample:
        return f'0{places} "maanden"'
    return f"#,##0{places}"


def build(ctx, results: list[dict], generated: str) -> Workbook:
    """The workbook: Toelichting, then one sheet per section with tables."""
    wb = Workbook()
    notes = wb.active
    tables = section_tables(ctx, results)
    sheets = [(s, tables[s.slug]) for s in SECTIONS if tables.get(s.slug)]
    _explanation(notes, ctx, sheets, generated)
    for section, frames in sheets:
        ws = wb.create_sheet(SHEET_NAMES.get(section.slug, section.title))
        _section_sheet(ws, section.title, frames, ctx)
    return wb


def write(path: Path, ctx, results: list[dict], generated: str) -> Path:
    build(ctx, results, generated).save(path)
    return path


# --------------------------------------------------------------------------- sheets

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DCE6EE")
HEADER_BORDER = Border(bottom=Side(style="thin", color="1F2A36"))
WRAP = Alignment(wrap_text=True, vertical="top")


def _footnote(ctx) -> str:
    protected = ctx.figures["meta"].get("protected") or {}
    threshold = protected.get("threshold", ctx.threshold)
    return (
        f"x: niet getoond ter bescherming van personen (een aantal van 1 tot {threshold}, of "
        f"een aantal waarmee zo'n aantal terug te rekenen is)."
    )


def _explanation(ws, ctx, sheets, generated: str) -> None:
    ws.title = "Toelichting"
    meta = ctx.figures["meta"]
    region = REGION_LABELS[ctx.region]
    period = (meta.get("period") or {}).get("label") or str(ctx.year)
    audience = (
        "extern (beveiligde versie, te delen met partners)"
        if ctx.extern
        else "intern (alle cijfers; niet buiten het loket delen)"
    )
    rows: list[tuple] = [
        (f"Tabellen bij het jaarverslag Loket Housing {region} {ctx.year}",),
        (),
        ("Bron", meta["source"]),
        ("Regio", region),
        ("Periode", period),
        ("Peildatum", nl.date(meta["peildatum"])),
        ("Versie", audience),
        ("Gegenereerd op", generated),
        *[("Let op", notice) for notice in page.notices(ctx.figures)],
        (),
        ("Tekens",),
        ("x", _footnote(ctx)),
        (nl.MISSING, "geen waarde: niets om over te middelen, of niet getoond."),
        (),
        ("Tabbladen",),
        *[(SHEET_NAMES.get(s.slug, s.title), s.title) for s, _ in sheets],
        (),
        ("Begrip", "Definitie"),
        *DEFINITIONS,
    ]
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = _put(ws, number, column, value, None)
            cell.alignment = WRAP
        if len(row) == 1:
            ws.cell(number, 1).font = BOLD
    ws["A1"].font = TITLE
    header = rows.index(("Begrip", "Definitie")) + 1
    for column in (1, 2):
        ws.cell(header, column).font = BOLD
        ws.cell(header, column).fill = HEADER_FILL
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 100
    ws["A1"].alignment = Alignment(wrap_text=False)


def _section_sheet(ws, title: str, frames, ctx) -> None:
    ws["A1"] = title
    ws["A1"].font = TITLE
    region = REGION_LABELS[ctx.region]
    _put(ws, 2, 1, f"Loket Housing {region} {ctx.year}, peildatum {nl.date(ctx.peildatum)}", None)
    widths: dict[int, int] = {}
    row = 4
    frozen = False
    for frame, formats in frames:
        _put(ws, row, 1, frame.attrs.get("title", ""), None).font = BOLD
        row += 1
        if not len(frame):
            _put(ws, row, 1, "Geen.", None)
            row += 3
            continue
        for column, name in enumerate(frame.columns, start=1):
            cell = _put(ws, row, column, str(name), None)
            cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, HEADER_BORDER
            cell.alignment = WRAP
            widths[column] = max(widths.get(column, 8), len(str(name)) + 2)
        if not frozen:
            ws.freeze_panes = ws.cell(row + 1, 1)
            frozen = True
        row += 1
        fmts = {c: number_format(frame[c], formats.get(c)) for c in frame.columns}
        suppressed = False
        for values in frame.itertuples(index=False):
            for column, (name, value) in enumerate(zip(frame.columns, values, strict=True), 1):
                cell = _put(ws, row, column, value, fmts[name])
                suppressed |= cell.value == MARKER
                shown = len(str(cell.value)) + (4 if fmts[name] else 2)
                widths[column] = min(MAX_WIDTH, max(widths.get(column, 8), shown))
                if isinstance(cell.value, str) and len(cell.value) > MAX_WIDTH:
                    cell.alignment = WRAP
            row += 1
        if suppressed:
            _put(ws, row, 1, _footnote(ctx), None).font = Font(italic=True)
            row += 1
        row += 2
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def _put(ws, row: int, column: int, value, fmt: str | None):
    """One cell: a number as a number (with ``fmt``), anything else as text, never a formula."""
    cell = ws.cell(row, column)
    if isinstance(value, bool):
        value = "ja" if value else "nee"
    if isinstance(value, numbers.Number) and not pd.isna(value):
        cell.value = int(value) if isinstance(value, numbers.Integral) else float(value)
        if fmt:
            cell.number_format = fmt
        return cell
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        value = nl.MISSING
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = text
    cell.data_type = "s"  # openpyxl would store a value starting with "=" as a formula
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    if isinstance(value, str) and value == MARKER:
        cell.alignment = Alignment(horizontal="right")
    return cell
