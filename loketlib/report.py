"""Rendering: every section notebook executed (papermill) in one kernel, exported to one HTML.

Design (issue 7): the export is read and cleaned once per call (:mod:`loketlib.processed`
keeps the parquet result, which every section then loads); one Python kernel executes the
sections in turn, each starting with ``%reset -f`` so that no section sees another's variables
while imported modules stay loaded; one in-process nbconvert exporter turns them into HTML.
A section is skipped when its inputs (export content, parameters, notebook, narrative,
published figures and loket's code) are the same as at its last render in that folder.

Output under ``OUT/<year>/<region>/`` (``.../<region>/extern/`` for ``--audience extern``):
``jaarverslag-<region>-<year>.html`` (all sections, table of contents, charts embedded, no
code, nothing loaded from the network), ``huurachterstand-<region>-<year>.html``,
``secties/<slug>.html``, ``notebooks/<slug>.ipynb`` (executed, for analysts),
``figures.json``; and ``OUT/index.html`` over everything rendered under ``OUT``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from loketlib import digest
from loketlib.codes import REGION_LABELS
from loketlib.paths import NOTEBOOKS, PUBLISHED, narrative_folders
from loketlib.sections import RESEARCH, SECTIONS, Section

MANIFEST = ".loket-render.json"
RESET = "%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt"
RESET_TAG = "loket-reset"


class ReportError(Exception):
    """A section failed; the message is one line naming the section and the cell."""


@dataclass(frozen=True)
class Job:
    """One report to render: a region and year for one audience."""

    data: Path
    region: str
    year: int
    peildatum: str = ""
    audience: str = "intern"
    threshold: int = 5

    def folder(self, out: Path) -> Path:
        base = out / str(self.year) / self.region
        return base / "extern" if self.audience == "extern" else base

    def parameters(self) -> dict:
        return {
            "data": str(self.data.resolve()),
            "region": self.region,
            "year": self.year,
            "peildatum": self.peildatum,
            "audience": self.audience,
            "threshold": self.threshold,
        }


@dataclass
class Outcome:
    html: Path
    research: Path
    rendered: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reconciliation: dict = field(default_factory=dict)


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
        keys = {s.slug: section_key(job, s, shared_keys[job.data]) for s in (*SECTIONS, RESEARCH)}
        todo = [
            s
            for s in (*SECTIONS, RESEARCH)
            if force
            or manifest.get("sections", {}).get(s.slug) != keys[s.slug]
            or not (folder / "secties" / f"{s.slug}.html").exists()
        ]
        plans.append((job, folder, manifest, keys, todo))
    outcomes = []
    if any(todo for *_, todo in plans):
        from loketlib.render import Renderer  # heavy imports only when something changed

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
        skipped=[s.slug for s in (*SECTIONS, RESEARCH)],
        reconciliation=manifest.get("reconciliation", {}),
    )


def file_names(job: Job) -> dict[str, str]:
    return {
        "report": f"jaarverslag-{job.region}-{job.year}.html",
        "research": f"huurachterstand-{job.region}-{job.year}.html",
    }


def _read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    return json.loads(path.read_text()) if path.exists() else {}


def write_index(out: Path) -> Path:
    """``OUT/index.html``: a list of every report rendered under ``out``."""
    from loketlib.page import index_page

    reports = []
    for html in sorted(out.glob("*/*/**/jaarverslag-*.html")):
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


def generated_on() -> str:
    return datetime.now().strftime("%d-%m-%Y %H:%M")
