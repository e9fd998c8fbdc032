"""A real render of the demo jaarverslag, intern and extern, shared by the output tests
(workbook, accessibility, print)."""

from __future__ import annotations

from pathlib import Path

import pytest

from loketlib.report.job import Job, file_names
from loketlib.report.plan import render

REGION = "westelijke-mijnstreek"
YEAR = 2022


@pytest.fixture(scope="session")
def rendered(demo_xlsx, tmp_path_factory) -> dict[str, Path]:
    """``{"out": OUT, "intern": folder, "extern": folder}`` of one render of both audiences."""
    out = tmp_path_factory.mktemp("rendered")
    jobs = [Job(demo_xlsx, REGION, YEAR, audience=a) for a in ("intern", "extern")]
    render(jobs, out, progress=False)
    return {"out": out, **{job.audience: job.folder(out) for job in jobs}}


@pytest.fixture(scope="session")
def names() -> dict[str, str]:
    return file_names(Job(Path("x"), REGION, YEAR))
