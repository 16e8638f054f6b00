"""A state machine drives the switching fold with random lots and decisions."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from qmscore.errors import InvalidTransitionError
from qmscore.sampling import (
    Lot,
    SwitchingRules,
    SwitchingState,
    next_inspection,
    resume_inspection,
)
from tests.budget import budget

LEGAL = {
    ("normal", "tightened"),
    ("normal", "reduced"),
    ("tightened", "normal"),
    ("tightened", "discontinued"),
    ("reduced", "normal"),
    ("discontinued", "tightened"),
}


class SwitchingMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.state = SwitchingState(rules=SwitchingRules(waive_limit_number=True))
        self.events: list[Lot | None] = []  # None stands for a resume
        # An independent model of the counters, kept by the test.
        self.last_normal: list[bool] = []
        self.tight_rejections = 0
        self.tight_run = 0

    @precondition(lambda self: self.state.inspection != "discontinued")
    @rule(
        accepted=st.booleans(),
        steady=st.booleans(),
        approved=st.booleans(),
        resubmitted=st.booleans(),
        normal_required=st.booleans(),
    )
    def inspect(
        self,
        accepted: bool,
        steady: bool,
        approved: bool,
        resubmitted: bool,
        normal_required: bool,
    ) -> None:
        lot = Lot(
            accepted,
            defectives=0 if accepted else 2,
            production_steady=steady,
            reduced_approved=approved,
            resubmitted=resubmitted,
            normal_required=normal_required,
        )
        before = self.state
        after = next_inspection(before, lot)
        self.events.append(lot)
        assert after.lots == before.lots + 1
        if before.inspection != after.inspection:
            assert (before.inspection, after.inspection) in LEGAL
            assert after.changed
        else:
            assert not after.changed
        if resubmitted:
            assert after.inspection == before.inspection
        self._model(before.inspection, lot, after.inspection)
        self.state = after

    def _model(self, was: str, lot: Lot, now: str) -> None:
        if lot.resubmitted:
            return
        if was != now:
            self.last_normal, self.tight_rejections, self.tight_run = [], 0, 0
            return
        if was == "normal":
            self.last_normal = [*self.last_normal, lot.accepted][-5:]
            assert self.last_normal.count(False) < 2
        elif was == "tightened":
            if lot.accepted:
                self.tight_run += 1
            else:
                self.tight_rejections += 1
                self.tight_run = 0
            assert self.tight_run < 5
            assert self.tight_rejections < 5
        elif was == "reduced":
            assert lot.accepted
            assert lot.production_steady
            assert not lot.normal_required

    @precondition(lambda self: self.state.inspection == "discontinued")
    @rule()
    def resume(self) -> None:
        self.state = resume_inspection(self.state, "corrected")
        self.events.append(None)
        self.tight_rejections = self.tight_run = 0
        assert self.state.inspection == "tightened"

    @precondition(lambda self: self.state.inspection == "discontinued")
    @rule()
    def lots_are_refused_while_discontinued(self) -> None:
        with pytest.raises(InvalidTransitionError, match="resume_inspection"):
            next_inspection(self.state, Lot(True))

    @invariant()
    def replay_is_deterministic(self) -> None:
        state = SwitchingState(rules=self.state.rules)
        for event in self.events:
            state = (
                resume_inspection(state, "corrected")
                if event is None
                else next_inspection(state, event)
            )
        assert state == self.state

    @invariant()
    def counters_are_bounded(self) -> None:
        rules = self.state.rules
        assert len(self.state.recent) <= rules.tighten_window
        assert self.state.rejected_on_tightened < rules.discontinue_rejections
        assert len(self.state.recent_defectives) <= rules.reduced_after_lots


TestSwitchingMachine = SwitchingMachine.TestCase
TestSwitchingMachine.settings = budget(ms=40)
