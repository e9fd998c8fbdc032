"""Turn the model's truth into an export as a desk would send it: Dutch, personal and messy.

The mess is fixed by the seed and leaves Westelijke Mijnstreek's figures alone: broken rows
are extra rows that cleaning must quarantine, duplicates are exact copies, and the one
conflicting copy is of a trajectory in another region (so that trajectory, with its
measurements, drops out of that region's figures, as it would in a real export).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from babel.numbers import format_decimal

from loketlib import nl
from loketlib.demo.model import Truth
from loketlib.intake.codes import CODE_LISTS
from loketlib.intake.sheets import SHEETS

FIRST_NAMES = [
    "Anouk",
    "Bram",
    "Chantal",
    "Dennis",
    "Esra",
    "Fleur",
    "Gijs",
    "Hanna",
    "Ivo",
    "Jolien",
    "Kevin",
    "Lotte",
    "Mohamed",
    "Noor",
    "Olaf",
    "Priscilla",
    "Ruud",
    "Saskia",
    "Thijs",
    "Ümit",
    "Vera",
    "Wendy",
    "Yusuf",
    "Zoë",
    "René",
    "Anaïs",
]
LAST_NAMES = [
    "de Vries",
    "Janssen",
    "Peeters",
    "Hendriks",
    "Smeets",
    "Willems",
    "Bos",
    "Meulenberg",
    "Vankan",
    "Franssen",
    "Lemmens",
    "Coenen",
    "Kurvers",
    "Gerards",
    "Schmeitz",
    "Dreessen",
    "Crijns",
    "Hermans",
    "Bouchaïb",
    "Çelik",
]
#: Spellings of corporations seen in real exports (all map to the same code).
CORPORATION_SPELLINGS = {
    "ZW": ["Zaamwonen", "Zaamwonen", "ZW"],
    "WL": ["Wonen Limburg", "Wonen-Limburg", "WL"],
    "WP": ["Woonpunt", "Woonpunt", "WP"],
    "ZO": ["ZOwonen", "ZO Wonen", "Zowonen", "ZO"],
}


def bsn(rng: np.random.Generator, valid: bool = True) -> str:
    """A 9-digit number that passes the 11-proef (or, with ``valid=False``, fails it)."""
    while True:
        digits = list(rng.integers(0, 10, 8))
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10 and digits[0] != 0:
            if not valid:
                last = (last + 1) % 10
            return "".join(map(str, digits)) + str(last)


def frames(truth: Truth, seed: int) -> dict[str, pd.DataFrame]:
    """The export's sheets with Dutch headers and values, messy like a real export."""
    rng = np.random.default_rng(seed + 1)
    t = pd.DataFrame(truth.trajectories)
    labels = {name: CODE_LISTS[name] for name in CODE_LISTS}
    out = pd.DataFrame()
    out["Trajectnummer"] = t["trajectory_id"]
    out["BSN"] = [bsn(rng) for _ in range(len(t))]
    out["Naam"] = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(len(t))]
    birthdays = t["registered_on"] - pd.to_timedelta(
        t["age"] * 365.25 + rng.integers(1, 360, len(t)), unit="D"
    )
    out["Geboortedatum"] = birthdays.dt.normalize()
    out["Regio"] = t["region"].map(labels["region"])
    out["Product"] = t["product"].map(labels["product"])
    out["Route"] = t["route"].map(labels["route"])
    out["Aanmelder"] = t["referrer"]
    out["Datum aanmelding"] = t["registered_on"]
    out["Datum intake"] = t.get("intake_on")
    out["Besluit intake"] = t.get("intake_decision").map(labels["intake_decision"])
    out["Reden afwijzing"] = t.get("rejection_reason")
    out["Overgezet naar regulier"] = t["moved_to_regular"].map({True: "Ja", False: "Nee"})
    out["Datum aanmelding corporatie"] = t.get("corporation_registered_on")
    out["Woningcorporatie"] = [
        rng.choice(CORPORATION_SPELLINGS[c]) if isinstance(c, str) else None
        for c in t["corporation"]
    ]
    out["Datum start huur"] = t.get("lease_start_on")
    out["Datum afsluiting"] = t.get("closed_on")
    out["Resultaat afsluiting"] = t.get("closure_result").map(labels["closure_result"])
    out["Reden afsluiting"] = t.get("closure_reason").map(labels["closure_reason"])
    out["Huishouden"] = t["household"].map(labels["household"])
    out["Inkomstenbron"] = t["income_source"].map(labels["income_source"])
    placed = t["lease_start_on"].notna() & t["product"].eq("housing")
    yes_no = {True: "Ja", False: "Nee"}
    for header, column in [
        ("Bewindvoering", "guardianship"),
        ("Huurtoeslag bij start", "rent_allowance_at_start"),
        ("Automatische incasso", "direct_debit"),
    ]:
        out[header] = t[column].map(yes_no).where(placed)
    out["Kale huur"] = t["base_rent"].where(placed)
    out = out.sort_values(["Datum aanmelding", "Trajectnummer"], kind="stable").reset_index(
        drop=True
    )

    sheets = {
        "trajecten": out,
        "zorgaanbieders": pd.DataFrame(
            {
                "Naam": truth.providers["provider"],
                "Type": truth.providers["provider_type"].map(labels["provider_type"]),
                "Deelnemersovereenkomst sinds": pd.to_datetime(truth.providers["agreement_since"]),
            }
        ),
        "taakstelling": _rename(pd.DataFrame(truth.quotas), "taakstelling", labels),
        "facturen": _rename(pd.DataFrame(truth.invoices), "facturen", labels),
        "nametingen": _rename(pd.DataFrame(truth.measurements), "nametingen", labels),
        "huurachterstanden": _rename(pd.DataFrame(truth.signals), "huurachterstanden", labels),
        "klachten": _rename(pd.DataFrame(truth.complaints), "klachten", labels),
    }
    return _mess(sheets, rng)


