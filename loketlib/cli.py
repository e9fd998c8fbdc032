"""The `loket` command line: thin wrappers around the library.

Structural errors in an export (:class:`loketlib.errors.ExportError`), problems with the key,
the output folder or the disk (:class:`loketlib.errors.RunError`) and errors of the operating
system (disk full, permission denied, name too long) end the command with one line on standard
error and exit status 2, never a traceback.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path

import click

from loketlib.errors import ExportError, RunError
from loketlib.intake.codes import ALL_REGIONS, REGIONS

REGION_CHOICE = click.Choice([*REGIONS, ALL_REGIONS], case_sensitive=False)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (ExportError, RunError) as error:
            click.echo(f"loket: {error}", err=True)
            ctx.exit(2)
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # a reader that stopped early (| head): click ends quietly
            click.echo(f"loket: {os_problem(error)}", err=True)
            ctx.exit(2)


#: Operating-system errors people meet, in Dutch; others keep the system's own words.
OS_PROBLEMS = {
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfruimte (quota) is op",
    errno.EACCES: "geen toestemming",
    errno.EPERM: "geen toestemming",
    errno.EROFS: "alleen-lezen bestandssysteem",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EISDIR: "is een map",
}


def os_problem(error: OSError) -> str:
    """One line for an OSError: the file (when known) and the problem."""
    problem = OS_PROBLEMS.get(error.errno) or error.strerror or str(error)
    return f"{os.fsdecode(error.filename)}: {problem}" if error.filename else problem


#: The years a report can be about (data contract §3); others are a typing error.
YEARS = (2000, 2100)


def _peildatum(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%d-%m-%Y").date()
    except ValueError:
        example = "bijvoorbeeld 31-12-2022"
        raise RunError(f"--peildatum {value}: gebruik DD-MM-JJJJ, {example}") from None


def _year(_ctx, _param, value: int | None) -> int | None:
    """A year within the contract's range (one line, exit 2 otherwise)."""
    from loketlib.figures.periods import parse_period

    return None if value is None else parse_period(value).year


def period_of(year: int | None, period: str | None, peildatum: date | None):
    """The Period of ``--year Y`` or ``--period P`` (exactly one), checked with its peildatum."""
    from loketlib.figures.periods import parse_period

    if (year is None) == (period is None):
        raise RunError("geef precies een van --year en --period")
    p = parse_period(period if period is not None else year)
    p.peildatum(peildatum)
    return p


def period_options(f):
    f = click.option(
        "--period",
        help="Period: a year (2023), a quarter (2023-Q3) or a half year (2023-H1).",
    )(f)
    return click.option(
        "--year",
        type=int,
        callback=_year,
        help="Report year 2000-2100 (the same as --period YEAR).",
    )(f)


def data_option(f):
    return click.option(
        "--data",
        "data",
        required=True,
        type=click.Path(path_type=Path),
        help="The export: an .xlsx workbook or a folder of CSV files.",
    )(f)


def scope_options(f):
    f = click.option(
        "--peildatum",
        callback=_peildatum,
        help="Reference date DD-MM-YYYY (default: the period's last day): nothing later counts.",
    )(f)
    f = period_options(f)
    f = click.option("--region", required=True, type=REGION_CHOICE, help="Region slug.")(f)
    return data_option(f)


@click.group(cls=_Group)
@click.version_option(package_name="loketlib")
def main() -> None:
    """Rebuild the Loket Housing jaarverslag from an export of the case system."""


@main.command()
@scope_options
def figures(data: Path, region: str, year, period, peildatum: date | None) -> None:
    """Print the figures JSON (data contract, section 3) on standard output."""
    from loketlib.figures import compute
    from loketlib.intake.processed import load

    p = period_of(year, period, peildatum)
    result = compute(load(data), region.lower(), p, peildatum)
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, allow_nan=False) + "\n")


@main.command("demo-data")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Where to write: a .xlsx file, or a folder for Dutch CSV files.",
)
@click.option("--seed", default=2022, show_default=True, help="Seed of the demo model.")
def demo_data(out: Path, seed: int) -> None:
    """Write the demo export (a model of trajectories that reproduces the jaarverslag 2022)."""
    from loketlib.demo import write_export

    click.echo(str(write_export(out, seed=seed)))


AUDIENCE = click.Choice(["intern", "extern"])


