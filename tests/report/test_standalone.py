"""A section notebook run on its own (papermill, from the repository root or from anywhere)
finds the demo export through its default path and shows the report's title and banners."""

from __future__ import annotations

import papermill as pm
import pytest

from loketlib.paths import NOTEBOOKS, ROOT
from loketlib.report.notebook import export_path

pytestmark = pytest.mark.slow
DEMO = ROOT / "data" / "demo" / "demo-export.xlsx"


def test_relative_paths_resolve_against_the_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert export_path("data/demo/demo-export.xlsx") == DEMO
    (tmp_path / "here.xlsx").write_bytes(b"")
    assert export_path("here.xlsx").name == "here.xlsx"
    assert not export_path("here.xlsx").is_absolute()


def _header(nb) -> str:
    [cell] = [c for c in nb.cells if "loket-header" in c.metadata.get("tags", [])]
    return "".join(o["data"]["text/markdown"] for o in cell.outputs if "data" in o)


@pytest.mark.skipif(not DEMO.exists(), reason="make demo writes data/demo/demo-export.xlsx")
@pytest.mark.parametrize("where", ["root", "elsewhere"])
def test_notebook_runs_from_anywhere_with_title_and_banners(where, tmp_path):
    cwd = ROOT if where == "root" else tmp_path
    nb = pm.execute_notebook(
        str(NOTEBOOKS / "06-duurzaamheid.ipynb"),
        str(tmp_path / "out.ipynb"),
        parameters={"audience": "extern"} if where == "elsewhere" else {},
        cwd=str(cwd),
        progress_bar=False,
    )
    header = _header(nb)
    assert header.startswith("# Jaarverslag Loket Housing Westelijke Mijnstreek 2022")
    assert "Demodata" in header
    assert ("Beveiligde versie voor extern gebruik" in header) == (where == "elsewhere")


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_notebook_takes_the_period_and_has_the_header(path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    [parameters] = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert 'data: str = "data/demo/demo-export.xlsx"' in parameters.source  # repository-relative
    assert "period: str = " in parameters.source
    assert any("threshold, period)" in c.source for c in nb.cells if c.cell_type == "code")
    assert [c.source for c in nb.cells if "loket-header" in c.metadata.get("tags", [])] == [
        "ctx.header()  # title and banners when the notebook runs on its own"
    ]
