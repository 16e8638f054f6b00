"""CAPA behaviours that surviving mutants showed untested (issue 20)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from qmscore.deadlines import Hours
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason, Source
from qmscore.scoring import STANDARD_QUESTIONNAIRE, score_response
from qmscore.workdays import WorkCalendar
from qmscore.workflow import (
    Cause,
    Complaint,
    CorrectivePlan,
    EightD,
    EightDProfile,
    SubItem,
    capa_from_complaint,
    capa_from_score,
    open_case,
)

CN = WorkCalendar.china()
SH = ZoneInfo("Asia/Shanghai")
D = dt.date


def test_five_whys_accepted_six_refused_with_the_count() -> None:
    assert len(Cause("man", "s", whys=("w",) * 5).whys) == 5
    with pytest.raises(InvalidInputError, match=r"'whys' must be at most 5 whys \(got 6\)"):
        Cause("man", "s", whys=("w",) * 6)


def test_item_due_on_the_plan_date_accepted_a_day_later_refused() -> None:
    ok = CorrectivePlan(
        "p", owner="o", due=D(2026, 10, 1), items=(SubItem("m", "o", D(2026, 10, 1), "a"),)
    )
    assert ok.items[0].due == D(2026, 10, 1)
    with pytest.raises(
        InvalidInputError,
        match=r"'items\[0\].due' must be on or before the plan's due date 2026-10-01 \(got datetime.date\(2026, 10, 2\)\)",
    ):
        CorrectivePlan(
            "p", owner="o", due=D(2026, 10, 1), items=(SubItem("m", "o", D(2026, 10, 2), "a"),)
        )


def test_plan_is_not_late_on_its_due_date_but_is_the_day_after() -> None:
    plan = CorrectivePlan(
        "p", owner="o", due=D(2026, 10, 1), items=(SubItem("m", "o", D(2026, 10, 1), "a"),)
    )
    assert not plan.is_late(D(2026, 10, 1))
    assert plan.is_late(D(2026, 10, 2))


@pytest.mark.parametrize("method", ["late_items", "reasons"])
def test_today_must_be_a_date(method: str) -> None:
    plan = CorrectivePlan("p", owner="o", due=D(2026, 10, 1))
    with pytest.raises(InvalidInputError, match=r"^'today' must be"):
        getattr(plan, method)("tomorrow")


def test_late_plan_reason_lists_each_late_item() -> None:
    plan = CorrectivePlan(
        "p",
        owner="o",
        due=D(2026, 10, 9),
        items=(
            SubItem("fix jig", "Li", D(2026, 10, 1), "a"),
            SubItem("retrain", "Wang", D(2026, 10, 2), "a"),
            SubItem("audit", "Zhao", D(2026, 10, 9), "a"),
        ),
    )
    assert plan.reasons(D(2026, 10, 5)) == (
        Reason(
            "capa.plan_late",
            "Late on 2026-10-05: fix jig (Li, due 2026-10-01), retrain (Wang, due 2026-10-02)",
            "2026-10-05 逾期：fix jig（Li，2026-10-01 到期）；retrain（Wang，2026-10-02 到期）",
            source=Source("seed 002 质量问题整治方法计划表"),
        ),
    )


def test_profile_and_record_keys_must_be_strings() -> None:
    with pytest.raises(InvalidInputError, match=r"^'due key' must be"):
        EightDProfile("p", {1: Hours(24)})
    with pytest.raises(InvalidInputError, match=r"^'completed key' must be"):
        EightD("r", dt.datetime(2026, 9, 1), completed={1: dt.datetime(2026, 9, 2)})


def test_unknown_completed_discipline_is_named() -> None:
    with pytest.raises(InvalidInputError, match=r"\(got \['D9'\]\)$"):
        EightD("r", dt.datetime(2026, 9, 1), completed={"D9": dt.datetime(2026, 9, 2)})


def test_completed_moments_must_match_opened_at_kind() -> None:
    naive = dt.datetime(2026, 9, 1, 10)
    aware = dt.datetime(2026, 9, 2, 10, tzinfo=SH)
    with pytest.raises(
        InvalidInputError, match=r"^'completed\[D3\]' must be naive like opened_at"
    ):
        EightD("r", naive, completed={"D3": aware})
    with pytest.raises(InvalidInputError, match=r"^'at' must be naive like opened_at"):
        EightD("r", naive).complete("D3", aware)


def test_overdue_exactly_at_the_deadline_is_not_overdue() -> None:
    # D3 is due 24 elapsed hours after opening: 2026-09-02 10:00.
    record = EightD("r", dt.datetime(2026, 9, 1, 10), EightDProfile("p", {"D3": Hours(24)}))
    assert record.overdue(dt.datetime(2026, 9, 2, 10), CN) == ()
    assert record.overdue(dt.datetime(2026, 9, 2, 10, 0, 1), CN) == ("D3",)


def test_closure_blocker_reason() -> None:
    record = EightD("r", dt.datetime(2026, 9, 1, 10), completed={"D6": dt.datetime(2026, 9, 5)})
    assert record.closure_blockers() == (
        Reason(
            "capa.8d_blocked",
            "D8 not completed: the 8D cannot be closed",
            "D8 未完成：8D 不能关闭",
        ),
    )


def test_score_proposal_in_full() -> None:
    low = score_response({i.key: "dissatisfied" for i in STANDARD_QUESTIONNAIRE.items})
    proposal = capa_from_score(low, items=2)
    assert proposal is not None
    # Points when every answer is "dissatisfied": performance 15/30; delivery, improvement,
    # service life 3/10 each; appearance, dimensions 5/10 each; packaging, price, service,
    # transport 2/5 each: 15 + 9 + 10 + 8 = 42 of 100 -> 42.0.
    assert proposal.kind == "corrective_action"
    assert proposal.subject == "satisfaction score below the corrective threshold"
    assert proposal.reasons == (
        Reason(
            "capa.from_score",
            "Score 42.0 needs corrective/preventive action: propose actions for performance, delivery",
            "得分 42.0 需纠正预防：建议对 performance、delivery 采取措施",
            source=Source("seed 004"),
        ),
    )


def test_score_proposal_refuses_a_non_score_and_shows_it() -> None:
    with pytest.raises(
        InvalidInputError, match=r"'score' must be a SatisfactionScore \(got 'x'\)"
    ):
        capa_from_score("x")


def test_recurring_complaint_proposal_in_full() -> None:
    t = dt.datetime(2026, 9, 30, 10)
    proposal = capa_from_complaint(open_case(Complaint("Q-1", t, "K", recurrence=True)))
    assert proposal is not None
    assert proposal.subject == "recurring complaint Q-1"
    assert proposal.items == ("Q-1",)  # no product: the complaint id
    assert proposal.reasons == (
        Reason(
            "capa.from_complaint",
            "A recurring complaint (Q-1): open an 8D",
            "重复发生投诉（Q-1）：启动 8D",
            source=Source("seed 001"),
        ),
    )


def test_batch_complaint_proposal_names_the_product() -> None:
    t = dt.datetime(2026, 9, 30, 10)
    proposal = capa_from_complaint(open_case(Complaint("Q-2", t, "K", batch=True, product="pump")))
    assert proposal is not None
    assert proposal.subject == "batch complaint Q-2"
    assert proposal.items == ("pump",)
    assert [(r.en, r.zh) for r in proposal.reasons] == [
        ("A batch complaint (Q-2): open an 8D", "批量投诉（Q-2）：启动 8D")
    ]
