"""The research's result-driven sentences follow its results."""

from __future__ import annotations

from loketlib.research import arrears_text

FACTS = {
    "n": 200,
    "events": 60,
    "events_per_parameter": 12.0,
    "warnings": [],
    "risky": [("Geen automatische incasso", 2.5, 1.4, 4.46)],
    "protective": [("Bewindvoering", 0.4, 0.2, 0.8)],
}


def test_years_and_tenants():
    assert arrears_text.years([2019, 2020, 2021, 2022]) == "2019 t/m 2022"
    assert arrears_text.years([2022]) == "2022"
    assert arrears_text.tenants(1) == "1 huurder" and arrears_text.tenants(3) == "3 huurders"


def test_reliability_follows_events_per_parameter():
    assert "genoeg om de samenhang" in arrears_text.reliability(FACTS)
    few = {**FACTS, "events_per_parameter": 4.2, "warnings": ["perfect separation"]}
    text = arrears_text.reliability(few)
    assert text.startswith("Dat is 4,2 gebeurtenissen per kenmerk. Dat is te weinig")
    assert "perfect separation" in text
    assert "te weinig" in arrears_text.reliability({**FACTS, "events_per_parameter": None})


def test_conclusion_follows_the_model():
    text = arrears_text.conclusion(FACTS, 0.25, 200, demo=False)
    assert "Van alle huurders kreeg 25,0% binnen 12 maanden" in text
    assert "- Geen automatische incasso: odds ratio 2,50 (95%-interval 1,40 – 4,46)." in text
    assert "Met een kleinere kans: bewindvoering (odds ratio 0,40)." in text
    assert "Spreek bij de start een automatische incasso af." in text
    assert "huurtoeslag vóór de start" not in text and "Demodata" not in text
    none = arrears_text.conclusion({**FACTS, "risky": [], "protective": []}, 0.1, 50, demo=True)
    assert none.startswith("> **Demodata.**")
    assert "Geen van de vooraf gekozen kenmerken" in none
    assert "automatische incasso af" not in none
