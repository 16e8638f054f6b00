"""Scheme OC: a 100-point curve of the whole switching scheme (no peer library has one).

The peer is the brute-force alternative: simulating lots through the switching
fold (``simulate_scheme``) until the estimate is good to about 3 decimals
(10,000 lots) at a single point. The chain gives every point exactly.
"""

from __future__ import annotations

from _table import Case
from _timing import best_per_call, row

from qmscore.sampling import (
    SwitchingScheme,
    scheme_oc_curve,
    simulate_scheme,
    switching_scheme,
)
from qmscore.sampling import scheme as scheme_module


def bench_cases() -> list[Case]:
    """100-point scheme OC curves beside 10,000 simulated lots at one point (no floor)."""
    ps = [0.001 + 0.099 * i / 99 for i in range(100)]
    out = []
    for standard, kind in (("z1.4", "single"), ("z1.4", "multiple"), ("iso2859-1", "single")):
        scheme = switching_scheme(1000, 1.0, scheme=kind, standard=standard)
        scheme_oc_curve(scheme, ps)  # warm: the chain's structure is built once per scheme
        out.append(
            Case(
                f"scheme OC {standard} {kind}, 100 points (lot 1000, AQL 1.0)",
                ours=lambda s=scheme: scheme_oc_curve(s, ps),
                peer=lambda s=scheme: simulate_scheme(s, 0.01, lots=10_000),
                peer_name="simulate 10,000 lots at 1 point",
                repeat=2,
                group="scheme OC",
            )
        )
    return out


def main() -> None:
    ps = [0.001 + 0.099 * i / 99 for i in range(100)]
    print("\n## Scheme OC, 100 points, lot 1000 / AQL 1.0 (code J), whole curve per call")
    for standard, kind in (("z1.4", "single"), ("z1.4", "multiple"), ("iso2859-1", "single")):
        scheme = switching_scheme(1000, 1.0, scheme=kind, standard=standard)

        def cold(s: SwitchingScheme = scheme) -> None:
            scheme_module._structure.cache_clear()
            scheme_oc_curve(s, ps)

        def warm(s: SwitchingScheme = scheme) -> None:
            scheme_oc_curve(s, ps)

        def sim_one(s: SwitchingScheme = scheme) -> None:
            simulate_scheme(s, 0.01, lots=10_000)

        ours_cold = best_per_call(cold, 1, 3)
        ours = best_per_call(warm, 1, 3)
        sim = best_per_call(sim_one, 1, 1)
        states = scheme_oc_curve(scheme, [0.01])[0].states
        print(row(f"{standard} {kind}: 100 points ({states} states)", ours, sim, "sim 1 pt"))
        print(f"  -> {ours * 1e3:.1f} ms per curve warm, {ours_cold * 1e3:.1f} ms cold")


if __name__ == "__main__":
    main()
