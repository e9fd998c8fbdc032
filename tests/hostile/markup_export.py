"""A hostile copy of the demo export, rendered once intern and once extern (shared fixture).

Markup is put where export text reaches a report: column headers of optional sheets (listed as
unknown columns), the trajectory numbers of rows that are quarantined (listed in the intern
appendix), a free text (Reden afwijzing) and the export's folder name (shown as "bron").
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from loketlib.cli import main

REGION = "westelijke-mijnstreek"
YEAR = 2022
THRESHOLD = 5
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "[klik](javascript:alert(1))"
FOLDER = f"{IMG} export"
#: sheet -> hostile header added as an extra (unknown) column
HEADERS = {"klachten": IMG, "nametingen": SCRIPT, "huurachterstanden": LINK}
#: trajectory numbers of added rows that are quarantined (Regio left empty)
QUARANTINED = (
    "<script>alert('traject')</script>",
    "<img src=x onerror=alert('traject')>",
    "[traject](javascript:alert('traject'))",
)
ENCODING = "cp1252"
NEWLINE = "\r\n"


def _lines(path: Path) -> list[str]:
    return path.read_bytes().decode(ENCODING).split(NEWLINE)


def _write(path: Path, lines: list[str]) -> None:
    path.write_bytes(NEWLINE.join(lines).encode(ENCODING))


def build(demo_csv: Path, root: Path) -> Path:
    """A copy of the demo CSV export with markup in headers, values and its folder name."""
    data = root / FOLDER
    shutil.copytree(demo_csv, data)
    for sheet, header in HEADERS.items():
        lines = _lines(data / f"{sheet}.csv")
        lines = [lines[0] + ";" + header] + [line + ";" if line else line for line in lines[1:]]
        _write(data / f"{sheet}.csv", lines)
    path = data / "trajecten.csv"
    lines = _lines(path)
    headers = lines[0].split(";")
    column = {h: i for i, h in enumerate(headers)}
    rows = [line.split(";") for line in lines[1:] if line]
    template = next(r for r in rows if r[column["Regio"]] == "Westelijke Mijnstreek")
    for number in QUARANTINED:
        row = list(template)
        row[column["Trajectnummer"]], row[column["Regio"]] = number, ""
        rows.append(row)
    rejected = next(r for r in rows if r[column["Besluit intake"]].startswith("Afgewezen"))
    rejected[column["Reden afwijzing"]] = SCRIPT
    _write(path, [lines[0], *(";".join(r) for r in rows), ""])
    return data


def render(data: Path, out: Path, audience: str) -> None:
    args = ["report", "--data", str(data), "--region", REGION, "--year", str(YEAR)]
    args += ["--out", str(out), "--audience", audience, "--threshold", str(THRESHOLD), "--quiet"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def hostile_reports(demo_csv, tmp_path_factory) -> dict:
    """The hostile export rendered intern and extern into one output folder."""
    root = tmp_path_factory.mktemp("hostile-markup")
    data = build(demo_csv, root)
    out = root / "out"
    for audience in ("intern", "extern"):
        render(data, out, audience)
    return {
        "data": data,
        "out": out,
        "intern": out / str(YEAR) / REGION,
        "extern": out / str(YEAR) / REGION / "extern",
    }


class Elements(HTMLParser):
    """Every element and attribute of an HTML document, and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script"):
            self._skip += 1

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


def visible_text(html: str) -> str:
    return " ".join(" ".join(parse(html).text).split())
