"""Statistical disclosure control for reports shared outside the desk (``--audience extern``).

Small counts of people are shown as ``MARKER`` ("x"); the report explains
"x = minder dan {threshold}, of afgeschermd zodat het niet terug te rekenen is".

Rules (``protect_counts``):

- Primary suppression: a count with ``0 < value < threshold`` becomes ``MARKER``.
  A zero stays 0: it says nobody is in the cell and so reveals nothing about a person.
- Secondary suppression: the total of a breakdown is shown (when no total is given, the sum of
  the parts is taken as shown). If exactly one cell is suppressed it could be recomputed by
  subtraction, so the smallest shown nonzero part (first in key order on ties) is suppressed
  too; if no nonzero part is left, the first zero part is. With a total, a breakdown ends with
  either no suppressed cells or at least two. A breakdown of a single part cannot be protected
  this way (its total is the part); it is returned with its one marker.

Keys ``protect_figures`` changes (everything else is copied as is):

- Totals of people: ``housing.registrations``, ``.intakes``, ``.placements``,
  ``.closed_positive``, ``.closed_negative``, ``.invoiced_trajectories`` (also of each
  ``history`` year and ``regions`` entry), ``fast_track.registrations`` and
  ``sustainability.<cohort>.cohort_size`` are ``MARKER`` when in 1..threshold-1; so is
  ``housing.invoiced_amount_eur`` when ``invoiced_trajectories`` is (amount / price = count).
  A total is never smaller than one of its parts, so the parts of a hidden total are hidden
  or 0 already.
- ``housing.negative_closure_reasons``: protected with total ``housing.closed_negative``.
- ``housing.registrations_by_referrer_type``: protected with total ``housing.registrations``.
- ``housing.mean_wait_months``: None when ``housing.placements < threshold``.
- ``fast_track.placed_fast_track``, ``placed_regular``, ``rejected``, ``pending``: protected
  together with total ``fast_track.registrations``; ``fast_track.mean_wait_months`` is None when
  ``placed_fast_track < threshold``.
- ``sustainability.<cohort>.housing_status``, ``.nuisance``, ``.arrears``: each protected with
  total ``cohort_size``. ``sustainable_share`` (numerator ``nuisance.none``) is None when that
  cell is suppressed; ``broad_sustainable_share`` (numerator round(share * cohort_size)) is None
  when that numerator is in 1..threshold-1; both are None when ``cohort_size < threshold``.
  ``measured`` (= cohort size − ``housing_status.unknown``) is ``MARKER`` when it is small or
  when ``housing_status.unknown`` is suppressed.
- ``corporations.<code>.placements_year_to_date``: protected together (their sum as total).
- ``corporations.<code>.placements``: protected together with total ``housing.placements``;
  ``corporations.<code>.mean_wait_months`` is None when the corporation has fewer than
  ``threshold`` placements. ``quota`` and ``quota_total`` are agreements, not people: kept.
- ``rooms_with_chances.registrations``, ``.placements`` and ``complaints.received``,
  ``.committee_decisions``: ``MARKER`` when in 1..threshold-1 (no breakdown, so no secondary).
- ``meta.sheets`` (the data-quality appendix: per sheet ``read`` = ``clean`` + ``quarantined``
  + ``duplicates_removed``, and the column totals) is protected as a grid by ``protect_sheets``;
  the column totals it shows are put in ``meta.sheets_total``.
- ``meta.quarantine`` (with total ``meta.sheets_total.quarantined``) and ``meta.warnings``:
  protected like any breakdown.
- ``history.<year>``: ``housing`` and ``corporations`` protected as above (as the figures of
  that year alone would be; a year's totals are shown like the period's).
- ``regions.<slug>``: ``housing`` and ``corporations`` protected as above; then each count of
  ``REGION_COUNTS`` across the regions with zuid-limburg's as total, and the grid of
  corporation placements (regions × corporations, with both totals) until no row or column has
  exactly one marker. A breakdown whose total became ``MARKER`` shows none of its nonzero parts,
  and a region's mean wait is None when its placements are hidden.
- ``fast_track_evaluation.<route>``: every count ``MARKER`` when in 1..threshold-1;
  ``median_months_to_lease`` None with fewer than ``threshold`` placements;
  ``share_placed_within_3_months`` and ``interval_95`` None with fewer than ``threshold``
  eligible or a hidden ``placed_within_3_months``.
- ``meta.protected`` is set to ``{"audience": "extern", "threshold": threshold}``.

Kaplan–Meier curves (frames of :func:`loketlib.figures.survival.km_frame`) and their numbers
at risk, for the research's small multiples (``protect_curves``, ``protect_at_risk``): each step
of a curve is the event of one or a few people, so a curve is drawn only while at least
``threshold`` people are at risk (it is cut after the last such step), and left out when its
group has fewer than ``threshold`` people or the part drawn holds 1..threshold-1 events. The
numbers at risk at each time are protected as a breakdown over the groups (``protect_counts``).

A share (``protect_shares``) is hidden with its part when the part or the rest (whole − part)
is small: share × whole would give the part back.

A threshold below ``MIN_THRESHOLD`` (3) is refused for an extern audience (``check_threshold``):
with 2 or less, counts of 2 people could be shown under a banner that promises protection.

A mean over fewer than ``threshold`` people would describe individuals, hence the None rules.
"""

