"""The report's sections, in the order of the jaarverslag, and their notebooks.

Each section is ``notebooks/<slug>.ipynb``; :mod:`loketlib.report.plan` renders them in this order
(``SECTIONS`` for a year's jaarverslag, ``PERIOD_SECTIONS`` for a quarter or half year).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    slug: str  # file stem: notebooks/<slug>.ipynb, <slug>.html
    title: str  # Dutch title in the table of contents


SECTIONS: tuple[Section, ...] = (
    Section("01-doelstelling", "1. Doelstelling"),
    Section("02-stand-van-zaken", "2. Stand van zaken"),
    Section("03-kamers-met-kansen", "3. Kamers met Kansen"),
    Section("04-jaarcijfers-woningcorporaties", "4. Jaarcijfers woningcorporaties"),
    Section("05-vooruitblik", "5. Vooruitblik"),
    Section("06-duurzaamheid", "6. Duurzaamheid"),
    Section("07-datakwaliteit", "Bijlage A. Datakwaliteit"),
    Section("08-aansluiting", "Bijlage B. Aansluiting op het gepubliceerde jaarverslag"),
)

#: A quarter's or half year's report: one short section (``notebooks/kwartaal.ipynb``).
PERIOD_SECTIONS: tuple[Section, ...] = (Section("kwartaal", "Resultaten van de periode"),)

#: The research notebook, rendered beside the jaarverslag as huurachterstand-<region>-<year>.html.
RESEARCH = Section("huurachterstand", "Onderzoek: waarom ontstaan lichte huurachterstanden?")
