"""HTML pages around the exported notebook bodies: one self-contained file each.

The style sheet is inlined and nothing is loaded from elsewhere, so a report opens offline
and inside a closed network. The only line that differs between two renders of the same
inputs is "Gegenereerd op".

Every template is autoescaped: text from the export (its file name, in "bron") is data, never
markup. Only the section bodies, HTML that nbconvert made from escaped outputs, go in as is.
"""

from __future__ import annotations

from importlib.resources import files

import jinja2

from loketlib import nl

_TEMPLATES = files("loketlib.report") / "templates"
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True)
DEMO_NOTICE = (
    "Demodata: dit verslag is gemaakt op de demo-export van loket, met verzonnen trajecten. "
    "Bevindingen op demodata zijn geen bevindingen."
)


def is_demo_source(source: str) -> bool:
    """Exports written by ``loket demo-data`` carry "demo" in their name."""
    return "demo" in source.lower()


_MARKUP = jinja2.utils.markupsafe.Markup  # trusted HTML, not escaped again


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: anything but letters, digits and spaces escaped."""
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def _css() -> str:
    """loket's own style sheet: trusted, inlined as is."""
    return _MARKUP((_TEMPLATES / "style.css").read_text(encoding="utf-8"))


def notices(figures: dict) -> list[str]:
    """The first-page notices: a peildatum other than the period's last day, protection for an
    extern audience, demo data."""
    out = []
    period, peildatum = figures["meta"].get("period"), figures["meta"]["peildatum"]
    if period and peildatum != period["end"]:
        rest = (
            "wat daarna is gebeurd, telt niet mee; de periode is nog niet compleet"
            if peildatum < period["end"]
            else "uitkomsten zijn bekeken zoals ze op die dag bekend waren"
        )
        out.append(
            f"Peildatum {nl.date(peildatum)}: dit is niet de laatste dag van de periode "
            f"({nl.date(period['start'])} t/m {nl.date(period['end'])}); {rest}."
        )
    protected = figures["meta"].get("protected")
    if protected:
        out.append(
            f"Beveiligde versie voor extern gebruik (drempel {protected['threshold']}): "
            f"aantallen kleiner dan {protected['threshold']} zijn vervangen door x, net als "
            f"aantallen waarmee zo'n aantal terug te rekenen is. Aandelen van kleine groepen, "
            f"trajectnummers en rijen uit de bron staan er niet in."
        )
    if is_demo_source(figures["meta"]["source"]):
        out.append(DEMO_NOTICE)
    return out


def report_page(
    title, sections, figures: dict, generated: str, toc: bool = True, document_title: str = ""
) -> str:
    """A report (or one section) as a complete HTML document; ``document_title`` (the
    browser's ``<title>``) defaults to ``title``."""
    return _ENV.get_template("report.html.j2").render(
        title=title,
        document_title=document_title,
        css_title=_MARKUP(css_string(document_title or title)),
        css=_css(),
        sections=[(s, _MARKUP(body)) for s, body in sections],
        notices=notices(figures),
        peildatum=nl.date(figures["meta"]["peildatum"]),
        source=figures["meta"]["source"],
        generated=generated,
        toc=toc,
    )


def index_page(reports: list[dict], generated: str) -> str:
    return _ENV.get_template("index.html.j2").render(
        reports=reports, css=_css(), generated=generated
    )
