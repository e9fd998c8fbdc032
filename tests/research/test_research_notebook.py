"""The research notebook as a researcher meets it: run by papermill on whole exports."""

from __future__ import annotations

import shutil

import nbformat
import papermill as pm
import pytest

from loketlib.paths import NOTEBOOKS

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _inline_charts(monkeypatch):
    """Charts as images, as in a render (the tests run with a headless backend)."""
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")


def _run(data, tmp_path, **parameters) -> tuple[str, int]:
    """Execute the research notebook; return its Markdown and HTML outputs as one text, and
    the number of images."""
    out = tmp_path / "huurachterstand.ipynb"
    pm.execute_notebook(
        str(NOTEBOOKS / "huurachterstand.ipynb"),
        str(out),
        parameters={"data": str(data), **parameters},
        cwd=str(NOTEBOOKS),
        progress_bar=False,
    )
    nb = nbformat.read(out, as_version=4)
    texts, images = [], 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data_ = output.get("data", {})
            texts += [data_.get("text/markdown", ""), data_.get("text/html", "")]
            images += "image/png" in data_ or "<img" in data_.get("text/html", "")
    return "\n".join(texts), images


def test_without_the_arrears_sheet_it_says_the_research_cannot_be_done(demo_csv, tmp_path):
    export = shutil.copytree(demo_csv, tmp_path / "export")
    [sheet] = [p for p in export.iterdir() if p.stem.lower() == "huurachterstanden"]
    sheet.unlink()
    text, images = _run(export, tmp_path, region="zuid-limburg")
    assert (
        "Dit onderzoek kan op deze export niet worden gedaan:** de export heeft geen blad "
        "huurachterstanden" in text
    )
    assert "problematische huurschuld" in text and "spreken elkaar hier dus tegen" in text
    assert images == 0 and "<table" not in text and "%" not in text
    assert "## Methode" not in text and "Wat betekent dit" not in text


def test_another_horizon_and_outcome_change_the_text(demo_xlsx, tmp_path):
    text, images = _run(
        demo_xlsx,
        tmp_path,
        region="westelijke-mijnstreek",
        horizon=6,
        outcome="maanden",
        outcome_months=3.0,
        min_group=15,
    )
    assert "een signaal van huurachterstand van ten minste 3 maand huur" in text
    assert "binnen 6 maanden na de start van de huur" in text
    assert "`horizon` = 6" in text and "`min_group` = 15" in text
    assert "Holm" in text and "p-waarde (Holm)" in text and "Hazard ratio" in text
    assert images == 2  # the small multiples and the forest plot
    assert "binnen 12 maanden na de start" not in text
