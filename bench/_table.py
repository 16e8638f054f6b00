"""One table for every hot call: ours, the plain-Python floor, the peer, as ratios.

Each ``bench_*.py`` module exposes ``bench_cases() -> list[Case]``. A case times our
call and, in the same process, the *floor* (the same answer with dicts and
lists and no validation, written plainly in the benchmark, its answers checked
equal to ours before timing) and optionally a peer (scipy, numpy, holidays...).
``run.py`` runs every case for several rounds and prints one table with the
ratio ours / floor as min / median / max over the rounds, beside the target.

A *value* case (cold start in ms, peak memory in MiB) has no floor: it reports
a measured value against an absolute target instead of a ratio.

Nothing here fails on timing: a missed target prints ``MISS``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Case:
    """One row of the table.

    Attributes:
        name: what is measured, e.g. ``"judge (single plan, 100k lots)"``.
        ours: runs ``calls`` of our calls (ratio cases).
        floor: runs the same ``calls`` with the plain floor (ratio cases).
        calls: how many calls one run of ``ours``/``floor``/``peer`` makes.
        target: the highest acceptable ours/floor ratio (or value, for value cases).
        peer: optional peer run over the same ``calls``.
        peer_name: the peer's name ("scipy vectorised", "numpy", ...).
        peer_target: the highest acceptable ours/peer ratio, if the issue sets one.
        repeat: runs per round (the best run counts; noise only adds time).
        measure: for value cases, returns the measured value (ms, MiB, ...).
        unit: the unit of a value case.
        group: the section of the table.
    """

    name: str
    ours: Callable[[], object] | None = None
    floor: Callable[[], object] | None = None
    calls: int = 1
    target: float | None = None
    peer: Callable[[], object] | None = None
    peer_name: str = ""
    peer_target: float | None = None
    repeat: int = 5
    measure: Callable[[], float] | None = None
    unit: str = ""
    group: str = ""


@dataclass
class Result:
    """The rounds of one case."""

    case: Case
    ours: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    peer: list[float] = field(default_factory=list)
    values: list[float] = field(default_factory=list)


def best_per_call(fn: Callable[[], object], calls: int, repeat: int) -> float:
    """Best of ``repeat`` runs of ``fn`` (``calls`` calls each), seconds per call."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best / calls


def run_round(result: Result) -> None:
    """Time one round of a case: ours, the floor and the peer interleaved run by run.

    Interleaving (ours, floor, peer, ours, floor, peer, ...) makes a burst of
    load on a shared machine hit all three alike; the best run of each counts.
    """
    case = result.case
    if case.measure is not None:
        result.values.append(case.measure())
        return
    assert case.ours is not None
    fns = [fn for fn in (case.ours, case.floor, case.peer) if fn is not None]
    best = [float("inf")] * len(fns)
    for _ in range(case.repeat):
        for k, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - start)
    per_call = iter(b / case.calls for b in best)
    result.ours.append(next(per_call))
    if case.floor is not None:
        result.floor.append(next(per_call))
    if case.peer is not None:
        result.peer.append(next(per_call))


def _time(seconds: float) -> str:
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.2f} us"
    return f"{seconds * 1e9:.0f} ns"


def _spread(values: list[float]) -> tuple[float, float, float]:
    return min(values), statistics.median(values), max(values)


def format_row(result: Result) -> str:
    """One markdown table row: call | ours | floor | ratio min/med/max | target | peer | ok."""
    case = result.case
    if case.measure is not None:
        lo, med, hi = _spread(result.values)
        ok = "" if case.target is None else ("ok" if hi <= case.target else "MISS")
        target = "" if case.target is None else f"<= {case.target:g} {case.unit}"
        value = f"{lo:.1f} / {med:.1f} / {hi:.1f} {case.unit}"
        return f"| {case.name} | {value} | - | - | {target} | - | {ok} |"
    ours = statistics.median(result.ours)
    cells = [case.name, _time(ours)]
    ok = ""
    if result.floor:
        ratios = [o / f for o, f in zip(result.ours, result.floor, strict=True)]
        lo, med, hi = _spread(ratios)
        cells += [_time(statistics.median(result.floor)), f"{lo:.2f} / {med:.2f} / {hi:.2f}x"]
        if case.target is not None:
            ok = "ok" if hi <= case.target else "MISS"
    else:
        cells += ["-", "-"]
    cells.append("" if case.target is None else f"<= {case.target:g}x")
    if result.peer:
        ratios = [o / p for o, p in zip(result.ours, result.peer, strict=True)]
        lo, med, hi = _spread(ratios)
        cells.append(f"{case.peer_name} {_time(statistics.median(result.peer))}: {med:.2f}x")
        if case.peer_target is not None:
            peer_ok = hi <= case.peer_target
            ok = (ok + " " if ok else "") + ("peer ok" if peer_ok else "peer MISS")
    else:
        cells.append("-")
    cells.append(ok)
    return "| " + " | ".join(cells) + " |"


HEADER = (
    "| call | ours (median) | floor (median) | ours/floor min / median / max "
    "| target | peer: ours/peer (median) | |\n|---|---|---|---|---|---|---|"
)
