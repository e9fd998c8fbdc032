"""The research's result-driven sentences: exact Dutch, both ways (one and many, present and
absent, enough and too few events), protected counts never read as one, labels escaped."""

from __future__ import annotations

from loketlib.research import arrears_sentences as z
from loketlib.research.arrears import PREDICTORS

X = "x"


def test_tenants_one_many_and_protected():
    assert z.tenants(1) == "1 huurder"
    assert z.tenants(1234) == "1.234 huurders"
    assert z.tenants(X) == "x huurders"
    assert z.moved_before_event(1) == "1 huurder verhuisde"
    assert z.moved_before_event(0) == "0 huurders verhuisden"
    assert z.moved_before_event(X) == "x huurders verhuisden"


def test_years_and_method_pointer():
    assert z.years([2022]) == "2022"
    assert z.years([2019, 2020, 2021, 2022]) == "2019 t/m 2022"
    assert z.method_pointer(True) == 'Hoe het onderzoek is gedaan, staat onder "Methode".'
    assert z.method_pointer(False) == ""


def _absent(reason, n=8, signal_rows=0, problematic=0):
    explanation = {"no_tenants": "geen", "no_sheet": "geen blad", "no_events": "geen uitkomst"}
    return {
        "reason": reason,
        "explanation": explanation[reason],
        "n": n,
        "signal_rows": signal_rows,
        "problematic": problematic,
    }


def test_absence_by_reason():
    assert z.absence_reason(_absent("no_events"), "een signaal") == (
        "geen uitkomst (uitkomst: een signaal)"
    )
    assert z.absence_reason(_absent("no_sheet"), "een signaal") == "geen blad"
    assert z.absence_details(_absent("no_tenants", n=0)) == ""
    assert z.absence_details(_absent("no_sheet", problematic=1)) == (
        "In de selectie zitten 8 huurders; het blad huurachterstanden bevat geen rijen.\n\n"
        "Let op: volgens de nametingen kreeg 1 huurder uit deze selectie wel een problematische "
        "huurschuld. De nametingen en de signalen van de corporaties spreken elkaar hier dus "
        "tegen; vraag de corporaties de signalen aan te leveren in het blad huurachterstanden."
    )
    assert z.absence_details(_absent("no_events", n=1, signal_rows=1)) == (
        "In de selectie zit 1 huurder; de export bevat 1 signaal van huurachterstand in totaal."
    )
    events = z.absence_details(_absent("no_events", signal_rows=X, problematic=X))
    assert events.startswith(
        "In de selectie zitten 8 huurders; de export bevat x signalen van huurachterstand"
    )
    assert "volgens de nametingen kregen x huurders uit deze selectie" in events
    assert events.endswith("vraag de corporaties de signalen aan te leveren.")


def test_outcome_parameters_name_the_months_only_for_that_outcome():
    assert z.outcome_parameters({"outcome": "signaal", "outcome_months": "2"}) == (
        "`outcome` = signaal"
    )
    assert z.outcome_parameters({"outcome": "maanden", "outcome_months": "2,5"}) == (
        "`outcome` = maanden, `outcome_months` = 2,5"
    )


def test_censoring_and_competing_lists():
    rows = [{"months": 12, "observed": 7, "censored": 1, "recent": 0, "moved": 1}]
    assert z.censoring(rows) == (
        "- binnen 12 maanden: 7 huurders tellen mee; 1 niet (0 omdat de huur te kort voor de "
        "peildatum startte, 1 omdat ze eerder verhuisden)."
    )
    assert z.competing([{"months": 12, "competing": 0.375, "censored": 0.4}]) == (
        "- binnen 12 maanden: 37,5%, tegen 40,0% met verhuizen als censurering (1 − Kaplan–Meier)."
    )


def test_group_changes_merged_dropped_both_and_none():
    groups = [
        {"factor": "Woningcorporatie", "merged": ["Woonpunt", "ZOwonen"], "dropped": []},
        {"factor": "Kale huur", "merged": ["< € 500"], "dropped": ["≥ € 650"]},
        {"factor": "Bewindvoering", "merged": [], "dropped": []},
        {"factor": "Huishouden", "merged": [], "dropped": ["Gezin"]},
    ]
    assert z.group_changes(groups) == (
        "- Woningcorporatie: samengevoegd: Woonpunt, ZOwonen.\n"
        "- Kale huur: samengevoegd: &lt; € 500; weggelaten: ≥ € 650.\n"
        "- Huishouden: weggelaten: Gezin."
    )
    assert z.group_changes(groups[2:3]) == (
        "- Bij geen enkele factor zijn groepen samengevoegd of weggelaten."
    )


