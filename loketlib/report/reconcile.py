"""Reconcile computed figures with the figures a jaarverslag printed (data contract, section 5).

``data/published/<region>-<year>.yaml`` lists every printed figure: ``key`` (a dotted path into
the figures JSON), ``published`` (as printed), ``unit`` (``count``, ``percent``, ``months``,
``eur``), ``decimals`` (as printed), ``section`` and ``text`` (the report's own words).

``compare`` rounds each computed figure at exactly the printed precision (half up, on the
decimal value), never more coarsely, so every difference the reader could see is listed.
Percent entries are ``100 × count / cohort_size`` for counts under ``sustainability.<year>``
and ``100 × share`` for shares. A difference gets a short Dutch explanation when the numbers
suggest one (another cohort's size as denominator, truncated or rounded-up percentages,
another figure's value, the same figure printed elsewhere, parts that do not add up, off by
one); at most two are given.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import yaml

import loketlib
from loketlib import nl

Number = int | float | Decimal | str
UNITS = ("count", "percent", "months", "eur")
MAX_EXPLANATIONS = 2
COLUMNS = {
    "key": "Sleutel",
    "section": "Sectie",
    "published": "Gepubliceerd",
    "computed": "Berekend",
    "explanation": "Verklaring",
}

#: Totals whose parts the figures hold: total key -> (parts, Dutch label of the parts).
_PARTS: dict[str, tuple[tuple[str, ...], str]] = {
    "housing.registrations": (("housing.registrations_by_referrer_type",), "de aanmelders"),
    "housing.closed_negative": (("housing.negative_closure_reasons",), "de redenen"),
    "fast_track.registrations": (
        (
            "fast_track.placed_fast_track",
            "fast_track.placed_regular",
            "fast_track.rejected",
            "fast_track.pending",
        ),
        "de uitkomsten",
    ),
    "corporations.quota_total": (
        tuple(f"corporations.{code}.quota" for code in ("ZW", "WL", "WP", "ZO")),
        "de taakstellingen per corporatie",
    ),
}


# --- loading -------------------------------------------------------------------------------


def published(region: str, year: int | str, root: Path | str | None = None) -> list[dict]:
    """The printed figures of one jaarverslag (``year``: a period label); ``[]`` when none."""
    base = Path(root) if root is not None else Path(loketlib.__file__).resolve().parents[1]
    path = base / "data" / "published" / f"{region}-{year}.yaml"
    if not path.is_file():
        return []
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a list of entries")
    return [_entry(raw, path, i) for i, raw in enumerate(entries, start=1)]


def _entry(raw: object, path: Path, number: int) -> dict:
    where = f"{path}, entry {number}"
    if not isinstance(raw, dict) or "key" not in raw or "published" not in raw:
        raise ValueError(f"{where}: needs at least 'key' and 'published'")
    entry = {
        "key": str(raw["key"]),
        "published": raw["published"],
        "unit": raw.get("unit", "count"),
        "decimals": int(raw.get("decimals", 0)),
        "section": raw.get("section"),
        "text": raw.get("text"),
    }
    if entry["unit"] not in UNITS:
        raise ValueError(f"{where}: unit {entry['unit']!r} is not one of {', '.join(UNITS)}")
    if isinstance(entry["published"], bool) or not isinstance(entry["published"], int | float):
        raise ValueError(f"{where}: published must be a number")
    return entry


# --- rounding ------------------------------------------------------------------------------


def to_decimal(x: Number) -> Decimal:
    """The decimal value as written (``repr`` of a float), so 0.145 is 0.145, not 0.14499…"""
    if isinstance(x, Decimal):
        return x
    if isinstance(x, float):
        return Decimal(repr(x))
    return Decimal(str(x))


def round_at(x: Number, decimals: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """``x`` at ``decimals`` decimals, half up by default: 89.0625 -> 89.1, 1.5625 -> 1.6."""
    return to_decimal(x).quantize(Decimal(1).scaleb(-decimals), rounding=rounding)


# --- looking up ----------------------------------------------------------------------------


def lookup(figures: dict, key: str) -> object:
    """The value at a dotted key, or ``None`` when the figures do not have it."""
    node: object = figures
    for part in key.split("."):
        if not isinstance(node, dict):
            return None
        if part in node:
            node = node[part]
        elif part.isdigit() and int(part) in node:
            node = node[int(part)]
        else:
            return None
    return node


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _cohort(key: str) -> str | None:
    parts = key.split(".")
    return parts[1] if parts[0] == "sustainability" and len(parts) > 2 else None


def exact(figures: dict, entry: dict) -> Decimal | None:
    """The computed figure in the entry's unit, unrounded; ``None`` when not computed."""
    value = lookup(figures, entry["key"])
    if value is None or isinstance(value, dict | bool | str):
        return None
    if entry["unit"] != "percent":
        return to_decimal(value)
    cohort = _cohort(entry["key"])
    if _is_count(value) and cohort is not None:
        size = lookup(figures, f"sustainability.{cohort}.cohort_size")
        return None if not size else Decimal(100 * value) / Decimal(size)
    if isinstance(value, float):
        return to_decimal(value) * 100
    raise ValueError(
        f"{entry['key']}: a percent is a share, or a count under sustainability.<year>"
    )


