"""Round-trip laws for the core types, and the Z1.4 fold over arbitrary lots."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from qmscore.errors import QmsError
from qmscore.explain import Reason, Source
from qmscore.sampling import Lot, SwitchingRules, SwitchingState, next_inspection
from qmscore.serialization import from_dict, from_json, to_dict, to_json
from qmscore.testing import lots, reasons, sources
from tests.budget import budget


@budget(ms=2)
@given(reasons())
def test_reason_round_trips_through_json_and_pickle(reason: Reason) -> None:
    assert from_json(to_json(reason), Reason) == reason
    assert pickle.loads(pickle.dumps(reason)) == reason


@budget(ms=2)
@given(sources())
def test_source_round_trips(source: Source) -> None:
    assert from_dict(to_dict(source), Source) == source
    assert str(source).startswith(source.document)


@budget(ms=4)
@given(st.lists(lots(), max_size=40), st.booleans())
def test_z14_fold_is_deterministic_and_never_crashes_unexpectedly(
    history: list[Lot], waive: bool
) -> None:
    rules = SwitchingRules(limit_number=3, waive_limit_number=waive)

    def replay() -> SwitchingState | str:
        state = SwitchingState(rules=rules)
        try:
            for lot in history:
                state = next_inspection(state, lot)
        except QmsError as exc:
            # Only our own errors, and only the documented ones.
            return type(exc).__name__
        return state

    first, second = replay(), replay()
    assert first == second
    if isinstance(first, str):
        assert first in {"InvalidTransitionError", "InvalidInputError"}
