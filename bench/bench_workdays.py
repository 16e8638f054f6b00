"""Working-day queries: ours vs holidays, workalendar and numpy busday_* (targets in the issue).

100,000 random (date, n) queries in 2015-2026 with n in 1..20. Peers run in the
same process on the same queries and their answers are checked against ours:
* holidays: China.get_nth_working_day / get_working_days_count (per call, on a
  sample: they are slow);
* workalendar: asia.China.add_working_days / get_working_days_delta, on its own
  supported years 2018-2023 (it refuses 2026);
* numpy busday_offset / busday_count, vectorised: make-up working days cannot
  be expressed as a weekmask, so numpy gets weekmask "1111111" plus every rest
  day as a holiday.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
import time
import warnings

import numpy as np
from _timing import best_per_call, row

from qmscore.workdays import WorkCalendar


def _cold_build_ms() -> float:
    code = (
        "import time; t = time.perf_counter(); from qmscore.workdays import WorkCalendar; "
        "WorkCalendar.china(); print((time.perf_counter() - t) * 1e3)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(3)
    ]
    return min(runs)


def main() -> None:
    import holidays

    print("\n## China working-day calendar")
    cold = _cold_build_ms()
    start = time.perf_counter()
    cal = WorkCalendar.china()
    first = (time.perf_counter() - start) * 1e3
    start = time.perf_counter()
    cal = WorkCalendar.china()
    warm = (time.perf_counter() - start) * 1e3
    print(
        f"build 2001-2030 (horizon 2026): fresh process {cold:.0f} ms (importing qmscore and "
        f"holidays included), first in this process {first:.0f} ms (holidays loads its "
        f"country modules), again {warm:.0f} ms; target <= 200 ms"
    )

    rng = random.Random(5)
    lo, hi = dt.date(2015, 1, 1).toordinal(), dt.date(2026, 11, 30).toordinal()
    days = [dt.date.fromordinal(rng.randint(lo, hi)) for _ in range(100_000)]
    ns = [rng.randint(1, 20) for _ in days]
    ends = [d + dt.timedelta(days=rng.randint(0, 60)) for d in days]
    ends = [min(e, dt.date(2026, 12, 31)) for e in ends]

    t_add = best_per_call(
        lambda: [cal.add_working_days(d, n) for d, n in zip(days, ns, strict=True)], len(days)
    )
    t_count = best_per_call(
        lambda: [cal.working_days_between(a, b) for a, b in zip(days, ends, strict=True)],
        len(days),
    )
    ours_add = [cal.add_working_days(d, n) for d, n in zip(days, ns, strict=True)]
    ours_count = [cal.working_days_between(a, b) for a, b in zip(days, ends, strict=True)]

    cn = holidays.China(years=range(2014, 2028))
    k = 2000
    t_h_add = best_per_call(
        lambda: [cn.get_nth_working_day(d, n) for d, n in zip(days[:k], ns[:k], strict=True)], k, 3
    )
    t_h_count = best_per_call(
        lambda: [cn.get_working_days_count(a, b) for a, b in zip(days[:k], ends[:k], strict=True)],
        k,
        3,
    )
    h_add = [cn.get_nth_working_day(d, n) for d, n in zip(days[:k], ns[:k], strict=True)]
    # holidays counts both ends inclusively; ours counts (a, b].
    h_count = [
        cn.get_working_days_count(a, b) - cal.is_working_day(a)
        for a, b in zip(days[:k], ends[:k], strict=True)
    ]
    agree_h = h_add == ours_add[:k] and h_count == ours_count[:k]

    rest = _rest_days(cal)
    cal_np = np.busdaycalendar(weekmask="1111111", holidays=np.array(rest, dtype="datetime64[D]"))
    d_np = np.array(days, dtype="datetime64[D]")
    n_np = np.array(ns)
    e_np = np.array(ends, dtype="datetime64[D]")
    t_np_add = best_per_call(
        lambda: np.busday_offset(d_np, n_np, roll="backward", busdaycal=cal_np), len(days)
    )
    t_np_count = best_per_call(
        lambda: np.busday_count(d_np + 1, e_np + 1, busdaycal=cal_np), len(days)
    )
    np_add = (
        np.busday_offset(d_np, n_np, roll="backward", busdaycal=cal_np).astype(object).tolist()
    )
    np_count = np.busday_count(d_np + 1, e_np + 1, busdaycal=cal_np).tolist()
    agree_np = np_add == ours_add and np_count == ours_count

    print("100,000 random (date, n) queries in 2015-2026, n in 1..20")
    print(row("add_working_days", t_add, t_h_add, "holidays"))
    print(row("working_days_between", t_count, t_h_count, "holidays"))
    print(row("add_working_days", t_add, t_np_add, "numpy vectorised"))
    print(row("working_days_between", t_count, t_np_count, "numpy vectorised"))
    print(f"  -> answers agree: holidays {agree_h}, numpy {agree_np}")
    print(
        f"  -> targets: add <= 1.5 us ({t_add * 1e6:.2f}), "
        f">= 25x holidays ({t_h_add / t_add:.0f}x); "
        f"count <= 0.5 us ({t_count * 1e6:.2f}), >= 90x holidays ({t_h_count / t_count:.0f}x); "
        f"within 3x of numpy (add {t_add / t_np_add:.1f}x, count {t_count / t_np_count:.1f}x)"
    )

    try:
        from workalendar.asia import China as WaChina
    except ImportError:  # pragma: no cover
        print("workalendar not installed")
        return
    wa = WaChina()
    lo2, hi2 = dt.date(2018, 1, 1).toordinal(), dt.date(2023, 11, 30).toordinal()
    sub = [(dt.date.fromordinal(rng.randint(lo2, hi2)), rng.randint(1, 20)) for _ in range(2000)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_wa = best_per_call(lambda: [wa.add_working_days(d, n) for d, n in sub], len(sub), 3)
        wa_add = [wa.add_working_days(d, n) for d, n in sub]
    t_ours_sub = best_per_call(lambda: [cal.add_working_days(d, n) for d, n in sub], len(sub))
    agree_wa = wa_add == [cal.add_working_days(d, n) for d, n in sub]
    print(row("add_working_days (2018-2023 only)", t_ours_sub, t_wa, "workalendar"))
    print(f"  -> workalendar agrees: {agree_wa} (it supports 2018-2023 only)")


def _rest_days(cal: WorkCalendar) -> list[dt.date]:
    day, out = cal.first, []
    while day <= cal.valid_through:
        if not cal.is_working_day(day):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


if __name__ == "__main__":
    main()
