"""``loket new-year``: the narrative folder of a new year, made from the region's latest
earlier year (or the default texts).

Blocks that carry over (``<!-- blok: … -->``: description and figure-driven sentences) are
copied as they are. Each block of one year's story (``<!-- verhaal: … -->``) becomes a visible
placeholder, ``{{ open_tekst("Schrijf hier de terugblik op 2023") }}``, with last year's text
beside it in a Jinja comment: a hint for the writer that is never rendered. The report shows an
open placeholder in a marked box; :func:`open_placeholders` counts them, and
``loket report --final`` refuses while any remain.
"""

from __future__ import annotations

import re
from pathlib import Path

from loketlib.errors import RunError
from loketlib.paths import narrative_dir
from loketlib.report.narrative import blocks

_OPEN = re.compile(r"{{\s*open_tekst\(")
_COMMENT = re.compile(r"{#.*?#}", re.DOTALL)
_YEAR_FOLDER = re.compile(r"^(?P<region>.+)-(?P<year>\d{4})$")


def what_to_write(block: str, year: int, section: str = "") -> str:
    """The instruction in a placeholder, in the desk's Dutch (``section``: the file's stem)."""
    if section.startswith("06-duurzaamheid") and block == "intro":
        return f"de inleiding over de meting van de duurzaamheid in {year}"
    known = {
        "doelstelling": f"de inleiding en de gebeurtenissen van {year}",
        "intro": f"de inleiding over {year}",
        "terugblik-vorig-jaar": f"de terugblik op {year - 1}",
        "terugblik": f"de terugblik op {year}",
        "pilots": f"de stand van de pilots in {year} (of maak dit blok leeg)",
        "resultaten-slot": f"wat er verder over de resultaten van {year} te zeggen is "
        "(of maak dit blok leeg)",
        "vooruitblik": f"de vooruitblik op {year + 1}",
        "aanbeveling": f"de aanbeveling na {year}",
    }
    return known.get(block, f"de tekst '{block}' voor {year}")


def source_folder(region: str, year: int, root: Path | None = None) -> Path:
    """The region's latest folder before ``year``, or the default texts."""
    root = root or narrative_dir()
    earlier = []
    for folder in root.iterdir() if root.is_dir() else []:
        match = _YEAR_FOLDER.match(folder.name)
        if folder.is_dir() and match and match["region"] == region and int(match["year"]) < year:
            earlier.append((int(match["year"]), folder))
    return max(earlier)[1] if earlier else root / "default"


def placeholder(block: str, body: str, year: int, source: str, section: str = "") -> str:
    """One story block as an open placeholder, with the old text as an unrendered hint."""
    hint = body.strip().replace("#}", "# }")
    text = f'{{{{ open_tekst("Schrijf hier {what_to_write(block, year, section)}") }}}}\n'
    if hint:
        text += f"{{# Tekst uit {source}, als hulp (wordt niet getoond):\n\n{hint}\n#}}\n"
    return text + "\n"


def new_year(region: str, year: int, root: Path | None = None) -> tuple[Path, int]:
    """Write ``data/narrative/<region>-<year>/``; return it and its number of placeholders."""
    root = root or narrative_dir()
    target = root / f"{region}-{year}"
    if target.exists():
        raise RunError(
            f"{target} bestaat al; bewerk die map, of verwijder hem om opnieuw te beginnen"
        )
    source = source_folder(region, year, root)
    files = sorted(source.glob("*.md"))
    if not files:
        raise RunError(f"geen teksten in {source} om {region} {year} mee te beginnen")
    target.mkdir(parents=True)
    for path in files:
        preamble, parts = blocks(path.read_text(encoding="utf-8"))
        out = [preamble]
        for kind, name, body in parts:
            out.append(f"<!-- {kind}: {name} -->\n")
            story = placeholder(name, body, year, source.name, path.stem)
            out.append(body if kind == "blok" else story)
        (target / path.name).write_text("".join(out), encoding="utf-8")
    return target, count_open(target)


def count_open(folder: Path) -> int:
    """Open placeholders in a narrative folder (old text in comments does not count)."""
    if not folder.is_dir():
        return 0
    return sum(
        len(_OPEN.findall(_COMMENT.sub("", path.read_text(encoding="utf-8"))))
        for path in folder.glob("*.md")
    )


def open_placeholders(region: str, year: int) -> tuple[Path, int]:
    """The report's own narrative folder and how many placeholders are still open in it."""
    folder = narrative_dir() / f"{region}-{year}"
    return folder, count_open(folder)
