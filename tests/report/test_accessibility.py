"""The report passes an accessibility audit (WCAG 2.1 A/AA): axe-core inside headless
Chromium over the jaarverslag, the research, a section page and the index, intern and extern;
and the structure a screen reader and a phone need, read from the HTML itself.

The browser tests skip (saying why) where Chromium or axe-core is not installed; `.ci/run`
installs both (apt-get install chromium; npm ci in tests/a11y).
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from loketlib.report import browser

AXE = Path(__file__).parents[1] / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1280, 390)
PAGES = {
    "jaarverslag": ("intern", "report"),
    "onderzoek": ("intern", "research"),
    "sectiepagina": ("intern", "secties/04-jaarcijfers-woningcorporaties.html"),
    "index": (None, "index.html"),
    "jaarverslag-extern": ("extern", "report"),
    "onderzoek-extern": ("extern", "research"),
    "sectiepagina-extern": ("extern", "secties/06-duurzaamheid.html"),
    "kwartaalrapportage": ("kwartaal", "kwartaalrapportage-westelijke-mijnstreek-2022-Q3.html"),
}
#: Runs in the page (in an iframe as wide as the viewport): axe-core, then the page's width.
PROBE = """<script>%(axe)s</script><script>
window.addEventListener('load', async () => {
  const root = document.documentElement;
  const out = {scrollWidth: root.scrollWidth, viewport: root.clientWidth,
    wider: [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1
                   && !e.closest('.table-scroll, .chart-scroll'))
      .slice(0, 5).map(e => e.tagName + '.' + e.className)};
  const result = await axe.run(document, {runOnly: {type: 'tag', values: %(tags)s},
                                          resultTypes: ['violations']});
  out.violations = result.violations.map(v => ({id: v.id, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
  const doc = window.parent.document;
  const pre = doc.createElement('pre');
  pre.id = 'loket-probe';
  pre.textContent = JSON.stringify(out);
  doc.body.appendChild(pre);
});
</script>"""


def _needs_browser() -> None:
    if browser.find() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run installs it)")
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci --prefix tests/a11y; .ci/run does this)")


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def probe(page_html: str, width: int, work: Path) -> dict:
    """axe-core's WCAG A/AA violations and the page's width, with the page shown in a
    viewport ``width`` px wide (an iframe, so that widths below Chromium's smallest window
    work too)."""
    script = PROBE % {"axe": _axe_source(), "tags": json.dumps(WCAG_TAGS)}
    page = page_html.replace("</body>", script + "</body>")
    wrapper = work / f"probe-{width}.html"
    wrapper.write_text(
        '<!DOCTYPE html><html lang="nl"><head><title>probe</title></head>'
        '<body style="margin:0"><iframe title="pagina" style="border:0;display:block" '
        f'width="{width}" height="900" srcdoc="{html.escape(page, quote=True)}"></iframe>'
        "</body></html>",
        encoding="utf-8",
    )
    dom = browser.dump_dom(wrapper, 1280, 900)
    found = re.search(r'<pre id="loket-probe">(.*?)</pre>', dom, re.S)
    assert found, "the probe did not report (axe-core did not finish?)"
    return json.loads(html.unescape(found.group(1)))


def _path(rendered: dict, names: dict, page: str) -> Path:
    audience, name = PAGES[page]
    if audience is None:
        return rendered["out"] / name
    return rendered[audience] / names.get(name, name)


@pytest.fixture(scope="module")
def probes(rendered, names, tmp_path_factory):
    """``(page, width) -> probe result``, each probed once."""
    results: dict = {}
    work = tmp_path_factory.mktemp("a11y")

    def get(page: str, width: int) -> dict:
        if (page, width) not in results:
            source = _path(rendered, names, page).read_text(encoding="utf-8")
            results[page, width] = probe(source, width, work)
        return results[page, width]

    return get


# --------------------------------------------------------------------------- in the browser


@pytest.mark.slow
@pytest.mark.parametrize("page", list(PAGES))
def test_axe_finds_no_wcag_a_or_aa_violation(probes, page):
    _needs_browser()
    for width in WIDTHS:
        violations = probes(page, width)["violations"]
        assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", list(PAGES))
def test_the_page_is_as_wide_as_the_viewport(probes, page, width):
    """No sideways scrolling of the page; a wide table scrolls in its own box."""
    _needs_browser()
    result = probes(page, width)
    assert result["viewport"] == width
    assert result["scrollWidth"] == width, result["wider"]


def test_the_probe_finds_what_it_should(tmp_path):
    """The harness can fail: an image without alt text and a wide table outside a scroll box
    are found."""
    _needs_browser()
    wide = "<table><tr>" + "<td>breed&nbsp;breed&nbsp;breed</td>" * 30 + "</tr></table>"
    page = (
        '<!DOCTYPE html><html lang="nl"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        f"{wide}</main></body></html>"
    )
    result = probe(page, 390, tmp_path)
    assert "image-alt" in {v["id"] for v in result["violations"]}
    assert result["scrollWidth"] > 390


# --------------------------------------------------------------------------- in the HTML


class _Structure(HTMLParser):
    """Images, SVGs, tables, header cells, headings, the title and the table of contents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[dict] = []
        self.svgs: list[dict] = []
        self.tables = 0
        self.captions = 0
        self.headers: list[dict] = []
        self.headings: list[tuple[int, str]] = []
        self.summaries: list[str] = []
        self.toc_lists: list[str] = []
        self.title = ""
        self._text: list[str] | None = None
        self._in: str | None = None
        self._nav = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append(a)
        elif tag == "svg":
            self.svgs.append(a)
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "nav":
            self._nav = True
        elif tag in ("ol", "ul") and self._nav:
            self.toc_lists.append(tag)
        if tag in ("th", "title", "summary") or re.fullmatch(r"h[1-6]", tag):
            self._in, self._text = tag, []
            self._attrs = a

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "nav":
            self._nav = False
        if tag == self._in and self._text is not None:
            text = "".join(self._text).strip()
            if tag == "th":
                self.headers.append({**self._attrs, "text": text})
            elif tag == "title":
                self.title = text
            elif tag == "summary":
                self.summaries.append(text)
            else:
                self.headings.append((int(tag[1]), text))
            self._in, self._text = None, None


def structure(path: Path) -> _Structure:
    parser = _Structure()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


DUTCH = re.compile(r"\b(van|per|het|de|en|na|aandeel|aantal|zonder|met)\b", re.IGNORECASE)


@pytest.mark.slow
@pytest.mark.parametrize("page", list(PAGES))
def test_every_image_has_a_dutch_alternative_and_its_numbers(rendered, names, page):
    s = structure(_path(rendered, names, page))
    for image in s.images:
        alt = image.get("alt") or ""
        assert alt and "No description" not in alt, image.get("src", "")[:40]
        assert DUTCH.search(alt) and re.search(r"\d", alt), alt
        assert image["src"].startswith("data:image/svg+xml"), "charts are SVG"
    for svg in s.svgs:
        assert svg.get("aria-hidden") == "true" or (
            svg.get("role") == "img" and svg.get("aria-label")
        )
    assert s.summaries.count("Cijfers bij deze grafiek") == len(s.images)


@pytest.mark.slow
def test_every_chart_of_the_reports_is_described(rendered, names):
    counts = {
        (audience, kind): len(structure(rendered[audience] / names[kind]).images)
        for audience in ("intern", "extern")
        for kind in ("report", "research")
    }
    assert counts == {
        ("intern", "report"): 8,  # with the meerjarenoverzicht and the pilot's curve
        ("intern", "research"): 2,
        ("extern", "report"): 8,
        ("extern", "research"): 2,
    }


@pytest.mark.slow
def test_extern_alt_texts_hide_what_the_extern_figures_hide(rendered, names):
    def alts(audience):
        return [i["alt"] for i in structure(rendered[audience] / names["report"]).images]

    intern, extern = alts("intern"), alts("extern")
    quota = "Woonpunt: taakstelling 5, start huur"
    assert f"{quota} 1;" in next(a for a in intern if quota in a)
    assert f"{quota} niet getoond (x);" in next(a for a in extern if quota in a)
    figures = json.loads((rendered["extern"] / "figures.json").read_text())
    hidden = figures["sustainability"]["2020"]["nuisance"]["structural"]
    assert hidden == "x"
    cohort = next(a for a in extern if "cohort 2020" in a)
    assert "structurele overlast niet getoond (x)" in cohort


@pytest.mark.slow
@pytest.mark.parametrize("page", list(PAGES))
def test_tables_have_captions_and_scoped_headers(rendered, names, page):
    s = structure(_path(rendered, names, page))
    assert s.tables and s.captions == s.tables
    for header in s.headers:
        assert header.get("scope") in ("col", "row"), header
        assert header["text"], "an empty header cell"


@pytest.mark.slow
@pytest.mark.parametrize("page", list(PAGES))
def test_headings_never_skip_a_level_and_the_contents_are_numbered_once(rendered, names, page):
    s = structure(_path(rendered, names, page))
    levels = [level for level, _ in s.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, s.headings
    assert "ol" not in s.toc_lists  # section titles carry their own numbers


@pytest.mark.slow
def test_every_page_has_a_title_of_its_own(rendered):
    pages = sorted(p for p in rendered["out"].rglob("*.html") if ".loket" not in p.parts)
    titles = {p: structure(p).title for p in pages}
    assert all(titles.values())
    research = {p for p in pages if p.parent.name == "secties" and p.stem == "huurachterstand"}
    distinct = {t for p, t in titles.items() if p not in research}  # research twice, same page
    assert len(distinct) == len(pages) - len(research)
