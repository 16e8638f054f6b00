import pytest

from qmscore.errors import InvalidInputError, InvalidTransitionError, OutOfTableError
from qmscore.sampling import (
    Lot,
    SamplingPlan,
    Stage,
    SwitchingRules,
    SwitchingState,
    judge,
    lookup_plan,
    next_inspection,
    resume_inspection,
)
from qmscore.serialization import from_dict, to_dict

OK, NG = Lot(True, defectives=0), Lot(False, defectives=3)


def fold(lots: list[Lot], state: SwitchingState | None = None) -> SwitchingState:
    state = state or SwitchingState()
    for lot in lots:
        state = next_inspection(state, lot)
    return state


def test_two_rejections_within_five_lots_tighten() -> None:
    state = fold([NG, OK, OK, OK, NG])
    assert state.inspection == "tightened"
    assert state.changed
    assert state.reasons[0].code == "switching.normal_to_tightened"
    assert "2 of the last 5" in state.reasons[0].en


def test_two_rejections_six_lots_apart_do_not_tighten() -> None:
    state = fold([NG, OK, OK, OK, OK, NG])
    assert state.inspection == "normal"
    assert state.recent.count(False) == 1


def test_tightened_back_to_normal_after_five_accepted() -> None:
    state = fold([NG, NG, OK, OK, OK, OK])
    assert (state.inspection, state.accepted_run) == ("tightened", 4)
    state = next_inspection(state, OK)
    assert state.inspection == "normal"
    assert state.reasons[0].code == "switching.tightened_to_normal"


def test_five_rejections_on_tightened_discontinue_and_resume_on_tightened() -> None:
    # Rejections on tightened are cumulative, not consecutive: NG OK NG OK NG OK NG OK NG.
    state = fold([NG, NG, NG, OK, NG, OK, NG, OK, NG, OK])
    assert (state.inspection, state.rejected_on_tightened) == ("tightened", 4)
    state = next_inspection(state, NG)
    assert state.inspection == "discontinued"
    with pytest.raises(InvalidTransitionError, match="resume_inspection"):
        next_inspection(state, OK)
    resumed = resume_inspection(state, "supplier replaced the worn die")
    assert resumed.inspection == "tightened"
    assert "worn die" in resumed.reasons[0].en
    with pytest.raises(
        InvalidTransitionError, match="only allowed when inspection is discontinued"
    ):
        resume_inspection(resumed, "again")


def test_resubmitted_lots_are_ignored() -> None:
    state = fold([NG, Lot(False, resubmitted=True), OK, OK, OK])
    assert state.inspection == "normal"
    assert state.lots == 5


Z14_READY = SwitchingRules(limit_number=5)


def steady(defectives: int = 0) -> Lot:
    return Lot(True, defectives=defectives, reduced_approved=True)


def test_z14_reduced_after_ten_accepted_within_limit_number() -> None:
    state = fold([steady()] * 9, SwitchingState(rules=Z14_READY))
    assert state.inspection == "normal"
    assert "9 consecutive lots accepted (10 needed" in state.reasons[0].en
    state = next_inspection(state, steady(1))
    assert state.inspection == "reduced"
    assert state.lots == 10  # each lot counted once, the switching one too
    assert [r.code for r in state.reasons] == [
        "switching.normal_to_reduced",
        "switching.limit_number_met",
    ]


def test_z14_limit_number_exceeded_stays_normal() -> None:
    # 10 lots with 1 nonconforming each: 10 > limit 5.
    state = fold([steady(1)] * 10, SwitchingState(rules=Z14_READY))
    assert state.inspection == "normal"
    assert "10 nonconforming in the last 10 lots exceeds the limit number 5" in state.reasons[0].en


def test_z14_limit_number_must_be_supplied_or_waived() -> None:
    with pytest.raises(OutOfTableError, match="Table VIII"):
        fold([steady()] * 10)
    waived = fold([steady()] * 10, SwitchingState(rules=SwitchingRules(waive_limit_number=True)))
    assert waived.inspection == "reduced"
    assert waived.reasons[1].code == "switching.limit_number_waived"


