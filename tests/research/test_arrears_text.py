"""The research text: honest absence, small numbers, the Methode facts, disagreeing sources."""

from __future__ import annotations

import pandas as pd
import pytest
from test_arrears import PEIL, _huurachterstanden, _nametingen, _trajecten, _zorgaanbieders

from loketlib.report import narrative
from loketlib.research import arrears, arrears_sentences, arrears_table, arrears_text
from loketlib.research.settings import PARAMETERS, settings

S = settings(2023, cohorts="2022")


def _tenants(signals=None, region="westelijke-mijnstreek", **options) -> pd.DataFrame:
    signals = _huurachterstanden() if signals is None else signals
    return arrears.tenants(
        _trajecten(), _zorgaanbieders(), signals, _nametingen(), region, [2022], PEIL, **options
    )


def _block(block: str, **variables) -> str:
    return narrative.render(
        narrative.environment("parkstad", 2022),
        "huurachterstand",
        block,
        onderzoek=arrears_sentences,
        **variables,
    )


def test_without_the_arrears_sheet_the_research_says_it_cannot_be_done():
    empty = _huurachterstanden().iloc[0:0]
    t = _tenants(empty)
    problematic = arrears.problematic_debt(_nametingen(), t)
    a = arrears_text.availability(0, t, S, problematic)
    assert a["reason"] == "no_sheet" and a["n"] == 8 and problematic == 1
    text = _block("afwezig", a=a, uitkomst=arrears_text.outcome_text(S))
    assert (
        "Dit onderzoek kan op deze export niet worden gedaan:** de export heeft geen blad "
        "huurachterstanden" in text
    )
    assert "In de selectie zitten 8 huurders" in text
    assert "kreeg 1 huurder uit deze selectie wel een problematische huurschuld" in text
    assert "spreken elkaar hier dus tegen" in text
    assert "%" not in text


def test_signals_elsewhere_but_none_in_the_selection():
    t = _tenants()
    none = t.assign(event=False)
    a = arrears_text.availability(8, none, S, 0)
    assert a["reason"] == "no_events"
    text = _block("afwezig", a=a, uitkomst=arrears_text.outcome_text(S))
    assert "bij geen enkele huurder voorgekomen" in text and "8 signalen" in text
    assert "tegen" not in text
    assert arrears_text.availability(8, t, S, 0)["reason"] is None


def test_a_problematic_debt_outcome_does_not_need_the_sheet():
    s = settings(2023, cohorts="2022", outcome="problematisch")
    t = _tenants(_huurachterstanden().iloc[0:0], outcome="problematisch")
    assert t["event"].sum() == 1  # T03, nameting 01-01-2023
    assert arrears_text.availability(0, t, s, 1)["reason"] is None


def test_too_few_tenants_for_a_breakdown_names_n_and_the_minimum():
    t = _tenants()
    a = arrears_text.availability(8, t, S, 0)
    assert a["breakdown"] is False  # 8 < 2 * 10
    text = _block("klein", n=8, min_group=10)
    assert text.startswith("Met 8 huurders in de selectie en een minimale groepsgrootte van 10")
    one = _block(
        "factor",
        factor="Woningcorporatie",
        groepen=["Zaamwonen"],
        n=8,
        min_group=4,
        uitkomst="x",
        horizon=12,
    )
    assert "Geen uitsplitsing: van de 8 huurders" in one and '(alleen "Zaamwonen")' in one
    assert arrears_text.availability(8, t, settings(2023, min_group=4), 0)["breakdown"]


def test_method_facts_by_hand():
    # follow-up ends: T04 by moving (day 92), everyone else at the peildatum (< 730 days)
    m = arrears_text.method_facts(_tenants(), S)
    assert m["n"] == 8
    assert m["reasons"] == {"moved": 1, "cap": 0, "peildatum": 7}
    assert m["moved_before_event"] == 1
    h = {row["months"]: row for row in m["horizons"]}
    assert (h[12]["observed"], h[12]["censored"], h[12]["moved"], h[12]["recent"]) == (7, 1, 1, 0)
    # 24 months = 730,5 days: nobody was followed that long, so only events count
    assert (h[24]["observed"], h[24]["moved"], h[24]["recent"]) == (4, 1, 3)
    assert m["parameters"]["cohorts"] == "2022"
    corporation = next(g for g in m["groups"] if g["factor"] == "Woningcorporatie")
    assert corporation == {
        "factor": "Woningcorporatie",
        "groups": [],
        "merged": [],
        "dropped": ["Zaamwonen", "Wonen Limburg"],
    }


