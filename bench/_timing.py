"""Tiny timing helpers shared by the benchmarks (best of several runs)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_per_call(fn: Callable[[], object], calls: int, repeat: int = 5) -> float:
    """Best of ``repeat`` runs of ``fn`` (which makes ``calls`` calls), per call, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best / calls


def row(name: str, ours: float, peer: float | None = None, peer_name: str = "") -> str:
    """One printed line: our time, the peer's, and the ratio."""
    text = f"{name:<48} ours {ours * 1e6:9.3f} us"
    if peer is not None:
        text += f" | {peer_name} {peer * 1e6:9.3f} us | peer/ours {peer / ours:7.2f}x"
    return text
