"""End to end: the demo export rendered as the jaarverslag Westelijke Mijnstreek 2022.

The report is rendered for real once per module (``base``); tests that change an input render
into a copy of that output, so only what the change touches is executed again. Planning
(which sections a changed key re-executes) is checked with a stand-in renderer, which costs
nothing; a changed narrative, ``--force``, a failing section and ``--region all`` are real.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from loketlib import paths
from loketlib.cli import main
from loketlib.intake import digest
from loketlib.report import job as job_module
from loketlib.report import plan
from loketlib.report.job import Job, Outcome, ReportError
from loketlib.report.plan import render
from loketlib.report.sections import PERIOD_SECTIONS, RESEARCH, SECTIONS

pytestmark = pytest.mark.slow

REGION = "westelijke-mijnstreek"
YEAR = 2022
ALL_SLUGS = [s.slug for s in (*SECTIONS, RESEARCH)]
#: What the westelijke-mijnstreek report holds: not the regions side by side (zuid-limburg only).
SHOWN = [s for s in SECTIONS if s.slug != "06b-regios-naast-elkaar"]
SHOWN_SLUGS = [s.slug for s in (*SHOWN, RESEARCH)]
GENERATED = re.compile(r"^.*Gegenereerd op.*$", re.MULTILINE)


# --------------------------------------------------------------------------- helpers


class _Links(HTMLParser):
    """Every src/href value, every <script src> and every <link rel=stylesheet href>."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[str] = []
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("src", "href"):
            if a.get(name) is not None:
                self.values.append(a[name])
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        if tag == "link" and "stylesheet" in (a.get("rel") or "").lower() and a.get("href"):
            self.stylesheets.append(a["href"])

    handle_startendtag = handle_starttag


def links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser


def section_html(html: str, slug: str) -> str:
    match = re.search(rf'<section[^>]*\bid="{re.escape(slug)}"', html)
    assert match, f"no <section id={slug!r}>"
    return html[match.start() : html.index("</section>", match.start())]


def without_generated(text: str) -> str:
    return GENERATED.sub("", text)


