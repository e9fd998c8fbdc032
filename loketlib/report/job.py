"""The shared types of a render: what to render (:class:`Job`), what came of it
(:class:`Outcome`), the manifest's name and the reset that starts every section. Both the
planner (:mod:`loketlib.report.plan`) and the renderer (:mod:`loketlib.report.render`) import
these; neither imports the other's internals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from loketlib.figures.periods import Period, parse_period
from loketlib.report import wording
from loketlib.report.sections import PERIOD_SECTIONS, RESEARCH, SECTIONS, Section

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
    """One report to render: a region and period (default: the year) for one audience."""

    data: Path
    region: str
    year: int
    peildatum: str = ""  # DD-MM-YYYY, or "" for the period's last day
    audience: str = "intern"
    threshold: int = 5
    #: The research notebook's own parameters (``loket report --onderzoek KEY=VALUE``), typed.
    research: tuple[tuple[str, object], ...] = ()
    period: str = ""  # label: "2023-Q3", "2023-H1"; "" or the year for the year's report

    @property
    def the_period(self) -> Period:
        return parse_period(self.period or self.year)

    @property
    def off_end(self) -> bool:
        """True when the peildatum is not the period's last day."""
        end = self.the_period.end.strftime("%d-%m-%Y")
        return bool(self.peildatum) and self.peildatum != end

    @property
    def sections(self) -> tuple[Section, ...]:
        """The jaarverslag's sections for a year, the short period report's otherwise."""
        return SECTIONS if self.the_period.is_year else PERIOD_SECTIONS

    def folder(self, out: Path) -> Path:
        """``OUT/<label>/<region>/``; with another peildatum than the period's last day
        ``OUT/<label>-peildatum-DD-MM-YYYY/<region>/`` (never the year's own folder)."""
        name = self.the_period.label
        if self.off_end:
            name += f"-peildatum-{self.peildatum}"
        base = out / name / self.region
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
            "period": self.the_period.label,
        }


@dataclass
class Outcome:
    html: Path
    research: Path
    rendered: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reconciliation: dict = field(default_factory=dict)


def file_names(job: Job) -> dict[str, str]:
    label = job.the_period.label
    kind = wording.kind(job.the_period)  # jaarverslag, kwartaal- or halfjaarrapportage
    return {
        "report": f"{kind}-{job.region}-{label}.html",
        "research": f"huurachterstand-{job.region}-{label}.html",
        "tables": f"tabellen-{job.region}-{label}.xlsx",
    }


def generated_on() -> str:
    return datetime.now().strftime("%d-%m-%Y %H:%M")
