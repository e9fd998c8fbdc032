"""Print and PDF: `loket report --pdf` writes A4 PDFs through headless Chromium, with the
report's title and page numbers in the margin and nothing cut at the edge.

Skipped, with the reason, where Chromium or poppler-utils (pdfinfo, pdftoppm, pdftotext) is
missing; `.ci/run` installs both.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from PIL import Image

from loketlib.cli import main
from loketlib.report import browser

REGION = "westelijke-mijnstreek"
YEAR = 2022
A4 = (595.3, 841.9)  # points
EDGE_MM = 8  # the outer band of every page (margins are 16 mm and more) stays white


def _needs_tools() -> None:
    if browser.find() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run installs it)")
    if not all(shutil.which(t) for t in ("pdfinfo", "pdftoppm", "pdftotext")):
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")


def info(pdf) -> dict:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)


def page_text(pdf, page: int) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


@pytest.fixture(scope="module")
def pdfs(rendered, names, demo_xlsx):
    """`loket report --pdf` over the rendered reports (nothing changed, so only the PDFs)."""
    _needs_tools()
    made = {}
    for audience in ("intern", "extern"):
        result = CliRunner().invoke(
            main,
            [
                "report",
                "--data",
                str(demo_xlsx),
                "--region",
                REGION,
                "--year",
                str(YEAR),
                "--out",
                str(rendered["out"]),
                "--audience",
                audience,
                "--quiet",
                "--pdf",
            ],
        )
        assert result.exit_code == 0, result.output
        for kind in ("report", "research"):
            pdf = rendered[audience] / names[kind].replace(".html", ".pdf")
            assert pdf.exists() and f"PDF: {pdf}" in result.stderr
            made[audience, kind] = pdf
    return made


def test_without_chromium_one_line_says_how_to_install_it(demo_xlsx, tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_CHROMIUM", str(tmp_path / "no-chromium"))
    args = ["report", "--data", str(demo_xlsx), "--region", REGION, "--year", str(YEAR)]
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path), "--pdf"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "apt-get install chromium" in lines[0]
    assert not any(tmp_path.rglob("*.html"))  # it stopped before rendering


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["report", "research"])
@pytest.mark.parametrize("audience", ["intern", "extern"])
def test_the_pdf_is_a4_with_a_title_page_title_and_page_numbers(pdfs, audience, kind):
    pdf = pdfs[audience, kind]
    meta = info(pdf)
    width, height = (float(v) for v in re.findall(r"[\d.]+", meta["Page size"])[:2])
    assert (width, height) == pytest.approx(A4, abs=1.0)
    pages = int(meta["Pages"])
    assert pages >= (12 if kind == "report" else 6)
    first, second = page_text(pdf, 1), page_text(pdf, 2)
    assert "Pagina" not in first  # the title page has no running head or number
    assert f"Pagina 2 van {pages}" in second
    title = "Jaarverslag Loket Housing" if kind == "report" else "Onderzoek: waarom"
    assert title in second.splitlines()[0] or title in second[:300]
    assert f"Pagina {pages} van {pages}" in page_text(pdf, pages)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["report", "research"])
def test_nothing_is_cut_at_the_edge(pdfs, tmp_path, kind):
    """The left and right 8 mm of every page are white: no table or chart runs off it."""
    pdf = pdfs["intern", kind]
    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p-*.pgm"))
    assert len(images) == int(info(pdf)["Pages"])
    for path in images:
        image = Image.open(path)
        band = round(EDGE_MM / 25.4 * 40)
        w, h = image.size
        for box in ((0, 0, band, h), (w - band, 0, w, h)):
            assert image.crop(box).getextrema()[0] >= 250, f"ink at the edge of {path.name}"


@pytest.mark.slow
def test_the_pdf_prints_the_numbers_of_every_chart(pdfs):
    text = subprocess.run(
        ["pdftotext", str(pdfs["intern", "research"]), "-"], capture_output=True, text=True
    ).stdout
    assert text.count("Cijfers bij de grafiek:") == 2  # the curves and the forest plot
    assert "Kenmerk" in text and "Groep" in text and "Model" in text


@pytest.mark.slow
def test_the_extern_pdf_hides_what_the_extern_html_hides(pdfs, rendered, names):
    def text(audience):
        return subprocess.run(
            ["pdftotext", str(pdfs[audience, "report"]), "-"], capture_output=True, text=True
        ).stdout

    intern, extern = text("intern"), text("extern")
    listing = "Vindplaats van de rijen in quarantaine"
    assert listing in intern and listing not in extern
    assert "Beveiligde versie" in extern and "Beveiligde versie" not in intern
    html = (rendered["extern"] / names["report"]).read_text("utf-8")
    assert html.count("Vindplaats") == extern.count("Vindplaats") == 0
