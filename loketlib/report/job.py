"""The shared types of a render: what to render (:class:`Job`), what came of it
(:class:`Outcome`), the manifest's name and the reset that starts every section. Both the
planner (:mod:`loketlib.report.plan`) and the renderer (:mod:`loketlib.report.render`) import
these; neither imports the other's internals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

MANIFEST = ".loket-render.json"
RESET = "%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt"
RESET_TAG = "loket-reset"


class ReportError(Exception):
    """A section failed; the message is one line naming the section and the cell.
    ``notebook``: the failed, executed notebook (when there is one)."""

    def __init__(self, message: str, notebook: Path | None = None):
        super().__init__(message)
        self.notebook = notebook


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


def file_names(job: Job) -> dict[str, str]:
    return {
        "report": f"jaarverslag-{job.region}-{job.year}.html",
        "research": f"huurachterstand-{job.region}-{job.year}.html",
    }


def generated_on() -> str:
    return datetime.now().strftime("%d-%m-%Y %H:%M")