from __future__ import annotations

import copy
import numbers
from collections.abc import Hashable, Mapping

import pandas as pd

from loketlib.nl import MARKER

#: The lowest threshold an extern report accepts.
MIN_THRESHOLD = 3
SHEET_PARTS = ("clean", "quarantined", "duplicates_removed")
FAST_TRACK_PARTS = ("placed_fast_track", "placed_regular", "rejected", "pending")
REGION_COUNTS = (
    "registrations",
    "intakes",
    "placements",
    "closed_positive",
    "closed_negative",
    "invoiced_trajectories",
)
#: Breakdowns of a region's housing figures and the count that is their total.
REGION_BREAKDOWNS = {
    "registrations_by_referrer_type": "registrations",
    "negative_closure_reasons": "closed_negative",
}
EVALUATION_COUNTS = (
    "registrations",
    "placements",
    "eligible",
    "placed_within_3_months",
    "rejected",
    "moved_to_regular",
)
SUSTAINABILITY_BREAKDOWNS = ("housing_status", "nuisance", "arrears")


def is_small(value: object, threshold: int = 5) -> bool:
    """True for a count that primary suppression hides (``0 < value < threshold``)."""
    return not isinstance(value, str) and value is not None and 0 < value < threshold


def protect_counts(
    parts: Mapping[Hashable, int], total: int | None, threshold: int = 5
) -> dict[Hashable, int | str]:
    """The parts of a breakdown with primary and secondary suppression applied.

    ``total`` is the total shown next to the parts; None means the sum of the parts counts as
    shown. Values already equal to ``MARKER`` count as suppressed. The input is not changed.
    """
    out: dict[Hashable, int | str] = {
        key: MARKER if is_small(value, threshold) else value for key, value in parts.items()
    }
    order = {key: i for i, key in enumerate(out)}
    while _count_markers(out) == 1:
        shown = [key for key, value in out.items() if value != MARKER]
        if not shown:
            break
        nonzero = [key for key in shown if out[key] != 0]
        pick = min(nonzero or shown, key=lambda k: (out[k], order[k]))
        out[pick] = MARKER
    return out


def is_recoverable(parts: Mapping[Hashable, int | str], total: int | None) -> bool:
    """True if a suppressed cell follows from the shown cells and the total.

    With no total, or a hidden one (``MARKER``), nothing can be subtracted. With a total, one
    suppressed cell equals the total minus the shown cells, and suppressed cells summing to 0
    (counts are never negative) are all 0.
    """
    markers = _count_markers(parts)
    if total is None or total == MARKER or markers == 0:
        return False
    if markers == 1:
        return True
    hidden = total - sum(value for value in parts.values() if value != MARKER)
    return hidden == 0


