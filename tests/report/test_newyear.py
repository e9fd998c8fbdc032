"""`loket new-year`: one year's story becomes visible placeholders, figure-driven text carries
over, `loket report` counts what is open and `--final` refuses while anything is."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from loketlib import paths
from loketlib.cli import main
from loketlib.errors import RunError
from loketlib.report import narrative
from loketlib.report.newyear import count_open, new_year, open_placeholders

WM = "westelijke-mijnstreek"


@pytest.fixture
def texts(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "narrative"
    shutil.copytree(paths.narrative_dir(), root)
    monkeypatch.setenv("LOKET_NARRATIVE_DIR", str(root))
    return root


def _kinds(folder: Path) -> dict:
    out = {}
    for path in sorted(folder.glob("*.md")):
        _, parts = narrative.blocks(path.read_text("utf-8"))
        out[path.stem] = {name: (kind, body) for kind, name, body in parts}
    return out


def test_story_becomes_placeholders_and_figures_carry_over(texts):
    folder, n = new_year(WM, 2023)
    assert folder == texts / f"{WM}-2023"
    old, new = _kinds(texts / f"{WM}-2022"), _kinds(folder)
    assert old.keys() == new.keys()
    stories = 0
    for name, parts in old.items():
        for block, (kind, body) in parts.items():
            if kind == "blok":
                assert new[name][block] == (kind, body)
            else:
                stories += 1
                assert "open_tekst(" in new[name][block][1]
    assert n == stories == 9 == count_open(folder)
    assert open_placeholders(WM, 2023) == (folder, 9)


def test_new_year_renders_no_event_of_last_year(texts):
    new_year(WM, 2023)
    env = narrative.environment(WM, 2023)
    text = narrative.render(env, "02-stand-van-zaken", "terugblik", regio="Westelijke Mijnstreek")
    assert text == "> **✎ Nog te schrijven:** Schrijf hier de terugblik op 2023."
    first = narrative.render(env, "01-doelstelling", "doelstelling", regio="Westelijke Mijnstreek")
    assert "bestuurswissel" not in first and "Nog te schrijven" in first
    outlook = narrative.render(env, "05-vooruitblik", "vooruitblik", regio="Westelijke Mijnstreek")
    assert "Schrijf hier de vooruitblik op 2024" in outlook
    source = (texts / f"{WM}-2023" / "01-doelstelling.md").read_text("utf-8")
    hint = re.search(r"{# Tekst uit westelijke-mijnstreek-2022.*?#}", source, re.DOTALL).group(0)
    assert "bestuurswissel" in hint  # last year's text, as a hint that is not rendered


def test_new_year_from_the_default_and_never_over_an_existing_folder(texts):
    folder, n = new_year("parkstad", 2023)
    assert (folder / "05-vooruitblik.md").is_file() and n > 0
    with pytest.raises(RunError, match="bestaat al"):
        new_year(WM, 2022)


def test_cli_new_year_then_final_refuses(texts, tmp_path):
    result = CliRunner().invoke(main, ["new-year", "--region", WM, "--year", "2023"])
    assert result.exit_code == 0, result.output
    assert Path(result.stdout.strip()) == texts / f"{WM}-2023"
    args = ["report", "--data", str(tmp_path / "x.xlsx"), "--region", WM, "--year", "2023"]
    result = CliRunner().invoke(main, [*args, "--final", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "open plekken in de tekst" in lines[0] and "(9)" in lines[0]
    assert not (tmp_path / "out").exists()
    again = CliRunner().invoke(main, ["new-year", "--region", WM, "--year", "2023"])
    assert again.exit_code == 2 and "bestaat al" in again.stderr


@pytest.mark.slow
def test_report_of_the_new_year(texts, demo_xlsx, tmp_path):
    CliRunner().invoke(main, ["new-year", "--region", WM, "--year", "2023"])
    args = ["report", "--data", str(demo_xlsx), "--region", WM, "--year", "2023"]
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Nog te schrijven: 9 open plekken" in result.stderr
    html = Path(result.stdout.strip().splitlines()[-1]).read_text("utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert text.count("✎ Nog te schrijven:") == 9
    for claim in ("bestuurswissel", "symposium", "gestart met de pilot verkorte toeleiding"):
        assert claim not in text
    assert "geen doorlopende stijging of daling" in text  # 2022's cohort went down
    assert "steeds meer kandidaten duurzaam wonen" not in text