# --- comparing -----------------------------------------------------------------------------


def compare(figures: dict, entries: list[dict]) -> list[dict]:
    """One result per printed figure: the computed figure at the printed precision, a match
    flag and, for a difference, a short Dutch explanation (or ``None``)."""
    results = []
    for entry in entries:
        decimals = int(entry.get("decimals", 0))
        unit = entry.get("unit", "count")
        entry = {**entry, "decimals": decimals, "unit": unit}
        value = exact(figures, entry)
        rounded = None if value is None else round_at(value, decimals)
        match = rounded is not None and rounded == to_decimal(entry["published"])
        if value is None:
            explanation = f"Niet berekend: {entry['key']} ontbreekt in de berekende cijfers."
        elif match:
            explanation = None
        else:
            reasons = list(_explanations(entry, value, rounded, figures, entries))
            explanation = " ".join(reasons[:MAX_EXPLANATIONS]) or None
        results.append(
            {
                "key": entry["key"],
                "section": entry.get("section"),
                "text": entry.get("text"),
                "unit": unit,
                "decimals": decimals,
                "published": entry["published"],
                "computed": _plain(rounded, unit),
                "computed_exact": _plain(value, unit),
                "match": bool(match),
                "explanation": explanation,
            }
        )
    return results


def _plain(value: Decimal | None, unit: str) -> int | float | None:
    if value is None:
        return None
    if unit == "count" and value == value.to_integral_value():
        return int(value)
    return float(value)


def summary(results: list[dict]) -> dict:
    """How many printed figures there are, how many match, how many differ."""
    matches = sum(1 for r in results if r["match"])
    return {"total": len(results), "matches": matches, "differences": len(results) - matches}


def to_frame(results: list[dict]) -> pd.DataFrame:
    """The reconciliation as a table for the report, Dutch column names and Dutch numbers."""
    rows = [
        {
            COLUMNS["key"]: r["key"],
            COLUMNS["section"]: r["section"] or "",
            COLUMNS["published"]: _format(r["published"], r["unit"], r["decimals"]),
            COLUMNS["computed"]: _format(r["computed"], r["unit"], r["decimals"]),
            COLUMNS["explanation"]: r["explanation"] or "",
        }
        for r in results
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS.values()))


def _format(value: int | float | Decimal | None, unit: str, decimals: int) -> str:
    if value is None:
        return nl.MISSING
    text = nl.number(float(value), decimals)
    if unit == "percent":
        return f"{text}%"
    if unit == "months":
        return f"{text} {'maand' if round_at(value, decimals) == 1 else 'maanden'}"
    if unit == "eur":
        return f"€ {text}"
    return text


# --- explaining ----------------------------------------------------------------------------


def _explanations(
    entry: dict, value: Decimal, rounded: Decimal, figures: dict, entries: list[dict]
) -> Iterator[str]:
    """Candidate explanations of one difference, most telling first."""
    for explain in (
        _other_denominator,
        _truncated,
        _rounded_up,
        _equals_other_figure,
        _printed_elsewhere,
        _parts,
        _off_by_one,
    ):
        reason = explain(entry, value, rounded, figures, entries)
        if reason:
            yield reason


def _pct(x: Decimal | int, decimals: int) -> str:
    return f"{nl.number(float(x), decimals)}%"


def _published(entry: dict) -> Decimal:
    return to_decimal(entry["published"])


def _expressible(target: Decimal, decimals: int, denominator: int) -> list[int]:
    """Every numerator n with 100 n / denominator printed as ``target``."""
    return [
        n
        for n in range(denominator + 1)
        if round_at(Decimal(100 * n) / Decimal(denominator), decimals) == target
    ]


def _parent(key: str) -> str:
    return key.rsplit(".", 1)[0]


