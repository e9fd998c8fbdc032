"""What a section notebook needs, in one call: the clean data, the figures and the prose.

A notebook's parameters are paths and options only (never data):
``ctx = notebook.context(data, region, year, peildatum, audience, threshold, period)``. The
context loads the clean export (from ``data/processed`` when it was cleaned before; a relative
``data`` path that does not exist from the working folder is taken from the repository, so a
notebook runs from anywhere), computes the figures for the period, protects them for an extern
audience, and renders narrative blocks as Markdown (for extern, every count printed with the
``n`` filter is protected too, also counts the notebook passes).
"""

from __future__ import annotations

import copy
import html
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import jinja2
import pandas as pd
from IPython.display import HTML, Markdown

from loketlib import nl
from loketlib.figures import Period, compute, parse_period
from loketlib.intake.clean import CleanExport
from loketlib.intake.codes import ALL_REGIONS, REGION_LABELS, REGIONS
from loketlib.intake.digest import clean_key
from loketlib.intake.processed import load
from loketlib.paths import ROOT
from loketlib.report import narrative, wording
from loketlib.report.page import is_demo_source, notices
from loketlib.report.story import Sentences, Story
from loketlib.report.suppress import (
    check_threshold,
    protect_counts,
    protect_figures,
    protect_rates,
    protect_shares,
    protect_values,
)

AUDIENCES = ("intern", "extern")
#: Cells tagged so show the title and banners when a notebook runs on its own; a rendered
#: report drops them (its page has its own).
HEADER_TAG = "loket-header"


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
    period: Period

    @property
    def extern(self) -> bool:
        return self.audience == "extern"

    @property
    def is_demo(self) -> bool:
        return is_demo_source(self.data.source)

    def variables(self) -> dict:
        return {
            "f": self.figures,
            "zinnen": Sentences(
                Story(self.for_text(self.figures), self.period, self.region_label, self.extern)
            ),
            "regio": REGION_LABELS[self.region],
            "jaar": self.year,
            "vorig_jaar": self.year - 1,
            "volgend_jaar": self.year + 1,
            "peildatum": nl.date(self.peildatum),
            "extern": self.extern,
            "periode": wording.name(self.period),
            "in_periode": wording.in_period(self.period),
            "periode_van": nl.date(self.period.start),
            "periode_tot": nl.date(self.period.end),
        }

    @property
    def title(self) -> str:
        """The report's title, also shown when a notebook is rendered on its own."""
        return wording.title(self.period, self.region)

    def year_earlier(self) -> dict:
        """Figures of the same period one year earlier (protected for extern), with the
        peildatum one year earlier too: the period's last day, or the same day of the month."""
        before = self.period.year_earlier()
        if self.peildatum == self.period.end:
            peil = before.end
        else:
            peil = _year_back(self.peildatum)
        figures = compute(self.data, self.region, before, peil)
        return protect_figures(figures, self.threshold) if self.extern else figures

    def text(self, name: str, block: str, **extra) -> Markdown:
        """One narrative block of ``data/narrative/.../<name>.md`` as Markdown output.

        For extern, every count in ``extra`` below the threshold is passed as ``x``.
        """
        if self.extern:
            extra = {key: protect_values(value, self.threshold) for key, value in extra.items()}
        return Markdown(narrative.render(self.env, name, block, **self.variables(), **extra))

    @property
    def region_label(self) -> str:
        return REGION_LABELS[self.region]

    def count(self, n):
        """A count as a sentence may print it: ``x`` for extern when it is small."""
        return protect_values(n, self.threshold) if self.extern else n

    def for_text(self, figures: dict) -> dict:
        """Figures as sentences may print them: for extern every count in 1..threshold-1 is
        ``x`` (as the ``n`` filter prints it), also totals the tables show."""
        return protect_values(figures, self.threshold) if self.extern else figures

    def header(self) -> Markdown:
        """The report's title, peildatum and first-page banners (demo data, extern)."""
        lines = [
            f"# {self.title}",
            f"Loket Housing · peildatum {nl.date(self.peildatum)} · bron: "
            + html.escape(narrative.as_text(self.data.source)),  # export text: never markup
        ]
        lines += [f"> {notice}" for notice in notices(self.figures)]
        return Markdown("\n\n".join(lines))

    def note(self, text: str) -> Markdown:
        """A fixed explanatory sentence from loketlib (for example a definition)."""
        return Markdown(text)

    def protect(
        self,
        values: dict,
        breakdowns: dict[str, tuple[str, ...]],
        shares: dict[str, tuple[str, str]] | None = None,
    ) -> dict:
        """Extern: ``values`` with each breakdown (total key: part keys) protected like the
        figures, so that no hidden part follows from its total, and each share (share key:
        part key, whole key) hidden with its part when the part or the rest is small
        (:func:`~loketlib.report.suppress.protect_shares`); intern: ``values``."""
        if not self.extern:
            return values
        out = dict(values)
        for total, parts in breakdowns.items():
            counts = {key: values[key] for key in parts}
            out.update(protect_counts(counts, values[total], self.threshold))
        return protect_shares(out, shares or {}, self.threshold)

    def protect_rows(self, rows: list[dict], **rates) -> list[dict]:
        """Extern: rows of a count (with its size and shares) protected as :meth:`table`
        protects a table with ``rates``, so a share in a sentence hides where the table hides
        its count; intern: ``rows``."""
        if not self.extern or not rows:
            return rows
        frame = protect_rates(pd.DataFrame(rows), threshold=self.threshold, **rates)
        return frame.to_dict("records")

    def table(self, frame, formats=None, rates: dict | None = None) -> HTML | Markdown:
        """A Dutch-formatted table, or "Geen." when there is nothing to show.

        ``rates`` names the count column of a table of groups (the arguments of
        :func:`~loketlib.report.suppress.protect_rates`): for extern it is protected.
        """
        if self.extern and rates:
            frame = protect_rates(frame, threshold=self.threshold, **rates)
        return HTML(nl.table(frame, formats)) if len(frame) else Markdown("_Geen._")


