"""A real render of the demo jaarverslag, intern and extern, shared by the output tests
(workbook, accessibility, print)."""

from __future__ import annotations

from pathlib import Path

import pytest

from loketlib.report.job import Job, file_names
from loketlib.report.plan import render

REGION = "westelijke-mijnstreek"
YEAR = 2022
QUARTER = "2022-Q3"


@pytest.fixture(scope="session")
def rendered(demo_xlsx, tmp_path_factory) -> dict[str, Path]:
    """``{"out": OUT, "intern": folder, "extern": folder, "kwartaal": folder}`` of one render
    of both audiences and of the intern quarter report ``QUARTER``."""
    out = tmp_path_factory.mktemp("rendered")
    jobs = [Job(demo_xlsx, REGION, YEAR, audience=a) for a in ("intern", "extern")]
    quarter = Job(demo_xlsx, REGION, YEAR, period=QUARTER)
    render([*jobs, quarter], out, progress=False)
    return {
        "out": out,
        **{job.audience: job.folder(out) for job in jobs},
        "kwartaal": quarter.folder(out),
    }


@pytest.fixture(scope="session")
def names() -> dict[str, str]:
    return file_names(Job(Path("x"), REGION, YEAR))
