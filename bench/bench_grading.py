"""Grade 100,000 customers and select the survey sample; per-customer cost."""

from __future__ import annotations

import random
import time

from qmscore.scoring import (
    COOPERATION,
    PAYMENT,
    POTENTIAL,
    CustomerProfile,
    grade_customers,
    select_survey_sample,
)


def main() -> None:
    rng = random.Random(7)
    profiles = [
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
        for i in range(100_000)
    ]
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
