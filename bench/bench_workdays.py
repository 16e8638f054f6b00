"""Working-day queries: ours vs the plain floor, numpy busday_*, holidays and workalendar.

``bench_cases()`` gives the table rows: ``working_days_between`` and
``add_working_days`` on 100,000 random queries, one call at a time and in
batch (``working_days_between_many`` / ``add_working_days_many``), against a
plain floor (prefix counts and a sorted list of working days indexed by
ordinal, no validation) and numpy's vectorised busday_count / busday_offset
(target: the batch within 2x of numpy); and the cold start (import qmscore +
``WorkCalendar.china()`` in a fresh interpreter, median of 5, target 60 ms).

``main`` (``run.py --details``) prints the peers one by one:

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
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
from _table import Case
from _timing import best_per_call, row

from qmscore.workdays import WorkCalendar


def _cold_build_ms(build: str, runs: int = 10, *, head: str = "") -> list[float]:
    """Import + ``build`` in ``runs`` fresh interpreters, ms, sorted (target: <= 60 ms).

    Bytecode is cached in a temporary folder first (as in an installed package),
    so the figure is the cold start a user sees, not compile time.
    """
    code = (
        f"import time; t = time.perf_counter(); {head}from qmscore.workdays import WorkCalendar; "
        f"{build}; print((time.perf_counter() - t) * 1e3)"
    )
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        command = [sys.executable, "-c", code]
        subprocess.run(command, env=env, capture_output=True, check=True)  # writes the .pyc
        return sorted(
            float(
                subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
            )
            for _ in range(runs)
        )


def _spread(runs: list[float]) -> str:
    return f"median {statistics.median(runs):.0f} ms (min {runs[0]:.0f}, max {runs[-1]:.0f})"


def _queries(count: int = 100_000) -> tuple[list[dt.date], list[int], list[dt.date]]:
    """Random (day, n, end) in 2015-2026: n in 1..20, end 0..60 days after day."""
    rng = random.Random(5)
    lo, hi = dt.date(2015, 1, 1).toordinal(), dt.date(2026, 11, 30).toordinal()
    days = [dt.date.fromordinal(rng.randint(lo, hi)) for _ in range(count)]
    ns = [rng.randint(1, 20) for _ in days]
    ends = [min(d + dt.timedelta(days=rng.randint(0, 60)), dt.date(2026, 12, 31)) for d in days]
    return days, ns, ends


def bench_cases() -> list[Case]:
    """The working-day rows of the one table."""
    group = "working days"
    cal = WorkCalendar.china()
    days, ns, ends = _queries()
    # The floor: prefix counts and working-day positions by ordinal, plain lists.
    first = cal.first.toordinal()
    last = cal.valid_through.toordinal()
    prefix = [0]
    work: list[int] = []
    for o in range(first, last + 1):
        if cal.is_working_day(dt.date.fromordinal(o)):
            work.append(o)
        prefix.append(len(work))

    def floor_between() -> list[int]:
        return [
            prefix[b.toordinal() - first + 1] - prefix[a.toordinal() - first + 1]
            for a, b in zip(days, ends, strict=True)
        ]

    def floor_add() -> list[dt.date]:
        return [
            dt.date.fromordinal(work[prefix[d.toordinal() - first + 1] + n - 1])
            for d, n in zip(days, ns, strict=True)
        ]

    rest = _rest_days(cal)
    cal_np = np.busdaycalendar(weekmask="1111111", holidays=np.array(rest, dtype="datetime64[D]"))
    d_np = np.array(days, dtype="datetime64[D]")
    n_np = np.array(ns)
    e_np = np.array(ends, dtype="datetime64[D]")

    def np_between() -> object:
        return np.busday_count(d_np + 1, e_np + 1, busdaycal=cal_np)

    def np_add() -> object:
        return np.busday_offset(d_np, n_np, roll="backward", busdaycal=cal_np)

    def single_between() -> list[int]:
        between = cal.working_days_between
        return [between(a, b) for a, b in zip(days, ends, strict=True)]

    def single_add() -> list[dt.date]:
        add = cal.add_working_days
        return [add(d, n) for d, n in zip(days, ns, strict=True)]

    want_between = floor_between()
    want_add = floor_add()
    assert single_between() == want_between == np_between().tolist()  # type: ignore[attr-defined]
    assert single_add() == want_add == np_add().astype(object).tolist()  # type: ignore[attr-defined]
    n = len(days)
    rows = [
        Case(
            "working_days_between (one call per pair, 100k)",
            ours=single_between, floor=floor_between, calls=n,
            peer=np_between, peer_name="numpy vectorised", group=group,
        ),
        Case(
            "add_working_days (one call per query, 100k)",
            ours=single_add, floor=floor_add, calls=n,
            peer=np_add, peer_name="numpy vectorised", group=group,
        ),
    ]  # fmt: skip
    assert cal.working_days_between_many(days, ends) == want_between
    assert cal.add_working_days_many(days, ns) == want_add
    rows += [
        Case(
            "working_days_between_many (batch of 100k pairs)",
            ours=lambda: cal.working_days_between_many(days, ends), floor=floor_between,
            calls=n, peer=np_between, peer_name="numpy vectorised", peer_target=2, repeat=15,
            group=group,
        ),
        Case(
            "add_working_days_many (batch of 100k queries)",
            ours=lambda: cal.add_working_days_many(days, ns), floor=floor_add,
            calls=n, peer=np_add, peer_name="numpy vectorised", peer_target=2, repeat=15,
            group=group,
        ),
    ]  # fmt: skip
    rows.append(
        Case(
            "cold start: import qmscore + WorkCalendar.china() (fresh interpreter, median of 11)",
            measure=lambda: statistics.median(
                _cold_build_ms("WorkCalendar.china()", 11, head="import qmscore; ")
            ),
            unit="ms",
            target=60,
            group=group,
        )
    )
    return rows


def main() -> None:
    import holidays

    print("\n## China working-day calendar")
    cold = _cold_build_ms("WorkCalendar.china()")
    via_holidays = _cold_build_ms(
        "from qmscore.workdays._holidays import china_from_holidays; "
        "china_from_holidays(WorkCalendar)"
    )
    start = time.perf_counter()
    cal = WorkCalendar.china()
    first = (time.perf_counter() - start) * 1e3
    start = time.perf_counter()
    cal = WorkCalendar.china()
    cached = (time.perf_counter() - start) * 1e6
    print(
        "cold start (fresh process: import qmscore.workdays + WorkCalendar.china(), "
        f"10 runs): {_spread(cold)}; target <= 60 ms"
    )
    print(
        f"  the same calendar built from holidays (the generator's path): {_spread(via_holidays)}"
    )
    print(
        f"  in this process: first build {first:.1f} ms, again {cached:.1f} us (cached per "
        "arguments)"
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
