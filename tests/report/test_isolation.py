"""One kernel runs every section, yet no section sees another's variables.

Two tiny section notebooks (same parameters as the real ones) run through
``Renderer.execute`` in the shared kernel: the first leaves names behind, the second asserts
they are gone. A control runs the second without the ``%reset`` cell in the same kernel and
sees the leak, so the reset (not a fresh kernel) is what isolates the sections.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill as pm
import pytest

from loketlib.report.job import Job, ReportError
from loketlib.report.sections import Section

pytestmark = pytest.mark.slow

PARAMETERS = (
    'data: str = "../data/demo/demo-export.xlsx"\n'
    'region: str = "westelijke-mijnstreek"\n'
    "year: int = 2022\n"
    'peildatum: str = ""\n'
    'audience: str = "intern"\n'
    "threshold: int = 5\n"
    'period: str = ""\n'
)

FIRST = (
    "import json as j\n"
    "import loketlib.nl as dutch\n"
    "import matplotlib.pyplot as plt\n"
    "secret_from_a = 42\n"
    "left_figure = plt.figure()\n"
    "print('first ran', region, year)\n"
    "secret_from_a * 1000  # an output, which IPython would keep as _, _N and Out[N]"
)

SECOND = (
    "import sys\n"
    "import matplotlib.pyplot as plt\n"
    "assert 'secret_from_a' not in globals(), 'secret_from_a leaked'\n"
    "assert 'j' not in globals(), 'json as j leaked'\n"
    "assert 'dutch' not in globals(), 'loketlib.nl as dutch leaked'\n"
    "assert 'left_figure' not in globals(), 'left_figure leaked'\n"
    "assert plt.get_fignums() == [], 'an open figure leaked'\n"
    "outputs = [v for k, v in globals().items() if k.startswith('_') and v == 42000]\n"
    "assert outputs == [] and 42000 not in Out.values(), 'an output leaked'\n"
    "print('second is clean', region, year)\n"
    "print('loketlib.nl loaded:', 'loketlib.nl' in sys.modules)"
)

FAILING = "secret_from_a = 42\nraise RuntimeError('first failed')"


def notebook(*sources: str):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells.append(nbformat.v4.new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}))
    nb.cells.extend(nbformat.v4.new_code_cell(s) for s in sources)
    return nb


@pytest.fixture
def sections(tmp_path, monkeypatch):
    import loketlib.report.render

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for slug, source in (("a-first", FIRST), ("b-second", SECOND), ("c-failing", FAILING)):
        nbformat.write(notebook(source), notebooks / f"{slug}.ipynb")
    monkeypatch.setattr(loketlib.report.render, "NOTEBOOKS", notebooks)
    folder = tmp_path / "out"
    (folder / "notebooks").mkdir(parents=True)
    job = Job(Path("demo-export.xlsx"), "westelijke-mijnstreek", 2022)
    names = {s: Section(s, s) for s in ("a-first", "b-second", "c-failing")}
    return notebooks, folder, job, names


def _outputs(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def _errors(path: Path) -> list:
    nb = nbformat.read(path, as_version=4)
    return [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]


def test_sections_share_a_kernel_but_not_names(sections):
    from loketlib.report.render import Renderer

    notebooks, folder, job, s = sections
    with Renderer(progress=False) as renderer:
        first = renderer.execute(job, folder, s["a-first"])
        second = renderer.execute(job, folder, s["b-second"])
        # the control: the same notebook in the same kernel without the reset cell
        plain = nbformat.read(notebooks / "a-first.ipynb", as_version=4)
        pm.execute_notebook(
            plain,
            None,
            km=renderer.km,
            kernel_name="python3",
            progress_bar=False,
            parameters=job.parameters(),
        )
        with pytest.raises(pm.PapermillExecutionError) as leaked:
            pm.execute_notebook(
                nbformat.read(notebooks / "b-second.ipynb", as_version=4),
                None,
                km=renderer.km,
                kernel_name="python3",
                progress_bar=False,
                parameters=job.parameters(),
            )
    assert "first ran westelijke-mijnstreek 2022" in first
    assert "second is clean westelijke-mijnstreek 2022" in second
    assert "loketlib.nl loaded: True" in second  # modules stay loaded: only names are reset
    assert _errors(folder / "notebooks" / "b-second.ipynb") == []
    assert "second is clean" in _outputs(folder / "notebooks" / "b-second.ipynb")
    assert leaked.value.ename == "AssertionError"
    assert "leaked" in leaked.value.evalue


def test_a_failed_section_leaves_nothing_for_the_next(sections):
    from loketlib.report.render import Renderer

    _notebooks, folder, job, s = sections
    with Renderer(progress=False) as renderer:
        with pytest.raises(ReportError, match="c-failing.*first failed"):
            renderer.execute(job, folder, s["c-failing"])
        second = renderer.execute(job, folder, s["b-second"])
    assert "second is clean" in second
    assert _errors(folder / "notebooks" / "b-second.ipynb") == []


def test_parameters_reach_each_section(sections):
    from loketlib.report.render import Renderer

    _notebooks, folder, _job, s = sections
    job = Job(Path("demo-export.xlsx"), "parkstad", 2021)
    with Renderer(progress=False) as renderer:
        renderer.execute(job, folder, s["a-first"])
        body = renderer.execute(job, folder, s["b-second"])
    assert "second is clean parkstad 2021" in body
    nb = nbformat.read(folder / "notebooks" / "b-second.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert 'region = "parkstad"' in injected[0].source
    assert not any("%reset" in c.source for c in nb.cells)
