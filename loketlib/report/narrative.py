"""The report's prose: Markdown templates with live figures, edited by analysts.

Templates live in ``data/narrative/<region>-<year>/<section>.md`` (or under
``$LOKET_NARRATIVE_DIR``), falling back to ``data/narrative/default/<section>.md``. They split
into named blocks, so a notebook can put a table or chart between two blocks:

- ``<!-- verhaal: name -->`` starts a block of one year's story (events, plans): plain prose
  with literal dates, rewritten every year (``loket new-year`` turns it into a placeholder);
- ``<!-- blok: name -->`` starts a block that carries over: timeless description and
  placeholders, among them the sentences loketlib writes from the figures
  (``{{ zinnen.resultaten }}``, :mod:`loketlib.report.story`).

Prose holds placeholders only (``{{ f.housing.registrations | n }}``), no Jinja logic
(``{% … %}``): every comparison or word of direction comes from ``zinnen``. Undefined names
are an error. In a template:

- ``f`` is the figures JSON (``f.housing.registrations``, ``f.sustainability["2020"]``);
- ``zinnen``: the figure-driven sentences (:class:`loketlib.report.story.Sentences`, trusted
  Markdown written by loketlib from numbers and code labels, never from export text);
- ``regio``, ``jaar``, ``vorig_jaar``, ``volgend_jaar``, ``peildatum``, ``extern`` (bool),
  plus what the notebook passes (for example ``cohort`` and ``c`` per duurzaamheid cohort);
- filters ``n`` (count), ``pct`` (fraction as percentage), ``eur``, ``maanden``, ``getal``,
  ``datum``; a protected value (``x``) passes through every filter unchanged;
- ``aandeel(part, whole)``: part / whole, or None;
- ``open_tekst("Schrijf hier …")``: an open placeholder (``loket new-year``), shown in a
  marked box until someone writes the text.

What ``{{ ... }}`` prints is text, never markup: the template itself (the analyst's prose) is
trusted, the values are not (a file name, a column header or a trajectory number comes from
the export). So every printed string has its HTML characters escaped (autoescape), Markdown
characters backslash-escaped and line breaks turned into spaces (:func:`as_text`); the
sentences loketlib writes (``Markup``) stay as written.

For an extern audience (``threshold`` given) the ``n`` filter also protects: a count in
1..threshold-1 prints as ``x``, whichever value it is (a figure, or a count a notebook passes).
"""

from __future__ import annotations

import re
import traceback

import jinja2

from loketlib import nl
from loketlib.paths import narrative_folders
from loketlib.report.suppress import MARKER, is_small

_BLOCK = re.compile(r"^<!--\s*(?:blok|verhaal):\s*([\w-]+)\s*-->\s*$", re.MULTILINE)
_KINDS = re.compile(r"^<!--\s*(blok|verhaal):\s*([\w-]+)\s*-->\s*$", re.MULTILINE)
#: Trusted Markdown made by loketlib (not escaped again).
_MARKUP = jinja2.utils.markupsafe.Markup


def blocks(source: str) -> tuple[str, list[tuple[str, str, str]]]:
    """A template's preamble and its blocks as ``(kind, name, body)``; kind is ``blok`` or
    ``verhaal``."""
    parts = _KINDS.split(source)
    return parts[0], list(zip(parts[1::3], parts[2::3], parts[3::3], strict=True))


def _passthrough(format_):
    def apply(value, *args, **kwargs):
        return value if value == MARKER else format_(value, *args, **kwargs)

    return apply


#: Inline Markdown characters, and the ":" of "://" (so that a URL is not made a link).
_INLINE = re.compile(r"([\\`*_\[\]|~!]|:(?=//))")
#: What makes a line a heading, quote, list item or setext underline.
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)](?=\s|$))")


def as_text(value):
    """A printed value as Markdown text that shows as itself (the environment's ``finalize``).

    HTML characters are escaped afterwards by autoescape; markup made by the template itself
    (``Markup``: macros, blocks) is left alone.
    """
    if not isinstance(value, str) or hasattr(value, "__html__"):
        return value
    text = " ".join(value.splitlines())
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(
        lambda m: m[1] + "".join("\\" + c if not c.isdigit() else c for c in m[2]), text
    )


def _count(threshold: int | None):
    def apply(value, *args, **kwargs):
        if value == MARKER or (threshold is not None and is_small(value, threshold)):
            return MARKER
        return nl.count(value, *args, **kwargs)

    return apply


def share(part, whole):
    if MARKER in (part, whole) or not whole or part is None:
        return None
    return part / whole


OPEN_LABEL = "✎ Nog te schrijven:"


def open_text(instruction: str):
    """An open placeholder as a marked box (a Markdown quote, styled as a box in the report)."""
    return _MARKUP(f"> **{OPEN_LABEL}** {instruction}.")


def environment(region: str, year: int, threshold: int | None = None) -> jinja2.Environment:
    """The templates of one region and year; ``threshold`` for an extern audience."""
    folders = narrative_folders(region, year)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in folders if p.is_dir()]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=True,
        finalize=as_text,
    )
    env.filters.update(
        n=_count(threshold),
        pct=_passthrough(nl.pct),
        eur=_passthrough(nl.eur),
        maanden=_passthrough(nl.months),
        getal=_passthrough(nl.number),
        datum=_passthrough(nl.date),
    )
    env.globals["aandeel"] = share
    env.globals["open_tekst"] = open_text
    return env


class NarrativeError(Exception):
    """A template that does not render: the message names the file and the line in it."""


def render(env: jinja2.Environment, name: str, block: str | None = None, **variables):
    """Render the blocks of ``<name>.md``: one block as text, or all as a dict (``""``: preamble).

    Each block is rendered on its own, after the text before the first marker (where macros
    and ``set`` lines belong), so a block only needs the variables it uses. A template error
    is raised as :class:`NarrativeError` naming the file and line.
    """
    source, filename, _ = env.loader.get_source(env, f"{name}.md")
    parts = _BLOCK.split(source)
    preamble, bodies = parts[0], dict(zip(parts[1::2], parts[2::2], strict=True))
    # the line (1-based) of the file on which each block's body starts
    starts = {m.group(1): source.count("\n", 0, m.end()) + 1 for m in _BLOCK.finditer(source)}
    where = (filename, starts)
    if block is not None:
        return _render_block(env, preamble, block, bodies[block], variables, where)
    blocks = {"": _render_block(env, preamble, "", None, variables, where)}
    return blocks | {
        key: _render_block(env, preamble, key, body, variables, where)
        for key, body in bodies.items()
    }


def _render_block(env, preamble: str, key: str, body: str | None, variables: dict, where) -> str:
    template = preamble if body is None else preamble + _MARK + body
    try:
        text = env.from_string(template).render(**variables)
    except jinja2.TemplateError as error:
        filename, starts = where
        line = _template_line(error)
        mark_line = preamble.count("\n") + 1
        if line is not None and body is not None and line >= mark_line:
            line = starts[key] + line - mark_line
        at = f"{filename}, regel {line}" if line else filename
        raise NarrativeError(f"{at}: {type(error).__name__}: {error.message}") from None
    return text.strip() if body is None else text.split(_MARK, 1)[1].strip()


def _template_line(error: jinja2.TemplateError) -> int | None:
    """The template line an error was raised on (jinja2 puts template frames in tracebacks)."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return error.lineno
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None


_MARK = "<!-- loket-block-start -->"
