"""The heavy half of a render (planned by :mod:`loketlib.report.plan`): warm kernels,
papermill, one nbconvert exporter."""

from __future__ import annotations

import copy
import json
import queue
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
from loketlib.report import page, reconcile, wording, workbook
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
from loketlib.report.kernel import KERNEL, Kernel, kernel_count
from loketlib.report.notebook import HEADER_TAG, context, parse_peildatum
from loketlib.report.sections import RESEARCH, Section, applicable
from loketlib.report.suppress import protect_figures


class Renderer:
    """Kernels and one exporter shared by every section of every job in one call.

    With two or more cores, two kernels execute sections side by side (each section still
    runs alone in its kernel, after a reset); the HTML of a job is put together once all its
    sections are done.
    """

    def __init__(
        self, progress: bool = True, kernels: int | None = None, started: list[Kernel] | None = None
    ):
        self.progress = progress
        self.size = len(started) if started else kernels or kernel_count()
        self._started: list[Kernel] = started or []  # kernels started by the caller, now ours
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
            kernel = self._started[number] if self._started else Kernel(number)
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
            if section is RESEARCH or section.applies(shown[index][0])
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
                _title(job),
                [(section, body)],
                prepared[0],
                generated_on(),
                toc=False,
                document_title=_document_title(job, f"{section.title} — {_title(job)}"),
            )
            (folder / "secties" / f"{section.slug}.html").write_text(page_html, encoding="utf-8")
        return section.slug

    def assemble(self, job, folder, keys, todo, figures, results) -> Outcome:
        """The combined report, the research page and the manifest of one job."""
        names = file_names(job)
        present = applicable(figures, job.sections)
        bodies = [(s, (folder / ".loket" / f"{s.slug}.html").read_text("utf-8")) for s in present]
        absent = [s.slug for s in job.sections if s not in present]
        for slug in absent:  # a section that applied at an earlier render
            (folder / "secties" / f"{slug}.html").unlink(missing_ok=True)
        report = folder / names["report"]
        report.write_text(
            page.report_page(
                _title(job), bodies, figures, generated_on(), document_title=_document_title(job)
            ),
            encoding="utf-8",
        )
        research = folder / names["research"]
        research_body = (folder / ".loket" / f"{RESEARCH.slug}.html").read_text("utf-8")
        when = wording.short(job.the_period)
        research_title = f"{RESEARCH.title} — {REGION_LABELS[job.region]} {when}"
        research_page = page.report_page(
            research_title,
            [(RESEARCH, research_body)],
            figures,
            generated_on(),
            toc=False,
            document_title=_document_title(job, research_title),
        )
        research.write_text(research_page, encoding="utf-8")
        (folder / "secties" / f"{RESEARCH.slug}.html").write_text(research_page, encoding="utf-8")
        if job.the_period.is_year:  # the workbook holds the jaarverslag's tables
            ctx = context(
                job.data,
                job.region,
                job.year,
                job.peildatum,
                job.audience,
                job.threshold,
                job.period,
            )
            workbook.write(folder / names["tables"], ctx, results, generated_on())
        summary = reconcile.summary(results)
        manifest = {"sections": keys, "reconciliation": summary, "absent": absent}
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        rendered = [s.slug for s in todo if s.slug not in absent]
        skipped = [
            s.slug for s in (*job.sections, RESEARCH) if s not in todo and s.slug not in absent
        ]
        return Outcome(report, research, rendered, skipped, summary)

    def execute(
        self, job: Job, folder: Path, section: Section, kernel: Kernel | None = None
    ) -> str:
        """Run one section notebook in a shared kernel (after a reset); return its HTML body."""
        km = (kernel or self.kernels[0]).ready()
        source = NOTEBOOKS / f"{section.slug}.ipynb"
        parameters = self.check_parameters(source, job.parameters(section.slug))
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
                f"({first[0] if first else ''!s}): {error.ename}: {error.evalue}",
                notebook=target,
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


def _document_title(job: Job, title: str = "") -> str:
    """A page's ``<title>``: its own title, marked for the extern version."""
    title = title or _title(job)
    return f"{title} (extern)" if job.audience == "extern" else title


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
