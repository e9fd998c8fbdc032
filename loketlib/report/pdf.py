"""PDF versions of rendered reports: A4 through headless Chromium (:mod:`.browser`).

The page's print style sheet sets the paper, margins, running title and page numbers. In the
PDF the numbers under each chart ("Cijfers bij deze grafiek") are shown, opened.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from loketlib.report import browser

CLOSED = '<details class="chart-data">'
OPENED = '<details class="chart-data" open>'


def write(page: Path) -> Path:
    """``page`` (an HTML report) printed to the PDF beside it, ``<name>.pdf``."""
    page = Path(page)
    with tempfile.TemporaryDirectory(prefix="loket-pdf-") as work:
        printable = Path(work) / page.name
        printable.write_text(page.read_text(encoding="utf-8").replace(CLOSED, OPENED), "utf-8")
        return browser.print_pdf(printable, page.with_suffix(".pdf"))
