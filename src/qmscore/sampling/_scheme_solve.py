"""Expected totals of a finite Markov chain with rewards, by sparse elimination.

Private helper of :mod:`qmscore.sampling.scheme`. A chain is a tuple of rows
``{next state: probability}`` (each row sums to 1) and a reward vector per
state, counted on each visit. Two questions:

* :func:`totals_until`: the expected rewards from the start until the chain
  first enters one of the ``stops`` (``inf`` in the first component when that
  may never happen);
* :func:`cycle_totals`: the expected rewards over one cycle from a recurrent
  state back to itself; divided by the cycle's length (first component) they
  are the long-run averages (renewal-reward theorem).

The equations ``x_s = r_s + sum_t P_st x_t`` are solved by Gaussian
elimination, the states eliminated in reverse order of discovery (for the
switching chains the fill-in stays within the few "reset" states). The pivot
``1 - P_ss`` is taken as the sum of the probabilities of leaving ``s`` (the
Grassmann-Taksar-Heyman device): positive terms only, no cancellation.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Collection, Iterable

import attrs

__all__ = ["Chain", "cycle_totals", "totals_until"]

_STEPS = 16  # enough for the mass to leave the start region where lots rarely stay


@attrs.frozen
class Chain:
    """Transition rows, per-state reward vectors, the start and the stop states."""

    rows: tuple[dict[int, float], ...]
    rewards: tuple[tuple[float, ...], ...]
    start: int
    stops: frozenset[int]


def _forward(
    rows: tuple[dict[int, float], ...], seeds: Iterable[int], blocked: Collection[int]
) -> list[int]:
    """States reachable from ``seeds`` without entering ``blocked``, in BFS order."""
    order: list[int] = []
    seen: set[int] = set()
    queue = deque(s for s in seeds if s not in blocked)
    for s in queue:
        seen.add(s)
    while queue:
        s = queue.popleft()
        order.append(s)
        for t in rows[s]:
            if t not in seen and t not in blocked:
                seen.add(t)
                queue.append(t)
    return order


def _backward(
    rows: tuple[dict[int, float], ...], within: list[int], targets: Collection[int]
) -> set[int]:
    """States of ``within`` that can reach one of ``targets``."""
    inside = set(within)
    preds: dict[int, list[int]] = {s: [] for s in inside}
    hit: list[int] = []
    for s in within:
        for t in rows[s]:
            if t in targets:
                hit.append(s)
            elif t in inside:
                preds[t].append(s)
    found = set(hit)
    queue = deque(found)
    while queue:
        t = queue.popleft()
        for s in preds[t]:
            if s not in found:
                found.add(s)
                queue.append(s)
    return found


def _solve(chain: Chain, entry: int, stop: Collection[int]) -> list[float] | None:
    """Expected rewards from ``entry`` (counted) until a move into ``stop``; None if infinite."""
    rows, rewards = chain.rows, chain.rewards
    order = _forward(rows, rows[entry], stop)
    if len(_backward(rows, order, stop)) < len(order):
        return None
    width = len(rewards[entry])
    a: dict[int, dict[int, float]] = {}
    e: dict[int, float] = {}
    c: dict[int, list[float]] = {}
    users: dict[int, set[int]] = {s: set() for s in order}
    for s in order:
        row = {t: v for t, v in rows[s].items() if t not in stop}
        a[s] = row
        e[s] = math.fsum(v for t, v in rows[s].items() if t in stop)
        c[s] = list(rewards[s])
        for t in row:
            users[t].add(s)
    done: set[int] = set()
    records: list[tuple[int, dict[int, float], list[float], float]] = []
    for s in reversed(order):
        row = a[s]
        row.pop(s, None)
        d = e[s] + math.fsum(row.values())
        if d <= 0.0:
            return None
        records.append((s, row, c[s], d))
        done.add(s)
        for u in users[s]:
            if u in done:
                continue
            w = a[u].pop(s) / d
            target = a[u]
            for t, v in row.items():
                target[t] = target.get(t, 0.0) + w * v
                users[t].add(u)
            cu, cs = c[u], c[s]
            for i in range(width):
                cu[i] += w * cs[i]
            e[u] += w * e[s]
    x: dict[int, list[float]] = {}
    for s, row, cs, d in reversed(records):
        value = list(cs)
        for t, v in row.items():
            xt = x[t]
            for i in range(width):
                value[i] += v * xt[i]
        x[s] = [v / d for v in value]
    total = list(rewards[entry])
    for t, v in rows[entry].items():
        if t not in stop:
            xt = x[t]
            for i in range(width):
                total[i] += v * xt[i]
    return total


def totals_until(chain: Chain) -> float:
    """Expected visits' first reward (lots) from the start until a stop state; inf if never."""
    result = _solve(chain, chain.start, chain.stops)
    return math.inf if result is None else result[0]


def _likely(chain: Chain) -> int:
    """The state holding the most probability after a few steps from the start.

    The cycle is taken from a state the chain actually spends time in: from a
    state visited once in 10**70 lots the cycle's probabilities would underflow.
    """
    rows = chain.rows
    mass = {chain.start: 1.0}
    for _ in range(_STEPS):
        nxt: dict[int, float] = {}
        for s, m in mass.items():
            for t, v in rows[s].items():
                nxt[t] = nxt.get(t, 0.0) + m * v
        mass = nxt
    return max(mass, key=lambda s: (mass[s], -s))


def _recurrent(chain: Chain) -> int:
    """A state of the closed class reached from the start (descend the class DAG)."""
    s = _likely(chain)
    while True:
        reach = _forward(chain.rows, (s,), ())
        back = _backward(chain.rows, reach, (s,)) | {s}
        escaped = [t for t in reach if t not in back]
        if not escaped:
            return s
        s = escaped[0]


def cycle_totals(chain: Chain) -> list[float]:
    """Expected rewards over one cycle from a recurrent state back to itself."""
    r = _recurrent(chain)
    result = _solve(chain, r, (r,))
    assert result is not None  # a closed class: the return is certain
    return result