def _other_denominator(entry, value, rounded, figures, entries) -> str | None:
    """(a) The percentage is a count of this cohort over another cohort's size, and the other
    percentages printed next to it fit that denominator too."""
    cohort = _cohort(entry["key"])
    cohorts = figures.get("sustainability") or {}
    if entry["unit"] != "percent" or cohort is None:
        return None
    size = lookup(figures, f"sustainability.{cohort}.cohort_size")
    if not size:
        return None
    count = int(round_at(value * size / 100, 0))
    target, decimals = _published(entry), entry["decimals"]
    siblings = [
        e
        for e in entries
        if e.get("unit") == "percent"
        and e["key"] != entry["key"]
        and _parent(e["key"]) == _parent(entry["key"])
    ]
    candidates = []
    for other, figures_of_other in cohorts.items():
        other_size = (figures_of_other or {}).get("cohort_size")
        if str(other) == str(cohort) or not _is_count(other_size) or not other_size:
            continue
        numerators = _expressible(target, decimals, other_size)
        if not numerators:
            continue
        if not all(
            _expressible(_published(s), int(s.get("decimals", 0)), other_size) for s in siblings
        ):
            continue
        n = min(numerators, key=lambda k: abs(k - count))
        distance = abs(int(other) - int(cohort)) if str(other).isdigit() else 99
        candidates.append((n != count, distance, str(other), n, other_size))
    if not candidates:
        return None
    _, _, other, n, other_size = min(candidates)
    return (
        f"{_pct(target, decimals)} is {n} van {other_size} (de omvang van cohort {other}) "
        f"in plaats van {count} van {size}."
    )


def _truncated(entry, value, rounded, figures, entries) -> str | None:
    """(b) The printed figure is the exact one cut off at the printed decimals."""
    if entry["unit"] == "count":
        return None
    if round_at(value, entry["decimals"], ROUND_DOWN) != _published(entry):
        return None
    return (
        f"Afgekapt in plaats van afgerond: {_exact_text(entry, value)} is afgerond "
        f"{_format(rounded, entry['unit'], entry['decimals'])}."
    )


def _rounded_up(entry, value, rounded, figures, entries) -> str | None:
    """(c) The printed figure is the exact one rounded up at the printed decimals."""
    if entry["unit"] == "count":
        return None
    if round_at(value, entry["decimals"], ROUND_CEILING) != _published(entry):
        return None
    return (
        f"Naar boven afgerond: {_exact_text(entry, value)} is afgerond "
        f"{_format(rounded, entry['unit'], entry['decimals'])}."
    )


def _exact_text(entry: dict, value: Decimal) -> str:
    digits = entry["decimals"] + 3
    text = nl.number(float(value), digits).rstrip("0").rstrip(",")
    return f"{text}%" if entry["unit"] == "percent" else text


def _leaves(node: object, prefix: str) -> Iterator[tuple[str, object]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, f"{prefix}.{k}")
    else:
        yield prefix, node


def _group(key: str) -> str:
    parts = key.split(".")
    return ".".join(parts[:2]) if parts[0] == "sustainability" else parts[0]


def _equals_other_figure(entry, value, rounded, figures, entries) -> str | None:
    """(d) The printed count is another computed count of the same group."""
    if entry["unit"] != "count":
        return None
    group = _group(entry["key"])
    target = _published(entry)
    for key, other in _leaves(lookup(figures, group), group):
        if key != entry["key"] and _is_count(other) and Decimal(other) == target:
            return f"Gelijk aan {key} ({other})."
    return None


def _printed_elsewhere(entry, value, rounded, figures, entries) -> str | None:
    """(e) The jaarverslag prints the same figure elsewhere with another value."""
    target = _published(entry)
    others = []
    for e in entries:
        if e["key"] == entry["key"] and e.get("unit", "count") == entry["unit"]:
            printed = _published(e)
            if printed != target and printed not in others:
                others.append(printed)
    if not others:
        return None
    values = " en ".join(_format(v, entry["unit"], entry["decimals"]) for v in others)
    return f"Het jaarverslag noemt elders {values}."


def _part_keys(key: str, figures: dict) -> tuple[list[str], str] | None:
    if key in _PARTS:
        roots, label = _PARTS[key]
    elif _cohort(key) is not None and key.endswith(".cohort_size"):
        roots, label = (f"{_parent(key)}.housing_status",), "de woonsituaties"
    else:
        return None
    keys = [k for root in roots for k, _ in _leaves(lookup(figures, root), root)]
    return keys, label


def _parts(entry, value, rounded, figures, entries) -> str | None:
    """(f) The parts (as printed where printed, else as computed) add up to another total."""
    if entry["unit"] != "count":
        return None
    found = _part_keys(entry["key"], figures)
    if not found:
        return None
    keys, label = found
    printed = {e["key"]: e["published"] for e in entries if e.get("unit", "count") == "count"}
    values = [printed.get(k, lookup(figures, k)) for k in keys]
    if not values or not all(_is_count(v) for v in values):
        return None
    total = sum(values)
    if Decimal(total) == _published(entry):
        return None
    terms = f" ({' + '.join(str(v) for v in values)})" if len(values) <= 5 else ""
    return f"{label[0].upper()}{label[1:]} tellen op tot {total}{terms}."


def _off_by_one(entry, value, rounded, figures, entries) -> str | None:
    """(g) The printed count is one more or one less than the computed count."""
    if entry["unit"] != "count" or abs(_published(entry) - value) != 1:
        return None
    return f"Verschil van 1 ({entry['published']} in plaats van {_plain(value, 'count')})."
