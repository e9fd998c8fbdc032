"""Large random exports for the benchmark: the demo's shape at any size, drawn vectorised.

Unlike the model these exports reproduce nothing; they only have to look like real exports
(every sheet, Dutch values, a few broken rows) so that reading and cleaning are timed honestly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loketlib.demo.model import providers
from loketlib.demo.writer import CORPORATION_SPELLINGS, bsn
from loketlib.intake.codes import CODE_LISTS


def frames(n: int, seed: int, typed: bool = False) -> dict[str, pd.DataFrame]:
    """The sheets as Dutch text (for CSV); ``typed``: dates and amounts as Excel would hold
    them (date and number cells), for a workbook."""
    sheets = _text_frames(n, seed)
    return {name: _typed(frame) for name, frame in sheets.items()} if typed else sheets


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if "datum" in column.lower() or column in ("Datum aanmelding corporatie",):
            out[column] = pd.to_datetime(
                out[column], dayfirst=True, errors="coerce", format="mixed"
            )
        elif column in ("Kale huur", "Bedrag", "Bedrag achterstand"):
            out[column] = pd.to_numeric(
                out[column]
                .str.replace("€", "")
                .str.replace(".", "")
                .str.replace(",", ".")
                .str.strip(),
                errors="coerce",
            )
    return out


def _text_frames(n: int, seed: int) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    labels = CODE_LISTS
    provs = providers()

    def pick(values, size=n, p=None):
        values = list(values)
        return np.asarray(values, dtype=object)[rng.choice(len(values), size=size, p=p)]

    registered = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 8 * 365, n), unit="D")
    intake = registered + pd.to_timedelta(rng.integers(3, 40, n), unit="D")
    corp_reg = intake + pd.to_timedelta(rng.integers(5, 30, n), unit="D")
    lease = corp_reg + pd.to_timedelta(rng.gamma(4, 38, n).astype(int), unit="D")
    closed = lease + pd.to_timedelta(rng.integers(90, 700, n), unit="D")
    placed = rng.random(n) < 0.55
    is_closed = placed & (rng.random(n) < 0.8)
    positive = rng.random(n) < 0.85
    spellings = [s for values in CORPORATION_SPELLINGS.values() for s in values]
    valid_bsn = [bsn(rng) for _ in range(min(n, 5000))]
    t = pd.DataFrame(
        {
            "Trajectnummer": [f"LH-{i:08d}" for i in range(n)],
            "BSN": np.asarray(valid_bsn, dtype=object)[rng.integers(0, len(valid_bsn), n)],
            "Naam": "Demo Persoon",
            "Geboortedatum": (
                registered - pd.to_timedelta(rng.integers(18 * 365, 70 * 365, n), unit="D")
            ).strftime("%d-%m-%Y"),
            "Regio": pick(labels["region"].values()),
            "Product": pick(labels["product"].values(), p=[0.95, 0.05]),
            "Route": "Regulier",
            "Aanmelder": pick(provs["provider"]),
            "Datum aanmelding": registered.strftime("%d-%m-%Y"),
            "Datum intake": intake.strftime("%d-%m-%Y"),
            "Besluit intake": pick(["Toegelaten", "Afgewezen"], p=[0.85, 0.15]),
            "Reden afwijzing": "",
            "Overgezet naar regulier": "Nee",
            "Datum aanmelding corporatie": corp_reg.strftime("%Y-%m-%d"),
            "Woningcorporatie": pick(spellings),
            "Datum start huur": np.where(placed, lease.strftime("%d-%m-%Y"), ""),
            "Datum afsluiting": np.where(is_closed, closed.strftime("%d-%m-%Y"), ""),
            "Resultaat afsluiting": np.where(
                is_closed, np.where(positive, "Positief", "Negatief"), ""
            ),
            "Reden afsluiting": np.where(
                is_closed & ~positive, pick(labels["closure_reason"].values()), ""
            ),
            "Huishouden": pick(labels["household"].values()),
            "Inkomstenbron": pick(labels["income_source"].values()),
            "Bewindvoering": pick(["Ja", "Nee"]),
            "Huurtoeslag bij start": pick(["Ja", "Nee", "J", "n"]),
            "Automatische incasso": pick(["Ja", "Nee", "1", "0"]),
            "Kale huur": [
                f"€ {v},{c:02d}"
                for v, c in zip(rng.integers(380, 760, n), rng.integers(0, 100, n), strict=True)
            ],
        }
    )
    t.loc[rng.choice(n, size=max(n // 1000, 1), replace=False), "Datum aanmelding"] = "31-02-2022"
    t = pd.concat([t, t.iloc[: max(n // 2000, 1)]], ignore_index=True)
    ids = t["Trajectnummer"][placed.nonzero()[0][: n // 2]]
    m = len(ids)
    return {
        "trajecten": t,
        "zorgaanbieders": pd.DataFrame(
            {
                "Naam": provs["provider"],
                "Type": provs["provider_type"].map(labels["provider_type"]),
                "Deelnemersovereenkomst sinds": provs["agreement_since"].fillna(""),
            }
        ),
        "taakstelling": pd.DataFrame(
            [
                (y, r, c, 20)
                for y in range(2016, 2024)
                for r in labels["region"].values()
                for c in labels["corporation"]
            ],
            columns=["Jaar", "Regio", "Woningcorporatie", "Taakstelling"],
        ),
        "facturen": pd.DataFrame(
            {"Trajectnummer": ids, "Factuurdatum": "01-03-2022", "Bedrag": "€ 675,00"}
        ),
        "nametingen": pd.DataFrame(
            {
                "Trajectnummer": ids,
                "Peildatum": "01-06-2023",
                "Woonsituatie": pick(labels["housing_status"].values(), m),
                "Overlast": pick(labels["nuisance"].values(), m, p=[0.85, 0.12, 0.03]),
                "Huurachterstand": pick(labels["arrears"].values(), m, p=[0.75, 0.23, 0.02]),
            }
        ),
        "huurachterstanden": pd.DataFrame(
            {
                "Trajectnummer": ids[: m // 4],
                "Signaaldatum": "01-02-2023",
                "Bedrag achterstand": "€ 1.120,00",
                "Maanden achterstand": "2",
                "Datum opgelost": "",
                "Oorzaak": "Onbekend",
                "Vroegsignalering gemeld": "Nee",
            }
        ),
        "klachten": pd.DataFrame(
            {
                "Datum ontvangen": "01-05-2022",
                "Regio": "Parkstad",
                "Voorgelegd aan klachtencommissie": "Nee",
            },
            index=range(5),
        ),
    }
