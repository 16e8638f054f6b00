"""Auditable records: seal and verify 100,000 events (target < 1 s each), trend triggers."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

import attrs
from _table import Case

from qmscore.workflow import (
    PATTERN_TRIGGERS,
    Acknowledged,
    Assessed,
    Closed,
    Complaint,
    CustomerReplied,
    Event,
    RootCauseRecorded,
    TriggerRules,
    evaluate_triggers,
    seal,
    verify,
)


def _events(n: int) -> list[Event]:
    sh = ZoneInfo("Asia/Shanghai")
    t = dt.datetime(2026, 9, 30, 16, 0, tzinfo=sh)
    kinds: list[Callable[[dt.datetime], Event]] = [
        lambda at: Acknowledged(at, actor="Li"),
        lambda at: Assessed(at, True, note="checked", actor="Wang"),
        lambda at: RootCauseRecorded(at, "solder voids"),
        lambda at: CustomerReplied(at, True),
        lambda at: Closed(at, actor="Zhao"),
    ]
    return [kinds[i % 5](t + dt.timedelta(minutes=i)) for i in range(n)]


def _time(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_audit(n: int = 100_000) -> tuple[float, float]:
    """Best-of-3 seconds to seal and to verify ``n`` events."""
    events = _events(n)
    chain = seal(events)
    sealing = _time(lambda: seal(events))
    verifying = _time(lambda: verify(events, chain))
    return sealing, verifying


def seal_floor(rows: list[dict[str, object]]) -> list[str]:
    """The plain-Python floor: a SHA-256 chain over events already held as dicts.

    No validation and no conversion from event values: each dict is dumped with
    sorted keys and hashed after the previous hash.
    """
    prev, out = "", []
    for row in rows:
        text = json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        prev = hashlib.sha256((prev + text).encode("utf-8")).hexdigest()
        out.append(prev)
    return out


def bench_seal_floor(n: int = 100_000) -> float:
    """Best-of-3 seconds for the floor over the same events as plain dicts."""
    from qmscore.serialization import to_dict

    rows = [to_dict(e) for e in _events(n)]
    assert len(seal_floor(rows)) == n  # one link per event, like seal()
    return _time(lambda: seal_floor(rows))


def _complaints(n: int) -> list[Complaint]:
    # A year of complaints from 2,000 customers over 40 defect codes; some flagged.
    start = dt.datetime(2026, 1, 1, 8, 0)
    return [
        Complaint(
            f"Q{i}",
            start + dt.timedelta(minutes=5 * i),
            f"K{i * 7919 % 2000}",
            defect=f"D{i * 31 % 40}",
            product=f"P{i % 12}",
            batch=i % 97 == 0,
            recurrence=i % 89 == 0,
            safety=i % 1009 == 0,
            demands=("return",) if i % 53 == 0 else ("criticism",),
        )
        for i in range(n)
    ]


def bench_triggers(n: int = 100_000, *, refire: bool = False) -> tuple[float, int]:
    """Best-of-3 seconds for the pattern triggers over ``n`` complaints, and the firings."""
    complaints = _complaints(n)
    rules = PATTERN_TRIGGERS
    if refire:  # the worst case: every rule proposes again on every matching day
        rules = TriggerRules(tuple(attrs.evolve(r, refire=True) for r in rules.rules))
    fired = len(evaluate_triggers(complaints, rules))
    return _time(lambda: evaluate_triggers(complaints, rules)), fired


def bench_cases() -> list[Case]:
    """Seal 100,000 events against the hash-chain floor over the same events as dicts."""
    from qmscore.serialization import to_dict

    events = _events(100_000)
    rows = [to_dict(e) for e in events]
    assert len(seal_floor(rows)) == len(seal(events).hashes)
    return [
        Case(
            "seal 100,000 events (hash chain)",
            ours=lambda: seal(events),
            floor=lambda: seal_floor(rows),
            calls=len(events),
            repeat=3,
            group="auditable records",
        )
    ]


def main() -> None:
    print("\n## auditable records")
    sealing, verifying = bench_audit()
    print(f"seal 100,000 events: {sealing:.3f} s; verify: {verifying:.3f} s (target < 1 s)")
    floor = bench_seal_floor()
    print(
        f"  floor (hash chain over plain dicts): {floor:.3f} s; seal/floor {sealing / floor:.1f}x"
    )
    seconds, fired = bench_triggers()
    print(
        f"trend triggers over 100,000 complaints: {seconds:.3f} s, {fired:,} firings "
        "(target < 2 s)"
    )
    seconds, fired = bench_triggers(refire=True)
    print(f"  the same with refire=True on every rule: {seconds:.3f} s, {fired:,} firings")


if __name__ == "__main__":
    main()
