"""Report periods (data contract §3): a year (``2023``), a quarter (``2023-Q3``) or a half
year (``2023-H1``), and the checks on a period and its peildatum.

A bad period, a year outside 2000–2100 or a peildatum before the period's first day raises
:class:`loketlib.errors.RunError` (one line; the command line exits with status 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from loketlib.errors import RunError

FIRST_YEAR, LAST_YEAR = 2000, 2100
_FORM = re.compile(r"^(\d{4})(?:-([QH])([1-4]))?$")
_PARTS = {"Q": 4, "H": 2}


@dataclass(frozen=True)
class Period:
    """One period: ``kind`` is ``year``, ``quarter`` or ``half``; ``number`` 1–4, 1–2 or 0."""

    year: int
    kind: str = "year"
    number: int = 0

    @property
    def label(self) -> str:
        if self.kind == "year":
            return str(self.year)
        return f"{self.year}-{'Q' if self.kind == 'quarter' else 'H'}{self.number}"

    @property
    def months(self) -> int:
        return {"year": 12, "half": 6, "quarter": 3}[self.kind]

    @property
    def start(self) -> date:
        first = 1 if self.kind == "year" else 1 + (self.number - 1) * self.months
        return date(self.year, first, 1)

    @property
    def end(self) -> date:
        month = self.start.month + self.months
        following = date(self.year + 1, 1, 1) if month > 12 else date(self.year, month, 1)
        return following - timedelta(days=1)

    @property
    def is_year(self) -> bool:
        return self.kind == "year"

    def year_earlier(self) -> Period:
        """The same period one year earlier (2023-Q3 → 2022-Q3)."""
        return Period(self.year - 1, self.kind, self.number)

    def as_dict(self) -> dict:
        return {"label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat()}

    def peildatum(self, value: date | None = None) -> date:
        """The peildatum of a report on this period: ``value`` or the period's last day."""
        if value is None:
            return self.end
        if value < self.start:
            raise RunError(
                f"--peildatum {value:%d-%m-%Y} ligt voor de eerste dag van periode {self.label} "
                f"({self.start:%d-%m-%Y}): er zou niets meetellen"
            )
        return value


def parse_period(value: str | int | Period) -> Period:
    """``2023``, ``2023-Q3`` or ``2023-H1`` (also an int year or a Period) as a Period."""
    if isinstance(value, Period):
        return _checked(value)
    if isinstance(value, int):
        return _checked(Period(value))
    text = str(value).strip().upper()
    match = _FORM.match(text)
    if not match or (match.group(2) and int(match.group(3)) > _PARTS[match.group(2)]):
        raise RunError(
            f"periode {str(value)!r} is onleesbaar; gebruik een jaar (2023), een kwartaal "
            "(2023-Q3) of een halfjaar (2023-H1)"
        )
    year, letter, number = match.groups()
    if letter is None:
        return _checked(Period(int(year)))
    return _checked(Period(int(year), "quarter" if letter == "Q" else "half", int(number)))


def _checked(period: Period) -> Period:
    if not FIRST_YEAR <= period.year <= LAST_YEAR:
        raise RunError(f"jaar {period.year}: kies een jaar van {FIRST_YEAR} tot en met {LAST_YEAR}")
    return period
