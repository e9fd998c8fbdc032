"""The `loket` command line: thin wrappers around the library.

Structural errors in an export (:class:`loketlib.errors.ExportError`) end the command with one
line on standard error and exit status 2, never a traceback.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

import click

from loketlib.errors import ExportError, InputError
from loketlib.intake.codes import ALL_REGIONS, REGIONS

REGION_CHOICE = click.Choice([*REGIONS, ALL_REGIONS], case_sensitive=False)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (ExportError, InputError) as error:
            click.echo(f"loket: {error}", err=True)
            ctx.exit(2)


def _peildatum(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%d-%m-%Y").date()
    except ValueError:
        raise InputError(f"peildatum {value!r}: use DD-MM-YYYY, e.g. 31-12-2022") from None


def period_of(year: int | None, period: str | None, peildatum: date | None):
    """The Period of ``--year Y`` or ``--period P`` (exactly one), checked with its peildatum."""
    from loketlib.figures.periods import parse_period

    if (year is None) == (period is None):
        raise InputError("give exactly one of --year and --period")
    p = parse_period(period if period is not None else year)
    p.peildatum(peildatum)
    return p


def period_options(f):
    f = click.option(
        "--period",
        help="Period: a year (2023), a quarter (2023-Q3) or a half year (2023-H1).",
    )(f)
    return click.option("--year", type=int, help="Report year (the same as --period YEAR).")(f)


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
@click.option("--final", is_flag=True, help="Refuse (exit 2) while the text has open placeholders.")
def report(
    data, region, year, period, peildatum, out, audience, threshold, force, quiet, final
) -> None:
    """Render the jaarverslag (and the arrears research) as HTML under OUT/<period>/<region>/.

    A quarter or half year (--period 2023-Q3) gets a short kwartaalrapportage in its own folder.
    """
    from loketlib.report.job import Job, ReportError
    from loketlib.report.newyear import open_placeholders
    from loketlib.report.plan import render
    from loketlib.report.suppress import check_threshold

    p = period_of(year, period, peildatum)
    if audience == "extern":
        try:
            check_threshold(threshold)
        except ValueError as error:
            click.echo(f"loket: {error}", err=True)
            sys.exit(2)
    regions = [*REGIONS, ALL_REGIONS] if region.lower() == "all" else [region.lower()]
    still_open = [open_placeholders(r, p.year) for r in regions] if p.is_year else []
    still_open = [(folder, n) for folder, n in still_open if n]
    if final and still_open:
        where = ", ".join(f"{folder} ({n})" for folder, n in still_open)
        raise InputError(f"--final: open placeholders remain in the text: {where}")
    day = peildatum.strftime("%d-%m-%Y") if peildatum else ""
    jobs = [Job(Path(data), r, p.year, day, audience, threshold, p.label) for r in regions]
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
    for folder, n in still_open:
        click.echo(
            f"Nog te schrijven: {n} open {'plek' if n == 1 else 'plekken'} in de tekst "
            f"({folder}); `loket report --final` weigert zolang die er zijn.",
            err=True,
        )


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
