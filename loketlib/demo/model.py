"""The demo model: trajectories flowing through time, as clean-coded frames (the "truth").

The model works backwards from events, year by year and region by region: a placement in a
year at a corporation gets a wait drawn for that corporation (then shifted so that the
group's mean wait is the parameter), and its corporation registration, intake and
registration lie before it; registrations and intakes without a placement (rejections,
withdrawals, candidates still waiting) fill the year's counts; closures take the oldest open
placements; a positive closure starts two years of follow-up measurements whose outcomes
follow each person's risk; arrears signals follow the hazard assumptions of
:mod:`loketlib.demo.params`. :mod:`loketlib.demo.writer` turns the truth into a messy export.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from loketlib.demo import params as P
from loketlib.figures import DAYS_PER_MONTH

DAY = pd.Timedelta(days=1)
EXPORT_DATE = pd.Timestamp(P.EXPORT_DATE)


@dataclass
class Truth:
    """The model's trajectories and events, with English codes (before any mess is added)."""

    trajectories: list[dict] = field(default_factory=list)
    providers: pd.DataFrame | None = None
    quotas: list[dict] = field(default_factory=list)
    invoices: list[dict] = field(default_factory=list)
    measurements: list[dict] = field(default_factory=list)
    signals: list[dict] = field(default_factory=list)
    complaints: list[dict] = field(default_factory=list)


def providers() -> pd.DataFrame:
    """Care providers: convenantpartners (fixed fee) and deelnemers (pay per trajectory)."""
    rows = [
        ("Mondriaan", "convenantpartner", None),
        ("Leger des Heils Zuid", "convenantpartner", None),
        ("Moveoo", "convenantpartner", None),
        ("Levanto Wonen", "convenantpartner", None),
        ("Zorggroep De Zwaluw", "deelnemer", "2019-03-01"),
        ("Begeleid Thuis Limburg", "deelnemer", "2020-01-01"),
        ("Stichting Op Weg", "deelnemer", "2018-06-01"),
        ("Hulp & Huis", "deelnemer", "2022-07-01"),
        ("Ambulant Plus", "deelnemer", "2022-07-01"),
        ("Koraal", "deelnemer", "2017-09-01"),
    ]
    return pd.DataFrame(rows, columns=["provider", "provider_type", "agreement_since"])