@main.command()
@data_option
@click.option(
    "--region",
    required=True,
    type=click.Choice([*REGIONS, ALL_REGIONS, "all"], case_sensitive=False),
    help="Region slug, zuid-limburg, or all (every region and zuid-limburg in one call).",
)
@period_options
@click.option("--peildatum", callback=_peildatum, help="Reference date DD-MM-YYYY.")
@click.option("--out", default=Path("reports"), type=click.Path(path_type=Path), show_default=True)
@click.option(
    "--audience",
    type=AUDIENCE,
    default="intern",
    show_default=True,
    help="extern: protected for sharing outside the desk.",
)
@click.option(
    "--threshold",
    type=int,
    default=5,
    show_default=True,
    help="extern: counts below this are suppressed (3 or more).",
)
@click.option("--force", is_flag=True, help="Render every section, even when nothing changed.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--onderzoek",
    "research",
    multiple=True,
    metavar="KEY=VALUE",
    help="A choice of the arrears research (repeatable), e.g. horizon=6 or outcome=maanden; "
    "keys: cohorts, horizon, horizons, followup, outcome, outcome_months, min_group, "
    "predictors, interactions, reportable_months, reportable_amount.",
)
@click.option("--pdf", is_flag=True, help="Also write A4 PDFs (needs headless Chromium).")
@click.option("--final", is_flag=True, help="Refuse (exit 2) while the text has open placeholders.")
def report(
    data,
    region,
    year,
    period,
    peildatum,
    out,
    audience,
    threshold,
    force,
    quiet,
    research,
    pdf,
    final,
) -> None:
    """Render the jaarverslag (and the arrears research) as HTML under OUT/<period>/<region>/.

    A quarter or half year (--period 2023-Q3) gets a short kwartaalrapportage in its own folder.
    """
    from loketlib.report import browser
    from loketlib.report.job import Job, ReportError
    from loketlib.report.newyear import open_placeholders
    from loketlib.report.plan import render
    from loketlib.report.suppress import check_threshold
    from loketlib.research.settings import overrides

    p = period_of(year, period, peildatum)
    if audience == "extern":
        try:
            check_threshold(threshold)
        except ValueError as error:
            click.echo(f"loket: {error}", err=True)
            sys.exit(2)
    try:
        chosen = tuple(sorted(overrides(research, p.year).items()))
    except ValueError as error:
        click.echo(f"loket: --onderzoek: {error}", err=True)
        sys.exit(2)
    if pdf and browser.find() is None:
        click.echo(f"loket: --pdf: {browser.INSTALL}", err=True)
        sys.exit(2)

    regions = [*REGIONS, ALL_REGIONS] if region.lower() == "all" else [region.lower()]
    still_open = [open_placeholders(r, p.year) for r in regions] if p.is_year else []
    still_open = [(folder, n) for folder, n in still_open if n]
    if final and still_open:
        where = ", ".join(f"{folder} ({n})" for folder, n in still_open)
        raise RunError(f"--final: er staan nog open plekken in de tekst: {where}")
    day = peildatum.strftime("%d-%m-%Y") if peildatum else ""
    jobs = [Job(Path(data), r, p.year, day, audience, threshold, chosen, p.label) for r in regions]
    try:
        outcomes = render(jobs, out, progress=not quiet, force=force)
    except ReportError as error:
        click.echo(f"loket: {error}", err=True)
        sys.exit(1)
    for outcome in outcomes:
        r = outcome.reconciliation
        if r.get("total"):
            click.echo(
                f"Aansluiting: {r['matches']} van {r['total']} gepubliceerde cijfers komen "
                f"overeen, {r['differences']} verschillen (zie Bijlage B).",
                err=True,
            )
        if not outcome.rendered:
            click.echo("Niets veranderd sinds de vorige keer: niets opnieuw gemaakt.", err=True)
        click.echo(str(outcome.html))
        if pdf:
            _write_pdfs(outcome)
    for folder, n in still_open:
        click.echo(
            f"Nog te schrijven: {n} open {'plek' if n == 1 else 'plekken'} in de tekst "
            f"({folder}); `loket report --final` weigert zolang die er zijn.",
            err=True,
        )


def _write_pdfs(outcome) -> None:
    """The PDFs of a rendered jaarverslag and research, named on standard error."""
    from loketlib.report import pdf
    from loketlib.report.browser import BrowserError

    for page in (outcome.html, outcome.research):
        try:
            click.echo(f"PDF: {pdf.write(page)}", err=True)
        except BrowserError as error:
            click.echo(f"loket: PDF of {page.name}: {error}", err=True)
            sys.exit(2)


@main.command("new-year")
@click.option("--region", required=True, type=REGION_CHOICE, help="Region slug.")
@click.option("--year", required=True, type=int, help="The new report year.")
def new_year(region: str, year: int) -> None:
    """Start data/narrative/<region>-<year>/ from the region's latest earlier year.

    Figure-driven text carries over; each block of one year's story becomes a visible
    placeholder with last year's text beside it as a hint.
    """
    from loketlib.figures.periods import parse_period
    from loketlib.report.newyear import new_year as make

    parse_period(year)
    folder, n = make(region.lower(), year)
    click.echo(str(folder))
    click.echo(f"Nog te schrijven: {n} open plekken in de tekst (zoek op open_tekst).", err=True)