def check_threshold(threshold: int) -> int:
    """The threshold, or ValueError (one line, with the reason) when it protects too little."""
    if not isinstance(threshold, numbers.Integral) or threshold < MIN_THRESHOLD:
        raise ValueError(
            f"threshold {threshold!r} is too low for an extern report: counts below "
            f"{MIN_THRESHOLD} would be shown, so people could be recognised; use "
            f"--threshold {MIN_THRESHOLD} or more (default 5)"
        )
    return threshold


def protect_values(value: object, threshold: int = 5) -> object:
    """Primary suppression of the counts in a value a notebook passes to the narrative.

    Every int in 1..threshold-1 (also inside dicts, lists and tuples) becomes ``MARKER``;
    anything else (text, floats, frames, bools) is kept.
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return MARKER if is_small(value, threshold) else value
    if isinstance(value, Mapping):
        return {key: protect_values(item, threshold) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(protect_values(item, threshold) for item in value)
    return value


def protect_sheets(sheets: Mapping[str, Mapping[str, int]], threshold: int = 5):
    """The data-quality counts per sheet, protected as a grid, and the column totals shown.

    Rows are sheets (``read`` = ``clean`` + ``quarantined`` + ``duplicates_removed``), the
    totals row sums every column. Small cells become ``MARKER``; then, until nothing changes,
    every row, column and the totals row that hides exactly one cell hides one more (the
    smallest shown nonzero part, else a zero part, else its total), so no hidden cell is one
    subtraction away.
    """
    columns = ("read", *SHEET_PARTS)
    names = list(sheets)
    cells = {(name, c): sheets[name][c] for name in names for c in columns}
    cells |= {("", c): sum(sheets[name][c] for name in names) for c in columns}
    hidden = {cell for cell, value in cells.items() if is_small(value, threshold)}
    groups = [([(name, c) for c in SHEET_PARTS], (name, "read")) for name in ["", *names]]
    groups += [([(name, c) for name in names], ("", c)) for c in columns]
    changed = True
    while changed:
        changed = False
        for parts, total in groups:
            if sum(cell in hidden for cell in (*parts, total)) != 1:
                continue
            shown = [cell for cell in parts if cell not in hidden]
            nonzero = [cell for cell in shown if cells[cell] != 0]
            pick = min(nonzero, key=lambda cell: cells[cell], default=None)
            pick = pick or (shown[0] if shown else total)
            if pick not in hidden:
                hidden.add(pick)
                changed = True
    value = {cell: MARKER if cell in hidden else v for cell, v in cells.items()}
    rows = {name: {**sheets[name], **{c: value[(name, c)] for c in columns}} for name in names}
    return rows, {c: value[("", c)] for c in columns}


def protect_figures(figures: dict, threshold: int = 5) -> dict:
    """A deep copy of the figures JSON protected for an external audience (module docstring).

    Raises ValueError for a threshold below ``MIN_THRESHOLD``.
    """
    check_threshold(threshold)
    out = copy.deepcopy(figures)
    housing = out.get("housing")
    if isinstance(housing, dict):
        _protect_breakdown(
            housing, "negative_closure_reasons", housing.get("closed_negative"), threshold
        )
        _protect_breakdown(
            housing, "registrations_by_referrer_type", housing.get("registrations"), threshold
        )
        if _fewer(housing.get("placements"), threshold):
            housing["mean_wait_months"] = None
        _protect_totals(housing, threshold)

    fast = out.get("fast_track")
    if isinstance(fast, dict):
        present = {key: fast[key] for key in FAST_TRACK_PARTS if key in fast}
        fast.update(protect_counts(present, fast.get("registrations"), threshold))
        if is_small(fast.get("registrations"), threshold):
            fast["registrations"] = MARKER
        if _fewer(figures["fast_track"].get("placed_fast_track"), threshold):
            fast["mean_wait_months"] = None

    for cohort in (out.get("sustainability") or {}).values():
        _protect_cohort(cohort, threshold)

    corporations = out.get("corporations")
    if isinstance(corporations, dict):
        rows = {
            code: row
            for code, row in corporations.items()
            if isinstance(row, dict) and "placements" in row
        }
        total = housing.get("placements") if isinstance(housing, dict) else None
        protected = protect_counts(
            {code: row["placements"] for code, row in rows.items()}, total, threshold
        )
        for code, row in rows.items():
            if _fewer(row["placements"], threshold):
                row["mean_wait_months"] = None
            row["placements"] = protected[code]
        ytd = "placements_year_to_date"
        to_date = {c: r[ytd] for c, r in rows.items() if ytd in r}
        for code, value in protect_counts(to_date, None, threshold).items():
            rows[code][ytd] = value

    for section in ("rooms_with_chances", "complaints"):
        counts = out.get(section)
        if isinstance(counts, dict):
            for key, value in counts.items():
                if isinstance(value, numbers.Integral) and is_small(value, threshold):
                    counts[key] = MARKER

    _protect_comparisons(out, threshold)
    meta = out.setdefault("meta", {})
    _protect_meta(meta, threshold)
    meta["protected"] = {"audience": "extern", "threshold": threshold}
    return out


def _protect_comparisons(out: dict, threshold: int) -> None:
    """``history``, ``regions`` and ``fast_track_evaluation`` (module docstring), in place."""
    for key in ("history", "regions"):
        for entry in (out.get(key) or {}).values():
            pair = {"housing": entry["housing"], "corporations": entry["corporations"]}
            protected = protect_figures(pair, threshold)
            entry["housing"], entry["corporations"] = (
                protected["housing"],
                protected["corporations"],
            )
    if out.get("regions") and isinstance(out.get("housing"), dict):
        _protect_regions(out["regions"], out["housing"], out.get("corporations") or {}, threshold)
    for route in (out.get("fast_track_evaluation") or {}).values():
        original = dict(route)
        for key in EVALUATION_COUNTS:
            if is_small(route.get(key), threshold):
                route[key] = MARKER
        if _fewer(original.get("placements"), threshold):
            route["median_months_to_lease"] = None
        if _fewer(original.get("eligible"), threshold) or route["placed_within_3_months"] == MARKER:
            route["share_placed_within_3_months"] = None
            route["interval_95"] = None


def _protect_regions(regions: dict, total: dict, corporations: dict, threshold: int) -> None:
    housing = {slug: entry["housing"] for slug, entry in regions.items()}
    for key in REGION_COUNTS:
        column = protect_counts({s: h[key] for s, h in housing.items()}, total.get(key), threshold)
        for slug, value in column.items():
            housing[slug][key] = value
    codes = [c for c, row in corporations.items() if isinstance(row, dict)]
    grid = {s: {c: e["corporations"][c]["placements"] for c in codes} for s, e in regions.items()}
    changed = True
    while changed:
        before = _count_markers({(s, c): v for s, row in grid.items() for c, v in row.items()})
        for slug, row in grid.items():
            row_total = housing[slug]["placements"]
            grid[slug] = protect_counts(row, None if row_total == MARKER else row_total, threshold)
        for code in codes:
            column = protect_counts(
                {s: grid[s][code] for s in grid}, corporations[code].get("placements"), threshold
            )
            for slug, value in column.items():
                grid[slug][code] = value
        after = _count_markers({(s, c): v for s, row in grid.items() for c, v in row.items()})
        changed = after != before
    for slug, entry in regions.items():
        for code in codes:
            entry["corporations"][code]["placements"] = grid[slug][code]
            if grid[slug][code] == MARKER:
                entry["corporations"][code]["mean_wait_months"] = None
        h = housing[slug]
        if h["placements"] == MARKER:
            h["mean_wait_months"] = None
            _hide_nonzero(grid[slug])
            for code in codes:
                entry["corporations"][code]["placements"] = grid[slug][code]
                entry["corporations"][code]["mean_wait_months"] = None
        for breakdown, count in REGION_BREAKDOWNS.items():
            if h[count] == MARKER and isinstance(h.get(breakdown), dict):
                _hide_nonzero(h[breakdown])


def _protect_totals(housing: dict, threshold: int) -> None:
    """The totals of people in ``housing`` (module docstring), in place."""
    for key in REGION_COUNTS:
        if is_small(housing.get(key), threshold):
            housing[key] = MARKER
    if housing.get("invoiced_trajectories") == MARKER and "invoiced_amount_eur" in housing:
        housing["invoiced_amount_eur"] = MARKER


def _hide_nonzero(parts: dict) -> None:
    for key, value in parts.items():
        if value != 0:
            parts[key] = MARKER


def protect_table(
    df: pd.DataFrame,
    count_columns: list[str],
    total_row: bool,
    threshold: int = 5,
    share_columns: dict[str, str] | None = None,
) -> pd.DataFrame:
    """A copy of a table of counts with each count column protected like ``protect_counts``.

    Rows are groups; with ``total_row`` the last row is the column total (kept as is), otherwise
    the column sum counts as shown. ``share_columns`` maps a share column to its count column;
    a share whose count is suppressed becomes None. Missing counts (NA) are left alone.
    """
    out = df.copy()
    n_groups = len(out) - 1 if total_row else len(out)
    masks: dict[str, list[bool]] = {}
    for column in count_columns:
        values = out[column].tolist()
        parts = {i: values[i] for i in range(n_groups) if not _isna(values[i])}
        total = None
        if total_row and len(out) and not _isna(values[-1]):
            total = values[-1]
        protected = protect_counts(parts, total, threshold)
        new = [
            protected.get(i, values[i]) if i < n_groups else values[i] for i in range(len(values))
        ]
        masks[column] = [value == MARKER for value in new]
        if any(masks[column]):
            out[column] = pd.Series(new, index=out.index, dtype=object)
    for share, count in (share_columns or {}).items():
        if count not in masks:
            raise ValueError(f"share column {share!r} refers to unprotected column {count!r}")
        if any(masks[count]):
            out[share] = (
                out[share].astype(object).where(~pd.Series(masks[count], index=out.index), None)
            )
    return out


def protect_rates(
    df: pd.DataFrame,
    count: str,
    threshold: int = 5,
    size: str | None = None,
    with_count: tuple[str, ...] = (),
) -> pd.DataFrame:
    """A copy of a table of groups with a ``count`` column (of signals, or of the ``size``
    tenants of a group with some outcome), protected for extern.

    A count in 1..threshold-1 is hidden, and so is a count whose rest (``size`` minus count) is;
    the groups add up to a total shown elsewhere, so secondary suppression follows
    ``protect_counts``. The ``with_count`` columns (its share, its interval) of a hidden count
    are left empty.
    """
    out = df.copy()
    values = out[count].tolist()
    rests = (out[size] - out[count]).tolist() if size else [None] * len(values)
    parts = {
        i: MARKER if is_small(value, threshold) or is_small(rest, threshold) else value
        for i, (value, rest) in enumerate(zip(values, rests, strict=True))
    }
    hidden = pd.Series(
        [value == MARKER for value in protect_counts(parts, None, threshold).values()],
        index=out.index,
    )
    if hidden.any():
        out[count] = out[count].astype(object).where(~hidden, MARKER)
        for column in with_count:
            out[column] = out[column].astype(object).where(~hidden, None)
    return out


def protect_shares(
    values: Mapping[str, object], shares: Mapping[str, tuple[str, str]], threshold: int = 5
) -> dict:
    """``values`` with each share protected with the count it stands for (input not changed).

    ``shares`` maps a share key to its (part key, whole key). The part is ``MARKER`` when it,
    or the rest (whole − part), is in 1..threshold-1 or hidden: share × whole would give the
    part back, and whole − part the rest. The share of a hidden part is None.
    """
    out = dict(values)
    for share, (part, whole) in shares.items():
        p, w = values[part], values[whole]
        known = MARKER not in (p, w) and p is not None and w is not None
        if not known or is_small(p, threshold) or is_small(w - p, threshold):
            out[part], out[share] = MARKER, None
    return out


def protect_curves(
    curves: Mapping[str, pd.DataFrame], threshold: int = 5
) -> dict[str, pd.DataFrame]:
    """The Kaplan–Meier curves fit to show extern (module docstring); the input is not changed.

    A curve (columns ``time_months``, ``n_at_risk``, ``events`` and its values) keeps its rows
    with at least ``threshold`` at risk; it is left out when none are left or they hold
    1..threshold-1 events.
    """
    out = {}
    for group, frame in curves.items():
        kept = frame[frame["n_at_risk"] >= threshold]
        if kept.empty or is_small(int(kept["events"].sum()), threshold):
            continue
        out[group] = kept.reset_index(drop=True)
    return out


def protect_at_risk(at_risk: pd.DataFrame, threshold: int = 5) -> pd.DataFrame:
    """Numbers at risk (groups x times) with each time's column protected as a breakdown over
    the groups (primary and secondary suppression); hidden numbers become ``MARKER``."""
    out = at_risk.astype(object)
    for column in out.columns:
        protected = protect_counts(dict(enumerate(out[column].tolist())), None, threshold)
        out[column] = pd.Series(list(protected.values()), index=out.index, dtype=object)
    return out


def _protect_meta(meta: dict, threshold: int) -> None:
    """The data-quality counts: rows per sheet, quarantine reasons, warnings."""
    total = None
    if isinstance(meta.get("sheets"), dict):
        meta["sheets"], meta["sheets_total"] = protect_sheets(meta["sheets"], threshold)
        total = meta["sheets_total"]["quarantined"]
    _protect_breakdown(meta, "quarantine", total, threshold)
    _protect_breakdown(meta, "warnings", None, threshold)


def _protect_breakdown(section: dict, key: str, total: int | None, threshold: int) -> None:
    if isinstance(section.get(key), dict):
        section[key] = protect_counts(section[key], total, threshold)


def _protect_cohort(cohort: dict, threshold: int) -> None:
    size = cohort.get("cohort_size")
    broad = cohort.get("broad_sustainable_share")
    for key in SUSTAINABILITY_BREAKDOWNS:
        _protect_breakdown(cohort, key, size, threshold)
    unknown = (cohort.get("housing_status") or {}).get("unknown")
    if is_small(cohort.get("measured"), threshold) or unknown == MARKER:
        cohort["measured"] = MARKER
    nuisance = cohort.get("nuisance") or {}
    if _fewer(size, threshold):
        if is_small(size, threshold):
            cohort["cohort_size"] = MARKER
        cohort["sustainable_share"] = None
        cohort["broad_sustainable_share"] = None
        return
    if nuisance.get("none") == MARKER:
        cohort["sustainable_share"] = None
    if broad is not None and size and is_small(round(broad * size), threshold):
        cohort["broad_sustainable_share"] = None


def _fewer(value: object, threshold: int) -> bool:
    return isinstance(value, numbers.Integral) and value < threshold


def _count_markers(parts: Mapping[Hashable, object]) -> int:
    return sum(1 for value in parts.values() if isinstance(value, str) and value == MARKER)


def _isna(value: object) -> bool:
    return not isinstance(value, str) and bool(pd.isna(value))
