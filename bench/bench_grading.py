"""Grade 100,000 customers and select the survey sample; per-customer cost and peak memory.

The floor is a plain loop applying the seed's "k of N" table (seed 004, as a
plain tuple of tiers and criteria) to the same profiles: any D criterion gives
D, else the first of A, B, C with at least 3 criteria met, else D; a criterion
on an unknown (None) field is not met. A second row compares with the same
table hand-unrolled into an ``if`` chain (the fastest plain code, no target).
Both floors' grades are asserted equal to ours before timing. Peak
memory is measured with ``tracemalloc`` during the call (the input list is
built before tracing starts, so it is excluded).
"""

from __future__ import annotations

import random
import time
import tracemalloc

from _table import Case

from qmscore.scoring import (
    COOPERATION,
    PAYMENT,
    POTENTIAL,
    CustomerProfile,
    grade_customers,
    select_survey_sample,
)

GROUP = "customer grading"
COOP = {level: rank for rank, level in enumerate(COOPERATION)}
POT = {level: rank for rank, level in enumerate(POTENTIAL)}
PAY = {level: rank for rank, level in enumerate(PAYMENT)}


def _profiles(n: int, seed: int = 7) -> list[CustomerProfile]:
    rng = random.Random(seed)
    return [
        CustomerProfile(
            f"K{i:06d}",
            sales_6m=rng.uniform(0, 500_000),
            cooperation=rng.choice(COOPERATION),
            potential=rng.choice(POTENTIAL),
            partner_years=rng.uniform(0, 10),
            payment=rng.choice(PAYMENT),
            well_known_brand=rng.random() < 0.1,
            direct_oem=rng.random() < 0.05,
            small_erratic_orders=rng.random() < 0.1,
        )
        for i in range(n)
    ]


RANKS = {"cooperation": COOP, "potential": POT, "payment": PAY}
SEED_TABLE = (
    # grade, criteria needed (None: any one), criteria (field, kind, value)
    (
        "D",
        None,
        (
            ("small_erratic_orders", "flag", True),
            ("payment", "at_most", "very_poor"),
            ("potential", "at_most", "none"),
        ),
    ),
    (
        "A",
        3,
        (
            ("sales_6m", "min", 300_000),
            ("cooperation", "at_least", "very_smooth"),
            ("potential", "at_least", "large"),
            ("partner_years", "min", 2),
            ("payment", "at_least", "on_time"),
            ("well_known_brand", "flag", True),
            ("direct_oem", "flag", True),
        ),
    ),
    (
        "B",
        3,
        (
            ("sales_6m", "min", 150_000),
            ("cooperation", "at_least", "fairly_smooth"),
            ("potential", "at_least", "fairly_large"),
            ("partner_years", "min", 1),
            ("payment", "at_least", "needs_reminders"),
        ),
    ),
    (
        "C",
        3,
        (
            ("sales_6m", "min", 100_000),
            ("cooperation", "at_least", "fairly_smooth"),
            ("potential", "at_least", "average"),
            ("partner_years", "min", 0.5),
            ("payment", "at_least", "poor"),
        ),
    ),
)
"""The seed's "k of N" table (seed 004) as plain data."""


def floor_grades(profiles: list[CustomerProfile]) -> list[str]:
    """A plain loop applying SEED_TABLE: the first tier reached, else D."""
    out = []
    for p in profiles:
        grade = "D"
        for tier, need, criteria in SEED_TABLE:
            met = 0
            for field, kind, value in criteria:
                v = getattr(p, field)
                if v is None:  # not known: not met
                    continue
                if kind == "min":
                    met += v >= value
                elif kind == "flag":
                    met += v is True
                elif kind == "at_least":
                    met += RANKS[field][v] <= RANKS[field][value]
                else:
                    met += RANKS[field][v] >= RANKS[field][value]
            if met >= (1 if need is None else need):
                grade = tier
                break
        out.append(grade)
    return out


def unrolled_grades(profiles: list[CustomerProfile]) -> list[str]:
    """The same table hand-unrolled into an if chain (the fastest plain code)."""
    out = []
    for p in profiles:
        sales = p.sales_6m
        years = p.partner_years
        coop, pot, pay = p.cooperation, p.potential, p.payment
        if p.small_erratic_orders or pay == "very_poor" or pot == "none":
            out.append("D")
            continue
        c = COOP[coop] if coop is not None else 9
        po = POT[pot] if pot is not None else 9
        pa = PAY[pay] if pay is not None else 9
        s = sales if sales is not None else -1.0
        y = years if years is not None else -1.0
        a = (
            (s >= 300_000)
            + (c <= 0)
            + (po <= 0)
            + (y >= 2)
            + (pa <= 0)
            + (p.well_known_brand is True)
            + (p.direct_oem is True)
        )
        if a >= 3:
            out.append("A")
            continue
        b = (s >= 150_000) + (c <= 1) + (po <= 1) + (y >= 1) + (pa <= 1)
        if b >= 3:
            out.append("B")
            continue
        cc = (s >= 100_000) + (c <= 1) + (po <= 2) + (y >= 0.5) + (pa <= 2)
        out.append("C" if cc >= 3 else "D")
    return out


def _peak_mib(profiles: list[CustomerProfile]) -> float:
    tracemalloc.start()
    try:
        grades = grade_customers(profiles)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del grades
    return peak / 2**20


def bench_cases() -> list[Case]:
    """grade_customers on 100,000 customers: time against the plain table, peak memory."""
    profiles = _profiles(100_000)
    ours = [g.grade for g in grade_customers(profiles)]
    assert ours == floor_grades(profiles) == unrolled_grades(profiles)
    return [
        Case(
            "grade_customers (100k customers)",
            ours=lambda: grade_customers(profiles),
            floor=lambda: floor_grades(profiles),
            calls=len(profiles),
            target=5,
            repeat=2,
            group=GROUP,
        ),
        Case(
            "grade_customers (100k) vs the table hand-unrolled into ifs",
            ours=lambda: grade_customers(profiles),
            floor=lambda: unrolled_grades(profiles),
            calls=len(profiles),
            repeat=2,
            group=GROUP,
        ),
        Case(
            "grade_customers (100k) peak memory",
            measure=lambda: _peak_mib(profiles),
            unit="MiB",
            target=40,
            group=GROUP,
        ),
    ]


def main() -> None:
    profiles = _profiles(100_000)
    start = time.perf_counter()
    grades = grade_customers(profiles)
    t_grade = time.perf_counter() - start
    customers = {g.customer_id: g.grade for g in grades}
    start = time.perf_counter()
    selection = select_survey_sample(customers, {}, period=1)
    t_select = time.perf_counter() - start
    print("\n## customer grading and survey selection, 100,000 customers")
    print(
        f"grade_customers: {t_grade:.2f} s ({t_grade / len(profiles) * 1e6:.1f} us per customer)"
    )
    per = t_select / len(profiles) * 1e6
    print(f"select_survey_sample: {t_select:.3f} s ({per:.2f} us per customer)")
    print(f"  sample {dict(selection.sample)}")


if __name__ == "__main__":
    main()