def copy_out(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


class PlanOnly:
    """Stand-in for :class:`loketlib.report.render.Renderer`: records what would be executed."""

    def __init__(self, progress: bool = True, kernels=None, started=None):
        assert not started, "plan-only tests start no kernels"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def render_all(self, plans) -> list[Outcome]:
        return [self.render(*plan) for plan in plans]

    def render(self, job, folder, manifest, keys, todo) -> Outcome:
        names = job_module.file_names(job)
        done = [s.slug for s in todo]
        skipped = [slug for slug in ALL_SLUGS if slug not in done]
        return Outcome(folder / names["report"], folder / names["research"], done, skipped)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def plan_only(monkeypatch):
    """Render with :class:`PlanOnly`: nothing is executed and no kernel is started."""
    import loketlib.report.render
    from loketlib.report import kernel

    monkeypatch.setattr(loketlib.report.render, "Renderer", PlanOnly)
    monkeypatch.setattr(kernel, "start", lambda count: [])


@pytest.fixture(scope="module")
def base(demo_xlsx, tmp_path_factory):
    """The demo report, rendered once; tests only read it (changes go into copies)."""
    out = tmp_path_factory.mktemp("report") / "out"
    [outcome] = render([Job(demo_xlsx, REGION, YEAR)], out, progress=False)
    folder = out / str(YEAR) / REGION
    return {
        "code": digest.code_digest(),
        "out": out,
        "folder": folder,
        "outcome": outcome,
        "html": outcome.html.read_text("utf-8"),
    }


# --------------------------------------------------------------------------- the files


def test_first_render_executes_every_section(base):
    outcome = base["outcome"]
    assert outcome.rendered == SHOWN_SLUGS
    assert outcome.skipped == []
    assert outcome.html == base["folder"] / f"jaarverslag-{REGION}-{YEAR}.html"
    assert outcome.research == base["folder"] / f"huurachterstand-{REGION}-{YEAR}.html"
    assert outcome.research.is_file()
    assert outcome.reconciliation["total"] > 0


def test_every_section_in_order_with_a_table_of_contents(base):
    html = base["html"]
    ids = re.findall(r'<section[^>]*\bid="([^"]+)"', html)
    assert ids == [s.slug for s in SHOWN]
    toc = html[html.index('<nav class="toc"') : html.index("</nav>")]
    assert re.findall(r'href="#([^"]+)"', toc) == [s.slug for s in SHOWN]
    for s in SHOWN:
        assert s.title in toc


def test_section_pages_and_executed_notebooks(base):
    folder = base["folder"]
    assert not (folder / "secties" / "06b-regios-naast-elkaar.html").exists()
    for slug in SHOWN_SLUGS:
        page = folder / "secties" / f"{slug}.html"
        assert page.is_file(), page
        assert f'id="{slug}"' in page.read_text("utf-8")
        nb = nbformat.read(folder / "notebooks" / f"{slug}.ipynb", as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code and all(c.execution_count for c in code), f"{slug} not executed"
        assert not any(o.output_type == "error" for c in code for o in c.outputs)
        # the prepended %reset cell is not part of what analysts get
        assert not any("%reset" in c.source for c in code)
        assert any("injected-parameters" in c.metadata.get("tags", []) for c in code)


def test_figures_json_equals_the_computed_figures(base, demo_xlsx):
    from loketlib.figures import compute
    from loketlib.intake.processed import load

    expected = compute(load(demo_xlsx), REGION, YEAR, None)
    written = json.loads((base["folder"] / "figures.json").read_text("utf-8"))
    assert written == json.loads(json.dumps(expected, ensure_ascii=False))
    assert "protected" not in written["meta"] or not written["meta"]["protected"]


def test_index_links_the_report(base):
    index = (base["out"] / "index.html").read_text("utf-8")
    hrefs = links(index).values
    assert f"{YEAR}/{REGION}/jaarverslag-{REGION}-{YEAR}.html" in hrefs
    assert f"{YEAR}/{REGION}/huurachterstand-{REGION}-{YEAR}.html" in hrefs
    for href in hrefs:
        if not href.startswith("#"):
            assert (base["out"] / href).is_file(), href


# --------------------------------------------------------------------------- the content


@pytest.mark.parametrize(
    "text",
    ["141", "109", "61", "89,1%", "5 maanden", "83"],
)
def test_key_figures_in_dutch_format(base, text):
    assert text in base["html"]


def test_amounts_in_euros(base):
    html = base["html"].replace("\xa0", " ")
    assert "€ 43.200,00" in html or "€ 675,00" in html


def test_charts_are_embedded_images(base):
    html = base["html"]
    assert html.count("data:image/svg+xml;base64") >= 6
    # a figure that was not turned into an image shows up as its repr
    assert "&lt;Figure size" not in html


def test_no_code_prompts_or_errors(base):
    for name in ("html", "research"):
        html = base["html"] if name == "html" else base["outcome"].research.read_text("utf-8")
        for banned in ("import ", "ctx.", "loketlib", "In&nbsp;[", "Out&nbsp;[", "Traceback"):
            assert banned not in html, (name, banned)
        assert "output_stderr" not in html, name
        assert not re.search(r"\w+Warning\b", html), name


def test_nothing_loaded_from_elsewhere(base):
    pages = [base["outcome"].html, base["outcome"].research, base["out"] / "index.html"]
    pages += sorted((base["folder"] / "secties").glob("*.html"))
    for path in pages:
        found = links(path.read_text("utf-8"))
        assert found.scripts == [], path
        assert found.stylesheets == [], path
        for value in found.values:
            v = value.strip().lower()
            relative = not re.match(r"[a-z][a-z0-9+.-]*:", v) and not v.startswith("/")
            assert v.startswith(("data:", "#")) or relative, (path.name, value)
            assert not v.startswith(("http", "//", "file:")), (path.name, value)


def test_reconciliation_appendix_lists_the_contradictions(base):
    appendix = section_html(base["html"], "08-aansluiting")
    for text in ("84", "83", "78,1%", "21,9%"):
        assert text in appendix, text


# --------------------------------------------------------------------------- re-rendering


def same_code(base) -> None:
    if digest.code_digest() != base["code"]:
        pytest.skip("loketlib's code was edited while the tests ran: every key changed")


def test_unchanged_inputs_execute_nothing(base, demo_xlsx):
    same_code(base)
    before = {p: p.read_bytes() for p in base["folder"].rglob("*") if p.is_file()}
    [outcome] = render([Job(demo_xlsx, REGION, YEAR)], base["out"], progress=False)
    assert outcome.rendered == []
    assert outcome.skipped == SHOWN_SLUGS
    assert outcome.html == base["outcome"].html
    after = {p: p.read_bytes() for p in base["folder"].rglob("*") if p.is_file()}
    assert after == before  # byte-identical, manifest included


def test_force_renders_the_same_report(base, demo_xlsx, tmp_path):
    same_code(base)
    out = copy_out(base["out"], tmp_path / "out")
    folder = out / str(YEAR) / REGION
    [outcome] = render([Job(demo_xlsx, REGION, YEAR)], out, progress=False, force=True)
    assert outcome.rendered == SHOWN_SLUGS
    assert (folder / "figures.json").read_bytes() == (base["folder"] / "figures.json").read_bytes()
    for name in (outcome.html.name, outcome.research.name):
        again = without_generated((folder / name).read_text("utf-8"))
        first = without_generated((base["folder"] / name).read_text("utf-8"))
        assert again == first, f"{name} differs between two renders of the same inputs"


def test_a_different_peildatum_renders_every_section(base, demo_xlsx, tmp_path, plan_only):
    out = copy_out(base["out"], tmp_path / "out")
    [same] = render([Job(demo_xlsx, REGION, YEAR)], out, progress=False)
    assert same.rendered == []
    [moved] = render([Job(demo_xlsx, REGION, YEAR, "30-09-2022")], out, progress=False)
    assert moved.rendered == ALL_SLUGS
    [extern] = render([Job(demo_xlsx, REGION, YEAR, audience="extern")], out, progress=False)
    assert extern.rendered == ALL_SLUGS  # another folder, nothing rendered there yet


def test_a_changed_notebook_renders_only_its_section(
    base, demo_xlsx, tmp_path, monkeypatch, plan_only
):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOKS, notebooks)
    nb = nbformat.read(notebooks / "05-vooruitblik.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Nog een alinea."))
    nbformat.write(nb, notebooks / "05-vooruitblik.ipynb")
    monkeypatch.setattr(plan, "NOTEBOOKS", notebooks)
    out = copy_out(base["out"], tmp_path / "out")
    [outcome] = render([Job(demo_xlsx, REGION, YEAR)], out, progress=False)
    assert outcome.rendered == ["05-vooruitblik"]