def _rename(frame: pd.DataFrame, sheet: str, labels: dict) -> pd.DataFrame:
    out = pd.DataFrame()
    for column in SHEETS[sheet].columns:
        values = frame[column.name]
        if column.kind.startswith("code:"):
            values = values.map(labels[column.kind.removeprefix("code:")])
        elif column.kind == "bool":
            values = values.map({True: "Ja", False: "Nee"})
        out[column.header] = values
    return out


def _mess(sheets: dict[str, pd.DataFrame], rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """Stray spaces and case, a wrong-check BSN, exact duplicates and rows cleaning must reject."""
    t = sheets["trajecten"].copy()
    n = len(t)
    pick = rng.choice(n, size=n // 25, replace=False)
    t.loc[pick, "Regio"] = t.loc[pick, "Regio"].str.upper()
    pick = rng.choice(n, size=n // 25, replace=False)
    t.loc[pick, "Product"] = " " + t.loc[pick, "Product"].str.lower() + " "
    t.loc[rng.choice(n, size=3, replace=False), "BSN"] = [bsn(rng, valid=False) for _ in range(3)]
    rooms = t.index[t["Product"].str.strip().str.casefold().eq("kamers met kansen")]
    if len(rooms):  # one room candidate turned 25 before registering
        t.loc[rooms[0], "Geboortedatum"] = t.loc[rooms[0], "Datum aanmelding"] - pd.Timedelta(
            days=int(25.5 * 365.25)
        )
    template = t[t["Datum start huur"].isna()].iloc[0].copy()
    broken = []
    for _reason, changes in [  # the reason each broken row must be quarantined for
        ("missing_key", {"Trajectnummer": None}),
        ("unparseable", {"Trajectnummer": "LH-X-0001", "Datum aanmelding": "31-02-2022"}),
        ("unknown_code", {"Trajectnummer": "LH-X-0002", "Woningcorporatie": "Woonstichting Maas"}),
        (
            "dates_out_of_order",
            {"Trajectnummer": "LH-X-0003", "Datum intake": pd.Timestamp("2000-01-01")},
        ),
        (
            "closed_without_result",
            {
                "Trajectnummer": "LH-X-0004",
                "Datum afsluiting": template["Datum aanmelding"] + pd.Timedelta(days=400),
                "Resultaat afsluiting": None,
            },
        ),
        ("unknown_referrer", {"Trajectnummer": "LH-X-0005", "Aanmelder": "Zorg Onbekend BV"}),
    ]:
        row = template.copy()
        for column, value in changes.items():
            row[column] = value
        broken.append(row)
    conflict = t[t["Regio"].str.casefold().ne("westelijke mijnstreek")].iloc[5].copy()
    conflict["Kale huur"] = 999.0
    duplicates = t.iloc[[10, 20, 30]]
    sheets["trajecten"] = pd.concat(
        [t, pd.DataFrame(broken), pd.DataFrame([conflict]), duplicates], ignore_index=True
    )
    m = sheets["nametingen"]
    sheets["nametingen"] = pd.concat([m, m.iloc[[3]]], ignore_index=True)
    f = sheets["facturen"]
    ghost = f.iloc[[0]].assign(Trajectnummer="LH-1999-99999")
    sheets["facturen"] = pd.concat([f, ghost], ignore_index=True)
    return sheets


def write(sheets: dict[str, pd.DataFrame], path: Path, rng: np.random.Generator) -> Path:
    """A workbook (``.xlsx``) or a folder of Dutch CSV files (``;``, Windows-1252, CRLF)."""
    if path.suffix.lower() == ".xlsx":
        return _write_xlsx(sheets, path, rng)
    path.mkdir(parents=True, exist_ok=True)
    for name, frame in sheets.items():
        text = _dutch_text(frame, rng)
        text.to_csv(
            path / f"{name}.csv", sep=";", index=False, encoding="cp1252", lineterminator="\r\n"
        )
    return path


def _dutch_text(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Every cell as text the way Dutch Excel writes it, with mixed date formats."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object and values.map(lambda v: isinstance(v, pd.Timestamp)).any():
            stamps = pd.to_datetime(values.where(values.map(lambda v: isinstance(v, pd.Timestamp))))
            texts = _dutch_text(pd.DataFrame({column: stamps}), rng)[column]
            out[column] = texts.where(stamps.notna(), values.astype("string").fillna(""))
        elif pd.api.types.is_datetime64_any_dtype(values):
            style = rng.choice(3, size=len(values), p=[0.8, 0.15, 0.05])
            long = values.dt.strftime("%d-%m-%Y")
            parts = [
                getattr(values.dt, p).astype("Int64").astype("string")
                for p in ("day", "month", "year")
            ]
            short = parts[0] + "-" + parts[1] + "-" + parts[2]
            iso = values.dt.strftime("%Y-%m-%d")
            text = long.where(style == 0, short.where(style == 1, iso))
            out[column] = text.where(values.notna(), "")
        elif not pd.api.types.is_numeric_dtype(values):  # already text
            out[column] = values.astype("string").fillna("")
        elif column in ("Kale huur", "Bedrag", "Bedrag achterstand"):
            out[column] = values.map(nl.eur, na_action="ignore").fillna("")
        elif column == "Maanden achterstand":
            out[column] = values.map(format_decimal_nl, na_action="ignore").fillna("")
        else:
            out[column] = values.astype("string").fillna("")
    return out


def format_decimal_nl(value: float) -> str:
    return format_decimal(value, locale="nl_NL")


def _write_xlsx(sheets: dict[str, pd.DataFrame], path: Path, rng: np.random.Generator) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(
        path, engine="openpyxl", datetime_format="DD-MM-YYYY", date_format="DD-MM-YYYY"
    ) as writer:
        for name, frame in sheets.items():
            frame = frame.copy()
            if name == "trajecten" and pd.api.types.is_datetime64_any_dtype(frame["Datum intake"]):
                # some dates typed as text, as desks do
                dates = frame["Datum intake"]
                typed = rng.random(len(frame)) < 0.05
                frame["Datum intake"] = dates.astype(object).where(
                    ~typed | dates.isna(), dates.dt.strftime("%-d-%-m-%Y")
                )
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for cells in sheet.columns:
                width = max(len(str(cells[0].value or "")), 10) + 2
                sheet.column_dimensions[cells[0].column_letter].width = min(width, 40)
            sheet.freeze_panes = "A2"
    return path
