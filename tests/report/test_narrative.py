"""The report's prose templates (data/narrative): every block renders with live figures.

Renders each section for Westelijke Mijnstreek 2022 (its own folder) and for a region and
year without a folder (the default texts), with the example figures, a protected (extern)
variant with "x" counts and hidden shares, an empty year, and years where every trend goes
up and where it goes down (the words of direction must follow).
"""

from __future__ import annotations

import copy
import re

import pytest
from sample_figures import cohort, demo_figures

from loketlib.figures import parse_period
from loketlib.paths import narrative_dir
from loketlib.report import narrative
from loketlib.report.narrative import environment, render
from loketlib.report.story import Sentences, Story
from loketlib.report.suppress import protect_figures

BLOCKS = {
    "01-doelstelling": ["doelstelling"],
    "02-stand-van-zaken": [
        "intro",
        "terugblik-vorig-jaar",
        "terugblik",
        "verkorte-toeleiding",
        "pilots",
        "klachten",
        "resultaten",
        "resultaten-slot",
    ],
    "03-kamers-met-kansen": ["intro"],
    "04-jaarcijfers-woningcorporaties": ["intro", "wachttijd"],
    "05-vooruitblik": ["vooruitblik"],
    "06-duurzaamheid": ["intro", "conclusie", "aanbeveling"],
    "06-duurzaamheid-cohort": ["cohort"],
    "07-datakwaliteit": ["intro"],
    "08-aansluiting": ["intro"],
}
FOLDERS = ["westelijke-mijnstreek-2022", "default"]
WM = ("westelijke-mijnstreek", 2022)
DEFAULT = ("parkstad", 2023)


def figures() -> dict:
    f = demo_figures()
    f["sustainability"].update(
        {
            "2018": cohort(50, (40, 9, 1, 0), (37, 10, 3, 0), (35, 14, 1, 0), 0.72),
            "2019": cohort(63, (50, 12, 1, 0), (50, 11, 2, 0), (45, 17, 1, 0), 0.78),
            "2020": cohort(64, (48, 15, 1, 0), (57, 6, 1, 0), (47, 17, 0, 0), 0.87),
            "2021": cohort(61, (54, 7, 0, 0), (59, 1, 1, 0), (48, 13, 0, 0), 0.95),
            "2022": cohort(67, (60, 2, 0, 5), (60, 2, 0, 5), (55, 7, 0, 5), 0.88, False),
        }
    )
    f["meta"] = {
        "region": "westelijke-mijnstreek",
        "year": 2022,
        "peildatum": "2022-12-31",
        "source": "export.xlsx",
        "sheets": {
            "trajecten": {"read": 1250, "clean": 1231, "quarantined": 17, "duplicates_removed": 2},
        },
        "quarantine": {"missing_key": 3, "conflicting_duplicate": 0, "dates_out_of_order": 14},
        "warnings": {"bsn_fails_11_proof": 2, "unknown_column": 0},
    }
    return f


def _hide(node, keep=("cohort_size", "quota", "quota_total", "invoiced_trajectories")):
    """Every small count becomes "x" and every share or mean None (harsher than extern)."""
    for key, value in node.items():
        if isinstance(value, dict):
            _hide(value, keep)
        elif isinstance(value, bool) or key in keep:
            continue
        elif isinstance(value, int) and 0 < value < 10:
            node[key] = "x"
        elif isinstance(value, float) and (key.endswith("_share") or key.startswith("mean_")):
            node[key] = None


def hidden() -> dict:
    f = figures()
    for section in (
        "housing",
        "fast_track",
        "rooms_with_chances",
        "corporations",
        "sustainability",
        "complaints",
    ):
        _hide(f[section])
    return f


def empty() -> dict:
    """A year with nothing: zeros, no quota, no waits, one unfinished cohort."""
    f = copy.deepcopy(figures())
    h = f["housing"]
    h["closed_negative"] = 0
    h["negative_closure_reasons"] = dict.fromkeys(h["negative_closure_reasons"], 0)
    h["mean_wait_months"] = None
    h["trajectory_price_eur"] = None
    f["fast_track"].update(
        registrations=0, placed_fast_track=0, placed_regular=0, rejected=0, mean_wait_months=None
    )
    f["rooms_with_chances"] = {"registrations": 0, "placements": 0}
    for code in ("ZW", "WL", "WP", "ZO"):
        f["corporations"][code] = {"quota": None, "placements": 0, "mean_wait_months": None}
    f["corporations"]["quota_total"] = None
    f["sustainability"] = {"2022": f["sustainability"]["2022"]}
    f["complaints"] = {"received": 0, "committee_decisions": 0}
    f["meta"]["quarantine"] = dict.fromkeys(f["meta"]["quarantine"], 0)
    f["meta"]["warnings"] = dict.fromkeys(f["meta"]["warnings"], 0)
    return f


