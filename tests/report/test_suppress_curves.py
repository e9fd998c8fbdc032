"""Extern Kaplan–Meier curves: cut where fewer than the threshold are at risk, left out when
they would show a few people's events; numbers at risk protected as a breakdown."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loketlib.figures.survival import km_frame
from loketlib.report import research_charts
from loketlib.report.suppress import MARKER, is_small, protect_at_risk, protect_curves


def _curve(times, events) -> pd.DataFrame:
    return km_frame(np.array(times, dtype=float), np.array(events, dtype=int))


def test_a_curve_is_cut_where_fewer_than_the_threshold_are_at_risk():
    # 12 tenants: an event at each of 1..10 months; two followed up to 24 months
    curve = _curve([*range(1, 11), 24, 24], [1] * 10 + [0, 0])
    assert curve["n_at_risk"].min() < 5  # the tail shows a step of one of a few people
    [kept] = protect_curves({"Alle": curve}, 5).values()
    assert kept["n_at_risk"].min() >= 5
    assert kept["time_months"].tolist() == [float(t) for t in range(9)]  # 5 at risk at 8
    assert kept["survival"].tolist() == curve["survival"].tolist()[:9]
    assert len(curve) == 12  # the input is not changed


def test_a_small_group_or_a_few_events_leave_the_curve_out():
    small = _curve([1, 2, 24, 24], [1, 1, 0, 0])  # 4 tenants
    few = _curve([3, 7, *[24] * 20], [1, 1, *[0] * 20])  # 22 tenants, 2 events
    none = _curve([24] * 12, [0] * 12)  # nobody had the outcome: a flat line, 0 events
    many = _curve([*range(1, 11), *[24] * 10], [1] * 10 + [0] * 10)
    out = protect_curves({"Klein": small, "Weinig": few, "Geen": none, "Veel": many}, 5)
    assert list(out) == ["Geen", "Veel"]
    assert protect_curves({"Weinig": few}, 3) == {}
    # threshold 3: the small group keeps 4, 4 and 3 at risk, but those steps are 2 events
    assert protect_curves({"Klein": small}, 3) == {}
    assert list(protect_curves({"Klein": small}, 2)) == ["Klein"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 30), st.booleans()), min_size=1, max_size=40),
    st.integers(3, 10),
)
def test_property_a_kept_curve_shows_no_small_number(tenants, threshold):
    times = [t for t, _ in tenants]
    events = [int(e) for _, e in tenants]
    out = protect_curves({"g": _curve(times, events)}, threshold)
    for frame in out.values():
        assert (frame["n_at_risk"] >= threshold).all()
        assert not is_small(int(frame["events"].sum()), threshold)


def test_numbers_at_risk_are_protected_per_time_as_a_breakdown():
    at_risk = pd.DataFrame({0: [40, 3, 12], 12: [30, 0, 8], 24: [20, 0, 2]}, index=["A", "B", "C"])
    out = protect_at_risk(at_risk, 5)
    assert out[0].tolist() == [40, MARKER, MARKER]  # 3 hidden, and 12 so 3 cannot be recomputed
    assert out[12].tolist() == [30, 0, 8]
    assert out[24].tolist() == [MARKER, 0, MARKER]
    assert list(out.index) == ["A", "B", "C"]
    assert at_risk[0].tolist() == [40, 3, 12]  # the input is not changed


def test_km_grid_keeps_each_group_its_colour_when_a_curve_is_left_out():
    curves = {
        "Ja": _curve([*range(1, 11), *[24] * 10], [1] * 10 + [0] * 10),
        "Nee": _curve([3, 7, *[24] * 20], [1, 1, *[0] * 20]),
        "Onbekend": _curve([*range(2, 12), *[24] * 10], [1] * 10 + [0] * 10),
    }
    at_risk = pd.DataFrame({0: [20, 22, 20], 12: [10, 20, 10]}, index=list(curves))
    full = research_charts.km_grid([("Kenmerk", curves, at_risk)])
    shown = protect_curves(curves, 5)
    assert list(shown) == ["Ja", "Onbekend"]
    fig = research_charts.km_grid([("Kenmerk", shown, protect_at_risk(at_risk, 5))])
    [ax] = [a for a in fig.axes if a.get_title() == "Kenmerk"]
    [full_ax] = [a for a in full.axes if a.get_title() == "Kenmerk"]
    colours = {line.get_label(): line.get_color() for line in ax.lines}
    full_colours = {line.get_label(): line.get_color() for line in full_ax.lines}
    assert colours == {k: full_colours[k] for k in ("Ja", "Onbekend")}
    last = fig.data.set_index("Groep")["Zonder uitkomst (eind)"]
    assert pd.isna(last["Nee"])  # no curve, no value


def _placement(times, placed) -> pd.DataFrame:
    frame = _curve(times, placed)
    return frame.assign(
        placed=1 - frame["survival"],
        placed_lower=1 - frame["ci_upper"],
        placed_upper=1 - frame["ci_lower"],
    )


def test_extern_route_curves_stop_where_few_still_wait():
    from loketlib.report import charts, views

    # 12 candidates, one placed at each of 1..10 months, two still waiting at 15 months
    regular = _placement([*range(1, 11), 15, 15], [1] * 10 + [0, 0])
    route = {"placements": 10}
    f = {"fast_track_evaluation": {"fast_track": route, "regular": route}}
    intern = views.route_curves({"regular": regular}, f)
    assert intern["Regulier"]["time_months"].max() == 15  # intern: the whole curve
    f["meta"] = {"protected": {"audience": "extern", "threshold": 5}}
    [shown] = views.route_curves({"regular": regular}, f).values()
    assert shown["n_at_risk"].min() >= 5 and shown["time_months"].max() == 8
    fig = charts.placement_curves({"Regulier": shown})
    assert pd.isna(fig.data.loc[0, "Gestart binnen 12 maanden"])  # the curve stops at 8
    assert fig.data.loc[0, "Gestart binnen 3 maanden"] == pytest.approx(3 / 12)