class Model:
    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.truth = Truth(providers=providers())
        self.next_id = 1
        provs = self.truth.providers
        self.covenant = list(provs.loc[provs.provider_type.eq("convenantpartner"), "provider"])
        self.agreed = {
            r.provider: pd.Timestamp(r.agreement_since)
            for r in provs.itertuples()
            if r.provider_type == "deelnemer"
        }

    # -- helpers -------------------------------------------------------------------------
    def day_in(self, start: pd.Timestamp, end: pd.Timestamp) -> pd.Timestamp:
        days = max((end - start).days, 0)
        return start + int(self.rng.integers(0, days + 1)) * DAY

    def choice(self, probabilities: dict[str, float]) -> str:
        keys = list(probabilities)
        p = np.array([probabilities[k] for k in keys], dtype=float)
        return keys[self.rng.choice(len(keys), p=p / p.sum())]

    def poisson(self, mean: float) -> int:
        return int(self.rng.poisson(mean))

    def new(self, region: str, product: str, registered_on: pd.Timestamp, **values) -> dict:
        year = registered_on.year
        trajectory = {
            "trajectory_id": f"LH-{year}-{self.next_id:05d}",
            "region": region,
            "product": product,
            "route": "regular",
            "registered_on": registered_on,
            "moved_to_regular": False,
            **self.person(product, registered_on),
            **values,
        }
        self.next_id += 1
        self.truth.trajectories.append(trajectory)
        return trajectory

    def person(self, product: str, registered_on: pd.Timestamp) -> dict:
        a = P.ATTRIBUTES
        age = (
            int(self.rng.integers(18, 25))
            if product == "rooms_with_chances"
            else int(np.clip(self.rng.normal(36, 11), 18, 75))
        )
        return {
            "age": age,
            "household": self.choice(a["household"]),
            "income_source": self.choice(a["income_source"]),
            "guardianship": bool(self.rng.random() < a["guardianship"]),
            "rent_allowance_at_start": bool(self.rng.random() < a["rent_allowance_at_start"]),
            "direct_debit": bool(self.rng.random() < a["direct_debit"]),
            "base_rent": float(np.round(self.rng.normal(560, 90), 2)),
        }

    def referrer(self, deelnemer: bool, when: pd.Timestamp, invoiced: bool | None = None) -> str:
        """A provider of the type; for deelnemers, one with (or without) an agreement then."""
        if not deelnemer:
            return str(self.rng.choice(self.covenant))
        pool = [
            name
            for name, since in self.agreed.items()
            if invoiced is None or (since <= when) == invoiced
        ]
        return str(self.rng.choice(pool or list(self.agreed)))

    def pilot_2023(self, seed: int) -> None:
        """The pilot's first full year (``P.PILOT_2023``), drawn from its own random stream
        after every region, so the rest of the export is what it was without it: of WM's 2023
        ZOwonen placements registered in 2023, some become fast-track placements (their
        registration, intake and corporation registration redrawn before the same lease, still
        in 2023), and admitted candidates registered from October become fast-track candidates
        still waiting. Yearly counts do not change; ZOwonen's 2023 wait does."""
        rng = np.random.default_rng([seed, 2023])
        placed, waiting = _pilot_candidates(self)
        extra = P.PILOT_2023
        shape, mean = P.PILOT_WAIT
        for i in rng.permutation(len(placed))[: extra["placed_fast_track"]]:
            t = placed[int(i)]
            wait = pd.Timedelta(days=round(float(rng.gamma(shape, mean / shape)) * DAYS_PER_MONTH))
            corp_reg = t["lease_start_on"] - wait
            intake = corp_reg - int(rng.integers(3, 15)) * DAY
            reg = max(intake - int(rng.integers(3, 12)) * DAY, pd.Timestamp(2023, 1, 1))
            t.update(
                route="fast_track",
                registered_on=reg,
                intake_on=max(intake, reg),
                corporation_registered_on=max(corp_reg, reg),
            )
        for i in rng.permutation(len(waiting))[: extra["pending"]]:
            waiting[int(i)]["route"] = "fast_track"

    # -- one region ----------------------------------------------------------------------
    def region(self, region: str) -> None:
        scale = P.REGION_SCALE[region]
        years = range(P.FIRST_YEAR - 2, P.LAST_YEAR + 1)
        targets = {year: self.targets(region, year, scale) for year in years}
        placed = {year: self.placements(region, year, targets[year]) for year in years}
        open_leases: list[dict] = []
        for year in years:  # registrations of a year are known once every placement exists
            self.fill_registrations(region, year, targets[year])
            open_leases = self.closures(year, targets[year], open_leases + placed[year], region)
            self.quotas(region, year, targets[year])
            self.rooms(region, year, targets[year])
            self.complaints(region, year, targets[year])

    def targets(self, region: str, year: int, scale: float) -> dict:
        if (region, year) in P.CALIBRATED:
            return P.CALIBRATED[(region, year)]
        if year < P.FIRST_YEAR:  # placements in the first year were registered the year before
            return {
                "placements": {},
                "registrations": 0,
            }  # years before the first only give referrers to early registrations
        trend = 1 + 0.03 * (year - 2019)
        if region == P.WM:
            placements = P.WM_PLACEMENTS[year]
            positive = P.WM_POSITIVE[year]
        else:
            placements = self.poisson(66 * scale * trend)
            positive = self.poisson(placements * 0.88) if year > P.FIRST_YEAR else placements // 2
        mix = P.CORPORATION_MIX[region]
        per_corp = dict(zip(mix, self.rng.multinomial(placements, list(mix.values())), strict=True))
        negatives = self.poisson(13 * scale)
        reasons = dict(
            zip(
                P.NEGATIVE_REASON_MIX,
                self.rng.multinomial(negatives, list(P.NEGATIVE_REASON_MIX.values())),
                strict=True,
            )
        )
        registrations = self.poisson(140 * scale * trend)
        return {
            "registrations": registrations,
            "deelnemer_registrations": int(self.rng.binomial(registrations, 0.58)),
            "intakes": int(registrations * self.rng.uniform(0.72, 0.8)),
            "placements": {k: int(v) for k, v in per_corp.items()},
            "wait_months": {
                k: max(1.0, P.BASE_WAIT[k] + self.rng.normal(0, 0.8)) for k in P.BASE_WAIT
            },
            "quota": {k: int(round(v * 1.3)) + 1 for k, v in per_corp.items()},
            "invoices": None,
            "closed_positive": positive,
            "negative_reasons": {k: int(v) for k, v in reasons.items() if v},
            "fast_track": (
                {"placed_fast_track": 1, "placed_regular": 1, "rejected": 2}
                if year >= 2023 and region == P.WM
                else {}
            ),
            "fast_track_wait_months": 2.5,
            "rooms_registrations": self.poisson(15) if region == P.WM and year >= 2019 else 0,
            "rooms_placements": self.poisson(5) if region == P.WM and year >= 2019 else 0,
            "complaints": self.poisson(2 * scale),
            "committee_decisions": None,
        }

    def placements(self, region: str, year: int, target: dict) -> list[dict]:
        """Placements of the year, with waits whose mean per corporation is the parameter."""
        start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        fast = target.get("fast_track", {})
        placed = []
        for corp, n in target["placements"].items():
            if not n:
                continue
            leases = sorted(self.day_in(start, end) for _ in range(n))
            waits = self.rng.gamma(4.0, 1.0, n)
            fixed = np.zeros(n, dtype=bool)
            if corp == "ZO" and fast:  # fast-track placements at ZOwonen, late in the year
                k = fast.get("placed_fast_track", 0) + fast.get("placed_regular", 0)
                leases[-k:] = sorted(self.day_in(pd.Timestamp(year, 9, 1), end) for _ in range(k))
                fixed[-k:] = True
                waits[-k:] = target["fast_track_wait_months"]
            mean = target["wait_months"][corp]
            free = ~fixed
            if free.any():
                rest = mean * n - waits[fixed].sum()
                waits[free] = waits[free] * rest / waits[free].sum()
            for i, lease in enumerate(leases):
                wait = pd.Timedelta(days=round(float(waits[i]) * DAYS_PER_MONTH))
                corp_reg = lease - wait
                if fixed[i]:
                    intake = corp_reg - int(self.rng.integers(3, 15)) * DAY
                    reg = max(
                        intake - int(self.rng.integers(3, 12)) * DAY, pd.Timestamp(year, 4, 1)
                    )
                    intake = max(intake, reg)
                else:
                    intake = corp_reg - int(self.rng.integers(5, 40)) * DAY
                    reg = intake - int(self.rng.integers(3, 35)) * DAY
                t = self.new(
                    region,
                    "housing",
                    reg,
                    intake_on=intake,
                    intake_decision="admitted",
                    corporation_registered_on=corp_reg,
                    corporation=corp,
                    lease_start_on=lease,
                )
                placed.append(t)
            if corp == "ZO" and fast:
                ft = placed[-k:]
                for j, t in enumerate(ft):
                    t["route"] = "fast_track"
                    t["moved_to_regular"] = j >= fast.get("placed_fast_track", 0)
        return placed

    def fill_registrations(self, region: str, year: int, target: dict) -> None:
        """Add trajectories without a placement so that registrations and intakes hit the year."""
        start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        mine = [
            t
            for t in self.truth.trajectories
            if t["region"] == region and t["product"] == "housing"
        ]
        registered = sum(t["registered_on"].year == year for t in mine)
        intakes = sum(t.get("intake_on") is not None and t["intake_on"].year == year for t in mine)
        extra = target["registrations"] - registered
        extra_intakes = target.get("intakes", 0) - intakes
        if year < P.FIRST_YEAR or extra < 0 or extra_intakes < 0 or extra_intakes > extra:
            if year >= P.FIRST_YEAR and (region, year) in P.CALIBRATED:
                raise ValueError(f"calibration of {region} {year} cannot be met")
            extra, extra_intakes = max(extra, 0), max(min(extra_intakes, extra), 0)
        fast = target.get("fast_track", {})
        rejected_fast = fast.get("rejected", 0)
        for i in range(extra):
            fast_case = i < rejected_fast
            reg = self.day_in(pd.Timestamp(year, 4, 1) if fast_case else start, end - 40 * DAY)
            t = self.new(region, "housing", reg)
            if fast_case:
                t["route"] = "fast_track"
            if i < extra_intakes:
                t["intake_on"] = reg + int(self.rng.integers(3, 35)) * DAY
                rejected = fast_case or self.rng.random() < 0.3
                t["intake_decision"] = "rejected" if rejected else "admitted"
                if rejected:
                    t["rejection_reason"] = str(
                        self.rng.choice(
                            ["Zorgvraag te zwaar", "Geen woonvraag", "Woonvaardigheden onvoldoende"]
                        )
                    )
                elif self.rng.random() < 0.7:
                    t["corporation_registered_on"] = (
                        t["intake_on"] + int(self.rng.integers(5, 30)) * DAY
                    )
                    mix = P.CORPORATION_MIX[region]
                    t["corporation"] = self.choice(mix)
        self.assign_referrers(
            year,
            target,
            [
                t
                for t in self.truth.trajectories
                if t["region"] == region
                and t["product"] == "housing"
                and t["registered_on"].year == year
            ],
        )

    def assign_referrers(self, year: int, target: dict, registered: list[dict]) -> None:
        """Referrers: the year's number by deelnemers; invoices follow from agreements."""
        n = len(registered)
        k = target.get("deelnemer_registrations")
        k = int(self.rng.binomial(n, 0.58)) if k is None else k
        order = self.rng.permutation(n)
        deelnemer = np.zeros(n, dtype=bool)
        deelnemer[order[:k]] = True
        invoices = target.get("invoices")
        # Invoiced: deelnemer trajectories registered while their provider had an agreement,
        # invoiced 10-40 days after registration. With a calibrated count, choose which of the
        # year's deelnemer registrations before AGREEMENT_FOR_ALL came from a provider without one.
        lags = self.rng.integers(10, 41, n)
        for i, t in enumerate(registered):
            t["invoice_lag"] = int(lags[i])
        pays = [i for i in range(n) if deelnemer[i]]
        cut = pd.Timestamp(P.AGREEMENT_FOR_ALL)
        early = [i for i in pays if registered[i]["registered_on"] < cut]
        not_invoiced = set()
        if invoices is not None:
            carried = sum(
                1
                for t in self.truth.trajectories
                if t.get("invoiced")
                and t["registered_on"].year == year - 1
                and t["region"] == registered[0]["region"]
                and (t["registered_on"] + t["invoice_lag"] * DAY).year == year
            )
            in_year = [
                i for i in pays if (registered[i]["registered_on"] + lags[i] * DAY).year == year
            ]
            surplus = carried + len(in_year) - invoices
            candidates = [i for i in early if i in in_year]
            if surplus < 0 or surplus > len(candidates):
                raise ValueError("invoice calibration cannot be met")
            not_invoiced = set(candidates[:surplus])
        for i, t in enumerate(registered):
            reg = t["registered_on"]
            if not deelnemer[i]:
                t["referrer"], t["invoiced"] = self.referrer(False, reg), False
            elif invoices is not None:
                paid = i not in not_invoiced
                t["referrer"], t["invoiced"] = self.referrer(True, reg, invoiced=paid), paid
            else:
                t["referrer"] = self.referrer(True, reg)
                t["invoiced"] = self.agreed[t["referrer"]] <= reg

    def closures(self, year: int, target: dict, open_leases: list[dict], region: str) -> list[dict]:
        """Close the oldest open placements (positive or negative) and some unplaced cases."""
        start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        reasons = dict(target.get("negative_reasons", {}))
        before = {r: reasons.pop(r) for r in list(reasons) if r in P.BEFORE_LEASE_REASONS}
        after = [r for r, n in reasons.items() for _ in range(n)]
        positive = target.get("closed_positive", 0)
        ready = [t for t in open_leases if t["lease_start_on"] + 90 * DAY <= end]
        ready.sort(key=lambda t: t["lease_start_on"])
        need = positive + len(after)
        if need > len(ready):
            if (region, year) in P.CALIBRATED or (region == P.WM and year >= 2018):
                raise ValueError(f"not enough open placements to close in {region} {year}")
            need = len(ready)
        chosen = ready[:need]
        outcomes = ["negative"] * min(len(after), need) + ["positive"] * (need - len(after))
        order = self.rng.permutation(len(chosen))
        for slot, idx in enumerate(order):
            t = chosen[idx]
            earliest = max(start, t["lease_start_on"] + 90 * DAY)
            t["closed_on"] = self.day_in(earliest, end)
            t["closure_result"] = outcomes[slot]
            t["closure_reason"] = after[slot] if outcomes[slot] == "negative" else None
        waiting = [
            t
            for t in self.truth.trajectories
            if t["region"] == region
            and t["product"] == "housing"
            and t.get("lease_start_on") is None
            and t.get("closed_on") is None
            and t["registered_on"] < end - 30 * DAY
            and t.get("intake_decision") != "rejected"
        ]
        for reason, n in before.items():
            for _ in range(n):
                if not waiting:
                    raise ValueError(f"no waiting candidate to close in {region} {year}")
                t = waiting.pop(int(self.rng.integers(0, len(waiting))))
                t["closed_on"] = self.day_in(max(start, t["registered_on"] + 30 * DAY), end)
                t["closure_result"], t["closure_reason"] = "negative", reason
        return [t for t in open_leases if t.get("closed_on") is None]

    def quotas(self, region: str, year: int, target: dict) -> None:
        if year < P.FIRST_YEAR:
            return
        for corp, quota in target.get("quota", {}).items():
            self.truth.quotas.append(
                {"year": year, "region": region, "corporation": corp, "quota": quota}
            )

    def rooms(self, region: str, year: int, target: dict) -> None:
        """Kamers met Kansen: registrations, a share of them placed in a room at ZOwonen."""
        start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        for i in range(target.get("rooms_registrations", 0)):
            reg = self.day_in(start, pd.Timestamp(year, 6, 30))
            t = self.new(
                region,
                "rooms_with_chances",
                reg,
                intake_on=reg + 14 * DAY,
                intake_decision="admitted",
            )
            t["referrer"], t["invoiced"] = self.referrer(False, reg), False
            if i < target.get("rooms_placements", 0):
                t["corporation"], t["corporation_registered_on"] = "ZO", reg + 20 * DAY
                t["lease_start_on"] = self.day_in(reg + 40 * DAY, end)

    def complaints(self, region: str, year: int, target: dict) -> None:
        if year < P.FIRST_YEAR:
            return
        n = target.get("complaints", 0)
        decided = target.get("committee_decisions")
        for i in range(n):
            to_committee = i < decided if decided is not None else bool(self.rng.random() < 0.25)
            self.truth.complaints.append(
                {
                    "received_on": self.day_in(
                        pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
                    ),
                    "region": region,
                    "to_committee": to_committee,
                }
            )

    def invoices(self) -> None:
        for t in self.truth.trajectories:
            if t.get("invoiced"):
                when = t["registered_on"] + t["invoice_lag"] * DAY
                if when <= EXPORT_DATE:
                    self.truth.invoices.append(
                        {
                            "trajectory_id": t["trajectory_id"],
                            "invoiced_on": when,
                            "amount": P.TRAJECTORY_PRICE,
                        }
                    )

    # -- outcomes after the lease ----------------------------------------------------------
    def risk(self, t: dict) -> float:
        """Relative monthly hazard of arrears (product of the assumption factors, first months)."""
        f = P.ARREARS_FACTORS
        r = 1.0
        if not t["direct_debit"]:
            r *= f["no_direct_debit"]
        if t["income_source"] in ("social_assistance", "unemployment_benefit"):
            r *= f["benefit_income"]
        if t["guardianship"]:
            r *= f["guardianship"]
        if t["age"] <= 24:
            r *= f["age_18_24"]
        if t["base_rent"] >= 650:
            r *= f["rent_650_plus"]
        return r

    def arrears_signals(self) -> None:
        """First (and sometimes a second) arrears signal in the 24 months after the lease."""
        for t in self.truth.trajectories:
            lease = t.get("lease_start_on")
            if lease is None or t["product"] != "housing":
                continue
            base = P.BASE_HAZARD * self.risk(t)
            for month in range(24):
                factor = (
                    1.0
                    if t["rent_allowance_at_start"]
                    else P.ARREARS_FACTORS["no_rent_allowance_first_3_months"]
                    if month < 3
                    else P.ARREARS_FACTORS["no_rent_allowance_after"]
                )
                if self.rng.random() < base * factor:
                    cause = (
                        "allowance_pending"
                        if not t["rent_allowance_at_start"] and month < 3
                        else "forgot"
                        if not t["direct_debit"] and self.rng.random() < 0.6
                        else self.choice(
                            {
                                "income_change": 3,
                                "income_drop": 2,
                                "debts_elsewhere": 2,
                                "unknown": 1,
                                "forgot": 1,
                            }
                        )
                    )
                    self.signal(
                        t,
                        lease + int(month * DAYS_PER_MONTH + self.rng.integers(0, 30)) * DAY,
                        cause,
                    )
                    break

    def signal(self, t: dict, when: pd.Timestamp, cause: str, problematic: bool = False) -> None:
        if when > EXPORT_DATE:
            return
        months = float(self.rng.choice([1, 1, 1.5, 2, 2, 3]))
        resolved = None if problematic else when + int(self.rng.integers(20, 120)) * DAY
        if resolved is not None and resolved > EXPORT_DATE:
            resolved = None
        self.truth.signals.append(
            {
                "trajectory_id": t["trajectory_id"],
                "signalled_on": when,
                "amount": round(months * t["base_rent"], 2),
                "months": months,
                "resolved_on": resolved,
                "cause": cause,
                "reported_early_warning": bool(months >= 2 and self.rng.random() < 0.7),
            }
        )

    def follow_up(self) -> None:
        """Measurements every six months for two years after a positive closure."""
        closed = [
            t
            for t in self.truth.trajectories
            if t.get("closure_result") == "positive" and t["product"] == "housing"
        ]
        cohorts: dict[tuple[str, int], list[dict]] = {}
        for t in closed:
            cohorts.setdefault((t["region"], t["closed_on"].year), []).append(t)
        for key, members in sorted(cohorts.items()):
            outcomes = P.COHORT_OUTCOMES.get(key)
            self.cohort(members, outcomes)

    def cohort(self, members: list[dict], outcomes: dict | None) -> None:
        n = len(members)
        risk = np.array(
            [self.risk(t) * (1.0 if t["rent_allowance_at_start"] else 1.3) for t in members]
        )
        arrears_rank = np.argsort(-(np.log(risk) + self.rng.gumbel(size=n)))
        nuisance_rank = self.rng.permutation(n)
        status_rank = self.rng.permutation(n)

        def counts(kind: str) -> dict[str, int]:
            if outcomes is not None:
                return outcomes[kind]
            probs = P.OUTCOME_PROBABILITIES[kind]
            drawn = self.rng.multinomial(n, list(probs.values()))
            return dict(zip(probs, (int(x) for x in drawn), strict=True))

        def assign(rank: np.ndarray, kind: str, order: list[str]) -> list[str]:
            c = counts(kind)
            labels = [None] * n
            pos = 0
            for level in order:  # worst levels go to the highest ranks
                for _ in range(c.get(level, 0)):
                    labels[rank[pos]] = level
                    pos += 1
            return labels

        arrears = assign(arrears_rank, "arrears", ["problematic", "resolved", "none"])
        nuisance = assign(nuisance_rank, "nuisance", ["structural", "cooperative", "none"])
        # A move at the corporation's initiative goes with the worst nuisance.
        status_rank = np.array(
            sorted(range(n), key=lambda i: (nuisance[i] != "structural", status_rank[i]))
        )
        status = assign(
            status_rank,
            "housing_status",
            ["moved_corporation_initiative", "moved_own_initiative", "in_placed_home"],
        )
        for i, t in enumerate(members):
            dates = [t["closed_on"] + pd.DateOffset(months=6 * k) for k in (1, 2, 3, 4)]
            dates = [d for d in dates if d <= EXPORT_DATE]
            # Events are seen at the first or second measurement, so a one-year-old cohort
            # already shows them.
            at = int(self.rng.integers(0, min(2, len(dates)))) if dates else 0
            for k, when in enumerate(dates):
                seen = k >= at
                self.truth.measurements.append(
                    {
                        "trajectory_id": t["trajectory_id"],
                        "measured_on": when,
                        "housing_status": status[i] if seen else "in_placed_home",
                        "nuisance": nuisance[i] if k == at else "none",
                        "arrears": arrears[i] if seen and arrears[i] != "none" else "none",
                    }
                )
            if arrears[i] != "none" and dates:
                signal_on = dates[at] - int(self.rng.integers(30, 150)) * DAY
                self.signal(
                    t,
                    max(signal_on, t["closed_on"] + DAY),
                    self.choice(
                        {
                            "income_change": 3,
                            "income_drop": 2,
                            "debts_elsewhere": 2,
                            "forgot": 1,
                            "unknown": 1,
                        }
                    ),
                    problematic=arrears[i] == "problematic",
                )


def _pilot_candidates(model: Model) -> tuple[list[dict], list[dict]]:
    """WM Housing trajectories registered in 2023 on the regular route: ZOwonen placements
    with a lease from April, and admitted candidates registered from October still waiting."""
    mine = [
        t
        for t in model.truth.trajectories
        if t["region"] == P.WM
        and t["product"] == "housing"
        and t["route"] == "regular"
        and t["registered_on"].year == 2023
    ]
    placed = [
        t
        for t in mine
        if t.get("corporation") == "ZO"
        and t.get("lease_start_on") is not None
        and t["lease_start_on"] >= pd.Timestamp(2023, 4, 1)
    ]
    waiting = [
        t
        for t in mine
        if t.get("lease_start_on") is None
        and t.get("closed_on") is None
        and t.get("intake_decision") == "admitted"
        and t["registered_on"] >= pd.Timestamp(2023, 10, 1)
    ]
    return placed, waiting


def simulate(seed: int) -> Truth:
    """Run the model for every region and return the truth."""
    model = Model(seed)
    for region in P.REGION_SCALE:
        model.region(region)
    model.pilot_2023(seed)
    model.invoices()
    model.arrears_signals()
    model.follow_up()
    return model.truth