def narrative_names_read(notebook: Path) -> set[str]:
    """The first argument of every ``ctx.text(...)`` call in a notebook: a string, or a name
    the notebook assigns one string to (``R = "huurachterstand"``)."""
    nb = nbformat.read(notebook, as_version=4)
    source = "\n".join(
        "\n".join(line for line in c.source.splitlines() if not line.startswith(("%", "!")))
        for c in nb.cells
        if c.cell_type == "code"
    )
    tree = ast.parse(source)
    constants = {
        target.id: node.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name) and isinstance(node.value.value, str)
    }
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "text"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "ctx"
        ):
            first = node.args[0]
            names.add(first.value if isinstance(first, ast.Constant) else constants[first.id])
    return names


@pytest.mark.parametrize("section", [*SECTIONS, RESEARCH], ids=lambda s: s.slug)
def test_each_section_names_the_narrative_files_it_reads(section):
    read = narrative_names_read(paths.NOTEBOOKS / f"{section.slug}.ipynb")
    assert read, section.slug
    assert set(section.narrative) == read
    default = paths.ROOT / "data" / "narrative" / "default"
    for name in section.narrative:
        assert (default / f"{name}.md").is_file(), name


@pytest.mark.parametrize(
    ("edited", "expected"),
    [
        ("05-vooruitblik", ["05-vooruitblik"]),
        ("06-duurzaamheid-cohort", ["06-duurzaamheid"]),
        ("huurachterstand", ["huurachterstand"]),
    ],
)
def test_a_narrative_edit_plans_only_its_section(
    base, demo_xlsx, tmp_path, monkeypatch, plan_only, edited, expected
):
    """Editing one narrative file changes the key of the section(s) that read it, no other."""
    same_code(base)
    narrative = tmp_path / "narrative"
    shutil.copytree(paths.narrative_dir(), narrative)
    monkeypatch.setenv("LOKET_NARRATIVE_DIR", str(narrative))
    out = copy_out(base["out"], tmp_path / "out")
    [same] = render([Job(demo_xlsx, REGION, YEAR)], out, progress=False)
    assert same.rendered == []  # the copy of the narrative is the same text
    own = narrative / f"{REGION}-{YEAR}" / f"{edited}.md"
    path = own if own.exists() else narrative / "default" / f"{edited}.md"
    path.write_text(path.read_text("utf-8") + "\nEen nieuwe zin.\n", encoding="utf-8")
    [outcome] = render([Job(demo_xlsx, REGION, YEAR)], out, progress=False)
    assert outcome.rendered == expected
    assert sorted(outcome.skipped) == sorted(set(ALL_SLUGS) - set(expected))


