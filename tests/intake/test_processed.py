"""Unit tests of loketlib.intake.processed: the parquet cache of clean exports."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest
from exportkit import minimal_sheets, traject, write_folder

from loketlib.intake import processed

SECRETS = ["Henk Geheimzinnig", "123456782", "17-08-1999", "1999-08-17"]


def _export(folder, extra_name=None):
    rows = [
        traject(
            Trajectnummer="T1",
            BSN="123456782",
            Naam="Henk Geheimzinnig",
            Geboortedatum="17-08-1999",
            Datum_aanmelding="05-01-2022",
        ),
        # quarantined (bad date), so its raw values land in quarantine.parquet
        traject(
            Trajectnummer="T2",
            BSN="123456782",
            Naam="Henk Geheimzinnig",
            Geboortedatum="17-08-1999",
            Datum_aanmelding="31-02-2022",
        ),
    ]
    if extra_name:
        rows.append(traject(Trajectnummer="T3", Naam=extra_name, Datum_aanmelding="06-01-2022"))
    return write_folder(folder, minimal_sheets(*rows))


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_PROCESSED_DIR", str(tmp_path / "processed"))
    return tmp_path / "processed"


def test_load_twice_uses_cache(tmp_path, cache_dir, monkeypatch):
    folder = _export(tmp_path / "export")
    first = processed.load(folder)

    def fail(_raw):
        raise AssertionError("clean() called although the cache is valid")

    monkeypatch.setattr(processed, "clean", fail)
    second = processed.load(folder)
    assert set(first.tables) == set(second.tables)
    for name in first.tables:
        pd.testing.assert_frame_equal(first.tables[name], second.tables[name], obj=name)
    assert first.counts == second.counts
    assert first.source == second.source == "export"
    pd.testing.assert_frame_equal(first.warnings, second.warnings)
    assert first.quarantine["reason"].tolist() == second.quarantine["reason"].tolist()
    assert len(list(cache_dir.iterdir())) == 1


def test_cache_does_not_depend_on_path(tmp_path, cache_dir, monkeypatch):
    first = processed.load(_export(tmp_path / "a" / "export"))
    monkeypatch.setattr(processed, "clean", lambda _raw: pytest.fail("not cached"))
    second = processed.load(_export(tmp_path / "b" / "export"))
    assert first.counts == second.counts


def test_changed_export_gives_new_result(tmp_path, cache_dir):
    folder = _export(tmp_path / "export")
    first = processed.load(folder)
    assert first.counts["trajecten"]["clean"] == 1
    _export(folder, extra_name="Nieuwe Naam")
    second = processed.load(folder)
    assert second.counts["trajecten"]["read"] == 3
    assert second.counts["trajecten"]["clean"] == 2
    assert len(list(cache_dir.iterdir())) == 2


def test_changed_key_gives_new_result(tmp_path, cache_dir, monkeypatch):
    folder = _export(tmp_path / "export")
    first = processed.load(folder)
    monkeypatch.setenv("LOKET_PSEUDONYM_KEY", "other-test-key-0123456789abcdef-2")
    second = processed.load(folder)
    assert (
        first.tables["trajecten"]["person_key"].iloc[0]
        != second.tables["trajecten"]["person_key"].iloc[0]
    )


def test_missing_export_is_structural(tmp_path, cache_dir):
    from loketlib.errors import ExportError

    with pytest.raises(ExportError):
        processed.load(tmp_path / "nope")


def test_nothing_personal_outside_quarantine(tmp_path, cache_dir):
    processed.load(_export(tmp_path / "export"))
    files = list(cache_dir.rglob("*"))
    parquet = [f for f in files if f.suffix == ".parquet"]
    assert {f.name for f in parquet} >= {
        "trajecten.parquet",
        "quarantine.parquet",
        "warnings.parquet",
    }
    seen_in_quarantine = False
    for file in files:
        if not file.is_file():
            continue
        data = file.read_bytes()
        if file.suffix == ".parquet":
            text = pq.read_table(file).to_pandas().astype("string").to_csv()
        else:
            text = data.decode("utf-8", errors="replace")
        found = [s for s in SECRETS if s in text or s.encode() in data]
        if file.name == "quarantine.parquet":
            seen_in_quarantine = bool(found)
            continue
        assert not found, f"{file.name} holds personal data: {found}"
    assert seen_in_quarantine  # the quarantine does keep raw values (and stays here)
