"""Unit tests of loketlib.intake.clean on a small hand-made messy export (contract §2)."""

from __future__ import annotations

import string

import pandas as pd
import pytest
from exportkit import TRAJECT_HEADERS, traject, write_folder
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from loketlib.intake import codes
from loketlib.intake.clean import DATE_ORDER, clean
from loketlib.intake.export import read_export
from loketlib.intake.sheets import SHEETS

NAMES = ["Anna Geheim", "Bert Verborgen", "Carla Privé"]
BSNS = ["123456782", "123456789", "012345672"]
BIRTH = ["15-03-1990", "01-01-1996", "06-01-1990"]

#: The date-order rows: trajectory id -> (later column, overrides), one per clean.DATE_ORDER rule.
ORDER_ROWS = {
    ("intake_on", "registered_on"): ("T07a", {"Datum_intake": "01-01-2022"}),
    ("corporation_registered_on", "registered_on"): (
        "T07b",
        {"Datum_aanmelding_corporatie": "01-01-2022"},
    ),
    ("lease_start_on", "registered_on"): ("T07c", {"Datum_start_huur": "01-01-2022"}),
    ("closed_on", "registered_on"): (
        "T07d",
        {"Datum_afsluiting": "01-01-2022", "Resultaat_afsluiting": "Positief"},
    ),
    ("lease_start_on", "corporation_registered_on"): (
        "T07e",
        {"Datum_aanmelding_corporatie": "01-03-2022", "Datum_start_huur": "01-02-2022"},
    ),
    ("closed_on", "lease_start_on"): (
        "T07f",
        {
            "Datum_start_huur": "01-05-2022",
            "Datum_afsluiting": "01-04-2022",
            "Resultaat_afsluiting": "Positief",
        },
    ),
}


def messy_sheets() -> dict:
    """A messy export with one row per quarantine reason; expectations are in the tests."""
    reg = {"Datum_aanmelding": "05-01-2022"}
    rows = [
        traject(
            Trajectnummer="T01",
            BSN=BSNS[0],
            Naam=NAMES[0],
            Geboortedatum=BIRTH[0],
            Datum_aanmelding="05-01-2022",
            Woningcorporatie="ZO Wonen",
            Datum_aanmelding_corporatie="01-02-2022",
            Datum_start_huur="01-05-2022",
        ),
        # exact duplicate of T01, other spellings only
        traject(
            Trajectnummer=" T01 ",
            BSN=BSNS[0],
            Naam=NAMES[0],
            Geboortedatum="15-3-1990",
            Datum_aanmelding="5-1-2022",
            Woningcorporatie="ZOwonen",
            Datum_aanmelding_corporatie="2022-02-01",
            Datum_start_huur="1-5-2022",
            Regio=" westelijke mijnstreek ",
            Product="HOUSING",
        ),
        traject(Trajectnummer="", **reg),  # missing key
        traject(Trajectnummer="T03", Regio="Parkstad", **reg),  # conflicting duplicate
        traject(Trajectnummer="T03", Regio="Westelijke Mijnstreek", **reg),
        traject(Trajectnummer="T04", Product="", **reg),  # missing required
        traject(Trajectnummer="T05", Datum_intake="31-02-2022", **reg),  # unparseable
        traject(Trajectnummer="T06", Woningcorporatie="Woonbedrijf", **reg),  # unknown code
        *[traject(Trajectnummer=tid, **reg, **extra) for tid, extra in ORDER_ROWS.values()],
        traject(Trajectnummer="T08", Datum_afsluiting="01-06-2022", **reg),
        traject(
            Trajectnummer="T09",
            Datum_afsluiting="01-06-2022",
            Resultaat_afsluiting="Negatief",
            **reg,
        ),
        traject(Trajectnummer="T10", Aanmelder="Onbekende Stichting", **reg),
        traject(
            Trajectnummer="T11",
            Product="Kamers met Kansen",
            BSN=BSNS[1],
            Naam=NAMES[1],
            Geboortedatum=BIRTH[1],
            Datum_aanmelding="01-02-2022",
            Aanmelder=" stichting  CONVENANT ",
        ),
        traject(
            Trajectnummer="T12",
            BSN=BSNS[2],
            Naam=NAMES[2],
            Geboortedatum=BIRTH[2],
            Aanmelder="Stichting Convenant",
            **reg,
        ),
        traject(Trajectnummer="T13", BSN=" 12345672 ", Geboortedatum="05-01-1990", **reg),
    ]
    headers = [*TRAJECT_HEADERS, "Opmerking"]
    return {
        "trajecten": (headers, [[*r, "vrije tekst"] for r in rows]),
        "zorgaanbieders": (
            ["Naam", "Type"],
            [
                ["Stichting Deel", "Deelnemer"],
                ["Stichting Convenant", "Convenantpartner"],
                ["Stichting Deel ", "deelnemer"],
            ],
        ),
        "taakstelling": (
            ["Jaar", "Regio", "Woningcorporatie", "Taakstelling"],
            [
                ["2022", "Westelijke Mijnstreek", "ZOwonen", "10"],
                ["2022", "Westelijke Mijnstreek", "Zaamwonen", "4"],
                ["2022", "Parkstad", "Wonen Limburg", "-1"],
            ],
        ),
        "facturen": (
            ["Trajectnummer", "Factuurdatum", "Bedrag"],
            [
                ["T01", "15-06-2022", "€ 675,00"],
                ["T12", "15-06-2022", "675"],
                ["T99", "15-06-2022", "675"],
                ["T03", "15-06-2022", "675"],
                ["T13", "15-06-2022", "abc"],
            ],
        ),
        "nametingen": (
            ["Trajectnummer", "Peildatum", "Woonsituatie", "Overlast", "Huurachterstand"],
            [
                ["T01", "01-06-2023", "In bemiddelde woning", "Geen", "Geen"],
                ["T06", "01-06-2023", "In bemiddelde woning", "Geen", "Geen"],
            ],
        ),
        "klachten": (
            ["Datum ontvangen", "Regio", "Voorgelegd aan klachtencommissie"],
            [["01-03-2022", "Westelijke Mijnstreek", "Ja"], ["", "Parkstad", "Nee"]],
        ),
    }


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    folder = write_folder(
        tmp_path_factory.mktemp("messy") / "export", messy_sheets(), encoding="cp1252"
    )
    return clean(read_export(folder))


