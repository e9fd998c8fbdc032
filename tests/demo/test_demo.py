"""The demo export: a model calibrated to the jaarverslag 2022, messy like a real export.

Figures are taken through the command line (``loket figures``) on the workbook and on the CSV
folder written by the session fixtures (seed 2022); see ``loketlib/demo/README.md``.
"""

from __future__ import annotations

import json
import shutil
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from loketlib.cli import main
from loketlib.demo import write_export

WM = "westelijke-mijnstreek"
OTHER_REGIONS = ["parkstad", "maastricht-heuvelland"]


@cache
def _figures(data: str, region: str = WM, year: int = 2022) -> str:
    result = CliRunner().invoke(
        main, ["figures", "--data", data, "--region", region, "--year", str(year)]
    )
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def figures(data: Path, region: str = WM, year: int = 2022) -> dict:
    """The figures JSON of ``loket figures`` (run once per export, region and year)."""
    return json.loads(_figures(str(data), region, year))


def half_up(value: float, digits: int = 0) -> float:
    """Round half up, as the jaarverslag does (not banker's rounding)."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


@pytest.fixture(params=["xlsx", "csv"])
def wm(request) -> dict:
    """Figures of Westelijke Mijnstreek 2022 from the workbook and from the CSV folder."""
    return figures(request.getfixturevalue(f"demo_{request.param}"))


# -- calibration: the jaarverslag 2022 -------------------------------------------------------
def test_registrations_intakes_placements(wm):
    h = wm["housing"]
    assert h["registrations"] == 141
    assert h["registrations_by_referrer_type"] == {"deelnemer": 84, "convenantpartner": 57}
    assert h["intakes"] == 109
    assert h["placements"] == 61


def test_corporations_quota_and_waits(wm):
    c = wm["corporations"]
    assert {k: c[k]["placements"] for k in ("ZW", "WL", "WP", "ZO")} == {
        "ZW": 5,
        "WL": 9,
        "WP": 1,
        "ZO": 46,
    }
    assert {k: c[k]["quota"] for k in ("ZW", "WL", "WP", "ZO")} == {
        "ZW": 12,
        "WL": 8,
        "WP": 5,
        "ZO": 58,
    }
    assert c["quota_total"] == 83  # the table, not the 84 of the text
    waits = {k: half_up(c[k]["mean_wait_months"]) for k in ("ZW", "WL", "WP", "ZO")}
    assert waits == {"ZW": 3, "WL": 9, "WP": 4, "ZO": 5}
    assert half_up(wm["housing"]["mean_wait_months"]) == 5


def test_invoices(wm):
    h = wm["housing"]
    assert h["invoiced_trajectories"] == 64
    assert h["trajectory_price_eur"] == 675.0
    assert h["invoiced_amount_eur"] == 64 * 675.0


def test_closures(wm):
    h = wm["housing"]
    assert h["closed_positive"] == 67
    assert h["closed_negative"] == 14  # the detailed figure, not the 4 of the text
    reasons = h["negative_closure_reasons"]
    assert reasons["nuisance"] == 4
    assert reasons["unable_to_live_independently"] == 3
    assert sum(reasons.values()) == 14


def test_fast_track(wm):
    f = wm["fast_track"]
    assert (f["window_start"], f["window_end"]) == ("2022-04-01", "2022-12-31")
    assert f["registrations"] == 9  # 2 + 2 + 5, not the 7 of the text
    placed = (f["placed_fast_track"], f["placed_regular"])
    assert (*placed, f["rejected"], f["pending"]) == (2, 2, 5, 0)
    assert half_up(f["mean_wait_months"]) == 2


def test_rooms_and_complaints(wm):
    assert wm["rooms_with_chances"] == {"registrations": 17, "placements": 6}
    assert wm["complaints"]["committee_decisions"] == 0


def test_cohorts_2018_2019(wm):
    s = wm["sustainability"]
    assert half_up(s["2018"]["sustainable_share"] * 100) == 74
    assert half_up(s["2019"]["sustainable_share"] * 100, 1) == 79.4


def test_cohort_2020(wm):
    c = wm["sustainability"]["2020"]
    assert c["cohort_size"] == 64
    assert c["follow_up_complete"] is True
    assert c["housing_status"] == {
        "in_placed_home": 48,
        "moved_own_initiative": 15,
        "moved_corporation_initiative": 1,
        "unknown": 0,
    }
    assert c["nuisance"] == {"none": 57, "cooperative": 6, "structural": 1, "unknown": 0}
    assert c["arrears"] == {"none": 47, "resolved": 17, "problematic": 0, "unknown": 0}
    assert half_up(c["sustainable_share"] * 100, 1) == 89.1


def test_cohort_2021(wm):
    c = wm["sustainability"]["2021"]
    assert c["cohort_size"] == 61
    assert c["housing_status"] == {
        "in_placed_home": 54,
        "moved_own_initiative": 7,
        "moved_corporation_initiative": 0,
        "unknown": 0,
    }
    assert c["nuisance"] == {"none": 59, "cooperative": 1, "structural": 1, "unknown": 0}
    # 78,1 % / 21,9 % in the jaarverslag are 50/64 and 14/64; the demo keeps 14 of 61.
    assert c["arrears"] == {"none": 47, "resolved": 14, "problematic": 0, "unknown": 0}
    assert c["sustainable_share"] == pytest.approx(59 / 61)  # 96,7 %, printed as 96,8 %


def test_xlsx_and_csv_give_identical_figures(demo_xlsx, demo_csv):
    a, b = figures(demo_xlsx), figures(demo_csv)
    assert a["meta"].pop("source").endswith(".xlsx")  # the export's file or folder name
    del b["meta"]["source"]
    assert a == b


# -- reproducibility and other seeds ---------------------------------------------------------
def test_same_seed_gives_byte_identical_csv(demo_csv, tmp_path):
    again = write_export(tmp_path / "again", seed=2022)
    names = sorted(p.name for p in demo_csv.glob("*.csv"))
    assert names == sorted(p.name for p in again.glob("*.csv"))
    assert len(names) == 7
    for name in names:
        assert (demo_csv / name).read_bytes() == (again / name).read_bytes(), name
    a, b = figures(again), figures(demo_csv)
    del a["meta"]["source"], b["meta"]["source"]  # see test_meta_source_names_the_export_given
    assert a == b


def test_meta_source_names_the_export_given(demo_csv, tmp_path):
    """meta.source is "the export's file or folder name", also for a copy with the same content.

    Fails while loketlib.intake.processed.load returns the source name stored in the cache
    manifest by the first export with that content (the cache key is the content, not the path).
    """
    assert figures(demo_csv)["meta"]["source"] == demo_csv.name
    copy = shutil.copytree(demo_csv, tmp_path / "copy-of-demo")
    assert figures(copy)["meta"]["source"] == "copy-of-demo"


@pytest.fixture(scope="module")
def seed7(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seed7") / "export"
    try:
        return write_export(path, seed=7)
    except ValueError as error:  # the model could not meet its calibration: a real failure
        pytest.fail(f"demo model with seed 7 cannot meet its calibration: {error}")


def test_other_seed_gives_valid_export(seed7):
    f = figures(seed7)
    for sheet, n in f["meta"]["sheets"].items():
        assert n["read"] == n["clean"] + n["quarantined"] + n["duplicates_removed"], sheet
    q = f["meta"]["quarantine"]
    for reason in (
        "missing_key",
        "unparseable",
        "unknown_code",
        "unknown_referrer",
        "conflicting_duplicate",
        "unknown_trajectory",
    ):
        assert q[reason] >= 1, reason
    assert q["dates_out_of_order"] >= 1
    assert q["closed_without_result"] >= 1 or q["dates_out_of_order"] >= 2
    w = f["meta"]["warnings"]
    assert w["bsn_fails_11_proof"] == 3
    assert w["rooms_age_outside_18_24"] >= 1


def test_other_seed_meets_calibration(seed7):
    f = figures(seed7)
    h = f["housing"]
    assert (h["registrations"], h["intakes"], h["placements"]) == (141, 109, 61)
    assert h["registrations_by_referrer_type"] == {"deelnemer": 84, "convenantpartner": 57}
    assert (h["closed_positive"], h["closed_negative"], h["invoiced_trajectories"]) == (67, 14, 64)
    c = f["corporations"]
    assert [half_up(c[k]["mean_wait_months"]) for k in ("ZW", "WL", "WP", "ZO")] == [3, 9, 4, 5]
    ft = f["fast_track"]
    assert (ft["placed_fast_track"], ft["placed_regular"], ft["rejected"]) == (2, 2, 5)
    s = f["sustainability"]
    assert (s["2020"]["cohort_size"], s["2021"]["cohort_size"]) == (64, 61)
    assert s["2021"]["arrears"]["none"] == 47


def test_pilot_2023_is_plausible_for_a_three_month_aim(demo_xlsx):
    """2022 (calibrated: 2 + 2 placed, 5 rejected) and 2023 (``params.PILOT_2023``)."""
    e = figures(demo_xlsx, WM, 2023)["fast_track_evaluation"]
    fast, regular = e["fast_track"], e["regular"]
    assert fast["registrations"] == 9 + 10
    assert (fast["placements"], fast["rejected"], fast["moved_to_regular"]) == (4 + 6, 5 + 2, 3)
    assert fast["eligible"] == fast["registrations"] - 2  # the 2 pending since October 2023
    # the aim is within reach, not met by everyone; the regular route rarely makes 3 months
    assert 2 <= fast["median_months_to_lease"] <= 3.5
    assert 0.2 <= fast["share_placed_within_3_months"] <= 0.6
    assert regular["median_months_to_lease"] > 4
    assert regular["share_placed_within_3_months"] < 0.1


def test_demo_seed_default_quarantine(wm):
    q, w = wm["meta"]["quarantine"], wm["meta"]["warnings"]
    assert q["missing_key"] == q["unparseable"] == q["unknown_code"] == q["unknown_referrer"] == 1
    assert q["conflicting_duplicate"] == 2
    assert w["bsn_fails_11_proof"] == 3
    assert w["rooms_age_outside_18_24"] == 1
    assert wm["meta"]["sheets"]["trajecten"]["duplicates_removed"] == 3


# -- the export as a desk sends it -----------------------------------------------------------
def _trajecten(demo_csv: Path) -> pd.DataFrame:
    return pd.read_csv(
        demo_csv / "trajecten.csv", sep=";", encoding="cp1252", dtype=str, keep_default_na=False
    )


def test_csv_is_windows_1252_with_semicolons_and_crlf(demo_csv):
    raw = (demo_csv / "trajecten.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    names = _trajecten(demo_csv)["Naam"]
    accented = next(n for n in names if not n.isascii())
    assert accented.encode("cp1252") in raw
    assert raw.count(b"\n") == raw.count(b"\r\n") > 1000
    header = raw.split(b"\r\n", 1)[0].decode("cp1252")
    assert header.startswith("Trajectnummer;BSN;Naam;")
    for path in demo_csv.glob("*.csv"):
        data = path.read_bytes()
        assert data.count(b"\n") == data.count(b"\r\n"), path.name
        data.decode("cp1252")


def _leaves(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def test_names_and_bsns_never_in_figures(demo_csv, demo_xlsx):
    t = _trajecten(demo_csv)
    names = {n for n in t["Naam"] if n}
    bsns = {b for b in t["BSN"] if b}
    assert len(names) > 100 and len(bsns) > 1000
    for data in (demo_csv, demo_xlsx):
        f = figures(data)
        text = json.dumps(f, ensure_ascii=False)
        assert not [n for n in names if n in text]
        strings = [v for v in _leaves(f) if isinstance(v, str)]
        assert not [s for s in strings if any(b in s for b in bsns)]
        numbers = {str(v) for v in _leaves(f) if isinstance(v, int) and not isinstance(v, bool)}
        assert not numbers & bsns


@pytest.mark.parametrize("region", OTHER_REGIONS)
def test_other_regions_are_plausible(demo_csv, region):
    h = figures(demo_csv, region)["housing"]
    assert 50 <= h["registrations"] <= 400
    assert 20 <= h["placements"] <= h["registrations"]
    assert h["intakes"] <= h["registrations"]
    assert h["closed_positive"] > 0


def test_zuid_limburg_is_the_sum_of_the_regions(demo_csv):
    total = figures(demo_csv, "zuid-limburg")["housing"]
    parts = [figures(demo_csv, r)["housing"] for r in [WM, *OTHER_REGIONS]]
    for key in ("registrations", "intakes", "placements", "closed_positive", "closed_negative"):
        assert total[key] == sum(p[key] for p in parts) > 0, key
