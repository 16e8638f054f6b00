import pytest

from qmscore.errors import InvalidInputError
from qmscore.sampling import SamplingPlan, judge, lookup_plan
from qmscore.sampling.judge import Judgement
from qmscore.serialization import from_dict, to_dict

SINGLE = SamplingPlan.from_stages([(50, 1, 2)])
DOUBLE = SamplingPlan.from_stages([(32, 0, 3), (32, 3, 4)])  # Table III-A, code H, AQL 1.5
MULTI = lookup_plan(500, 1.0, scheme="multiple")  # #/2 #/2 0/2 0/3 1/3 1/3 2/3, n 13


def test_single_accept_and_reject() -> None:
    assert judge(SINGLE, [1]).decision == "accept"
    verdict = judge(SINGLE, [2])
    assert (verdict.decision, verdict.stage, verdict.defectives, verdict.inspected) == (
        "reject",
        1,
        2,
        50,
    )
    assert "2 found >= Re 2" in verdict.reasons[0].en


def test_double_counts_are_cumulative() -> None:
    # Stage 1: 1 is between Ac 0 and Re 3: continue. Stage 2: 1 + 2 = 3 <= Ac 3: accept.
    assert judge(DOUBLE, [1]).decision == "continue"
    second = judge(DOUBLE, [1, 2])
    assert (second.decision, second.defectives, second.inspected) == ("accept", 3, 64)
    assert not second.accepted_at_first_stage
    assert judge(DOUBLE, [1, 3]).decision == "reject"  # 4 >= Re 4
    assert judge(DOUBLE, [0]).accepted_at_first_stage
    assert judge(DOUBLE, [3]).decision == "reject"


def test_hash_stage_never_accepts() -> None:
    # Stages 1 and 2 have Ac '#': zero defectives still means "draw the next sample".
    assert judge(MULTI, [0]).decision == "continue"
    assert judge(MULTI, [0, 0]).decision == "continue"
    assert judge(MULTI, [0, 0, 0]).decision == "accept"
    assert judge(MULTI, [2]).decision == "reject"
    # Cumulative 0, 1, 1, 2, 2, 2, 2 against Ac #,#,0,0,1,1,2 / Re 2,2,2,3,3,3,3.
    assert judge(MULTI, [0, 1, 0, 1, 0, 0]).decision == "continue"
    last = judge(MULTI, [0, 1, 0, 1, 0, 0, 0])
    assert (last.decision, last.stage, last.inspected) == ("accept", 7, 91)


def test_gap_plan_accepts_and_reinstates_normal() -> None:
    reduced = lookup_plan(500, 1.0, inspection="reduced")  # n 20, Ac 0, Re 2
    verdict = judge(reduced, [1])
    assert verdict.accepted
    assert verdict.reinstate_normal
    assert verdict.reasons[0].code == "sampling.accept_reinstate_normal"
    assert not judge(reduced, [0]).reinstate_normal


def test_judgement_round_trip() -> None:
    verdict = judge(DOUBLE, [1, 2])
    assert from_dict(to_dict(verdict), Judgement) == verdict


@pytest.mark.parametrize(
    ("plan", "counts", "fragment"),
    [
        (SINGLE, [-1], "'defectives_per_stage[0]' must be >= 0 (got -1)"),
        (
            SINGLE,
            [51],
            "'defectives_per_stage[0]' must be <= the stage's sample size 50 (nonconforming "
            "items) (got 51)",
        ),
        (SINGLE, [1.0], "'defectives_per_stage[0]' must be an integer"),
        (SINGLE, [], "at least one count"),
        (SINGLE, "1", "'defectives_per_stage' must be a list of counts (got '1')"),
        (SINGLE, 1, "'defectives_per_stage' must be a list of counts (got 1)"),
        (SINGLE, [0, 0], "at most 1 counts"),
        (DOUBLE, [0, 1], "already decided (accept) at stage 1"),
    ],
)
def test_bad_input(plan: SamplingPlan, counts: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        judge(plan, counts)  # type: ignore[arg-type]
    assert fragment in str(info.value)