def test_group_changes_names_merged_and_dropped_groups():
    from test_arrears import _synthetic

    data = _synthetic({"ZW": (12, 3), "WL": (6, 1), "WP": (5, 2)})
    assert arrears.group_changes(data, "corporation", 10) == {
        "merged": ["Wonen Limburg", "Woonpunt"],
        "dropped": [],
    }
    data = _synthetic({"ZW": (12, 3), "WL": (4, 1), "WP": (3, 3)})
    assert arrears.group_changes(data, "corporation", 10) == {
        "merged": [],
        "dropped": ["Wonen Limburg", "Woonpunt"],
    }


def test_methode_block_states_methods_and_parameters():
    m = arrears_text.method_facts(_tenants(), S)
    text = _block("methode", m=m)
    for word in (
        "Wilson",
        "Kaplan–Meier",
        "Holm",
        "log-ranktoets",
        "Cox",
        "Schoenfeld",
        "gecensureerd",
        "binnen 12 maanden: 7 huurders tellen mee; 1 niet",
        "weggelaten: Zaamwonen, Wonen Limburg",
        "`min_group` = 10",
        "1 huurder verhuisde voordat",
        # Aalen–Johansen at 12 months: 1/8 + 7/8 x 1/7 + (6/8 x 5/6) x 1/5 = 0,375 (T04's move
        # at 3,02 months competes); 1 − KM: 1 − 7/8 x 6/7 x 4/5 = 0,4
        "binnen 12 maanden: 37,5%, tegen 40,0% met verhuizen als censurering",
    ):
        assert word in text, word
    for key in PARAMETERS:  # every parameter with its value
        assert f"- `{key}` = " in text, key


def test_nametingen_and_signals_disagree():
    everyone = _tenants(region="zuid-limburg")
    # T07 (Parkstad) has problematic rent debt in a nameting, but no signal
    assert arrears.problematic_without_signal(_huurachterstanden(), _nametingen(), everyone) == 1
    assert arrears.problematic_without_signal(_huurachterstanden(), _nametingen(), _tenants()) == 0
    summary = arrears.arrears_summary(_huurachterstanden(), everyone)
    text = _block("achterstanden", s=summary, drempel_maanden=2, problematisch=2, zonder_signaal=1)
    assert (
        "bij 1 huurder met een problematische huurschuld in de nametingen staat geen "
        "signaal" in text
    )


def test_holm_by_hand():
    # sorted 0,01 0,03 0,04 (m = 3): 0,03; max(0,03, 2 x 0,03) = 0,06; max(0,06, 1 x 0,04)
    adjusted = arrears_table.holm(pd.Series([0.01, 0.04, 0.03, None]))
    assert adjusted[:3] == pytest.approx([0.03, 0.06, 0.06]) and adjusted[3] is None


def test_outcome_of_at_least_n_months_rent():
    t = _tenants(outcome="maanden", outcome_months=2).set_index("trajectory_id")
    # signals of >= 2 months: T03 (day 242), T08 (3 months, day 379), T11 (day 0)
    assert sorted(t.index[t["event"]]) == ["T03", "T08", "T11"]
    assert pd.isna(t.loc["T01", "event_months"])  # its one signal was 1 month
    shorter = _tenants(followup_months=12).set_index("trajectory_id")
    assert shorter["followup_end_months"].max() == pytest.approx(12)
    assert not shorter.loc["T08", "event"]  # day 379 > 12 months


def test_the_shares_carry_the_counts_they_stand_for():
    """The method's shares per horizon and the conclusion's rows name their counts, so an
    extern report can hide a share with its count (events, observed = the overview table)."""
    t = _tenants()
    m = arrears_text.method_facts(t, S)
    table = arrears.incidence(t, None, 12, 10).iloc[0]
    h = {row["months"]: row for row in m["horizons"]}
    competing = {row["months"]: row for row in m["competing"]}
    assert (h[12]["events"], h[12]["observed"]) == (table["met_achterstand"], table["n"])
    assert (competing[12]["events"], competing[12]["observed"]) == (h[12]["events"], 7)
    assert competing[12]["competing"] == pytest.approx(0.375)
    rows = arrears_text.incidence_rows(t, settings(2023, cohorts="2022", horizon=9))
    assert [r["months"] for r in rows] == [6, 9, 12, 24]  # the table's horizons and the horizon
    nine = rows[1]
    assert nine["aandeel"] == pytest.approx(nine["met_achterstand"] / nine["n"])


def test_a_hidden_share_says_so_in_the_text():
    m = arrears_text.method_facts(_tenants(), S)
    m["competing"][0] |= {"competing": None, "censored": None, "events": "x"}
    text = _block("methode", m=m)
    assert "binnen 6 maanden: niet getoond, omdat het tot kleine aantallen" in text
    text = _block(
        "conclusie",
        aandeel=None,
        aandeel_n=17,
        horizon=12,
        uitkomst="een signaal",
        demo=False,
        model={"risky": [], "protective": []},
        cox={"risky": []},
        toeslag_mediaan=None,
    )
    assert "staat niet in deze versie" in text and "%" not in text