def _reasons(data, sheet):
    q = data.quarantine[data.quarantine["sheet"] == sheet]
    return dict(zip(q["trajectory_id"].fillna("<leeg>"), q["reason"], strict=False)), q


def test_every_row_accounted_for(messy):
    for name, c in messy.counts.items():
        assert c["read"] == c["clean"] + c["quarantined"] + c["duplicates_removed"], name
        assert c["clean"] == len(messy.tables[name])
        assert c["quarantined"] == (messy.quarantine["sheet"] == name).sum()


def test_exact_counts(messy):
    assert messy.counts == {
        "trajecten": {"read": 20, "clean": 4, "quarantined": 15, "duplicates_removed": 1},
        "zorgaanbieders": {"read": 3, "clean": 2, "quarantined": 0, "duplicates_removed": 1},
        "taakstelling": {"read": 3, "clean": 2, "quarantined": 1, "duplicates_removed": 0},
        "facturen": {"read": 5, "clean": 2, "quarantined": 3, "duplicates_removed": 0},
        "nametingen": {"read": 2, "clean": 1, "quarantined": 1, "duplicates_removed": 0},
        "huurachterstanden": {"read": 0, "clean": 0, "quarantined": 0, "duplicates_removed": 0},
        "klachten": {"read": 2, "clean": 1, "quarantined": 1, "duplicates_removed": 0},
    }


def test_trajecten_reasons(messy):
    t = messy.tables["trajecten"]
    assert t["trajectory_id"].tolist() == ["T01", "T11", "T12", "T13"]
    q = messy.quarantine[messy.quarantine["sheet"] == "trajecten"]
    by_id = q.groupby(q["trajectory_id"].fillna("<leeg>"))["reason"].agg(list).to_dict()
    expected = {
        "<leeg>": ["missing_key"],
        "T03": ["conflicting_duplicate", "conflicting_duplicate"],
        "T04": ["missing_required"],
        "T05": ["unparseable"],
        "T06": ["unknown_code"],
        "T08": ["closed_without_result"],
        "T09": ["negative_without_reason"],
        "T10": ["unknown_referrer"],
    }
    for tid, _ in ORDER_ROWS.values():
        expected[tid] = ["dates_out_of_order"]
    assert by_id == expected
    assert q["row"].notna().all()
    # rows are numbered as in the file (header is row 1)
    assert q.set_index("trajectory_id").loc["T04", "row"] == 7