def test_z14_reduced_needs_steady_production_and_approval() -> None:
    unsteady = Lot(True, defectives=0, reduced_approved=True, production_steady=False)
    assert fold([steady()] * 9 + [unsteady], SwitchingState(rules=Z14_READY)).reasons[0].code == (
        "switching.reduced_blocked_production"
    )
    unapproved = Lot(True, defectives=0)
    assert fold([steady()] * 9 + [unapproved], SwitchingState(rules=Z14_READY)).reasons[
        0
    ].code == ("switching.reduced_needs_approval")


def test_z14_limit_number_needs_the_counts() -> None:
    lots = [Lot(True, reduced_approved=True)] * 10
    with pytest.raises(InvalidInputError, match="nonconforming counts"):
        fold(lots, SwitchingState(rules=Z14_READY))


def test_a_rejection_restarts_the_run_towards_reduced() -> None:
    state = fold([steady()] * 9 + [NG] + [steady()] * 9, SwitchingState(rules=Z14_READY))
    assert (state.inspection, state.accepted_run) == ("normal", 9)


@pytest.mark.parametrize(
    ("lot", "fragment"),
    [
        (Lot(False, defectives=3), "a lot was not accepted"),
        (Lot(True, defectives=1, reinstate_normal=True), "between Ac and Re"),
        (Lot(True, defectives=0, production_steady=False), "irregular or delayed"),
        (Lot(True, defectives=0, normal_required=True), "authority requires normal"),
    ],
)
def test_reduced_back_to_normal(lot: Lot, fragment: str) -> None:
    reduced = SwitchingState("reduced", Z14_READY)
    state = next_inspection(reduced, lot)
    assert state.inspection == "normal"
    assert fragment in state.reasons[0].en
    assert next_inspection(reduced, OK).inspection == "reduced"


def test_gap_judgement_feeds_the_fold() -> None:
    plan = lookup_plan(500, 1.0, inspection="reduced")  # 20, 0/2
    lot = Lot.from_judgement(plan, judge(plan, [1]))
    assert next_inspection(SwitchingState("reduced"), lot).inspection == "normal"
    with pytest.raises(InvalidInputError, match=r"'judgement\.decision' must be"):
        Lot.from_judgement(
            SamplingPlan.from_stages([(5, 0, 2), (5, 1, 2)]),
            judge(SamplingPlan.from_stages([(5, 0, 2), (5, 1, 2)]), [1]),
        )


ISO = SwitchingState(rules=SwitchingRules(standard="iso2859-1"))


def iso_lot(plan: SamplingPlan, *counts: int) -> Lot:
    return Lot.from_judgement(plan, judge(plan, list(counts)), reduced_approved=True)


def test_iso_score_ac_0_or_1_adds_2_and_reaches_30_at_15_lots() -> None:
    plan = lookup_plan(500, 1.0, standard="iso2859-1")  # 50, 1/2
    state = fold([iso_lot(plan, 1)] * 14, ISO)
    assert (state.inspection, state.switching_score) == ("normal", 28)
    state = next_inspection(state, iso_lot(plan, 0))
    assert state.inspection == "reduced"
    assert state.lots == 15
    assert state.reasons[1].en.endswith("switching score +2 -> 30")


def test_iso_score_ac_2_or_more_needs_the_tighter_aql() -> None:
    plan = lookup_plan(1000, 1.5, standard="iso2859-1")  # J: 80, 3/4; tighter AQL 1.0: 80, 2/3
    state = fold([iso_lot(plan, 2)] * 3, ISO)
    assert state.switching_score == 9
    state = next_inspection(state, iso_lot(plan, 3))  # accepted, but 3 > tighter Ac 2
    assert state.switching_score == 0
    assert "3 found vs tighter Ac 2" in state.reasons[0].en


def test_iso_score_is_conservative_when_the_tighter_plan_samples_differently() -> None:
    plan = lookup_plan(500, 100, standard="iso2859-1")
    tighter = lookup_plan(500, 65, standard="iso2859-1")
    assert plan.accept >= 2
    assert plan.sample_size != tighter.sample_size
    state = next_inspection(ISO, iso_lot(plan, 0))
    assert state.switching_score == 0
    assert "different sample size" in state.reasons[0].en
    told = Lot(True, defectives=0, plan=plan, accepted_at_tighter_aql=True)
    assert next_inspection(ISO, told).switching_score == 3


