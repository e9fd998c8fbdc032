"""The shared types of a render: what to render (:class:`Job`), what came of it
(:class:`Outcome`), the manifest's name and the reset that starts every section. Both the
planner (:mod:`loketlib.report.plan`) and the renderer (:mod:`loketlib.report.render`) import
these; neither imports the other's internals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from loketlib.report.sections import RESEARCH

MANIFEST = ".loket-render.json"
# Every name a section defined or imported goes; ``%reset -f`` would also run a full garbage
# collection (most of a second per section in a kernel with pandas and matplotlib loaded). The
# kernels keep no output cache (``--InteractiveShell.cache_size=0``), so no ``_N`` names either.
RESET = "%reset_selective -f .\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt"
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
    #: The research notebook's own parameters (``loket report --onderzoek KEY=VALUE``), typed.
    research: tuple[tuple[str, object], ...] = ()

    def folder(self, out: Path) -> Path:
        base = out / str(self.year) / self.region
        return base / "extern" if self.audience == "extern" else base

    def parameters(self, slug: str | None = None) -> dict:
        """The papermill parameters of section ``slug`` (the research's own only for it)."""
        research = dict(self.research) if slug == RESEARCH.slug else {}
        return research | {
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
        "tables": f"tabellen-{job.region}-{job.year}.xlsx",
    }


def generated_on() -> str:
    return datetime.now().strftime("%d-%m-%Y %H:%M")