def test_a_region_copy_of_a_narrative_file_plans_its_section(
    base, demo_xlsx, tmp_path, monkeypatch, plan_only
):
    """Adding (or removing) a region's own copy of a default file changes which text is used."""
    same_code(base)
    narrative = tmp_path / "narrative"
    shutil.copytree(paths.narrative_dir(), narrative)
    monkeypatch.setenv("LOKET_NARRATIVE_DIR", str(narrative))
    out = copy_out(base["out"], tmp_path / "out")
    own = narrative / f"{REGION}-{YEAR}" / "huurachterstand.md"
    assert not own.exists()
    shutil.copy(narrative / "default" / "huurachterstand.md", own)
    [outcome] = render([Job(demo_xlsx, REGION, YEAR)], out, progress=False)
    assert outcome.rendered == ["huurachterstand"]


def test_a_changed_narrative_is_rendered(base, demo_xlsx, tmp_path, monkeypatch):
    """An analyst edits 05-vooruitblik.md: the section is executed again, with the new text.

    ``LOKET_NARRATIVE_DIR`` points loket (and the kernels, which inherit the environment) at
    an edited copy of the narrative.
    """
    narrative = tmp_path / "narrative"
    shutil.copytree(paths.narrative_dir(), narrative)
    edited = narrative / f"{REGION}-{YEAR}" / "05-vooruitblik.md"
    if not edited.exists():
        edited = narrative / "default" / "05-vooruitblik.md"
    new = "Zeldzame zin om te vinden: de pinguïns van Sittard verhuizen in 2023."
    edited.write_text(edited.read_text("utf-8").rstrip("\n") + f"\n\n{new}\n", encoding="utf-8")
    monkeypatch.setenv("LOKET_NARRATIVE_DIR", str(narrative))

    out = copy_out(base["out"], tmp_path / "out")
    [outcome] = render([Job(demo_xlsx, REGION, YEAR)], out, progress=False)
    assert outcome.rendered == ["05-vooruitblik"]  # only the edited section is executed
    html = outcome.html.read_text("utf-8")
    assert new in section_html(html, "05-vooruitblik")
    assert new not in base["html"]
    # the combined page is put together again from every section's output
    for s in SHOWN:
        if s.slug != "05-vooruitblik":
            assert section_html(html, s.slug) == section_html(base["html"], s.slug), s.slug


# --------------------------------------------------------------------------- failures


