"""Reconciliation of computed figures with the published jaarverslag Westelijke Mijnstreek 2022."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sample_figures import demo_figures

from loketlib.report import reconcile

EXPECTED_DIFFERENCES = sorted(
    [
        ("housing.closed_negative", 4),
        ("corporations.quota_total", 84),
        ("fast_track.registrations", 7),
        ("sustainability.2020.nuisance.structural", 1.5),
        ("sustainability.2021.nuisance.none", 96.8),
        ("sustainability.2021.sustainable_share", 96.8),  # section 6, 2021
        ("sustainability.2021.sustainable_share", 96.8),  # section 6, conclusion
        ("sustainability.2021.arrears.none", 78.1),
        ("sustainability.2021.arrears.resolved", 21.9),
    ]
)


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return reconcile.published("westelijke-mijnstreek", 2022)


@pytest.fixture(scope="module")
def results(entries) -> list[dict]:
    return reconcile.compare(demo_figures(), entries)


def _difference(results, key, published) -> dict:
    [found] = [r for r in results if r["key"] == key and r["published"] == published]
    assert not found["match"]
    return found


def test_published_file_lists_every_printed_figure(entries):
    assert len(entries) >= 60
    for entry in entries:
        assert entry["unit"] in reconcile.UNITS
        assert entry["section"] and entry["text"]
        assert reconcile.lookup(demo_figures(), entry["key"]) is not None, entry["key"]
    keys = {e["key"] for e in entries}
    assert "housing.invoiced_amount_eur" not in keys  # not printed in the jaarverslag
    twice = [e["published"] for e in entries if e["key"] == "corporations.quota_total"]
    assert sorted(twice) == [83, 84]


def test_published_without_a_file_is_empty(tmp_path):
    assert reconcile.published("parkstad", 2022, root=tmp_path) == []


def test_exactly_the_known_differences_remain(results):
    differences = sorted((r["key"], r["published"]) for r in results if not r["match"])
    assert differences == EXPECTED_DIFFERENCES
    assert all(r["explanation"] is None for r in results if r["match"])
    assert all(r["explanation"] for r in results if not r["match"])


def test_matches_that_must_stay_matches(results):
    def match(key, published):
        return [r["match"] for r in results if r["key"] == key and r["published"] == published]

    assert match("housing.closed_negative", 14) == [True]
    assert match("corporations.quota_total", 83) == [True]
    assert match("fast_track.rejected", 5) == [True]
    assert match("sustainability.2020.nuisance.none", 89.1) == [True]  # 89.0625 half up
    assert match("sustainability.2020.sustainable_share", 89.1) == [True, True]
    assert match("sustainability.2019.sustainable_share", 79.4) == [True]
    assert match("sustainability.2018.sustainable_share", 74) == [True]
    assert match("housing.trajectory_price_eur", 675.0) == [True]
    assert match("housing.mean_wait_months", 5) == [True]


def test_explanations(results):
    resolved = _difference(results, "sustainability.2021.arrears.resolved", 21.9)
    assert "14 van 64" in resolved["explanation"]
    assert "cohort 2020" in resolved["explanation"]
    assert "14 van 61" in resolved["explanation"]
    assert "21,9%" in resolved["explanation"]
    assert resolved["computed"] == 23.0

    none = _difference(results, "sustainability.2021.arrears.none", 78.1)
    assert "50 van 64" in none["explanation"]

    structural = _difference(results, "sustainability.2020.nuisance.structural", 1.5)
    assert "afgekapt" in structural["explanation"].lower()
    assert "68" not in structural["explanation"]  # 1/68 fits 1,5% but not 89,1% or 9,4%
    assert structural["computed"] == 1.6
    assert structural["computed_exact"] == 1.5625

    nuisance = _difference(results, "sustainability.2021.nuisance.none", 96.8)
    assert "naar boven afgerond" in nuisance["explanation"].lower()
    assert nuisance["computed"] == 96.7
    for share in (r for r in results if r["key"] == "sustainability.2021.sustainable_share"):
        assert "naar boven afgerond" in share["explanation"].lower()

    negative = _difference(results, "housing.closed_negative", 4)
    assert "housing.negative_closure_reasons.nuisance (4)" in negative["explanation"]
    assert "elders 14" in negative["explanation"]

    quota = _difference(results, "corporations.quota_total", 84)
    assert "elders 83" in quota["explanation"]

    fast = _difference(results, "fast_track.registrations", 7)
    assert "tellen op tot 9" in fast["explanation"]


def test_at_most_two_explanations(results):
    # 4 negative closures: equal to the nuisance count, 14 elsewhere, and the reasons add up
    # to 14; only the first two are given.
    negative = _difference(results, "housing.closed_negative", 4)
    assert "tellen op" not in negative["explanation"]
    quota = _difference(results, "corporations.quota_total", 84)
    assert "tellen op tot 83" in quota["explanation"]
    assert "Verschil van 1" not in quota["explanation"]


def test_summary_and_frame(results):
    assert reconcile.summary(results) == {
        "total": len(results),
        "matches": len(results) - len(EXPECTED_DIFFERENCES),
        "differences": len(EXPECTED_DIFFERENCES),
    }
    frame = reconcile.to_frame(results)
    assert list(frame.columns) == ["Sleutel", "Sectie", "Gepubliceerd", "Berekend", "Verklaring"]
    assert len(frame) == len(results)
    row = frame[frame["Sleutel"].eq("sustainability.2021.arrears.resolved")].iloc[0]
    assert (row["Gepubliceerd"], row["Berekend"]) == ("21,9%", "23,0%")


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (89.0625, 1, "89.1"),
        (1.5625, 1, "1.6"),
        (0.145, 2, "0.15"),  # the decimal value as written, not the binary 0.14499...
        (2.5, 0, "3"),
        (5.41, 0, "5"),
        (8.998, 0, "9"),
        (675.0, 2, "675.00"),
    ],
)
def test_round_at_is_half_up_at_the_printed_decimals(value, decimals, expected):
    assert reconcile.round_at(value, decimals) == Decimal(expected)


def _entry(key, published, unit="percent", decimals=1):
    return {"key": key, "published": published, "unit": unit, "decimals": decimals}


def test_a_difference_at_the_printed_precision_is_never_hidden():
    figures = {"sustainability": {"2020": {"cohort_size": 100, "sustainable_share": 0.8899}}}
    [result] = reconcile.compare(figures, [_entry("sustainability.2020.sustainable_share", 89.1)])
    assert result["computed"] == 89.0
    assert not result["match"]
    [coarse] = reconcile.compare(
        figures, [_entry("sustainability.2020.sustainable_share", 89, decimals=0)]
    )
    assert coarse["match"]  # printed without decimals: 88,99 is 89


def test_percent_of_a_count_uses_the_cohort_size():
    figures = {"sustainability": {"2020": {"cohort_size": 64, "nuisance": {"none": 57}}}}
    [result] = reconcile.compare(figures, [_entry("sustainability.2020.nuisance.none", 89.1)])
    assert result["match"]
    assert result["computed_exact"] == 89.0625


def test_counts_compare_exactly_and_missing_figures_differ():
    figures = {"housing": {"registrations": 141}}
    [same, missing] = reconcile.compare(
        figures,
        [
            _entry("housing.registrations", 141, "count", 0),
            _entry("housing.intakes", 109, "count", 0),
        ],
    )
    assert same["match"] and same["computed"] == 141
    assert not missing["match"] and missing["computed"] is None
    assert "ontbreekt" in missing["explanation"]


def test_off_by_one():
    figures = {"complaints": {"received": 3, "committee_decisions": 0}}
    [result] = reconcile.compare(figures, [_entry("complaints.received", 4, "count", 0)])
    assert result["explanation"].startswith("Verschil van 1")


def test_reconcile_command_lists_the_contradictions(demo_xlsx):
    """`loket reconcile` on the demo export: the jaarverslag's own contradictions, nothing else."""
    import json

    from click.testing import CliRunner

    from loketlib.cli import main

    args = ["reconcile", "--data", str(demo_xlsx), "--region", "westelijke-mijnstreek"]
    result = CliRunner().invoke(main, [*args, "--year", "2022", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {"key", "published", "computed"} <= set(rows[0])
    differences = sorted((r["key"], r["published"]) for r in rows if not r["match"])
    assert differences == EXPECTED_DIFFERENCES
    text = CliRunner().invoke(main, [*args, "--year", "2022"])
    assert text.exit_code == 0
    assert text.stdout.splitlines()[0].startswith("56 van 65 gepubliceerde cijfers komen overeen")
    none = CliRunner().invoke(main, [*args[:-1], "parkstad", "--year", "2022"])
    assert "Geen gepubliceerde cijfers" in none.stdout
