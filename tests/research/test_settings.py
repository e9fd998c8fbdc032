"""The research's parameters: defaults, checks, and `--onderzoek KEY=VALUE` parsing."""

from __future__ import annotations

import pytest

from loketlib.research import settings


def test_defaults():
    s = settings.settings(2022)
    assert s.cohorts == (2019, 2020, 2021, 2022)
    assert (s.horizon, s.horizons, s.followup, s.min_group) == (12, (6, 12, 24), 24, 10)
    assert s.outcome == "signaal" and s.interactions == ()
    assert s.values()["interactions"] == "geen"


def test_parse_cohorts():
    assert settings.parse_cohorts("", 2022) == [2019, 2020, 2021, 2022]
    assert settings.parse_cohorts("2019-2021", 2022) == [2019, 2020, 2021]
    assert settings.parse_cohorts("2022, 2020", 2022) == [2020, 2022]
    with pytest.raises(ValueError, match="cohorts"):
        settings.parse_cohorts("2023", 2022)


def test_overrides_are_typed_and_the_main_horizon_joins_the_overview():
    typed = settings.overrides(["horizon=6", "outcome=maanden", "outcome_months=1,5"], 2022)
    assert typed == {"horizon": 6, "outcome": "maanden", "outcome_months": 1.5}
    s = settings.settings(2022, **typed, horizons="18")
    assert s.horizons == (6, 18)


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("horizn=6", "unknown research parameter 'horizn'; use one of cohorts, horizon"),
        ("horizon", "use KEY=VALUE"),
        ("horizon=zes", "not a int"),
        ("horizon=36", "use 1 to followup"),
        ("outcome=schuld", "use one of signaal, maanden, problematisch"),
        ("predictors=age", "use one or more of no_rent_allowance"),
        ("interactions=single*single", "two different chosen predictors"),
        ("min_group=0", "at least 1"),
    ],
)
def test_overrides_reject_with_the_valid_values(pair, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        settings.overrides([pair], 2022)


def test_cli_research_option_exits_2_with_valid_keys(tmp_path):
    from click.testing import CliRunner

    from loketlib.cli import main

    args = ["report", "--data", str(tmp_path), "--region", "parkstad", "--year", "2022"]
    result = CliRunner().invoke(main, [*args, "--onderzoek", "termijn=6"])
    assert result.exit_code == 2
    assert "use one of cohorts, horizon, horizons, followup, outcome" in result.output
    result = CliRunner().invoke(main, [*args, "--onderzoek", "outcome=schuld"])
    assert result.exit_code == 2 and "signaal, maanden, problematisch" in result.output


def test_job_passes_research_parameters_to_the_research_notebook_only():
    from pathlib import Path

    from loketlib.report.job import Job
    from loketlib.report.plan import section_key
    from loketlib.report.sections import RESEARCH, SECTIONS

    plain = Job(Path("x.xlsx"), "parkstad", 2022)
    job = Job(Path("x.xlsx"), "parkstad", 2022, research=(("horizon", 6),))
    assert job.parameters(RESEARCH.slug)["horizon"] == 6
    assert "horizon" not in job.parameters(SECTIONS[0].slug)
    assert section_key(job, RESEARCH, "k") != section_key(plain, RESEARCH, "k")
    assert section_key(job, SECTIONS[0], "k") == section_key(plain, SECTIONS[0], "k")
