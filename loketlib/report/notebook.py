"""What a section notebook needs, in one call: the clean data, the figures and the prose.

A notebook's parameters are paths and options only (never data):
``ctx = notebook.context(data, region, year, peildatum, audience)``. The context loads the
clean export (from ``data/processed`` when it was cleaned before), computes the figures,
protects them for an extern audience, and renders narrative blocks as Markdown (for extern,
every count printed with the ``n`` filter is protected too, also counts the notebook passes).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import jinja2
from IPython.display import HTML, Markdown

from loketlib import nl
from loketlib.figures import compute
from loketlib.intake.clean import CleanExport
from loketlib.intake.codes import ALL_REGIONS, REGION_LABELS, REGIONS
from loketlib.intake.digest import clean_key
from loketlib.intake.processed import load
from loketlib.report import narrative
from loketlib.report.page import is_demo_source
from loketlib.report.suppress import (
    check_threshold,
    protect_counts,
    protect_figures,
    protect_rates,
    protect_values,
)

AUDIENCES = ("intern", "extern")


@dataclass
class Context:
    data: CleanExport
    figures: dict  # protected for an extern audience
    unprotected: dict
    region: str
    year: int
    peildatum: date
    audience: str
    threshold: int
    env: jinja2.Environment

    @property
    def extern(self) -> bool:
        return self.audience == "extern"

    @property
    def is_demo(self) -> bool:
        return is_demo_source(self.data.source)

    def variables(self) -> dict:
        return {
            "f": self.figures,
            "regio": REGION_LABELS[self.region],
            "jaar": self.year,
            "vorig_jaar": self.year - 1,
            "volgend_jaar": self.year + 1,
            "peildatum": nl.date(self.peildatum),
            "extern": self.extern,
        }

    def text(self, name: str, block: str, **extra) -> Markdown:
        """One narrative block of ``data/narrative/.../<name>.md`` as Markdown output.

        For extern, every count in ``extra`` below the threshold is passed as ``x``.
        """
        if self.extern:
            extra = {key: protect_values(value, self.threshold) for key, value in extra.items()}
        return Markdown(narrative.render(self.env, name, block, **self.variables(), **extra))

    def protect(self, values: dict, breakdowns: dict[str, tuple[str, ...]]) -> dict:
        """Extern: ``values`` with each breakdown (total key: part keys) protected like the
        figures, so that no hidden part follows from its total; intern: ``values``."""
        if not self.extern:
            return values
        out = dict(values)
        for total, parts in breakdowns.items():
            counts = {key: values[key] for key in parts}
            out.update(protect_counts(counts, values[total], self.threshold))
        return out

    def table(self, frame, formats=None, rates: dict | None = None) -> HTML | Markdown:
        """A Dutch-formatted table, or "Geen." when there is nothing to show.

        ``rates`` names the count column of a table of groups (the arguments of
        :func:`~loketlib.report.suppress.protect_rates`): for extern it is protected.
        """
        if self.extern and rates:
            frame = protect_rates(frame, threshold=self.threshold, **rates)
        return HTML(nl.table(frame, formats)) if len(frame) else Markdown("_Geen._")


def parse_peildatum(value: str | date | None, year: int) -> date:
    if not value:
        return date(year, 12, 31)
    if isinstance(value, date):
        return value
    return datetime.strptime(value, "%d-%m-%Y").date()


def context(
    data: str | Path,
    region: str,
    year: int,
    peildatum: str = "",
    audience: str = "intern",
    threshold: int = 5,
) -> Context:
    """Load, compute and (for extern) protect; raise ValueError for a bad parameter."""
    if region not in (*REGIONS, ALL_REGIONS):
        raise ValueError(f"unknown region {region!r}; use one of {[*REGIONS, ALL_REGIONS]}")
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; use intern or extern")
    extern = audience == "extern"
    if extern:
        check_threshold(threshold)
    peil = parse_peildatum(peildatum, year)
    clean = load(Path(data))
    figures = _figures(clean, Path(data), region, year, peil)
    shown = protect_figures(figures, threshold) if extern else figures
    env = narrative.environment(region, year, threshold if extern else None)
    return Context(clean, shown, figures, region, year, peil, audience, threshold, env)


#: Figures this process computed: the sections of a report run in turn in one warm kernel
#: (and ``loket preview`` keeps it for every edit), each would otherwise compute them again.
_FIGURES: dict[tuple, dict] = {}


def _figures(clean: CleanExport, data: Path, region: str, year: int, peil: date) -> dict:
    """The figures of a clean export, computed once per export content, name and scope."""
    key = (clean_key(data), clean.source, region, year, peil)
    if key not in _FIGURES:
        if len(_FIGURES) >= 8:
            _FIGURES.clear()
        _FIGURES[key] = compute(clean, region, year, peil)
    return copy.deepcopy(_FIGURES[key])
