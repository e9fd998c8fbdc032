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

from loketlib.codes import ALL_REGIONS, REGIONS
from loketlib.errors import ExportError

REGION_CHOICE = click.Choice([*REGIONS, ALL_REGIONS], case_sensitive=False)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ExportError as error:
            click.echo(f"loket: {error}", err=True)
            ctx.exit(2)


def _peildatum(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%d-%m-%Y").date()
    except ValueError:
        raise click.BadParameter("use DD-MM-YYYY, e.g. 31-12-2022") from None


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
        help="Reference date DD-MM-YYYY (default 31-12-YEAR): nothing later counts.",
    )(f)
    f = click.option("--year", required=True, type=int, help="Report year.")(f)
    f = click.option("--region", required=True, type=REGION_CHOICE, help="Region slug.")(f)
    return data_option(f)


@click.group(cls=_Group)
@click.version_option(package_name="loketlib")
def main() -> None:
    """Rebuild the Loket Housing jaarverslag from an export of the case system."""


@main.command()
@scope_options
def figures(data: Path, region: str, year: int, peildatum: date | None) -> None:
    """Print the figures JSON (data contract, section 3) on standard output."""
    from loketlib.figures import compute
    from loketlib.processed import load

    result = compute(load(data), region.lower(), year, peildatum)
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


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