@main.command()
@scope_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def reconcile(data: Path, region: str, year, period, peildatum: date | None, as_json: bool) -> None:
    """Compare the computed figures with the published jaarverslag (data/published/).

    Published figures are yearly: a quarter or half year has nothing to compare with.
    """
    from loketlib.figures import compute
    from loketlib.intake.processed import load
    from loketlib.report import reconcile as rec

    p = period_of(year, period, peildatum)
    figures = compute(load(data), region.lower(), p, peildatum)
    results = rec.compare(figures, rec.published(region.lower(), p.label))
    if as_json:
        rows = [{k: v for k, v in r.items() if k != "computed_exact"} for r in results]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    s = rec.summary(results)
    if not s["total"]:
        click.echo(f"Geen gepubliceerde cijfers voor {region} {p.label} (data/published/).")
        return
    click.echo(
        f"{s['matches']} van {s['total']} gepubliceerde cijfers komen overeen, "
        f"{s['differences']} verschillen."
    )
    for r in results:
        if not r["match"]:
            click.echo(
                f"- {r['key']} [{r['section']}]: gepubliceerd {r['published']}, "
                f"berekend {r['computed']}. {r['explanation'] or ''}".rstrip()
            )


@main.command("research-data")
@data_option
@click.option("--region", required=True, type=REGION_CHOICE, help="Region slug, or zuid-limburg.")
@click.option("--years", required=True, help="Lease-start years, e.g. 2019-2022 or 2021,2022.")
@click.option(
    "--peildatum",
    callback=_peildatum,
    help="Reference date DD-MM-YYYY (default 31-12 of the last year).",
)
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Folder to write.")
@click.option(
    "--k",
    default=5,
    show_default=True,
    type=click.IntRange(min=2),
    help="Every combination of quasi-identifiers holds at least k tenants.",
)
def research_data(data: Path, region: str, years: str, peildatum, out: Path, k: int) -> None:
    """Write a de-identified tenant-level dataset of the arrears research (CSV, Parquet, SPSS,
    Data Package, LEESMIJ.md) for researchers' own tools."""
    from loketlib.intake.codes import REGION_LABELS
    from loketlib.intake.processed import load
    from loketlib.research import arrears, dataset
    from loketlib.research.settings import parse_cohorts

    try:
        cohorts = parse_cohorts(years, date.today().year)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--years") from None
    peil = peildatum or date(cohorts[-1], 12, 31)
    tables = load(data).tables
    tenants = arrears.tenants(
        tables["trajecten"],
        tables["zorgaanbieders"],
        tables["huurachterstanden"],
        tables["nametingen"],
        region.lower(),
        cohorts,
        peil,
    )
    release = dataset.build(tenants, k)
    meta = {
        "source": Path(data).name,
        "region_label": REGION_LABELS[region.lower()],
        "years": f"{cohorts[0]}-{cohorts[-1]}" if len(cohorts) > 1 else str(cohorts[0]),
        "peildatum": peil.strftime("%d-%m-%Y"),
        "created": datetime.now().isoformat(timespec="seconds"),
    }
    for path in dataset.write(release, out, cohorts, meta):
        click.echo(str(path))


@main.command()
@data_option
@click.option("--region", required=True, type=REGION_CHOICE, help="Region slug.")
@click.option("--year", required=True, type=int, callback=_year, help="Report year (2000-2100).")
@click.option("--peildatum", callback=_peildatum, help="Reference date DD-MM-YYYY.")
@click.option("--audience", type=AUDIENCE, default="intern", show_default=True)
@click.option("--threshold", type=int, default=5, show_default=True)
@click.option(
    "--port", type=int, default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free)."
)
def preview(data, region, year, peildatum, audience, threshold, port) -> None:
    """Serve the report on http://127.0.0.1:PORT/ and make it again on every saved change."""
    from loketlib.report.job import Job
    from loketlib.report.preview import serve

    period_of(year, None, peildatum)
    if not data.exists():
        raise ExportError(str(data), "file or folder not found")
    day = peildatum.strftime("%d-%m-%Y") if peildatum else ""
    job = Job(Path(data), region.lower(), year, day, audience, threshold)
    try:
        serve(job, port, log=lambda line: click.echo(line, err=True))
    except OSError as error:
        if error.errno not in (errno.EADDRINUSE, errno.EACCES):
            raise
        click.echo(f"loket: cannot serve on 127.0.0.1:{port}: {error.strerror}", err=True)
        sys.exit(1)
