"""The sheets of an export and their columns (data contract, section 1), in one place.

Each column has the Dutch header of the export, the English name it gets in clean frames,
a kind that says how it is parsed, and whether the column must exist (structural) and whether
a row must have a value (else the row is quarantined). Numeric columns have a ``maximum``: a
value larger in size, or not finite, is quarantined as ``too_large`` (the limits are in the
README, "Readings of the data contract").

Kinds: ``text``, ``date``, ``money``, ``int``, ``number``, ``bool`` and ``code:<list>`` (a code
list of :mod:`loketlib.intake.codes`). ``personal`` columns never leave cleaning.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    header: str  # as in the export (matched case-insensitively)
    name: str  # in clean frames
    kind: str
    required_column: bool = False  # missing column -> structural error (exit 2)
    required_value: bool = False  # empty value -> row quarantined
    default: object = None  # value for an empty cell in an optional field
    personal: bool = False
    maximum: float | None = None  # numbers larger in size are quarantined (too_large)


@dataclass(frozen=True)
class Sheet:
    name: str  # sheet name in the workbook / CSV file stem
    required: bool
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # clean names of the columns that identify a row

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _req(header: str, name: str, kind: str, maximum: float | None = None) -> Column:
    return Column(header, name, kind, required_column=True, required_value=True, maximum=maximum)


def _opt(
    header: str, name: str, kind: str, default: object = None, maximum: float | None = None
) -> Column:
    return Column(header, name, kind, default=default, maximum=maximum)


#: Upper bounds of numeric columns (see the README): euros per month of rent, per invoice and
#: per arrears signal; months of arrears; places of one corporation's yearly quota.
MAX_RENT_EUR = 10_000
MAX_AMOUNT_EUR = 100_000
MAX_ARREARS_MONTHS = 120
MAX_QUOTA = 10_000
MAX_YEAR = 2100


TRAJECTORIES = Sheet(
    "trajecten",
    required=True,
    key=("trajectory_id",),
    columns=(
        _req("Trajectnummer", "trajectory_id", "text"),
        Column("BSN", "bsn", "text", personal=True),
        Column("Naam", "name", "text", personal=True),
        Column("Geboortedatum", "birth_date", "date", personal=True),
        _req("Regio", "region", "code:region"),
        _req("Product", "product", "code:product"),
        _opt("Route", "route", "code:route", default="regular"),
        _req("Aanmelder", "referrer", "text"),
        _req("Datum aanmelding", "registered_on", "date"),
        _opt("Datum intake", "intake_on", "date"),
        _opt("Besluit intake", "intake_decision", "code:intake_decision"),
        _opt("Reden afwijzing", "rejection_reason", "text"),
        _opt("Overgezet naar regulier", "moved_to_regular", "bool", default=False),
        _opt("Datum aanmelding corporatie", "corporation_registered_on", "date"),
        _opt("Woningcorporatie", "corporation", "code:corporation"),
        _opt("Datum start huur", "lease_start_on", "date"),
        _opt("Datum afsluiting", "closed_on", "date"),
        _opt("Resultaat afsluiting", "closure_result", "code:closure_result"),
        _opt("Reden afsluiting", "closure_reason", "code:closure_reason"),
        _opt("Huishouden", "household", "code:household"),
        _opt("Inkomstenbron", "income_source", "code:income_source"),
        _opt("Bewindvoering", "guardianship", "bool"),
        _opt("Huurtoeslag bij start", "rent_allowance_at_start", "bool"),
        _opt("Automatische incasso", "direct_debit", "bool"),
        _opt("Kale huur", "base_rent", "money", maximum=MAX_RENT_EUR),
    ),
)

PROVIDERS = Sheet(
    "zorgaanbieders",
    required=True,
    key=("provider",),
    columns=(
        _req("Naam", "provider", "text"),
        _req("Type", "provider_type", "code:provider_type"),
        _opt("Deelnemersovereenkomst sinds", "agreement_since", "date"),
    ),
)

QUOTAS = Sheet(
    "taakstelling",
    required=True,
    key=("year", "region", "corporation"),
    columns=(
        _req("Jaar", "year", "int", maximum=MAX_YEAR),
        _req("Regio", "region", "code:region"),
        _req("Woningcorporatie", "corporation", "code:corporation"),
        _req("Taakstelling", "quota", "int", maximum=MAX_QUOTA),
    ),
)

INVOICES = Sheet(
    "facturen",
    required=False,
    columns=(
        _req("Trajectnummer", "trajectory_id", "text"),
        _req("Factuurdatum", "invoiced_on", "date"),
        _req("Bedrag", "amount", "money", maximum=MAX_AMOUNT_EUR),
    ),
)

MEASUREMENTS = Sheet(
    "nametingen",
    required=False,
    columns=(
        _req("Trajectnummer", "trajectory_id", "text"),
        _req("Peildatum", "measured_on", "date"),
        _req("Woonsituatie", "housing_status", "code:housing_status"),
        _req("Overlast", "nuisance", "code:nuisance"),
        _req("Huurachterstand", "arrears", "code:arrears"),
    ),
)

ARREARS_SIGNALS = Sheet(
    "huurachterstanden",
    required=False,
    columns=(
        _req("Trajectnummer", "trajectory_id", "text"),
        _req("Signaaldatum", "signalled_on", "date"),
        _req("Bedrag achterstand", "amount", "money", maximum=MAX_AMOUNT_EUR),
        _req("Maanden achterstand", "months", "number", maximum=MAX_ARREARS_MONTHS),
        Column("Datum opgelost", "resolved_on", "date", required_column=True),
        Column("Oorzaak", "cause", "code:arrears_cause", required_column=True),
        Column(
            "Vroegsignalering gemeld",
            "reported_early_warning",
            "bool",
            required_column=True,
            default=False,
        ),
    ),
)

COMPLAINTS = Sheet(
    "klachten",
    required=False,
    columns=(
        _req("Datum ontvangen", "received_on", "date"),
        _req("Regio", "region", "code:region"),
        Column(
            "Voorgelegd aan klachtencommissie",
            "to_committee",
            "bool",
            required_column=True,
            default=False,
        ),
    ),
)

#: All sheets, in the order of the data contract.
SHEETS: dict[str, Sheet] = {
    s.name: s
    for s in (
        TRAJECTORIES,
        PROVIDERS,
        QUOTAS,
        INVOICES,
        MEASUREMENTS,
        ARREARS_SIGNALS,
        COMPLAINTS,
    )
}
