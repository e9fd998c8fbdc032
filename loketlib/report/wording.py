"""How the desk names a period in Dutch: "in het 3e kwartaal van 2023", never "in 2023" for a
quarter; "t/m het 3e kwartaal" for a realisation up to the end of a period."""

from __future__ import annotations

from loketlib.figures.periods import Period
from loketlib.intake.codes import REGION_LABELS

_PART = {"quarter": "kwartaal", "half": "halfjaar"}


def name(p: Period) -> str:
    """``het 3e kwartaal van 2023``, ``het 1e halfjaar van 2023`` or ``2023``."""
    return str(p.year) if p.is_year else f"het {p.number}e {_PART[p.kind]} van {p.year}"


def in_period(p: Period) -> str:
    """``in het 3e kwartaal van 2023`` or ``in 2023``."""
    return f"in {name(p)}"


def short(p: Period) -> str:
    """For column headers and titles: ``3e kwartaal 2023``, ``1e halfjaar 2023``, ``2023``."""
    return str(p.year) if p.is_year else f"{p.number}e {_PART[p.kind]} {p.year}"


def up_to(p: Period) -> str:
    """``t/m het 3e kwartaal`` (of the period's year); ``in 2023`` for a whole year."""
    return f"in {p.year}" if p.is_year else f"t/m het {p.number}e {_PART[p.kind]}"


def kind(p: Period) -> str:
    """The report's name: jaarverslag, kwartaalrapportage or halfjaarrapportage."""
    return {"year": "jaarverslag", "quarter": "kwartaalrapportage", "half": "halfjaarrapportage"}[
        p.kind
    ]


def title(p: Period, region: str) -> str:
    """``Jaarverslag Loket Housing Westelijke Mijnstreek 2022`` or
    ``Kwartaalrapportage Loket Housing Westelijke Mijnstreek, 3e kwartaal 2023``."""
    base = f"{kind(p).capitalize()} Loket Housing {REGION_LABELS[region]}"
    return f"{base} {p.year}" if p.is_year else f"{base}, {short(p)}"
