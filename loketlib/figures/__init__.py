"""Figures: every number of the report, computed from the clean export (data contract §3).

May import: :mod:`loketlib.intake` and the shared modules at the top (``paths``, ``errors``,
``nl``). Never plots, never formats: shares are unrounded fractions, missing is ``None``.
"""

from loketlib.figures.calculate import DAYS_PER_MONTH, PILOT_START
from loketlib.figures.comparisons import compute
from loketlib.figures.periods import Period, parse_period

__all__ = ["DAYS_PER_MONTH", "PILOT_START", "Period", "compute", "parse_period"]