@pytest.fixture
def broken_notebooks(tmp_path, monkeypatch):
    import loketlib.report.render

    notebooks = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOKS, notebooks)
    path = notebooks / "03-kamers-met-kansen.ipynb"
    nb = nbformat.read(path, as_version=4)
    index = max(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells[index].source = 'raise ValueError("boom")'
    nbformat.write(nb, path)
    monkeypatch.setattr(plan, "NOTEBOOKS", notebooks)
    monkeypatch.setattr(loketlib.report.render, "NOTEBOOKS", notebooks)
    return index


def test_a_failing_section_names_section_and_cell(base, demo_xlsx, tmp_path, broken_notebooks):
    out = copy_out(base["out"], tmp_path / "out")
    folder = out / str(YEAR) / REGION
    with pytest.raises(ReportError) as caught:
        render([Job(demo_xlsx, REGION, YEAR)], out, progress=False)
    message = str(caught.value)
    assert "\n" not in message
    assert "03-kamers-met-kansen" in message
    assert "cell" in message
    assert "boom" in message
    assert "ValueError" in message
    # the failed notebook is kept for the analyst, with the error in it, beside the previous
    # complete report (which stays as it was)
    kept_path = folder / "notebooks" / "03-kamers-met-kansen.mislukt.ipynb"
    assert str(kept_path) in message
    kept = nbformat.read(kept_path, as_version=4)
    for name in (
        "figures.json",
        f"jaarverslag-{REGION}-{YEAR}.html",
        "notebooks/03-kamers-met-kansen.ipynb",
    ):
        assert (folder / name).read_bytes() == (base["folder"] / name).read_bytes(), name
    assert not any("%reset" in c.source for c in kept.cells)
    errors = [
        (i, o)
        for i, c in enumerate(kept.cells)
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.output_type == "error"
    ]
    assert errors, "the kept notebook does not show the error"
    [(i, error)] = errors
    assert error.evalue == "boom"
    assert 'raise ValueError("boom")' in kept.cells[i].source
    # the cell the message names is the failing one in the notebook the analyst opens
    number = int(re.search(r"cell (\d+)", message).group(1))
    assert number in (i, i + 1), f"message names cell {number}, the error is in cell {i}"


def test_cli_reports_a_failing_section_in_one_line(base, demo_xlsx, tmp_path, broken_notebooks):
    out = copy_out(base["out"], tmp_path / "out")
    args = ["report", "--data", str(demo_xlsx), "--region", REGION, "--year", str(YEAR)]
    result = CliRunner().invoke(main, [*args, "--out", str(out), "--quiet"])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("loket: section 03-kamers-met-kansen failed in cell ")
    assert "boom" in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_an_unknown_parameter_is_an_error():
    from loketlib.report.render import Renderer

    renderer = Renderer(progress=False)
    source = paths.NOTEBOOKS / "01-doelstelling.ipynb"
    job = Job(Path("export.xlsx"), REGION, YEAR)
    assert renderer.check_parameters(source, job.parameters()) == job.parameters()
    with pytest.raises(ReportError, match="bogus"):
        renderer.check_parameters(source, {**job.parameters(), "bogus": 1})


def test_every_notebook_declares_the_job_parameters():
    import papermill as pm

    expected = set(Job(Path("x"), REGION, YEAR).parameters())
    for s in (*SECTIONS, *PERIOD_SECTIONS, RESEARCH):
        declared = set(pm.inspect_notebook(str(paths.NOTEBOOKS / f"{s.slug}.ipynb")))
        assert expected <= declared, s.slug


# --------------------------------------------------------------------------- the command


def test_cli_renders_every_region(base, demo_xlsx, tmp_path):
    out = copy_out(base["out"], tmp_path / "out")  # westelijke-mijnstreek is up to date
    args = ["report", "--data", str(demo_xlsx), "--region", "all", "--year", str(YEAR)]
    result = CliRunner().invoke(main, [*args, "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    paths = [Path(line) for line in result.stdout.splitlines()]
    regions = ["westelijke-mijnstreek", "parkstad", "maastricht-heuvelland", "zuid-limburg"]
    assert sorted(paths) == sorted(
        out / str(YEAR) / r / f"jaarverslag-{r}-{YEAR}.html" for r in regions
    )
    for path in paths:
        assert path.is_file()
        assert path.with_name(path.name.replace("jaarverslag", "huurachterstand")).is_file()
        assert (path.parent / "figures.json").is_file()
    index = links((out / "index.html").read_text("utf-8")).values
    for path in paths:
        assert path.relative_to(out).as_posix() in index
    assert "Niets veranderd" in result.stderr  # westelijke-mijnstreek was not rendered again
    for path in paths:  # the regions side by side only in the zuid-limburg report
        html = path.read_text("utf-8")
        side_by_side = 'id="06b-regios-naast-elkaar"' in html
        assert side_by_side == (path.parent.name == "zuid-limburg")
        assert 'id="06a-meerjarenoverzicht"' in html
        pilot = 'id="06c-evaluatie-verkorte-toeleiding"' in html  # the demo's pilot is in WM only
        assert pilot == (path.parent.name in ("westelijke-mijnstreek", "zuid-limburg"))
    assert "Aansluiting:" in result.stderr
