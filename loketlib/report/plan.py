"""The render plan and cache: which sections to execute (papermill), and the index page.

Every section notebook is executed in a warm kernel and exported to one HTML.

Design (issue 7): the export is read and cleaned once per call (:mod:`loketlib.intake.processed`
keeps the parquet result, which every section then loads); one Python kernel executes the
sections in turn, each starting with ``%reset -f`` so that no section sees another's variables
while imported modules stay loaded; one in-process nbconvert exporter turns them into HTML.
A section is skipped when its inputs (export content, parameters, notebook, narrative,
published figures and loket's code) are the same as at its last render in that folder.

Output under ``OUT/<period>/<region>/`` (:meth:`Job.folder`; ``.../<region>/extern/`` for
``--audience extern``):
``jaarverslag-<region>-<year>.html`` (all sections, table of contents, charts embedded, no
code, nothing loaded from the network), ``huurachterstand-<region>-<year>.html``,
``secties/<slug>.html``, ``notebooks/<slug>.ipynb`` (executed, for analysts),
``figures.json``; and ``OUT/index.html`` over everything rendered under ``OUT``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from loketlib.intake import digest
from loketlib.intake.codes import REGION_LABELS
from loketlib.paths import NOTEBOOKS, PUBLISHED, narrative_folders
from loketlib.report.job import MANIFEST, Job, Outcome, file_names, generated_on
from loketlib.report.sections import RESEARCH, Section


def section_key(job: Job, section: Section, shared_key: str) -> str:
    """Everything a section's output depends on, hashed. ``shared_key`` covers what every
    section shares: the export's content and loket's code."""
    h = hashlib.sha256()
    h.update(shared_key.encode())
    h.update(json.dumps({**job.parameters(), "data": None}, sort_keys=True).encode())
    inputs = [NOTEBOOKS / f"{section.slug}.ipynb"]
    for folder in narrative_folders(job.region, job.year):
        inputs += sorted(folder.glob("*.md")) if folder.is_dir() else []
    published = PUBLISHED / f"{job.region}-{job.year}.yaml"
    inputs += [published] if published.exists() else []
    digest.files(inputs, h)
    return h.hexdigest()


def render(jobs: list[Job], out: Path, progress: bool = True, force: bool = False) -> list[Outcome]:
    """Render each job's report; only what changed is executed again."""
    out = Path(out).resolve()
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
            or not (folder / "secties" / f"{s.slug}.html").exists()
        ]
        plans.append((job, folder, manifest, keys, todo))
    outcomes = []
    if any(todo for *_, todo in plans):
        from loketlib.report.render import Renderer  # heavy imports only when something changed

        with Renderer(progress=progress) as renderer:
            outcomes = renderer.render_all(plans)
    else:
        for job, folder, manifest, _keys, _todo in plans:
            outcomes.append(_unchanged(job, folder, manifest))
    write_index(out)
    return outcomes


def _unchanged(job: Job, folder: Path, manifest: dict) -> Outcome:
    names = file_names(job)
    return Outcome(
        folder / names["report"],
        folder / names["research"],
        skipped=[s.slug for s in (*job.sections, RESEARCH)],
        reconciliation=manifest.get("reconciliation", {}),
    )


def _read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    return json.loads(path.read_text()) if path.exists() else {}


def write_index(out: Path) -> Path:
    """``OUT/index.html``: a list of every report rendered under ``out``."""
    from loketlib.report.page import index_page

    reports = []
    found = [*out.glob("*/*/**/jaarverslag-*.html"), *out.glob("*/*/**/kwartaalrapportage-*.html")]
    for html in sorted(found):
        folder = html.parent
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
    path.write_text(index_page(reports, generated_on()), encoding="utf-8")
    return path
