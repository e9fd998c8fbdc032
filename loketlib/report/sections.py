"""The report's sections, in the order of the jaarverslag, and their notebooks.

Each section is ``notebooks/<slug>.ipynb``; :mod:`loketlib.report.plan` renders them in this order
(``SECTIONS`` for a year's jaarverslag, ``PERIOD_SECTIONS`` for a quarter or half year).
A section's ``narrative`` names the prose files it reads (``data/narrative/.../<name>.md``, the
first argument of its ``ctx.text(...)`` calls): only those are part of its cache key, so an edit
to one section's text executes that section again and no other.
A section with ``applies`` is only in a report whose figures it applies to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from loketlib.intake.codes import ALL_REGIONS


def always(figures: dict) -> bool:
    return True


def zuid_limburg(figures: dict) -> bool:
    """The regions side by side: only in the zuid-limburg report."""
    return figures["meta"]["region"] == ALL_REGIONS


def pilot_registered(figures: dict) -> bool:
    """The pilot's evaluation: whenever it has registrations up to the peildatum (extern: a
    protected count is a nonzero count)."""
    return figures["fast_track_evaluation"]["fast_track"]["registrations"] != 0


@dataclass(frozen=True)
class Section:
    slug: str  # file stem: notebooks/<slug>.ipynb, <slug>.html
    title: str  # Dutch title in the table of contents
    narrative: tuple[str, ...] = ()  # narrative file stems the notebook reads
    applies: Callable[[dict], bool] = always


SECTIONS: tuple[Section, ...] = (
    Section("01-doelstelling", "1. Doelstelling", ("01-doelstelling",)),
    Section("02-stand-van-zaken", "2. Stand van zaken", ("02-stand-van-zaken",)),
    Section("03-kamers-met-kansen", "3. Kamers met Kansen", ("03-kamers-met-kansen",)),
    Section(
        "04-jaarcijfers-woningcorporaties",
        "4. Jaarcijfers woningcorporaties",
        ("04-jaarcijfers-woningcorporaties",),
    ),
    Section("05-vooruitblik", "5. Vooruitblik", ("05-vooruitblik",)),
    Section("06-duurzaamheid", "6. Duurzaamheid", ("06-duurzaamheid", "06-duurzaamheid-cohort")),
    Section("06a-meerjarenoverzicht", "Meerjarenoverzicht", ("06a-meerjarenoverzicht",)),
    Section(
        "06b-regios-naast-elkaar",
        "Zuid-Limburg: de regio's naast elkaar",
        ("06b-regios-naast-elkaar",),
        zuid_limburg,
    ),
    Section(
        "06c-evaluatie-verkorte-toeleiding",
        "Evaluatie pilot verkorte toeleiding",
        ("06c-evaluatie-verkorte-toeleiding",),
        pilot_registered,
    ),
    Section("07-datakwaliteit", "Bijlage A. Datakwaliteit", ("07-datakwaliteit",)),
    Section(
        "08-aansluiting",
        "Bijlage B. Aansluiting op het gepubliceerde jaarverslag",
        ("08-aansluiting",),
    ),
)

#: A quarter's or half year's report: one short section (``notebooks/kwartaal.ipynb``).
PERIOD_SECTIONS: tuple[Section, ...] = (
    Section("kwartaal", "Resultaten van de periode", ("kwartaal",)),
)

#: The research notebook, rendered beside the jaarverslag as huurachterstand-<region>-<year>.html.
RESEARCH = Section(
    "huurachterstand",
    "Onderzoek: waarom ontstaan lichte huurachterstanden?",
    ("huurachterstand",),
)


def applicable(figures: dict, sections: tuple[Section, ...] = SECTIONS) -> tuple[Section, ...]:
    """Those of ``sections`` that apply to these figures, in order."""
    return tuple(s for s in sections if s.applies(figures))