VARIANTS = {
    "voorbeeld": figures,
    "extern": lambda: protect_figures(figures()),
    "afgeschermd": hidden,
    "leeg": empty,
}


def render_all(region: str, year: int, f: dict, aansluiting: dict | None = None) -> dict:
    env = environment(region, year)
    common = {
        "f": f,
        "zinnen": Sentences(Story(f, parse_period(2022), "Westelijke Mijnstreek")),
        "regio": "Westelijke Mijnstreek",
        "jaar": 2022,
        "vorig_jaar": 2021,
        "volgend_jaar": 2023,
        "peildatum": "31-12-2022",
        "extern": False,
    }
    cohorten = sorted(f["sustainability"])
    extra = {
        "06-duurzaamheid": {"cohorten": cohorten},
        "08-aansluiting": {
            "aansluiting": aansluiting or {"total": 40, "matches": 36, "differences": 4}
        },
    }
    out = {}
    for name in BLOCKS:
        if name == "06-duurzaamheid-cohort":
            for cohort in cohorten:
                c = f["sustainability"][cohort]
                out[f"{name}/{cohort}"] = render(env, name, **common, cohort=cohort, c=c)
        else:
            out[name] = render(env, name, **common, **extra.get(name, {}))
    return out


def test_every_file_exists_in_both_folders():
    for folder in FOLDERS:
        for name in BLOCKS:
            assert (narrative_dir() / folder / f"{name}.md").is_file(), f"{folder}/{name}.md"