@pytest.mark.parametrize("rule", DATE_ORDER, ids=[f"{a}<{b}" for a, b in DATE_ORDER])
def test_each_date_order_rule(messy, rule):
    tid = ORDER_ROWS[rule][0]
    q = messy.quarantine.set_index("trajectory_id")
    assert q.loc[tid, "reason"] == "dates_out_of_order"
    assert f"dates_out_of_order: {rule[0]}" in q.loc[tid, "detail"]


def test_quarantine_detail_names_column(messy):
    q = messy.quarantine[messy.quarantine["sheet"] == "trajecten"].set_index("trajectory_id")
    assert "Product" in q.loc["T04", "detail"]
    assert "Datum intake" in q.loc["T05", "detail"]
    assert "Woningcorporatie" in q.loc["T06", "detail"]
    assert "Aanmelder" in q.loc["T10", "detail"]


def test_other_sheet_reasons(messy):
    q = messy.quarantine
    fact = q[q["sheet"] == "facturen"].set_index("trajectory_id")["reason"].to_dict()
    assert fact == {"T99": "unknown_trajectory", "T03": "unknown_trajectory", "T13": "unparseable"}
    meas = q[q["sheet"] == "nametingen"].set_index("trajectory_id")["reason"].to_dict()
    assert meas == {"T06": "unknown_trajectory"}
    assert q[q["sheet"] == "taakstelling"]["reason"].tolist() == ["negative_value"]
    assert q[q["sheet"] == "klachten"]["reason"].tolist() == ["missing_required"]
    assert set(q["reason"]) <= set(codes.QUARANTINE_REASONS)
    # every reason of the contract occurs (the hostile ones in tests/hostile/test_rows.py)
    hostile = {"too_large", "birth_after_registration", "birth_too_early"}
    assert set(q["reason"]) == set(codes.QUARANTINE_REASONS) - hostile


def test_duplicate_kept_once_with_parsed_values(messy):
    t = messy.tables["trajecten"].set_index("trajectory_id")
    assert t.loc["T01", "corporation"] == "ZO"
    assert t.loc["T01", "registered_on"] == pd.Timestamp("2022-01-05")
    assert t.loc["T01", "source_row"] == 2
    p = messy.tables["zorgaanbieders"]
    assert p["provider"].tolist() == ["Stichting Deel", "Stichting Convenant"]
    # referrer written in another case maps to the provider's own spelling
    assert t.loc["T11", "referrer"] == "Stichting Convenant"


def test_warnings(messy):
    w = messy.warnings
    got = sorted(zip(w["code"], w["trajectory_id"].fillna("-"), w["column"], strict=True))
    assert got == sorted(
        [
            ("bsn_fails_11_proof", "T11", "BSN"),
            ("rooms_age_outside_18_24", "T11", "Geboortedatum"),
            ("invoice_for_convenantpartner", "T12", "Trajectnummer"),
            ("unknown_column", "-", "Opmerking"),
        ]
    )
    rooms = w[w["code"] == "rooms_age_outside_18_24"]
    assert rooms["detail"].iloc[0].endswith("26")
    # warned rows are kept
    assert {"T11", "T12"} <= set(messy.tables["trajecten"]["trajectory_id"])
    assert "T12" in set(messy.tables["facturen"]["trajectory_id"])


def test_no_personal_data_in_clean_frames_or_warnings(messy):
    t = messy.tables["trajecten"]
    assert not {"bsn", "name", "birth_date"} & set(t.columns)
    secrets = [*NAMES, *BSNS, "12345672", *BIRTH, "1990-03-15", "1996-01-01"]
    frames = [*messy.tables.values(), messy.warnings]
    for frame in frames:
        text = frame.astype("string").to_csv()
        for secret in secrets:
            assert secret not in text
    # the quarantine keeps raw values (it never leaves data/processed)
    assert NAMES[0] not in messy.quarantine["raw"].str.cat()
    q = messy.quarantine.set_index("trajectory_id")
    assert "31-02-2022" in q.loc["T05", "raw"]


