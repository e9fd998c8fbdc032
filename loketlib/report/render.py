"""The heavy half of a render (planned by :mod:`loketlib.report.plan`): warm kernels,
papermill, one nbconvert exporter."""

from __future__ import annotations

import copy
import json
import os
import queue
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import nbformat
import papermill as pm
from jupyter_client.manager import KernelManager
from nbconvert import HTMLExporter
from tqdm import tqdm

from loketlib.figures import compute
from loketlib.intake.codes import REGION_LABELS
from loketlib.intake.processed import load
from loketlib.paths import NOTEBOOKS
from loketlib.report import page, reconcile, wording
from loketlib.report.job import (
    MANIFEST,
    RESET,
    RESET_TAG,
    Job,
    Outcome,
    ReportError,
    file_names,
    generated_on,
)
from loketlib.report.notebook import HEADER_TAG, parse_peildatum
from loketlib.report.sections import RESEARCH, Section
from loketlib.report.suppress import protect_figures

KERNEL = "python3"
WARM_UP = (
    "import loketlib.research.arrears, loketlib.research.arrears_table, loketlib.report.charts, "
    "loketlib.report.notebook, loketlib.report.reconcile, loketlib.report.views"
)


class Kernel:
    """One Python kernel (its own process), warmed up with the sections' imports."""

    def __init__(self, number: int):
        self._sockets = tempfile.mkdtemp(prefix="loket-kernel-")
        self.km = KernelManager(
            kernel_name=KERNEL, transport="ipc", ip=str(Path(self._sockets) / f"kernel{number}")
        )
        # Charts must be embedded even when the caller runs with a headless MPLBACKEND.
        env = {**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
        self.km.start_kernel(
            cwd=str(NOTEBOOKS), env=env, extra_arguments=["--HistoryManager.enabled=False"]
        )
        # Import what the sections need while loket reads and cleans the export.
        self._warming: threading.Thread | None = threading.Thread(target=self._warm_up)
        self._warming.start()

    def _warm_up(self) -> None:
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {
            "name": KERNEL,
            "display_name": "Python 3",
            "language": "python",
        }
        nb.cells = [nbformat.v4.new_code_cell(WARM_UP)]
        pm.execute_notebook(nb, None, km=self.km, kernel_name=KERNEL, progress_bar=False)

    def ready(self) -> KernelManager:
        if self._warming is not None:
            self._warming.join()
            self._warming = None
        return self.km

    def close(self) -> None:
        if self._warming is not None:
            self._warming.join()
        self.km.shutdown_kernel(now=True)
        shutil.rmtree(self._sockets, ignore_errors=True)


class Renderer:
    """Kernels and one exporter shared by every section of every job in one call.

    With two or more cores, two kernels execute sections side by side (each section still
    runs alone in its kernel, after a reset); the HTML of a job is put together once all its
    sections are done.
    """

    def __init__(self, progress: bool = True, kernels: int | None = None):
        self.progress = progress
        self.size = kernels or max(1, min(2, os.cpu_count() or 1))
        self.kernels: list[Kernel] = []
        self._idle: queue.Queue[Kernel] = queue.Queue()
        self._export_lock = threading.Lock()
        self.exporter = HTMLExporter(
            template_name="basic",
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
        self._parameters: dict[Path, set[str]] = {}

    @property
    def km(self) -> KernelManager:
        """The first kernel (the one :meth:`execute` uses unless told otherwise)."""
        return self.kernels[0].ready()

    def __enter__(self) -> Renderer:
        for number in range(self.size):
            kernel = Kernel(number)
            self.kernels.append(kernel)
            self._idle.put(kernel)
        return self

    def __exit__(self, *exc) -> None:
        for kernel in self.kernels:
            kernel.close()

    def render_all(self, plans: list[tuple]) -> list[Outcome]:
        """Render every planned section of every job; then put each job's HTML together."""
        shown = [self.prepare(job, folder) for job, folder, *_ in plans]
        tasks = [
            (index, section)
            for index, (*_, todo) in enumerate(plans)
            for section in sorted(todo, key=lambda s: s is not RESEARCH)  # longest first
        ]
        bar = tqdm(total=len(tasks), unit="sectie", disable=not self.progress)
        with ThreadPoolExecutor(max_workers=self.size) as pool:
            futures = [
                pool.submit(self._task, plans[index][0], plans[index][1], section, shown[index])
                for index, section in tasks
            ]
            try:
                for future in as_completed(futures):
                    bar.set_postfix_str(future.result())
                    bar.update()
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
            finally:
                bar.close()
        return [
            self.assemble(job, folder, keys, todo, figures, results)
            for (job, folder, _manifest, keys, todo), (figures, results) in zip(
                plans, shown, strict=True
            )
        ]

    def prepare(self, job: Job, folder: Path) -> tuple[dict, list]:
        """Figures (protected for extern) and the reconciliation of one job; figures.json."""
        for sub in ("secties", "notebooks", ".loket"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        period = job.the_period
        figures = compute(
            load(job.data), job.region, period, parse_peildatum(job.peildatum, period)
        )
        results = reconcile.compare(figures, reconcile.published(job.region, period.label))
        shown = protect_figures(figures, job.threshold) if job.audience == "extern" else figures
        text = json.dumps(shown, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
        (folder / "figures.json").write_text(text, encoding="utf-8")
        return shown, results

    def _task(self, job: Job, folder: Path, section: Section, prepared: tuple) -> str:
        kernel = self._idle.get()
        try:
            body = self.execute(job, folder, section, kernel)
        finally:
            self._idle.put(kernel)
        (folder / ".loket" / f"{section.slug}.html").write_text(body, encoding="utf-8")
        if section is not RESEARCH:
            page_html = page.report_page(
                _title(job), [(section, body)], prepared[0], generated_on(), toc=False
            )
            (folder / "secties" / f"{section.slug}.html").write_text(page_html, encoding="utf-8")
        return section.slug

    def assemble(self, job, folder, keys, todo, figures, results) -> Outcome:
        """The combined report, the research page and the manifest of one job."""
        names = file_names(job)
        bodies = [
            (s, (folder / ".loket" / f"{s.slug}.html").read_text("utf-8")) for s in job.sections
        ]
        report = folder / names["report"]
        report.write_text(
            page.report_page(_title(job), bodies, figures, generated_on()), encoding="utf-8"
        )
        research = folder / names["research"]
        research_body = (folder / ".loket" / f"{RESEARCH.slug}.html").read_text("utf-8")
        research_page = page.report_page(
            f"{RESEARCH.title} — {REGION_LABELS[job.region]} {wording.short(job.the_period)}",
            [(RESEARCH, research_body)],
            figures,
            generated_on(),
            toc=False,
        )
        research.write_text(research_page, encoding="utf-8")
        (folder / "secties" / f"{RESEARCH.slug}.html").write_text(research_page, encoding="utf-8")
        summary = reconcile.summary(results)
        manifest = {"sections": keys, "reconciliation": summary}
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        rendered = [s.slug for s in todo]
        skipped = [s.slug for s in (*job.sections, RESEARCH) if s not in todo]
        return Outcome(report, research, rendered, skipped, summary)

    def execute(
        self, job: Job, folder: Path, section: Section, kernel: Kernel | None = None
    ) -> str:
        """Run one section notebook in a shared kernel (after a reset); return its HTML body."""
        km = (kernel or self.kernels[0]).ready()
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
                km=km,
                kernel_name=KERNEL,
                progress_bar=False,
            )  # no cwd=: the kernel runs in notebooks/, and a chdir here would race threads
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
        with self._export_lock:
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


def _title(job: Job) -> str:
    return wording.title(job.the_period, job.region)


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
    """Drop what a reader must not see: warnings on stderr, parameter cells' outputs, and the
    notebook's own header (the report page has the title and banners)."""
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if HEADER_TAG not in c.metadata.get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.outputs
                if not (o.output_type == "stream" and o.get("name") == "stderr")
            ]
    return nb