def test_factor_intro_with_groups_one_group_and_none():
    assert z.factor_intro(["Ja", "Nee"], 40, 10, "een signaal", 12) == (
        "Aandeel huurders met een signaal binnen 12 maanden na de start van de huur."
    )
    assert z.factor_intro(["Zaamwonen"], 8, 4, "een signaal", 12) == (
        "Geen uitsplitsing: van de 8 huurders vormen bij deze factor niet ten minste twee "
        'groepen van 4 of meer huurders (alleen "Zaamwonen").'
    )
    assert z.factor_intro([], 1, 10, "een signaal", 12).endswith("10 of meer huurders.")


def _model(epp=12.4, dropped=0, warnings=(), risky=(), protective=()):
    return {
        "events_per_parameter": epp,
        "dropped_missing": dropped,
        "warnings": list(warnings),
        "risky": list(risky),
        "protective": list(protective),
    }


def test_model_size_and_reliability_both_ways():
    assert z.model_size(_model()) == ", dat is 12,4 gebeurtenissen per kenmerk"
    assert z.model_size(_model(None, 1)) == "; 1 huurder viel af door een ontbrekend kenmerk"
    assert z.model_size(_model(None, X)) == "; x huurders vielen af door een ontbrekend kenmerk"
    assert z.model_size(_model(None, 0)) == ""
    assert z.reliability(_model(), 5) == (
        "Dat is genoeg om de samenhang van deze 5 kenmerken te schatten, niet om veel meer "
        "kenmerken tegelijk mee te nemen."
    )
    for few in (9.9, None):
        assert z.reliability(_model(few), 5).startswith("Dat is te weinig voor stevige")


def test_fit_warnings_and_proportional_hazards():
    assert z.fit_warnings(_model()) == ""
    assert z.fit_warnings(_model(warnings=["perfecte scheiding", "niet geconvergeerd"])) == (
        "Let op: bij het schatten trad een probleem op (perfecte scheiding, niet geconvergeerd)."
    )
    assert z.proportional_hazards(["Bewindvoering bij start", "Alleenstaand"]) == (
        "De toets op proportionele hazards geeft een p-waarde onder 0,05 bij: bewindvoering bij "
        "start, alleenstaand. Daar verandert de verhouding over de tijd en is één hazard ratio "
        "een gemiddelde over de follow-up."
    )
    assert z.proportional_hazards([]).startswith(
        "De toets op proportionele hazards geeft bij geen kenmerk een p-waarde onder 0,05"
    )


def _summary(signals=8, tenants=1, resolved=5, open_=3, resolution=2.26, share=0.625):
    return {
        "signals": signals,
        "tenants_with_signal": tenants,
        "amount_mean": 512.5,
        "amount_median": 480.0,
        "months_median": 1.0,
        "resolved": resolved,
        "open": open_,
        "resolution_months_median": resolution,
        "reportable": 8,
        "reportable_reported": 5,
        "reportable_reported_share": share,
    }


def test_signals_present_one_and_absent():
    assert z.signals(_summary()) == (
        "De corporaties stuurden 8 signalen over 1 huurder van deze selectie. Een achterstand "
        "was gemiddeld € 512,50 (mediaan € 480,00) en de mediaan is 1,0 maand huur. 5 "
        "achterstanden zijn opgelost, in de helft van de gevallen binnen 2,3 maanden; 3 staan "
        "nog open."
    )
    one = z.signals(_summary(signals=1, resolved=X, open_=X, resolution=None))
    assert one.startswith("De corporaties stuurden 1 signaal over 1 huurder")
    assert one.endswith("x achterstanden zijn opgelost; x staan nog open.")
    assert z.signals(_summary(signals=0)) == (
        "De corporaties stuurden over deze selectie geen signalen van huurachterstand."
    )


