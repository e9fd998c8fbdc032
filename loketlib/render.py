"""The heavy half of :mod:`loketlib.report`: one kernel, papermill, one nbconvert exporter."""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
from pathlib import Path

import nbformat
import papermill as pm
from jupyter_client.manager import KernelManager
from nbconvert import HTMLExporter
from tqdm import tqdm

from loketlib import page, reconcile
from loketlib.codes import REGION_LABELS
from loketlib.figures import compute
from loketlib.notebook import parse_peildatum
from loketlib.paths import NOTEBOOKS
from loketlib.processed import load
from loketlib.report import (
    MANIFEST,
    RESET,
    RESET_TAG,
    Job,
    Outcome,
    ReportError,
    file_names,
    generated_on,
)
from loketlib.sections import RESEARCH, SECTIONS, Section
from loketlib.suppress import protect_figures

KERNEL = "python3"


class Renderer:
    """A kernel and an exporter shared by every section of every job in one call."""

    def __init__(self, progress: bool = True):
        self.progress = progress
        self.km: KernelManager | None = None
        self.exporter = HTMLExporter(
            template_name="basic",
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
        self._parameters: dict[str, set[str]] = {}

    def __enter__(self) -> Renderer:
        self._sockets = tempfile.mkdtemp(prefix="loket-kernel-")
        self.km = KernelManager(
            kernel_name=KERNEL, transport="ipc", ip=str(Path(self._sockets) / "kernel")
        )
        # Charts must be embedded even when the caller runs with a headless MPLBACKEND.
        env = {**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
        self.km.start_kernel(cwd=str(NOTEBOOKS), env=env)
        return self

    def __exit__(self, *exc) -> None:
        if self.km is not None:
            self.km.shutdown_kernel(now=True)
        shutil.rmtree(self._sockets, ignore_errors=True)

    def render(self, job: Job, folder: Path, manifest: dict, keys: dict, todo: list) -> Outcome:
        for sub in ("secties", "notebooks", ".loket"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        clean = load(job.data)
        peil = parse_peildatum(job.peildatum, job.year)
        figures = compute(clean, job.region, job.year, peil)
        results = reconcile.compare(figures, reconcile.published(job.region, job.year))
        shown = protect_figures(figures, job.threshold) if job.audience == "extern" else figures
        text = json.dumps(shown, ensure_ascii=False, indent=2) + "\n"
        (folder / "figures.json").write_text(text, encoding="utf-8")
        title = f"Jaarverslag Loket Housing {REGION_LABELS[job.region]} {job.year}"
        names = file_names(job)
        rendered = []
        bar = tqdm(todo, desc=f"{job.region} {job.year}", unit="sectie", disable=not self.progress)
        for section in bar:
            bar.set_postfix_str(section.slug)
            body = self.execute(job, folder, section)
            (folder / ".loket" / f"{section.slug}.html").write_text(body, encoding="utf-8")
            rendered.append(section.slug)
            if section is not RESEARCH:
                (folder / "secties" / f"{section.slug}.html").write_text(
                    page.report_page(title, [(section, body)], shown, generated_on(), toc=False),
                    encoding="utf-8",
                )
        bodies = [(s, (folder / ".loket" / f"{s.slug}.html").read_text("utf-8")) for s in SECTIONS]
        report = folder / names["report"]
        report.write_text(page.report_page(title, bodies, shown, generated_on()), encoding="utf-8")
        research = folder / names["research"]
        research_body = (folder / ".loket" / f"{RESEARCH.slug}.html").read_text("utf-8")
        research.write_text(
            page.report_page(
                f"{RESEARCH.title} — {REGION_LABELS[job.region]} {job.year}",
                [(RESEARCH, research_body)],
                shown,
                generated_on(),
                toc=False,
            ),
            encoding="utf-8",
        )
        (folder / "secties" / f"{RESEARCH.slug}.html").write_text(
            research.read_text("utf-8"), encoding="utf-8"
        )
        summary = reconcile.summary(results)
        manifest = {"sections": keys, "reconciliation": summary}
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        skipped = [s.slug for s in (*SECTIONS, RESEARCH) if s.slug not in rendered]
        return Outcome(report, research, rendered, skipped, summary)

    def execute(self, job: Job, folder: Path, section: Section) -> str:
        """Run one section notebook in the shared kernel; return its HTML body."""
        source = NOTEBOOKS / f"{section.slug}.ipynb"
        parameters = self.check_parameters(source, job.parameters())
        nb = nbformat.read(source, as_version=4)
        reset = nbformat.v4.new_code_cell(RESET, metadata={"tags": [RESET_TAG]})
        nb.cells.insert(0, reset)
        target = folder / "notebooks" / f"{section.slug}.ipynb"
        try:
            executed = pm.execute_notebook(
                nb,
                str(target),
                parameters=parameters,
                km=self.km,
                kernel_name=KERNEL,
                progress_bar=False,
                cwd=str(NOTEBOOKS),
            )
        except pm.PapermillExecutionError as error:
            # papermill wrote the failed notebook, error included: keep it without our cell.
            nbformat.write(_for_analysts(nbformat.read(target, as_version=4), section), target)
            first = (error.source or "").strip().splitlines()[:1]
            raise ReportError(
                f"section {section.slug} failed in cell {error.cell_index - 1} "
                f"({first[0] if first else ''!s}): {error.ename}: {error.evalue}; "
                f"notebook kept at {target}"
            ) from None
        executed = _for_analysts(executed, section)
        nbformat.write(executed, target)
        body, _ = self.exporter.from_notebook_node(_for_readers(executed))
        return body

    def check_parameters(self, source: Path, parameters: dict) -> dict:
        """Only parameters the notebook declares (an unknown one is an error, not a warning)."""
        if source not in self._parameters:
            self._parameters[source] = set(pm.inspect_notebook(str(source)))
        unknown = set(parameters) - self._parameters[source]
        if unknown:
            raise ReportError(f"notebook {source.name} has no parameter {sorted(unknown)}")
        return parameters


def _for_analysts(nb, section: Section):
    """The executed notebook without loket's reset cell and papermill's error banners, with
    stable cell ids (so that two renders of the same inputs give the same files)."""
    nb = copy.deepcopy(nb)
    drop = {RESET_TAG, "papermill-error-cell-tag"}
    nb.cells = [c for c in nb.cells if not drop & set(c.metadata.get("tags", []))]
    for number, cell in enumerate(nb.cells):
        cell.id = f"{section.slug}-{number:02d}"
    return nb


def _for_readers(nb):
    """Drop what a reader must not see: warnings on stderr, parameter cells' outputs."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.outputs
                if not (o.output_type == "stream" and o.get("name") == "stderr")
            ]
    return nb
