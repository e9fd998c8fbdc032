"""The researchers' dataset: no identifying value, k-anonymity, and files that read back."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from test_arrears import _tenants

from loketlib.intake.processed import load
from loketlib.research import arrears, dataset

FORBIDDEN = re.compile(r"traject|bsn|person|naam|name|geboorte|birth", re.IGNORECASE)
DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4}|\d{4}-\d{2}(?!\d)")
META = {
    "source": "export.xlsx",
    "region_label": "Zuid-Limburg",
    "years": "2019-2022",
    "peildatum": "31-12-2022",
    "created": "2022-12-31T12:00:00",
}


@pytest.fixture(scope="module")
def demo_tenants(demo_xlsx):
    t = load(demo_xlsx).tables
    return arrears.tenants(
        t["trajecten"],
        t["zorgaanbieders"],
        t["huurachterstanden"],
        t["nametingen"],
        "zuid-limburg",
        [2019, 2020, 2021, 2022],
        "2022-12-31",
    )


def _check_private(release: dataset.Release, tenants: pd.DataFrame) -> None:
    frame = release.frame
    assert not [c for c in frame.columns if FORBIDDEN.search(c)]
    assert not any(pd.api.types.is_datetime64_any_dtype(frame[c]) for c in frame.columns)
    text = frame.astype("string").fillna("").to_numpy().ravel().tolist()
    assert not set(text) & set(tenants["trajectory_id"].astype(str))
    assert not [v for v in text if DATE.search(v)]
    assert frame["studie_id"].is_unique
    assert dataset.smallest_group(frame) >= release.k


def test_hand_made_cohort_is_suppressed_to_k(tmp_path):
    t = _tenants(years=[2022])
    release = dataset.build(t, k=3)
    _check_private(release, t)
    # 8 tenants (5% of them is less than one): every generalisation step is taken, and then
    # the one remaining combination holds all 8
    assert release.steps == [description for _, description, _ in dataset.STEPS]
    assert (release.suppressed, release.removed, len(release.frame)) == (0, 0, 8)
    assert release.frame["signaal"].sum() == 4  # T01, T03, T08, T11
    assert set(release.frame["regio"]) == {"Zuid-Limburg"}
    tiny = dataset.build(t, k=9)  # even all 8 together stay below k: removed, not shown
    assert (tiny.removed, len(tiny.frame)) == (8, 0)
    assert "8 huurders zijn weggelaten" in dataset.leesmij(tiny, [2022], META)


def test_release_values_by_hand():
    t = _tenants(years=[2022]).set_index("trajectory_id")
    release = dataset.build(t.reset_index(), k=1)  # k = 1: nothing generalised
    assert release.steps == [] and release.suppressed == 0 and release.removed == 0
    frame = release.frame.set_index("maanden_follow_up")
    t04 = frame.loc[round(92 / 30.4375, 1)]  # moved out on day 92, signal after the move
    assert (t04["einde_follow_up"], t04["signaal"], t04["corporatie"]) == (
        "Verhuisd",
        0,
        "Wonen Limburg",
    )
    assert pd.isna(t04["maanden_tot_signaal"]) and pd.isna(t04["signaal_binnen_12"])
    assert t04["signaal_binnen_6"] is pd.NA or pd.isna(t04["signaal_binnen_6"])
    t11 = frame.loc[round(548 / 30.4375, 1)]  # signal on the day the lease started
    assert (t11["signaal"], t11["maanden_tot_signaal"], t11["signaal_binnen_6"]) == (1, 0.0, 1)
    assert set(release.frame["startjaar"]) == {"2022"}


def test_fresh_study_ids_and_order_per_release():
    t = _tenants(years=[2022])
    first, second = dataset.build(t, k=1), dataset.build(t, k=1)
    assert not set(first.frame["studie_id"]) & set(second.frame["studie_id"])


def test_demo_release_is_k_anonymous_and_reports_what_was_done(demo_tenants):
    for k in (5, 20):
        release = dataset.build(demo_tenants, k=k)
        _check_private(release, demo_tenants)
        assert len(release.frame) + release.removed == len(demo_tenants)
        assert release.suppressed + release.removed <= max(
            dataset.MAX_SUPPRESSED_SHARE * len(demo_tenants), k
        )
        text = dataset.leesmij(release, [2019, 2020, 2021, 2022], META)
        assert f"k = {k}" in text
        for step in release.steps:
            assert step in text
    assert dataset.build(demo_tenants, 5).suppressed > 0  # the demo needs local suppression
    assert len(dataset.build(demo_tenants, 20).steps) >= len(dataset.build(demo_tenants, 5).steps)


def test_files_read_back(demo_tenants, tmp_path):
    import frictionless
    import pyreadstat

    release = dataset.build(demo_tenants, k=5)
    cohorts = [2019, 2020, 2021, 2022]
    paths = dataset.write(release, tmp_path, cohorts, META)
    assert [p.name for p in paths] == [
        "huurders.csv",
        "huurders.parquet",
        "huurders.sav",
        "datapackage.json",
        "LEESMIJ.md",
    ]
    csv = pd.read_csv(tmp_path / "huurders.csv", dtype=str, keep_default_na=False)
    assert len(csv) == len(release.frame) and list(csv.columns) == list(release.frame.columns)
    parquet = pd.read_parquet(tmp_path / "huurders.parquet")
    assert parquet["signaal"].sum() == release.frame["signaal"].sum()

    sav, meta = pyreadstat.read_sav(str(tmp_path / "huurders.sav"))
    assert len(sav) == len(release.frame)
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["huurtoeslag_bij_start"] == "Huurtoeslag geregeld bij start"
    values = meta.variable_value_labels["huurtoeslag_bij_start"]
    decoded = sav["huurtoeslag_bij_start"].map(values)
    assert (
        decoded.value_counts().to_dict()
        == release.frame["huurtoeslag_bij_start"].value_counts().to_dict()
    )
    assert sav["signaal"].sum() == release.frame["signaal"].sum()
    assert sav["signaal_binnen_24"].isna().sum() == release.frame["signaal_binnen_24"].isna().sum()

    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert descriptor["quasiIdentifiers"] == list(dataset.QUASI_IDENTIFIERS)
    schema = descriptor["resources"][0]["schema"]
    assert [f["name"] for f in schema["fields"]] == list(release.frame.columns)
    assert all(f["title"] and f["description"] for f in schema["fields"])
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_data_package_rejects_a_value_outside_the_categories(demo_tenants, tmp_path):
    import frictionless

    release = dataset.build(demo_tenants, k=5)
    release.frame.loc[0, "huurklasse"] = "€ 9.999"
    dataset.write(release, tmp_path, [2019, 2020, 2021, 2022], META)
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


def test_cli_research_data(demo_xlsx, tmp_path):
    from click.testing import CliRunner

    from loketlib.cli import main

    args = [
        "research-data",
        "--data",
        str(demo_xlsx),
        "--region",
        "parkstad",
        "--years",
        "2021-2022",
        "--out",
        str(tmp_path),
        "--k",
        "5",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(tmp_path / "huurders.parquet")
    assert dataset.smallest_group(frame) >= 5
    assert "Parkstad" in (tmp_path / "LEESMIJ.md").read_text()
    bad = CliRunner().invoke(main, [*args[:6], "--years", "twintig", "--out", str(tmp_path)])
    assert bad.exit_code == 2


def test_a_shorter_follow_up_shapes_fields_and_text(tmp_path):
    import test_arrears as hand

    t = arrears.tenants(
        hand._trajecten(),
        hand._zorgaanbieders(),
        hand._huurachterstanden(),
        hand._nametingen(),
        "westelijke-mijnstreek",
        [2022],
        hand.PEIL,
        followup_months=12,
    )
    release = dataset.build(t, k=1)
    assert [c for c in release.frame if c.startswith("signaal_binnen_")] == [
        "signaal_binnen_6",
        "signaal_binnen_12",
    ]
    assert release.frame["maanden_follow_up"].max() == 12.0
    dataset.write(release, tmp_path, [2022], META)
    assert "12 maanden na de start" in (tmp_path / "LEESMIJ.md").read_text()
    names = [
        f["name"]
        for f in json.loads((tmp_path / "datapackage.json").read_text())["resources"][0]["schema"][
            "fields"
        ]
    ]
    assert names == list(release.frame.columns)