def parse_peildatum(value: str | date | None, period: Period | int) -> date:
    """The peildatum DD-MM-YYYY (or a date) checked against the period; default its last day."""
    period = parse_period(period)
    if not value:
        return period.peildatum()
    if not isinstance(value, date):
        value = datetime.strptime(value, "%d-%m-%Y").date()
    return period.peildatum(value)


def _year_back(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def export_path(data: str | Path) -> Path:
    """``data`` as given, or, when relative and not there, relative to the repository."""
    path = Path(data)
    if path.is_absolute() or path.exists():
        return path
    return ROOT / path


def context(
    data: str | Path,
    region: str,
    year: int,
    peildatum: str = "",
    audience: str = "intern",
    threshold: int = 5,
    period: str = "",
) -> Context:
    """Load, compute and (for extern) protect; raise ValueError for a bad parameter.

    ``period`` is a quarter or half year label (``2023-Q3``) of ``year``; empty: the year.
    """
    if region not in (*REGIONS, ALL_REGIONS):
        raise ValueError(f"unknown region {region!r}; use one of {[*REGIONS, ALL_REGIONS]}")
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; use intern or extern")
    extern = audience == "extern"
    if extern:
        check_threshold(threshold)
    the_period = parse_period(period or year)
    if the_period.year != year:
        raise ValueError(f"period {the_period.label} is not in year {year}")
    peil = parse_peildatum(peildatum, the_period)
    clean = load(export_path(data))
    figures = figures_of(clean, export_path(data), region, the_period, peil)
    shown = protect_figures(figures, threshold) if extern else figures
    env = narrative.environment(region, year, threshold if extern else None)
    return Context(clean, shown, figures, region, year, peil, audience, threshold, env, the_period)


#: Figures this process computed: the sections of a report run in turn in one warm kernel
#: (and ``loket preview`` keeps it for every edit), each would otherwise compute them again.
_FIGURES: dict[tuple, dict] = {}


def figures_of(clean: CleanExport, data: Path, region: str, period: Period, peil: date) -> dict:
    """The figures of a clean export, computed once per export content, name and scope."""
    key = (clean_key(data), clean.source, region, period.label, peil)
    if key not in _FIGURES:
        if len(_FIGURES) >= 8:
            _FIGURES.clear()
        _FIGURES[key] = compute(clean, region, period, peil)
    return copy.deepcopy(_FIGURES[key])