def test_missing_signals_and_early_warning():
    assert z.missing_signals(0) == ""
    assert z.missing_signals(2).startswith(
        "De bronnen spreken elkaar tegen: bij 2 huurders met een problematische huurschuld"
    )
    assert z.early_warning(_summary(), 2.0) == (
        "Voor vroegsignalering (Wet gemeentelijke schuldhulpverlening) telt hier een signaal als "
        "meldbaar vanaf 2,0 maand achterstand. Van de 8 meldbare signalen zijn er 5 gemeld "
        "(62,5%).\n\nDe opgegeven oorzaken:"
    )
    assert "gemeld.\n\n" in z.early_warning(_summary(share=None), 2.0)
    assert z.early_warning(_summary(signals=0), 2.0) == ""


RISKY = [(PREDICTORS["no_rent_allowance"], 3.456, 1.8, 6.62)]
PROTECTIVE = [(PREDICTORS["single"], 0.5, 0.3, 0.9), (PREDICTORS["guardianship"], 0.61, 0.4, 0.95)]


def test_associations_risky_protective_and_none():
    assert z.associations(_model(risky=RISKY, protective=PROTECTIVE)) == (
        "In de regressie hangen deze kenmerken duidelijk samen met een grotere kans op de "
        "uitkomst (95%-interval geheel boven 1):\n\n"
        "- Huurtoeslag niet geregeld bij start: odds ratio 3,46 (95%-interval 1,80 – 6,62).\n\n"
        "Met een kleinere kans: alleenstaand (zonder kinderen) (odds ratio 0,50), bewindvoering "
        "bij start (odds ratio 0,61)."
    )
    assert z.associations(_model()) == (
        "Geen van de vooraf gekozen kenmerken hangt in de regressie duidelijk samen met de "
        "uitkomst."
    )


def test_cox_and_advice_follow_the_risky_predictors():
    none = _model()
    assert z.faster_in_cox(none) == ""
    debit = [(PREDICTORS["no_direct_debit"], 2.0, 1.2, 3.1)]
    assert z.faster_in_cox(_model(risky=debit)) == (
        "In het Cox-model, gecorrigeerd voor startjaar en corporatie, gaat de uitkomst duidelijk "
        "sneller bij: geen automatische incasso."
    )
    assert z.advice(none, none, 2.0) == ""
    assert z.advice(_model(risky=RISKY), _model(risky=debit), 2.04) == (
        "Wat de gegevens ondersteunen om achterstanden te voorkomen:\n\n"
        "- Regel de huurtoeslag vóór de start van de huur, of overbrug de eerste maanden tot de "
        "toeslag loopt; bij deze huurders kwam de uitkomst na een mediaan van 2,0 maanden.\n"
        "- Spreek bij de start een automatische incasso af."
    )
    assert z.advice(_model(risky=RISKY), none, None).endswith("tot de toeslag loopt.")
    guardianship = [(PREDICTORS["guardianship"], 2.0, 1.2, 3.1)]
    assert z.advice(_model(risky=guardianship), none, None) == (
        "Wat de gegevens ondersteunen om achterstanden te voorkomen:\n"
    )


def test_demo_note_only_on_demo_data():
    assert z.demo_note(True).startswith("> **Demodata.**")
    assert z.demo_note(False) == ""


def test_competing_shares_shown_or_hidden():
    rows = [
        {"months": 6, "competing": 0.125, "censored": 0.15},
        {"months": 12, "competing": None, "censored": None},  # extern: hidden with its count
    ]
    assert z.competing(rows) == (
        "- binnen 6 maanden: 12,5%, tegen 15,0% met verhuizen als censurering "
        "(1 − Kaplan–Meier).\n"
        "- binnen 12 maanden: niet getoond, omdat het tot kleine aantallen terug te rekenen is."
    )


def test_overall_share_shown_or_hidden():
    outcome = "een signaal van huurachterstand"
    assert z.overall(0.25, 120, 12, outcome) == (
        "Van alle huurders die 12 maanden gevolgd konden worden, kreeg 25,0% binnen 12 maanden "
        "na de start van de huur een signaal van huurachterstand (n = 120)."
    )
    assert z.overall(None, X, 12, outcome) == (
        "Hoeveel van alle huurders die 12 maanden gevolgd konden worden binnen 12 maanden na de "
        "start van de huur een signaal van huurachterstand kregen, staat niet in deze versie: "
        "het is tot kleine aantallen terug te rekenen (n = x)."
    )