def test_iso_score_rejection_resets_and_no_tighter_than_0_010() -> None:
    plan = lookup_plan(500, 1.0, standard="iso2859-1")
    state = fold([iso_lot(plan, 0)] * 3, ISO)
    assert state.switching_score == 6
    state = next_inspection(state, Lot(False, defectives=2, plan=plan))
    assert state.switching_score == 0
    with pytest.raises(InvalidInputError, match="needs a table plan"):
        next_inspection(ISO, Lot(True, defectives=0, plan=SamplingPlan.from_stages([(50, 2, 3)])))
    # Ac >= 2 at AQL 0.010 occurs only in a hand-made plan with table metadata:
    # there is no tighter AQL, so no points.
    made = SamplingPlan(
        (Stage(500, 2, 3),), aql=0.010, initial_code_letter="N", standard="iso2859-1"
    )
    state = next_inspection(ISO, Lot(True, defectives=0, plan=made))
    assert state.switching_score == 0
    assert "no tighter AQL than 0.010" in state.reasons[0].en


def test_iso_score_at_30_still_needs_approval() -> None:
    plan = lookup_plan(500, 1.0, standard="iso2859-1")
    unapproved = Lot.from_judgement(plan, judge(plan, [0]))
    state = fold([unapproved] * 15, ISO)
    assert (state.inspection, state.switching_score) == ("normal", 30)
    assert state.reasons[-1].code == "switching.reduced_needs_approval"


def test_iso_score_double_and_multiple() -> None:
    double = lookup_plan(1000, 1.5, scheme="double", standard="iso2859-1")
    assert double.scheme == "double"
    assert next_inspection(ISO, iso_lot(double, 0)).switching_score == 3
    assert next_inspection(ISO, iso_lot(double, 2, 0)).switching_score == 0
    with pytest.raises(InvalidInputError, match="accepted_at_first_stage"):
        next_inspection(ISO, Lot(True, plan=double))
    multiple = lookup_plan(1000, 1.5, scheme="multiple")
    with pytest.raises(OutOfTableError, match="sources conflict"):
        next_inspection(ISO, Lot(True, plan=multiple, accepted_at_first_stage=False))


def test_iso_has_no_gap_rule_and_needs_the_plan() -> None:
    reduced = SwitchingState("reduced", SwitchingRules(standard="iso2859-1"))
    assert next_inspection(reduced, Lot(True, reinstate_normal=True)).inspection == "reduced"
    with pytest.raises(InvalidInputError, match="'plan' is needed"):
        next_inspection(ISO, Lot(True))
    with pytest.raises(InvalidInputError, match="'defectives' is needed"):
        next_inspection(ISO, Lot(True, plan=lookup_plan(1000, 1.5, standard="iso2859-1")))


def test_state_round_trips() -> None:
    state = fold([NG, OK, NG, OK])
    assert from_dict(to_dict(state), SwitchingState) == state


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: SwitchingRules(standard="jis"), InvalidInputError, "'standard' must be one of"),
        (
            lambda: SwitchingRules(tighten_rejections=0),
            InvalidInputError,
            "'tighten_rejections' must be >= 1",
        ),
        (lambda: SwitchingRules(tighten_rejections=6), InvalidInputError, "<= tighten_window (5)"),
        (
            lambda: SwitchingRules(limit_number=-1),
            InvalidInputError,
            "'limit_number' must be >= 0",
        ),
        (
            lambda: Lot(True, defectives=-2),
            InvalidInputError,
            "'defectives' must be >= 0 (got -2)",
        ),
        (lambda: SwitchingState("skip"), InvalidInputError, "'inspection' must be one of"),  # type: ignore[arg-type]
        (
            lambda: next_inspection(SwitchingState(), True),  # type: ignore[arg-type]
            InvalidInputError,
            "'lot' must be a Lot",
        ),
        (
            lambda: resume_inspection(SwitchingState("discontinued"), " "),
            InvalidInputError,
            "'reason' must be a non-empty string",
        ),
    ],
)
def test_bad_input(call: object, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)