@pytest.mark.parametrize("where", [WM, DEFAULT], ids=["wm-2022", "default"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_block_renders(where, variant):
    rendered = render_all(*where, VARIANTS[variant]())
    for key, blocks in rendered.items():
        name = key.split("/")[0]
        for block in BLOCKS[name]:
            assert block in blocks, f"{key}: block {block!r} missing"
        assert set(blocks) == {"", *BLOCKS[name]}, key
        assert blocks[""] == "", f"{key}: text before the first block"
        for block, text in blocks.items():
            assert not re.search(r"\S  +\S", text), f"{key}/{block}: double space"
            for bad in ("None", "{{", "{%", "}}", "\n\n\n"):
                assert bad not in text, f"{key}/{block}: {bad!r} in {text!r}"
            assert not re.search(r"\bnan\b", text, re.IGNORECASE), f"{key}/{block}: nan"


def _text(rendered: dict) -> str:
    return "\n".join(t for blocks in rendered.values() for t in blocks.values())


@pytest.mark.parametrize("where", [WM, DEFAULT], ids=["wm-2022", "default"])
def test_key_numbers_in_dutch_format(where):
    rendered = render_all(*where, figures())
    text = _text(rendered)
    for expected in (
        "141 aanmeldingen",
        "109 intakes",
        "61",
        "€ 43.200,00",
        "€ 675,00",
        "89,1%",
        "5 maanden",
        "14 trajecten",
        "83 woningen",
        "73,5%",
        "Wonen Limburg (9 maanden)",
        "01-04-2022",
        "31-12-2022",
        "2 maanden",
    ):
        assert expected in text, expected
    results = rendered["02-stand-van-zaken"]["resultaten"]
    assert "overlast (4 trajecten)" in results
    assert "zelfstandig" in results and "(3 trajecten)" in results
    assert "drie klachten" not in text and "3 klachten ontvangen" in text
    cohort = rendered["06-duurzaamheid-cohort/2020"]["cohort"]
    assert cohort.startswith("### Duurzaamheid in 2020")
    assert "9,4%" in cohort and "73,4%" in cohort and "26,6%" in cohort
    assert "voorlopig" in rendered["06-duurzaamheid-cohort/2022"]["cohort"]
    assert "geen meting" in rendered["06-duurzaamheid-cohort/2022"]["cohort"]


def test_wm_text_follows_the_figures():
    rendered = render_all(*WM, figures())
    results = rendered["02-stand-van-zaken"]["resultaten"]
    assert "**14 trajecten** negatief" in results
    assert "84 woningen" not in _text(rendered)
    assert rendered["02-stand-van-zaken"]["terugblik-vorig-jaar"].startswith(
        "### 2.1 Terugblik 2021"
    )
    assert rendered["02-stand-van-zaken"]["terugblik"].startswith("### 2.2 Terugblik 2022")
    assert rendered["02-stand-van-zaken"]["klachten"].startswith("### 2.3 Klachten")
    assert (
        "geen klachten waarover de klachtencommissie" in rendered["02-stand-van-zaken"]["klachten"]
    )
    conclusion = rendered["06-duurzaamheid"]["conclusie"]
    assert "74,0%" in conclusion and "79,4%" in conclusion and "96,7%" in conclusion
    assert "5,4 procentpunt" in conclusion and "17,4 procentpunt" in conclusion
    assert "Onderzoek huurachterstand" in rendered["06-duurzaamheid"]["aanbeveling"]
    for slip in ("Locket", "Loker", "ge-evalueert"):
        assert slip not in _text(rendered)


def test_no_claim_of_more_than_ten_points_unless_true():
    f = figures()
    f["sustainability"]["2021"]["sustainable_share"] = 0.85  # 2019 -> 2021: +5,6 pp
    conclusion = render_all(*WM, f)["06-duurzaamheid"]["conclusie"]
    assert "5,6 procentpunt" in conclusion
    assert "meer dan 10" not in conclusion
    assert "steeds meer" not in conclusion  # 2020 -> 2021 went down


def test_default_is_used_for_a_region_without_a_folder():
    rendered = render_all(*DEFAULT, figures())
    text = _text(rendered)
    assert "LEVANTOgroep" not in text and "Moveoo" not in text
    assert rendered["02-stand-van-zaken"]["resultaten-slot"] == ""
    assert rendered["05-vooruitblik"]["vooruitblik"] == (
        "De vooruitblik op 2023 voor Loket Housing Westelijke Mijnstreek volgt."
    )
    conclusion = rendered["06-duurzaamheid"]["conclusie"]
    assert "2018" in conclusion and "2021" in conclusion and "procentpunt" in conclusion


def test_empty_year_texts():
    rendered = render_all(*DEFAULT, empty(), {"total": 0, "matches": 0, "differences": 0})
    assert (
        "niet aangeboden in Westelijke Mijnstreek in 2022"
        in (rendered["03-kamers-met-kansen"]["intro"])
        or "in 2022 niet aangeboden in Westelijke Mijnstreek"
        in (rendered["03-kamers-met-kansen"]["intro"])
    )
    assert "geen klachten ontvangen" in rendered["02-stand-van-zaken"]["klachten"]
    assert "geen taakstelling" in rendered["04-jaarcijfers-woningcorporaties"]["intro"]
    assert "geen gepubliceerd jaarverslag" in rendered["08-aansluiting"]["intro"]
    assert "Voor Westelijke Mijnstreek 2022 is geen" in rendered["08-aansluiting"]["intro"]


def test_protected_report_reads_without_broken_shares():
    for where in (WM, DEFAULT):
        text = _text(render_all(*where, hidden()))
        assert "x%" not in text and "(–)" not in text
        assert " – " not in text


@pytest.mark.parametrize(
    ("text", "line", "kind"),
    [
        ("regel 5 {{ f.meta.hosing }}", 5, "UndefinedError"),
        ("regel 5 {{ jaar }", 5, "TemplateSyntaxError"),
        ("regel 5 {{ jaar | onbekend }}", 5, "TemplateAssertionError"),
    ],
)
def test_a_template_error_names_file_and_line(tmp_path, monkeypatch, text, line, kind):
    from loketlib.report.narrative import NarrativeError

    (tmp_path / "default").mkdir()
    path = tmp_path / "default" / "x.md"
    path.write_text(
        "{% set a = 1 %}\nInleiding.\n<!-- blok: een -->\nregel 4 {{ jaar }}\n"
        f"{text}\n<!-- blok: twee -->\nregel 7 {{{{ jaar }}}}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("LOKET_NARRATIVE_DIR", str(tmp_path))
    env = environment("parkstad", 2023)
    assert render(env, "x", "twee", jaar=2023, f={"meta": {}}) == "regel 7 2023"
    with pytest.raises(NarrativeError) as caught:
        render(env, "x", "een", jaar=2023, f={"meta": {}})
    message = str(caught.value)
    assert message.startswith(f"{path}, regel {line}: {kind}: "), message
    assert "\n" not in message


def _set_shares(f: dict, shares: dict[str, float]) -> None:
    """Give cohorts these sustainable shares (nuisance none / size) and matching counts."""
    for year, share in shares.items():
        c = f["sustainability"][year]
        size = c["cohort_size"]
        none = round(share * size)
        c["nuisance"] = {"none": none, "cooperative": size - none, "structural": 0, "unknown": 0}
        c["sustainable_share"] = none / size


UP = {"2018": 0.74, "2019": 0.794, "2020": 0.891, "2021": 0.967}
DOWN = {"2018": 0.967, "2019": 0.891, "2020": 0.794, "2021": 0.74}


@pytest.mark.parametrize("where", [WM, DEFAULT], ids=["wm-2022", "default"])
def test_trend_words_follow_the_numbers_up(where):
    f = figures()
    _set_shares(f, UP)
    for code, wait in {"ZW": 3.0, "WL": 9.2, "WP": 4.0, "ZO": 5.0}.items():
        f["corporations"][code]["mean_wait_months"] = wait
    rendered = render_all(*where, f)
    conclusion = rendered["06-duurzaamheid"]["conclusie"]
    assert "steeds meer kandidaten duurzaam wonen" in conclusion
    assert "een toename van 5,4 procentpunt" in conclusion
    assert "ten opzichte van 2019 een toename van 17,4 procentpunt, meer dan 10" in conclusion
    assert "afname" not in conclusion and "steeds minder kandidaten" not in conclusion
    wait = rendered["04-jaarcijfers-woningcorporaties"]["wachttijd"]
    assert "bij Wonen Limburg (9 maanden) boven deze afspraak" in wait


@pytest.mark.parametrize("where", [WM, DEFAULT], ids=["wm-2022", "default"])
def test_trend_words_follow_the_numbers_down(where):
    f = figures()
    _set_shares(f, DOWN)
    for code in ("ZW", "WL", "WP", "ZO"):
        f["corporations"][code]["mean_wait_months"] = 4.0
    rendered = render_all(*where, f)
    conclusion = rendered["06-duurzaamheid"]["conclusie"]
    assert "steeds minder kandidaten duurzaam wonen" in conclusion
    assert "een afname van 7,1 procentpunt" in conclusion
    assert "ten opzichte van 2019 een afname van 15,1 procentpunt" in conclusion
    assert "steeds meer" not in conclusion and "toename" not in conclusion
    assert "steeds minder sprake van overlast" not in conclusion
    assert "steeds vaker sprake van overlastgevende situaties" in conclusion
    wait = rendered["04-jaarcijfers-woningcorporaties"]["wachttijd"]
    assert "binnen deze afspraak" in wait and "boven" not in wait


def test_no_steady_rise_claimed_when_the_newest_cohort_went_down():
    f = figures()
    _set_shares(f, {"2018": 0.794, "2019": 0.891, "2020": 0.967, "2021": 0.866})
    conclusion = render_all(*WM, f)["06-duurzaamheid"]["conclusie"]
    assert "geen doorlopende stijging of daling" in conclusion
    assert re.search(
        r"en in 2021 86,\d%: een afname van \d+,\d procentpunt; ten opzichte", conclusion
    )
    assert "steeds meer" not in conclusion and "steeds minder sprake" not in conclusion


def test_prose_files_hold_no_jinja_logic():
    for path in sorted(narrative_dir().glob("*/*.md")):
        text = path.read_text("utf-8")
        assert "{%" not in text, path


def test_wm_2022_story_is_literal_2022():
    """One year's events carry literal dates: no year placeholder in a story block."""
    for path in sorted((narrative_dir() / "westelijke-mijnstreek-2022").glob("*.md")):
        _, parts = narrative.blocks(path.read_text("utf-8"))
        for kind, name, body in parts:
            if kind == "verhaal":
                assert not re.search(r"{{\s*(jaar|vorig_jaar|volgend_jaar)\b", body), (path, name)


def test_moving_on_own_initiative_both_ways():
    f = figures()
    conclusion = render_all(*WM, f)["06-duurzaamheid"]["conclusie"]
    assert "minder kandidaten op eigen initiatief andere huisvesting (23,4% in 2020 tegen" in (
        conclusion
    )
    f["sustainability"]["2021"]["housing_status"]["moved_own_initiative"] = 20  # 32,8%
    conclusion = render_all(*WM, f)["06-duurzaamheid"]["conclusie"]
    assert "meer kandidaten op eigen initiatief andere huisvesting (23,4% in 2020 tegen 32,8%" in (
        conclusion
    )
    assert "tevredenheid" not in conclusion
