"""The research tables, and the research recovering the demo model's arrears assumptions."""

from __future__ import annotations

import pytest

from loketlib.intake.processed import load
from loketlib.research import arrears, arrears_table


def test_p_value():
    assert arrears_table.p_value(0.0004) == "< 0,001"
    assert arrears_table.p_value(0.0234) == "0,023"
    assert arrears_table.p_value(None) == "–"


@pytest.fixture(scope="module")
def demo_tenants(demo_xlsx):
    data = load(demo_xlsx)
    t = data.tables
    return arrears.tenants(
        t["trajecten"],
        t["zorgaanbieders"],
        t["huurachterstanden"],
        t["nametingen"],
        "zuid-limburg",
        [2019, 2020, 2021, 2022],
        "2022-12-31",
    )


def test_research_recovers_the_riskiest_assumption(demo_tenants):
    """The demo model makes a missing rent allowance at the start the riskiest factor."""
    model = arrears.regression(demo_tenants, horizon_months=12)
    row = model.set_index("factor").loc["Huurtoeslag niet geregeld bij start"]
    assert row["odds_ratio"] > 1 and row["ci_low"] > 1
    debit = model.set_index("factor").loc["Geen automatische incasso"]
    assert debit["odds_ratio"] > 1
    guardianship = model.set_index("factor").loc["Bewindvoering bij start"]
    assert guardianship["odds_ratio"] < 1  # protective in the model (factor 0.5)
    facts = arrears_table.model_facts(model)
    assert facts["risky"][0][0] == "Huurtoeslag niet geregeld bij start"


def test_incidence_tables_show_n_and_merge_small_groups(demo_tenants):
    table = arrears_table.incidence_by(demo_tenants, "income_source", 12, min_group=30)
    groups = arrears.groups(demo_tenants, "income_source", 30)
    assert groups.value_counts().min() >= 30  # groups are formed on the whole selection
    assert list(table["Inkomstenbron"]) == arrears.label_order("income_source", groups.dropna())
    assert (table["Huurders"] <= groups.value_counts()[table["Inkomstenbron"]].to_numpy()).all()
    overall = arrears_table.incidence_overall(demo_tenants, 10)
    assert list(overall["Termijn"]) == [f"Binnen {h} maanden" for h in (6, 12, 24)]
    assert overall["Aandeel"].is_monotonic_increasing
