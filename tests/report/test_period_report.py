"""Reports for a quarter or half year: their folder, their Dutch, and a real render of
`loket report --period 2023-Q3` on the demo export (the year's report stays untouched)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from loketlib.cli import main
from loketlib.figures import parse_period
from loketlib.report import sentences, wording
from loketlib.report.job import Job, file_names
from loketlib.report.page import notices
from loketlib.report.sections import PERIOD_SECTIONS, SECTIONS
from loketlib.report.suppress import MARKER

WM = "westelijke-mijnstreek"
OUT = Path("reports")


def test_folders_never_shared():
    assert Job(Path("x"), WM, 2022).folder(OUT) == OUT / "2022" / WM
    assert Job(Path("x"), WM, 2023, period="2023-Q3").folder(OUT) == OUT / "2023-Q3" / WM
    assert Job(Path("x"), WM, 2023, "30-09-2023", period="2023-Q3").folder(OUT) == (
        OUT / "2023-Q3" / WM
    )
    off = Job(Path("x"), WM, 2023, "15-08-2023", period="2023-Q3")
    assert off.folder(OUT) == OUT / "2023-Q3-peildatum-15-08-2023" / WM
    year_cut = Job(Path("x"), WM, 2023, "30-09-2023", audience="extern")
    assert year_cut.folder(OUT) == OUT / "2023-peildatum-30-09-2023" / WM / "extern"


def test_file_names_and_sections():
    quarter = Job(Path("x"), WM, 2023, period="2023-Q3")
    assert file_names(quarter)["report"] == f"kwartaalrapportage-{WM}-2023-Q3.html"
    assert file_names(Job(Path("x"), WM, 2022))["report"] == f"jaarverslag-{WM}-2022.html"
    assert quarter.sections == PERIOD_SECTIONS
    assert Job(Path("x"), WM, 2022).sections == SECTIONS


@pytest.mark.parametrize(
    ("label", "in_period", "up_to", "title"),
    [
        (
            "2023-Q3",
            "in het 3e kwartaal van 2023",
            "t/m het 3e kwartaal",
            "Kwartaalrapportage Loket Housing Westelijke Mijnstreek, 3e kwartaal 2023",
        ),
        (
            "2023-H1",
            "in het 1e halfjaar van 2023",
            "t/m het 1e halfjaar",
            "Halfjaarrapportage Loket Housing Westelijke Mijnstreek, 1e halfjaar 2023",
        ),
        ("2023", "in 2023", "in 2023", "Jaarverslag Loket Housing Westelijke Mijnstreek 2023"),
    ],
)
def test_wording(label, in_period, up_to, title):
    p = parse_period(label)
    assert (wording.in_period(p), wording.up_to(p), wording.title(p, WM)) == (
        in_period,
        up_to,
        title,
    )


def test_directions_follow_the_numbers():
    assert sentences.count_change(35, 30) == "een toename van 5"
    assert sentences.count_change(30, 35) == "een afname van 5"
    assert sentences.count_change(30, 30) == "evenveel"
    assert sentences.count_change(MARKER, 30) is None
    assert sentences.points_change(0.967, 0.913) == "een toename van 5,4 procentpunt"
    assert sentences.points_change(0.866, 0.967) == "een afname van 10,1 procentpunt"
    assert sentences.points_change(0.5, 0.5001) == "geen verandering"
    assert sentences.points_change(None, 0.5) is None


def test_fast_track_sentence():
    p = parse_period("2023-Q3")
    ft = {
        "window_start": "2023-07-01",
        "window_end": "2023-09-30",
        "registrations": 0,
        "placed_fast_track": 0,
        "placed_regular": 0,
        "mean_wait_months": None,
    }
    assert sentences.fast_track(ft, p) == (
        "Voor de verkorte toeleiding is van 01-07-2023 t/m 30-09-2023 niemand aangemeld."
    )
    ft.update(registrations=4, placed_fast_track=1, placed_regular=2, mean_wait_months=2.04)
    assert sentences.fast_track(ft, p) == (
        "In de verkorte toeleiding zijn van 01-07-2023 t/m 30-09-2023 4 kandidaten aangemeld; "
        "daarvan is er 1 via de verkorte toeleiding bemiddeld en 2 via een regulier traject "
        "(gemiddelde wachttijd 2,0 maanden)."
    )
    early = {**ft, "window_start": "2022-04-01", "window_end": "2022-03-31"}
    assert "liep in het 1e kwartaal van 2022 nog niet" in sentences.fast_track(
        early, parse_period("2022-Q1")
    )


def test_realised():
    assert sentences.realised(41, 83) == "41 van 83 (49,4%)"
    assert sentences.realised(MARKER, 83) == "x van 83"
    assert sentences.realised(41, None) == "41"


def _figures(label, peildatum):
    p = parse_period(label)
    return {
        "meta": {"period": p.as_dict(), "peildatum": peildatum, "source": "export.xlsx"},
    }


def test_notice_for_a_peildatum_before_the_end():
    [notice] = notices(_figures("2023-Q3", "2023-08-15"))
    assert notice.startswith("Peildatum 15-08-2023: dit is niet de laatste dag van de periode")
    assert "01-07-2023 t/m 30-09-2023" in notice
    assert notices(_figures("2023-Q3", "2023-09-30")) == []


def _text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.slow
def test_quarter_report_in_its_own_folder(demo_xlsx, tmp_path):
    year_report = tmp_path / "2023" / WM / f"jaarverslag-{WM}-2023.html"
    year_report.parent.mkdir(parents=True)
    year_report.write_text("the year's report", encoding="utf-8")
    args = ["report", "--data", str(demo_xlsx), "--region", WM, "--out", str(tmp_path)]
    result = CliRunner().invoke(main, [*args, "--period", "2023-Q3", "--quiet"])
    assert result.exit_code == 0, result.output
    html = Path(result.stdout.strip().splitlines()[-1])
    assert html == tmp_path / "2023-Q3" / WM / f"kwartaalrapportage-{WM}-2023-Q3.html"
    text = _text(html.read_text("utf-8"))
    assert "Kwartaalrapportage Loket Housing Westelijke Mijnstreek, 3e kwartaal 2023" in text
    assert "In het 3e kwartaal van 2023 zijn er 37 aanmeldingen geweest" in text
    assert "(3e kwartaal 2022: 42, een afname van 5)" in text
    assert "t/m het 3e kwartaal: 39 van 86 (45,3%)" in text
    assert "25 van 56 (44,6%)" in text
    assert "nee (voorlopig)" in text and "Duurzaam (brede definitie)" in text
    assert not re.search(r"\b[Ii]n 2023\b", text)
    assert year_report.read_text("utf-8") == "the year's report"
    # a peildatum before the quarter's end: its own folder, said on the first page
    result = CliRunner().invoke(
        main, [*args, "--period", "2023-Q3", "--peildatum", "15-08-2023", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    html = Path(result.stdout.strip().splitlines()[-1])
    assert html.parent == tmp_path / "2023-Q3-peildatum-15-08-2023" / WM
    assert "Peildatum 15-08-2023: dit is niet de laatste dag van de periode" in _text(
        html.read_text("utf-8")
    )


def test_file_names_follow_the_kind_of_period():
    names = {
        p: file_names(Job(Path("x"), WM, 2023, period=p))["report"]
        for p in ("", "2023-Q3", "2023-H1")
    }
    assert names == {
        "": f"jaarverslag-{WM}-2023.html",
        "2023-Q3": f"kwartaalrapportage-{WM}-2023-Q3.html",
        "2023-H1": f"halfjaarrapportage-{WM}-2023-H1.html",
    }
