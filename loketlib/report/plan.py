"""The render plan and cache: which sections to execute (papermill), and the index page.

Every section notebook is executed in a warm kernel and exported to one HTML.

Design (issue 7): the export is read and cleaned once per call (:mod:`loketlib.intake.processed`
keeps the parquet result, which every section then loads); one Python kernel executes the
sections in turn, each starting with ``%reset_selective -f .`` (the kernels keep no output
cache) so that no section sees another's variables while imported modules stay loaded; one
in-process nbconvert exporter turns them into HTML.
A section is skipped when its inputs (export content, parameters, notebook, its own narrative
files, published figures and loket's code) are the same as at its last render in that folder.

Output under ``OUT/<period>/<region>/`` (:meth:`Job.folder`; ``.../<region>/extern/`` for
``--audience extern``):
``jaarverslag-<region>-<year>.html`` (all sections, table of contents, charts embedded, no
code, nothing loaded from the network), ``huurachterstand-<region>-<year>.html``,
``secties/<slug>.html``, ``notebooks/<slug>.ipynb`` (executed, for analysts),
``figures.json``; and ``OUT/index.html`` over everything rendered under ``OUT``.

One render at a time per ``OUT``; each report is built aside and moved into place whole
(:mod:`loketlib.report.staging`), so a killed or failed run leaves the previous report.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from dataclasses import replace
from pathlib import Path

from loketlib.intake import digest
from loketlib.intake.codes import REGION_LABELS
from loketlib.paths import NOTEBOOKS, PUBLISHED, narrative_folders
from loketlib.report import staging
from loketlib.report.job import MANIFEST, Job, Outcome, ReportError, file_names, generated_on
from loketlib.report.sections import RESEARCH, Section


def section_key(job: Job, section: Section, shared_key: str) -> str:
    """Everything a section's output depends on, hashed: ``shared_key`` (what every section
    shares: the export's content and loket's code), the parameters, the published figures,
    the section's notebook and its own narrative files (no other section's)."""
    h = hashlib.sha256()
    h.update(shared_key.encode())
    h.update(json.dumps({**job.parameters(section.slug), "data": None}, sort_keys=True).encode())
    inputs = [NOTEBOOKS / f"{section.slug}.ipynb", *narrative_files(job, section)]
    published = PUBLISHED / f"{job.region}-{job.year}.yaml"
    inputs += [published] if published.exists() else []
    digest.files(inputs, h)
    return h.hexdigest()


def narrative_files(job: Job, section: Section) -> list[Path]:
    """The narrative files a section reads, in each folder it is looked up in (so that adding
    or removing a region's own copy changes the key too)."""
    return [
        path
        for folder in narrative_folders(job.region, job.year)
        for name in section.narrative
        if (path := folder / f"{name}.md").is_file()
    ]


def render(jobs: list[Job], out: Path, progress: bool = True, force: bool = False) -> list[Outcome]:
    """Render each job's report; only what changed is executed again. One render per output
    folder at a time; each report is built in a staged copy and swapped into place whole."""
    out = Path(out).resolve()
    with staging.locked(out):
        plans, shared_keys = plan_jobs(jobs, out, force)
        if any(todo for *_, todo in plans):
            outcomes = _render_staged(plans, out, progress, shared_keys)
        else:
            outcomes = [_unchanged(job, folder, manifest) for job, folder, manifest, *_ in plans]
        write_index(out)
    return outcomes


def plan_jobs(jobs: list[Job], out: Path, force: bool = False) -> tuple[list[tuple], dict]:
    """``(job, folder, manifest, keys, todo)`` per job: ``todo`` are the sections whose inputs
    changed since the last render in ``folder`` under ``out`` (or whose report is incomplete);
    and the key shared by every section of a job's export (``clean key:code digest``)."""
    jobs = [replace(job, data=Path(job.data).resolve()) for job in jobs]
    code = digest.code_digest()
    shared_keys = {job.data: f"{digest.clean_key(job.data)}:{code}" for job in jobs}
    plans = []
    for job in jobs:
        folder = job.folder(out)
        manifest = _read_manifest(folder)
        keys = {
            s.slug: section_key(job, s, shared_keys[job.data]) for s in (*job.sections, RESEARCH)
        }
        todo = [
            s
            for s in (*job.sections, RESEARCH)
            if force
            or manifest.get("sections", {}).get(s.slug) != keys[s.slug]
            or not staging.complete(folder, manifest)
        ]
        plans.append((job, folder, manifest, keys, todo))
    return plans, shared_keys


def _render_staged(plans: list[tuple], out: Path, progress: bool, shared_keys: dict) -> list:
    """Render every plan in a staged copy of its folder; publish them once all are done."""
    from loketlib.report import kernel

    stages: list[Path] = []
    try:
        for _job, folder, *_ in plans:
            stages.append(staging.stage(folder, out))
        # The kernels start before the renderer's heavy imports load (one for one changed
        # section, as after an edited sentence).
        started = kernel.start(kernel.kernel_count(sum(len(todo) for *_, todo in plans)))
        try:
            from loketlib.report.render import Renderer
        except BaseException:
            kernel.close(started)
            raise
        with Renderer(progress=progress, started=started) as renderer:
            outcomes = renderer.render_all(
                [
                    (job, tmp, *rest)
                    for (job, _folder, *rest), tmp in zip(plans, stages, strict=True)
                ]
            )
        run = uuid.uuid4().hex
        for (job, *_), tmp in zip(plans, stages, strict=True):
            staging.seal(tmp, run=run, clean_key=shared_keys[job.data].split(":")[0])
        for (_job, folder, *_), tmp in zip(plans, stages, strict=True):
            staging.publish(tmp, folder)
    except ReportError as error:
        folders = dict(zip(stages, [folder for _job, folder, *_ in plans], strict=True))
        raise _kept(error, folders) from None
    finally:
        for tmp in stages:
            shutil.rmtree(tmp, ignore_errors=True)
    return [
        replace(o, html=folder / o.html.name, research=folder / o.research.name)
        for o, (_job, folder, *_) in zip(outcomes, plans, strict=True)
    ]


def _kept(error: ReportError, folders: dict[Path, Path]) -> ReportError:
    """The error, with the failed section's notebook moved beside the report for analysts."""
    if error.notebook is None or error.notebook.parents[1] not in folders:
        return error
    kept = folders[error.notebook.parents[1]] / "notebooks" / (error.notebook.stem + staging.FAILED)
    kept.parent.mkdir(parents=True, exist_ok=True)
    os.replace(error.notebook, kept)
    return ReportError(f"{error}; notebook kept at {kept}")


def _unchanged(job: Job, folder: Path, manifest: dict) -> Outcome:
    names = file_names(job)
    return Outcome(
        folder / names["report"],
        folder / names["research"],
        skipped=[
            s.slug for s in (*job.sections, RESEARCH) if s.slug not in manifest.get("absent", [])
        ],
        reconciliation=manifest.get("reconciliation", {}),
    )


def _read_manifest(folder: Path) -> dict:
    """The manifest of the report in ``folder``; {} (render all) when absent or unreadable."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def write_index(out: Path) -> Path:
    """``OUT/index.html``: a list of every report rendered under ``out``."""
    from loketlib.report.page import index_page

    reports = []
    kinds = ("jaarverslag", "kwartaalrapportage", "halfjaarrapportage")
    found = [html for kind in kinds for html in out.glob(f"*/*/**/{kind}-*.html")]
    for html in sorted(found):
        folder = html.parent
        if any(part.startswith(".") for part in html.relative_to(out).parts):
            continue  # a staged or abandoned render, not a report
        extern = folder.name == "extern"
        region = folder.parent.name if extern else folder.name
        year = (folder.parent.parent if extern else folder.parent).name
        research = sorted(folder.glob("huurachterstand-*.html"))
        reports.append(
            {
                "year": year,
                "region": REGION_LABELS.get(region, region),
                "audience": "extern" if extern else "intern",
                "href": html.relative_to(out).as_posix(),
                "research": research[0].relative_to(out).as_posix() if research else None,
            }
        )
    reports.sort(key=lambda r: (r["year"], r["region"], r["audience"]), reverse=False)
    path = out / "index.html"
    out.mkdir(parents=True, exist_ok=True)
    staging.write_atomic(path, index_page(reports, generated_on()))
    return path
