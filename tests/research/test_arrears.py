"""Tests for loketlib.research.arrears on small hand-made frames, worked out by hand.

The cohort (Housing, region Westelijke Mijnstreek, lease start in 2022, peildatum 31-12-2023),
months = days / 30.4375:

| id  | lease start | first signal (days)      | follow-up end (days)          | event |
|-----|-------------|--------------------------|-------------------------------|-------|
| T01 | 01-01-2022  | 01-03-2022 (59)          | peildatum (729)               | yes   |
| T02 | 01-01-2022  | -                        | peildatum (729)               | no    |
| T03 | 01-02-2022  | 01-10-2022 (242)         | peildatum (698)               | yes   |
| T04 | 01-03-2022  | 01-08-2022 (153)         | moved 01-06-2022 (92)         | no    |
| T08 | 01-06-2022  | 15-06-2023 (379)         | peildatum (578)               | yes   |
| T09 | 01-12-2022  | -                        | peildatum (395)               | no    |
| T10 | 10-01-2022  | - (one after peildatum)  | peildatum (720)               | no    |
| T11 | 01-07-2022  | 01-07-2022 (0)           | peildatum (548)               | yes   |

T05 (2021), T06 (Kamers met Kansen), T07 (Parkstad) and T12 (after the peildatum) are not in it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from loketlib.research import arrears

M = 30.4375
PEIL = pd.Timestamp("2023-12-31")
D = pd.Timestamp


def _trajecten() -> pd.DataFrame:
    rows = [
        # id, region, product, lease start, corporation, referrer, household, income, age,
        # guardianship, allowance, direct debit, rent
        (
            "T01",
            "westelijke-mijnstreek",
            "housing",
            "2022-01-01",
            "ZW",
            "Zorg A",
            "single",
            "social_assistance",
            19,
            False,
            False,
            True,
            450.0,
        ),
        (
            "T02",
            "westelijke-mijnstreek",
            "housing",
            "2022-01-01",
            "WL",
            "zorg b",
            "couple",
            "employment",
            30,
            False,
            True,
            True,
            500.0,
        ),
        (
            "T03",
            "westelijke-mijnstreek",
            "housing",
            "2022-02-01",
            "ZW",
            "Zorg A",
            "single",
            "unemployment_benefit",
            45,
            True,
            False,
            False,
            650.0,
        ),
        (
            "T04",
            "westelijke-mijnstreek",
            "housing",
            "2022-03-01",
            "WL",
            "Zorg B",
            "single",
            None,
            60,
            None,
            True,
            None,
            None,
        ),
        (
            "T05",
            "westelijke-mijnstreek",
            "housing",
            "2021-06-01",
            "ZW",
            "Zorg A",
            "single",
            "employment",
            40,
            False,
            True,
            True,
            600.0,
        ),
        (
            "T06",
            "westelijke-mijnstreek",
            "rooms_with_chances",
            "2022-05-01",
            "ZW",
            "Zorg A",
            "single",
            "student_finance",
            20,
            False,
            True,
            True,
            400.0,
        ),
        (
            "T07",
            "parkstad",
            "housing",
            "2022-04-01",
            "WP",
            "Zorg A",
            "couple",
            "employment",
            33,
            False,
            True,
            True,
            700.0,
        ),
        (
            "T08",
            "westelijke-mijnstreek",
            "housing",
            "2022-06-01",
            "ZW",
            "Zorg B",
            "single_with_children",
            "disability_benefit",
            28,
            False,
            True,
            False,
            550.0,
        ),
        (
            "T09",
            "westelijke-mijnstreek",
            "housing",
            "2022-12-01",
            "WL",
            "Zorg A",
            "single",
            "social_assistance",
            None,
            True,
            True,
            True,
            480.0,
        ),
        (
            "T10",
            "westelijke-mijnstreek",
            "housing",
            "2022-01-10",
            "WL",
            "Zorg B",
            "couple_with_children",
            "employment",
            52,
            False,
            True,
            True,
            720.0,
        ),
        (
            "T11",
            "westelijke-mijnstreek",
            "housing",
            "2022-07-01",
            "ZW",
            "Zorg A",
            "single",
            "social_assistance",
            17,
            True,
            False,
            True,
            520.0,
        ),
        (
            "T12",
            "westelijke-mijnstreek",
            "housing",
            "2024-01-15",
            "ZW",
            "Zorg A",
            "single",
            "employment",
            30,
            False,
            True,
            True,
            600.0,
        ),
    ]
    cols = [
        "trajectory_id",
        "region",
        "product",
        "lease_start_on",
        "corporation",
        "referrer",
        "household",
        "income_source",
        "age_at_registration",
        "guardianship",
        "rent_allowance_at_start",
        "direct_debit",
        "base_rent",
    ]
    df = pd.DataFrame(rows, columns=cols)
    for c in [
        "trajectory_id",
        "region",
        "product",
        "corporation",
        "referrer",
        "household",
        "income_source",
    ]:
        df[c] = df[c].astype("string")
    df["lease_start_on"] = pd.to_datetime(df["lease_start_on"])
    df["age_at_registration"] = df["age_at_registration"].astype("Int64")
    for c in ["guardianship", "rent_allowance_at_start", "direct_debit"]:
        df[c] = df[c].astype("boolean")
    df["base_rent"] = df["base_rent"].astype("float64")
    df["route"] = pd.Series("regular", index=df.index, dtype="string")
    df["registered_on"] = df["lease_start_on"] - pd.Timedelta(days=90)
    df["closed_on"] = pd.NaT
    df["closure_result"] = pd.Series(pd.NA, index=df.index, dtype="string")
    df["person_key"] = pd.Series(pd.NA, index=df.index, dtype="string")
    return df


def _zorgaanbieders() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "provider": pd.Series(["Zorg A", "Zorg B"], dtype="string"),
            "provider_type": pd.Series(["deelnemer", "convenantpartner"], dtype="string"),
            "agreement_since": pd.to_datetime(["2020-01-01", None]),
        }
    )


def _huurachterstanden() -> pd.DataFrame:
    rows = [
        # id, signalled, amount, months, resolved, cause, reported
        ("T01", "2022-03-01", 400.0, 1.0, "2022-04-01", "allowance_pending", False),
        ("T03", "2022-10-01", 900.0, 2.0, None, "income_change", True),
        ("T04", "2022-08-01", 300.0, 1.0, "2022-09-15", "forgot", False),
        ("T08", "2022-05-15", 250.0, 1.0, "2022-05-30", "unknown", True),  # before lease
        ("T08", "2023-06-15", 1200.0, 3.0, "2024-01-10", "debts_elsewhere", False),
        ("T10", "2024-02-01", 500.0, 2.0, None, "income_drop", True),  # after peildatum
        ("T11", "2022-07-01", 600.0, 2.0, "2022-08-31", "allowance_pending", False),
        ("T05", "2023-07-01", 700.0, 2.0, None, "forgot", False),  # T05: cohort 2021
    ]
    df = pd.DataFrame(
        rows,
        columns=[
            "trajectory_id",
            "signalled_on",
            "amount",
            "months",
            "resolved_on",
            "cause",
            "reported_early_warning",
        ],
    )
    df["trajectory_id"] = df["trajectory_id"].astype("string")
    df["signalled_on"] = pd.to_datetime(df["signalled_on"])
    df["resolved_on"] = pd.to_datetime(df["resolved_on"])
    df["cause"] = df["cause"].astype("string")
    df["reported_early_warning"] = df["reported_early_warning"].astype("boolean")
    return df


def _nametingen() -> pd.DataFrame:
    rows = [
        ("T03", "2023-01-01", "in_placed_home", "none", "problematic"),
        ("T04", "2022-06-01", "moved_own_initiative", "none", "none"),
        ("T04", "2022-09-01", "moved_own_initiative", "none", "none"),
        ("T07", "2023-05-01", "in_placed_home", "none", "problematic"),
        ("T09", "2024-03-01", "in_placed_home", "none", "problematic"),  # after peildatum
        ("T10", "2023-01-10", "in_placed_home", "cooperative", "resolved"),
    ]
    df = pd.DataFrame(
        rows, columns=["trajectory_id", "measured_on", "housing_status", "nuisance", "arrears"]
    )
    for c in ["trajectory_id", "housing_status", "nuisance", "arrears"]:
        df[c] = df[c].astype("string")
    df["measured_on"] = pd.to_datetime(df["measured_on"])
    return df


def _tenants(region: str = "westelijke-mijnstreek", years=(2022, 2023, 2024)) -> pd.DataFrame:
    return arrears.tenants(
        _trajecten(), _zorgaanbieders(), _huurachterstanden(), _nametingen(), region, years, PEIL
    )


@pytest.fixture
def tenants() -> pd.DataFrame:
    return _tenants().set_index("trajectory_id", drop=False)


# ---------------------------------------------------------------------------- tenants()


def test_tenants_selects_housing_cohort_region_and_peildatum():
    wm = _tenants()
    assert sorted(wm["trajectory_id"]) == ["T01", "T02", "T03", "T04", "T08", "T09", "T10", "T11"]
    assert len(_tenants("zuid-limburg")) == 9  # plus T07 in Parkstad
    assert list(_tenants(years=[2021])["trajectory_id"]) == ["T05"]


def test_tenants_does_not_mutate_inputs():
    frames = [_trajecten(), _zorgaanbieders(), _huurachterstanden(), _nametingen()]
    copies = [f.copy() for f in frames]
    arrears.tenants(*frames, "zuid-limburg", [2022], PEIL)
    for frame, copy in zip(frames, copies, strict=True):
        pd.testing.assert_frame_equal(frame, copy)


def test_tenants_characteristics(tenants):
    assert tenants.loc["T01", "provider_type"] == "deelnemer"
    assert tenants.loc["T02", "provider_type"] == "convenantpartner"  # "zorg b" matches
    assert tenants.loc["T01", "age_band"] == "18-24"
    assert tenants.loc["T02", "age_band"] == "25-34"
    assert tenants.loc["T03", "age_band"] == "35-49"
    assert tenants.loc["T04", "age_band"] == "50+"
    assert pd.isna(tenants.loc["T09", "age_band"])  # unknown age
    assert pd.isna(tenants.loc["T11", "age_band"])  # 17: not in any band
    assert tenants.loc["T01", "rent_band"] == "< € 500"
    assert tenants.loc["T02", "rent_band"] == "€ 500-650"
    assert tenants.loc["T03", "rent_band"] == "≥ € 650"
    assert pd.isna(tenants.loc["T04", "rent_band"])
    assert pd.isna(tenants.loc["T04", "direct_debit"])


def test_tenants_signal_times_and_censoring(tenants):
    first = tenants["event_months"]
    end = tenants["followup_end_months"]
    assert first["T01"] == pytest.approx(59 / M)
    assert first["T03"] == pytest.approx(242 / M)
    assert first["T08"] == pytest.approx(379 / M)  # the signal before the lease is ignored
    assert first["T11"] == 0.0
    assert math.isnan(first["T02"])
    assert math.isnan(first["T10"])  # its only signal is after the peildatum
    assert first["T04"] == pytest.approx(153 / M)  # after moving out: not an event
    assert end["T02"] == pytest.approx(729 / M)  # cut at the peildatum
    assert end["T04"] == pytest.approx(92 / M)  # moved out: first measurement elsewhere
    assert end["T03"] == pytest.approx(698 / M)  # measurement in the placed home: no cut
    assert end["T09"] == pytest.approx(395 / M)
    assert tenants["event"].to_dict() == {
        "T01": True,
        "T02": False,
        "T03": True,
        "T04": False,
        "T08": True,
        "T09": False,
        "T10": False,
        "T11": True,
    }


def test_tenants_horizons(tenants):
    t = tenants
    assert t["within_6"][t["within_6"]].index.tolist() == ["T01", "T11"]
    assert sorted(t["within_12"][t["within_12"]].index) == ["T01", "T03", "T11"]
    assert sorted(t["within_24"][t["within_24"]].index) == ["T01", "T03", "T08", "T11"]
    # T04 moved out after 92 days: not observable at any horizon
    assert not t.loc["T04", ["observed_6", "observed_12", "observed_24"]].any()
    # T09: 395 days of follow-up reaches 12 months (365.25 days) but not 24
    assert t.loc["T09", "observed_12"] and not t.loc["T09", "observed_24"]
    # T02: 729 days < 730.5: censored at 24 months; T03 counts at 24 through its event
    assert not t.loc["T02", "observed_24"]
    assert t.loc["T03", "observed_24"]
    assert int(t["observed_12"].sum()) == 7
    assert int(t["observed_24"].sum()) == 4  # T01, T03, T08, T11


def test_tenants_followup_capped_at_24_months():
    t = _tenants(years=[2021]).set_index("trajectory_id")
    # T05: lease 01-06-2021, signal 01-07-2023 is 760 days = 24.97 months: after the window
    assert t.loc["T05", "followup_end_months"] == pytest.approx(24.0)
    assert t.loc["T05", "event_months"] == pytest.approx(760 / M)
    assert not t.loc["T05", "event"]
    assert t.loc["T05", "observed_24"] and not t.loc["T05", "within_24"]


# ---------------------------------------------------------------------------- incidence


def _synthetic(groups: dict[object, tuple[int, int]], column: str = "corporation") -> pd.DataFrame:
    """Tenants frame: per group value (n, events); everyone followed up 24 months."""
    rows = []
    for value, (n, k) in groups.items():
        for i in range(n):
            event = i < k
            rows.append((value, 3.0 if event else np.nan, 24.0, event))
    df = pd.DataFrame(rows, columns=[column, "event_months", "followup_end_months", "event"])
    df[column] = df[column].astype("string")
    return df


def _wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return centre - half, centre + half


def test_incidence_overall_wilson():
    table = arrears.incidence(_synthetic({"ZW": (10, 3)}), None, 12)
    assert table.columns.tolist() == [
        "groep",
        "n",
        "met_achterstand",
        "aandeel",
        "ci_laag",
        "ci_hoog",
    ]
    row = table.iloc[0]
    assert (row["groep"], row["n"], row["met_achterstand"]) == ("Alle huurders", 10, 3)
    assert row["aandeel"] == pytest.approx(0.3)
    low, high = _wilson(3, 10)
    assert (round(low, 4), round(high, 4)) == (0.1078, 0.6032)
    assert row["ci_laag"] == pytest.approx(low)
    assert row["ci_hoog"] == pytest.approx(high)


def test_incidence_on_cohort_by_corporation(tenants):
    overall = arrears.incidence(tenants, None, 12)
    assert overall[["n", "met_achterstand"]].iloc[0].tolist() == [7, 3]
    assert overall["aandeel"].iloc[0] == pytest.approx(3 / 7)
    table = arrears.incidence(tenants, "corporation", 12, min_group=1)
    assert table["groep"].tolist() == ["Zaamwonen", "Wonen Limburg"]
    assert table["n"].tolist() == [4, 3]  # T04 (WL) is not observable at 12 months
    assert table["met_achterstand"].tolist() == [3, 0]
    six = arrears.incidence(tenants, None, 6)
    assert six[["n", "met_achterstand"]].iloc[0].tolist() == [7, 2]


def test_incidence_merges_small_groups_and_labels_unknown():
    data = _synthetic({"ZW": (12, 3), "WL": (6, 1), "WP": (5, 2), None: (2, 1)})
    table = arrears.incidence(data, "corporation", 12, min_group=10)
    assert table["groep"].tolist() == ["Zaamwonen", "Overige (kleine groepen)"]
    assert table["n"].tolist() == [12, 13]
    assert table["met_achterstand"].tolist() == [3, 4]
    table = arrears.incidence(data, "corporation", 12, min_group=2)
    assert table["groep"].tolist() == ["Zaamwonen", "Wonen Limburg", "Woonpunt", "Onbekend"]


def test_incidence_leaves_out_small_groups_that_stay_small():
    data = _synthetic({"ZW": (12, 3), "WL": (4, 1), "WP": (3, 3)})
    table = arrears.incidence(data, "corporation", 12, min_group=10)
    assert table["groep"].tolist() == ["Zaamwonen"]
    assert table["n"].sum() == 12


def test_incidence_boolean_labels():
    data = _synthetic({"yes": (10, 5), "no": (10, 1)}, column="direct_debit")
    data["direct_debit"] = (data["direct_debit"] == "yes").astype("boolean")
    table = arrears.incidence(data, "direct_debit", 12)
    assert table["groep"].tolist() == ["Ja", "Nee"]
    assert table["met_achterstand"].tolist() == [5, 1]


# ---------------------------------------------------------------------------- survival


def test_km_by_hand(tenants):
    # times: 0 E, 1.94 E, 3.02 C, 7.95 E, 12.45 E, 12.98 C, 23.65 C, 23.95 C
    # S = 7/8 -> 7/8*6/7 = 0.75 -> (censored) -> 0.75*4/5 = 0.6 -> 0.6*3/4 = 0.45
    curves = arrears.survival_curves(tenants, None)
    curve = curves["Alle huurders"]
    assert curve.columns.tolist()[:4] == ["time_months", "survival", "ci_lower", "ci_upper"]

    def at(t: float) -> float:
        return float(curve.loc[curve["time_months"] <= t, "survival"].iloc[-1])

    assert at(0) == pytest.approx(7 / 8)
    assert at(6) == pytest.approx(0.75)
    assert at(12) == pytest.approx(0.6)
    assert at(13) == pytest.approx(0.45)
    assert curve["time_months"].iloc[-1] == pytest.approx(729 / M)
    assert (curve["ci_lower"] <= curve["survival"]).all()
    assert (curve["survival"] <= curve["ci_upper"]).all()
    assert curve["ci_lower"].min() >= 0 and curve["ci_upper"].max() <= 1


def test_km_groups_and_logrank(tenants):
    curves = arrears.survival_curves(tenants, "corporation", min_group=1)
    assert list(curves) == ["Zaamwonen", "Wonen Limburg"]
    assert curves["Wonen Limburg"]["survival"].eq(1.0).all()  # no events in WL
    result = arrears.logrank(tenants, "corporation", min_group=1)
    assert result["df"] == 1
    assert result["groups"] == ["Zaamwonen", "Wonen Limburg"]
    assert 0 < result["p_value"] <= 1
    assert result["statistic"] > 0
    small = arrears.logrank(tenants, "corporation", min_group=10)  # 4 + 4 < 10: nothing shown
    assert small["p_value"] is None and small["groups"] == []


# ---------------------------------------------------------------------------- regression


def _generated(n: int = 2000, seed: int = 20240501) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    no_allowance = rng.random(n) < 0.4
    logit = -2 + 1.5 * no_allowance
    event = rng.random(n) < 1 / (1 + np.exp(-logit))
    df = pd.DataFrame(
        {
            "rent_allowance_at_start": pd.array(~no_allowance, dtype="boolean"),
            "direct_debit": pd.array(rng.random(n) < 0.6, dtype="boolean"),
            "guardianship": pd.array(rng.random(n) < 0.3, dtype="boolean"),
            "income_source": pd.array(
                rng.choice(["social_assistance", "employment", "disability_benefit"], n),
                dtype="string",
            ),
            "household": pd.array(rng.choice(["single", "couple"], n), dtype="string"),
            "event_months": np.where(event, 4.0, np.nan),
            "followup_end_months": 24.0,
            "event": event,
        }
    )
    df.loc[:49, "direct_debit"] = pd.NA  # 50 rows with a missing predictor
    return df


def test_regression_recovers_odds_ratio():
    data = _generated()
    result = arrears.regression(data)
    assert result.columns.tolist() == ["factor", "odds_ratio", "ci_low", "ci_high", "p_value"]
    assert len(result) == 5
    row = result.set_index("factor").loc["Huurtoeslag niet geregeld bij start"]
    assert 3 <= row["odds_ratio"] <= 6.5
    assert row["ci_low"] > 1
    assert row["p_value"] < 0.001
    assert result.attrs["n"] == 1950
    assert result.attrs["dropped_missing"] == 50
    events = int(data["event"].iloc[50:].sum())
    assert result.attrs["events"] == events
    assert result.attrs["events_per_parameter"] == pytest.approx(min(events, 1950 - events) / 5)


def test_regression_chosen_predictors_and_horizon(tenants):
    data = _generated()
    result = arrears.regression(data, ["no_rent_allowance"], horizon_months=12)
    assert result["factor"].tolist() == ["Huurtoeslag niet geregeld bij start"]
    assert result.attrs["n"] == 2000
    with pytest.raises(KeyError):
        arrears.regression(data, ["shoe_size"])


# ---------------------------------------------------------------------------- summary


def test_arrears_summary(tenants):
    s = arrears.arrears_summary(_huurachterstanden(), tenants)
    # counted: T01 400/1, T03 900/2, T04 300/1, T08 (2023) 1200/3, T11 600/2
    assert s["signals"] == 5
    assert s["tenants_with_signal"] == 5
    assert s["amount_median"] == 600
    assert s["amount_mean"] == pytest.approx(680)
    assert s["months_median"] == 2
    assert s["resolved"] == 3  # T01, T04, T11; T08 is resolved only after the peildatum
    assert s["open"] == 2
    assert s["resolution_months_median"] == pytest.approx(45 / M)  # of 31, 45, 61 days
    assert s["reported_early_warning"] == 1
    assert s["reportable"] == 3  # T03, T08, T11 (two months or more)
    assert s["reportable_reported"] == 1
    assert s["reportable_reported_share"] == pytest.approx(1 / 3)
    causes = s["causes"].set_index("oorzaak")
    assert causes.loc["Huurtoeslag nog niet toegekend", "aantal"] == 2
    assert causes.loc["Huurtoeslag nog niet toegekend", "aandeel"] == pytest.approx(0.4)
    assert causes.loc["Inkomensdaling", "aantal"] == 0
    assert causes["aantal"].sum() == 5
    higher = arrears.arrears_summary(_huurachterstanden(), tenants, 2, 700)
    assert higher["reportable"] == 2  # T03 900, T08 1200


def test_problematic_debt(tenants):
    assert arrears.problematic_debt(_nametingen(), tenants) == 1  # T03; T09's is after peil
    assert arrears.problematic_debt(_nametingen(), _tenants("zuid-limburg")) == 2  # + T07


def test_regression_flags_perfect_separation(tenants):
    # in the hand-made cohort every tenant without rent allowance had arrears within 12 months
    result = arrears.regression(tenants, ["no_rent_allowance"])
    assert result.attrs["n"] == 7 and result.attrs["events"] == 3
    assert "PerfectSeparationWarning" in result.attrs["fit_warnings"]
    assert arrears.regression(_generated()).attrs["fit_warnings"] == []


def test_functions_cope_without_signals_or_measurements():
    empty_signals = _huurachterstanden().iloc[0:0]
    empty_measurements = _nametingen().iloc[0:0]
    t = arrears.tenants(
        _trajecten(),
        _zorgaanbieders(),
        empty_signals,
        empty_measurements,
        "zuid-limburg",
        [2022],
        PEIL,
    )
    assert len(t) == 9 and not t["event"].any()
    row = arrears.incidence(t, None, 12).iloc[0]
    assert (row["n"], row["met_achterstand"], row["aandeel"], row["ci_laag"]) == (9, 0, 0.0, 0.0)
    assert arrears.survival_curves(t, None)["Alle huurders"]["survival"].eq(1.0).all()
    assert arrears.logrank(t, "corporation", min_group=1)["p_value"] is None
    assert len(arrears.regression(t)) == 0
    summary = arrears.arrears_summary(empty_signals, t)
    assert summary["signals"] == 0 and summary["amount_median"] is None
    assert arrears.problematic_debt(empty_measurements, t) == 0


# ---------------------------------------------------------------------------- Cox model


def _cox_frame(times, events, flags, strata=None) -> pd.DataFrame:
    """Tenants frame for :func:`arrears.cox`: time, event, one predictor (no rent allowance)."""
    times = np.asarray(times, dtype=float)
    events = np.asarray(events, dtype=bool)
    return pd.DataFrame(
        {
            "rent_allowance_at_start": pd.array(~np.asarray(flags, dtype=bool), dtype="boolean"),
            "event_months": np.where(events, times, np.nan),
            "followup_end_months": times,
            "event": events,
            "corporation": pd.array(strata or ["ZW"] * len(times), dtype="string"),
            "cohort": 2022,
        }
    )


def _partial_loglik(beta: float, times, events, x, strata) -> float:
    """Cox partial log-likelihood written out by hand (no ties), summed over strata."""
    total = 0.0
    for i in range(len(times)):
        if not events[i]:
            continue
        risk = [j for j in range(len(times)) if times[j] >= times[i] and strata[j] == strata[i]]
        total += beta * x[i] - math.log(sum(math.exp(beta * x[j]) for j in risk))
    return total


def test_cox_matches_the_partial_likelihood_by_hand():
    from scipy.optimize import minimize_scalar

    times = [1, 2, 3, 4, 5, 6, 7, 8]
    events = [1, 1, 0, 1, 1, 1, 0, 1]
    x = [1, 0, 1, 1, 0, 0, 1, 0]
    strata = ["ZW", "ZW", "ZW", "ZW", "WL", "WL", "WL", "WL"]
    for groups in (["ZW"] * 8, strata):
        best = minimize_scalar(lambda b, g=groups: -_partial_loglik(b, times, events, x, g))
        data = _cox_frame(times, events, x, groups)
        model = arrears.cox(data, ["no_rent_allowance"], adjust_cohort=False)
        assert model["hazard_ratio"].iloc[0] == pytest.approx(math.exp(best.x), rel=1e-4)
        assert model.attrs["strata"] == len(set(groups))
    assert model.attrs["events"] == 6 and model.attrs["n"] == 8


def test_cox_recovers_a_known_hazard_ratio():
    rng = np.random.default_rng(7)
    n = 3000
    flag = rng.random(n) < 0.4
    hazard = 0.05 * np.where(flag, 2.0, 1.0)  # true hazard ratio 2, constant over time
    time = rng.exponential(1 / hazard)
    event = time <= 24
    data = _cox_frame(np.minimum(time, 24), event, flag)
    data["cohort"] = rng.choice([2021, 2022], n)
    model = arrears.cox(data, ["no_rent_allowance"])
    row = model.iloc[0]
    assert row["ci_low"] < 2 < row["ci_high"] and row["hazard_ratio"] == pytest.approx(2, rel=0.1)
    assert row["ph_p_value"] > 0.05  # proportional by construction
    assert model.attrs["cohorts"] == [2021, 2022]
    # an effect only in the first three months breaks proportional hazards
    early = np.where(flag & (rng.random(n) < 0.5), rng.uniform(0, 3, n), np.inf)
    time2 = np.minimum(rng.exponential(1 / 0.05, n), early)
    data2 = _cox_frame(np.minimum(time2, 24), time2 <= 24, flag)
    assert arrears.cox(data2, ["no_rent_allowance"])["ph_p_value"].iloc[0] < 0.05


def test_cox_on_the_hand_made_cohort(tenants):
    model = arrears.cox(tenants, ["no_direct_debit"])
    # T01, T03, T08, T11 have events; T04 (no direct debit known) is left out
    assert model.attrs["n"] == 7 and model.attrs["events"] == 4
    assert model.attrs["dropped_missing"] == 1
    assert model.attrs["strata"] == 2 and model.columns.tolist() == [
        "factor",
        "hazard_ratio",
        "ci_low",
        "ci_high",
        "p_value",
        "ph_p_value",
    ]
    assert arrears.moved_before_event(tenants) == 1  # T04


def test_regression_with_an_interaction(tenants):
    pair = [("no_rent_allowance", "no_direct_debit")]
    columns = arrears.design(tenants, ["no_rent_allowance", "no_direct_debit"], pair)
    both = "Huurtoeslag niet geregeld bij start × Geen automatische incasso"
    # T03: neither allowance nor direct debit; T04: direct debit unknown
    assert columns[both].fillna(-1).to_dict() == {
        "T01": 0,
        "T02": 0,
        "T03": 1,
        "T04": -1,
        "T08": 0,
        "T09": 0,
        "T10": 0,
        "T11": 0,
    }
    result = arrears.regression(
        _generated(), ["no_rent_allowance", "no_direct_debit"], interactions=pair
    )
    assert result["factor"].tolist()[-1] == both and len(result) == 3


def test_numbers_at_risk_by_hand(tenants):
    # times: 0 E, 1.94 E, 3.02 C, 7.95 E, 12.45 E, 12.98 C, 23.65 C, 23.95 C
    table = arrears.at_risk(tenants, None, 10, [0, 6, 12, 18, 24])
    assert table.loc["Alle huurders"].tolist() == [8, 5, 4, 2, 0]
    by = arrears.at_risk(tenants, "corporation", 1, [0, 12])
    assert list(by.index) == ["Zaamwonen", "Wonen Limburg"] and by[0].sum() == 8


def test_cumulative_incidence_with_moving_out_as_competing_event():
    # times 1..8: outcome at 1, 4, 6, 8; moved at 2, 5; censored at 3, 7.
    # Aalen–Johansen: 1/8 = 0,125; + 6/8 x 1/5 = 0,275; + 0,45 x 1/3 = 0,425; + 0,3 x 1 = 0,725
    # 1 − KM with moves censored: 1/8; then 1 − 7/8 x 4/5 = 0,3 at 4; 1 − 0,7 x 2/3 at 6
    times = np.arange(1, 9, dtype=float)
    events = np.array([1, 0, 0, 1, 0, 1, 0, 1], dtype=bool)
    data = pd.DataFrame(
        {
            "event_months": np.where(events, times, np.nan),
            "followup_end_months": times,
            "event": events,
            "followup_reason": [
                "peildatum",
                "moved",
                "peildatum",
                "peildatum",
                "moved",
                "peildatum",
                "peildatum",
                "peildatum",
            ],
        }
    )
    table = arrears.cumulative_incidence(data, [1, 4, 6, 8])
    assert table["competing"].tolist() == pytest.approx([0.125, 0.275, 0.425, 0.725])
    assert table["censored"].tolist() == pytest.approx([0.125, 0.3, 1 - 0.7 * 2 / 3, 1.0])
    assert (table["competing"] <= table["censored"] + 1e-12).all()