def test_age_at_registration_around_birthday(messy):
    t = messy.tables["trajecten"].set_index("trajectory_id")["age_at_registration"]
    assert t["T01"] == 31  # registered 05-01-2022, born 15-03-1990: birthday not yet
    assert t["T12"] == 31  # born 06-01-1990: birthday the next day
    assert t["T13"] == 32  # born 05-01-1990: registered on the birthday
    assert t["T11"] == 26  # born 01-01-1996, registered 01-02-2022
    assert str(t.dtype) == "Int64"


def test_person_key(messy):
    t = messy.tables["trajecten"].set_index("trajectory_id")["person_key"]
    assert t["T12"] == t["T13"]  # 012345672 and " 12345672 "
    assert t["T01"] != t["T12"]
    assert t["T11"] != t["T01"]
    assert len(t["T01"]) == 16
    assert all(c in string.hexdigits for c in t["T01"])


def test_person_key_depends_on_secret_key(monkeypatch):
    from loketlib.intake import pseudonym

    bsn = pd.Series(["123456782"])
    one = pseudonym.pseudonymise(bsn).iloc[0]
    monkeypatch.setenv("LOKET_PSEUDONYM_KEY", "another-test-key-0123456789abcdef")
    assert pseudonym.pseudonymise(bsn).iloc[0] != one
    assert pd.isna(pseudonym.pseudonymise(pd.Series([""], dtype=object)).iloc[0])


def test_11_proof():
    from loketlib.intake.pseudonym import passes_11_proof

    got = passes_11_proof(
        pd.Series(["123456782", "123456789", "12345672", "000000000", "12ab", None], dtype=object)
    )
    assert got.iloc[:5].tolist() == [True, False, True, False, False]
    assert pd.isna(got.iloc[5])


# --- property test: garbage never crashes and every row is accounted for ---------------------

_GARBAGE = st.one_of(
    st.just(""),
    st.just("#N/B"),
    st.sampled_from(
        [
            "Ja",
            "nee",
            "T1",
            "T2",
            "ZO Wonen",
            "Parkstad",
            "Housing",
            "Positief",
            "Negatief",
            "Overlast",
            "Deelnemer",
            "Stichting Deel",
            "Geen",
            "-5",
        ]
    ),
    st.integers(-100000, 100000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
    st.dates().map(lambda d: d.isoformat()),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='\r\n";,\t\x00'),
        max_size=12,
    ),
)


def _sheet_rows(name):
    width = len(SHEETS[name].columns)
    return st.lists(st.lists(_GARBAGE, min_size=width, max_size=width), min_size=0, max_size=4)


@settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.fixed_dictionaries({name: _sheet_rows(name) for name in SHEETS}))
def test_garbage_never_crashes(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("garbage")
    sheets = {name: ([c.header for c in SHEETS[name].columns], rows) for name, rows in data.items()}
    write_folder(folder, sheets)
    result = clean(read_export(folder))
    for name, c in result.counts.items():
        assert c["read"] == c["clean"] + c["quarantined"] + c["duplicates_removed"], name
        assert c["read"] == sum(any(v.strip() for v in row) for row in data[name]), name


def test_no_clean_providers_does_not_crash(tmp_path):
    """Found by the property test: every provider quarantined and a referrer like #N/B."""
    sheets = {name: ([c.header for c in SHEETS[name].columns], []) for name in SHEETS}
    sheets["trajecten"] = (
        TRAJECT_HEADERS,
        [traject(Trajectnummer="T1", Aanmelder="#N/B", Datum_aanmelding="05-01-2022")],
    )
    sheets["zorgaanbieders"] = (sheets["zorgaanbieders"][0], [["Stichting Deel", "Onbekend", ""]])
    result = clean(read_export(write_folder(tmp_path / "e", sheets)))
    assert result.counts["trajecten"] == {
        "read": 1,
        "clean": 0,
        "quarantined": 1,
        "duplicates_removed": 0,
    }
    assert result.quarantine["reason"].tolist() == ["unknown_code", "unknown_referrer"]
