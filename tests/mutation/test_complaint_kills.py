"""Kill tests for the surviving mutants of workflow/complaint (issue 20).

The default rules (BRIEF.md, seeds 002/004): demand natures compensation and
contract_termination A; return, downgrade, price_reduction, concession B;
exchange, criticism C; no demand -> C; safety -> A; major route on batch,
recurrence, safety, a return/compensation/contract_termination demand or
nature A; returns and compensation told to the site's leader within 1 hour,
a major case to the department head within 1 hour; a replacement order of
1000 RMB or more (inclusive) needs the general manager.  Every reason below is
its template filled by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest

from qmscore.errors import InvalidInputError
from qmscore.explain import Reason, Source
from qmscore.workflow import Complaint, ComplaintRules, classify_complaint

T = dt.datetime(2026, 9, 7, 10, 0)
S002 = Source("seed 002 客户投诉处理流程")
S004 = Source("seed 004 客户投诉处理程序")
MAJOR_EN = (
    " (meeting; disposition of shipped, stocked and in-process product; root cause; CAPA; "
    "verification)"
)
MAJOR_ZH = "（召开会议；处置已发货、库存及在制品；查找根本原因；纠正预防；验证）"


def _escalation_reasons(cls: object) -> list[Reason]:
    return [
        Reason(
            "workflow.escalation", f"Tell {e.who} within {e.within}: {e.en}", e.zh, source=e.source
        )
        for e in cls.escalations  # type: ignore[attr-defined]
    ]


def test_return_with_an_approval_at_the_limit() -> None:
    c = Complaint("Q-1", T, "K", demands=("return", "criticism"), replacement_amount=1000)
    cls = classify_complaint(c)
    assert (cls.nature, cls.route, cls.leader) == ("B", "major", "quality director")
    assert [(e.who, e.within) for e in cls.escalations] == [
        ("quality director", "1 hour"),
        ("department head", "1 hour"),
    ]
    assert cls.approvals == ("general manager",)
    assert list(cls.reasons) == [
        Reason(
            "workflow.nature_from_demands",
            "Nature B: the worst level among the demands (return)",
            "问题性质 B（严重）：按客户诉求中最严重者（退货）",
            source=S002,
        ),
        Reason(
            "workflow.route_major",
            "Major route: return" + MAJOR_EN,
            "重大处理流程：退货" + MAJOR_ZH,
            source=S004,
        ),
        *_escalation_reasons(cls),
        Reason(
            "workflow.approval",
            "Replacement order 1000 RMB >= 1000 (inclusive: 以上 includes the number): "
            "the general manager approves",
            "补货订单 1000 元达到 1000 元（含本数：以上包括本数）：须总经理批准",
            source=S004,
        ),
    ]
    # 999.5 < 1000: no approval.
    below = classify_complaint(
        Complaint("Q-2", T, "K", demands=("return",), replacement_amount=999.5)
    )
    assert below.approvals == ()
    assert "workflow.approval" not in [r.code for r in below.reasons]


def test_safety_without_demands() -> None:
    cls = classify_complaint(Complaint("Q-3", T, "K", safety=True))
    assert (cls.nature, cls.route) == ("A", "major")
    assert [(e.who, e.within) for e in cls.escalations] == [("department head", "1 hour")]
    assert list(cls.reasons) == [
        Reason(
            "workflow.nature_default", "No demand stated: nature C", "客户未提出诉求：问题性质 C"
        ),
        Reason("workflow.safety", "Safety issue: nature forced to A", "涉及安全：问题性质定为 A"),
        Reason(
            "workflow.route_major",
            "Major route: safety, nature A" + MAJOR_EN,
            "重大处理流程：涉及安全、问题性质 A" + MAJOR_ZH,
            source=S004,
        ),
        *_escalation_reasons(cls),
    ]


def test_batch_and_recurrence_triggers() -> None:
    cls = classify_complaint(
        Complaint("Q-4", T, "K", batch=True, recurrence=True, demands=("compensation",))
    )
    assert cls.nature == "A"
    route = next(r for r in cls.reasons if r.code == "workflow.route_major")
    assert route.en == "Major route: batch, recurrence, compensation, nature A" + MAJOR_EN
    assert route.zh == "重大处理流程：批量问题、重复发生、索赔、问题性质 A" + MAJOR_ZH


def test_fast_track_default_site_and_exclusive_approval() -> None:
    rules = ComplaintRules(default_site="branch plant 1", approval_inclusive=False)
    c = Complaint(
        "Q-5",
        T,
        "K",
        demands=("exchange", "criticism"),
        appearance_only=True,
        site="branch plant 9",
        replacement_amount=1000.5,
    )
    cls = classify_complaint(c, rules)
    assert (cls.nature, cls.route, cls.leader) == ("C", "fast_track", "branch plant 1 manager")
    assert cls.escalations == ()
    assert list(cls.reasons) == [
        Reason(
            "workflow.nature_from_demands",
            "Nature C: the worst level among the demands (exchange, criticism)",
            "问题性质 C（普通）：按客户诉求中最严重者（换货、批评埋怨）",
            source=S002,
        ),
        Reason(
            "workflow.route_fast_track",
            "Occasional appearance defect: closed by the quality supervisor the same day",
            "偶发外观不良：由品质主管当天处理结案",
            source=S004,
        ),
        Reason(
            "workflow.default_site",
            "Site 'branch plant 9' has no leader of its own: the default site "
            "'branch plant 1' answers (branch plant 1 manager)",
            "branch plant 9 未设分管领导：按规则指定的默认厂区 branch plant 1（branch plant 1 manager）处理",
        ),
        Reason(
            "workflow.approval",
            "Replacement order 1000.5 RMB > 1000 (exclusive: strictly above): the general manager approves",
            "补货订单 1000.5 元超过 1000 元（不含本数：严格大于）：须总经理批准",
            source=S004,
        ),
    ]
    # Exclusive: exactly 1000 needs no approval.
    at_limit = classify_complaint(Complaint("Q-6", T, "K", replacement_amount=1000), rules)
    assert at_limit.approvals == ()


def test_standard_route_and_unknown_site() -> None:
    cls = classify_complaint(
        Complaint("Q-7", T, "K", demands=("criticism",), site="branch plant 2")
    )
    assert (cls.route, cls.leader) == ("standard", "branch plant 2 manager")
    assert cls.reasons[1] == Reason(
        "workflow.route_standard", "General complaint: standard route", "一般性投诉：一般处理流程"
    )
    assert len(cls.reasons) == 2
    with pytest.raises(
        InvalidInputError, match=r"'site' must be one of the rules' sites .*\(got 'nowhere'\)"
    ):
        classify_complaint(Complaint("Q-8", T, "K", site="nowhere"))


def test_is_recurrence_window_ends() -> None:
    from qmscore.workflow import is_recurrence

    def c(cid: str, at: dt.datetime) -> Complaint:
        return Complaint(cid, at, "K", product="amp", defect="hum")

    now = c("Q-0", T)
    w = dt.timedelta(hours=12)  # a window shorter than a day is allowed
    same_moment = c("P-1", T)  # 0 apart: inside
    at_edge = c("P-2", T - w)  # exactly the window apart: inside
    past_edge = c("P-3", T - w - dt.timedelta(microseconds=1))
    after = c("P-4", T + dt.timedelta(microseconds=1))  # later than the complaint: not earlier
    assert is_recurrence(now, [same_moment, at_edge, past_edge, after], window=w) == (
        True,
        ("P-1", "P-2"),
    )
    assert is_recurrence(now, [past_edge], window=w) == (False, ())
    with pytest.raises(
        InvalidInputError,
        match=r"'window' must be a positive timedelta \(got datetime.timedelta\(0\)\)",
    ):
        is_recurrence(now, [], window=dt.timedelta(0))
    with pytest.raises(TypeError, match=r"^'complaint' must be a Complaint \(got 'x'\)"):
        is_recurrence("x", [])  # type: ignore[arg-type]


def test_requested_reply_at_checks() -> None:
    with pytest.raises(InvalidInputError) as info:
        Complaint("Q", T, "K", requested_reply_at=dt.datetime(2026, 9, 8, tzinfo=dt.timezone.utc))
    assert str(info.value).startswith(
        "'requested_reply_at' and 'received_at' mix a naive and an aware"
    )
    assert info.value.field == "requested_reply_at"
    assert info.value.value == dt.datetime(2026, 9, 8, tzinfo=dt.timezone.utc)
    with pytest.raises(
        InvalidInputError, match=r"after the receipt \(2026-09-07T10:00:00\) \(got datetime"
    ):
        Complaint("Q", T, "K", requested_reply_at=T)  # equal: refused
    assert Complaint(
        "Q", T, "K", requested_reply_at=T + dt.timedelta(microseconds=1)
    ).requested_reply_at


def test_classify_junk_messages_and_safety_on_nature_a() -> None:
    with pytest.raises(TypeError, match=r"'complaint' must be a Complaint \(got 'x'\)"):
        classify_complaint("x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"'rules' must be ComplaintRules \(got 'x'\)"):
        classify_complaint(Complaint("Q", T, "K"), "x")  # type: ignore[arg-type]
    # Nature already A from the demand: safety changes nothing and adds no reason.
    cls = classify_complaint(Complaint("Q", T, "K", safety=True, demands=("compensation",)))
    assert cls.nature == "A"
    assert "workflow.safety" not in [r.code for r in cls.reasons]


def test_approvals_on_the_fast_path() -> None:
    # The decision without reading the reasons: inclusive 1000 needs it, 999 does not;
    # exclusive 1000 does not, 1001 does.
    inc = ComplaintRules()
    exc = ComplaintRules(approval_inclusive=False)
    amounts = [
        (inc, 1000, ("general manager",)),
        (inc, 999, ()),
        (exc, 1000, ()),
        (exc, 1001, ("general manager",)),
    ]
    for rules, amount, want in amounts:
        assert (
            classify_complaint(Complaint("Q", T, "K", replacement_amount=amount), rules).approvals
            == want
        )


def test_close_requires_unknown_route() -> None:
    from qmscore.errors import RuleSetError

    base = dict(ComplaintRules().close_requires)
    with pytest.raises(RuleSetError, match=r"missing: \[\], unknown: \['extra'\]"):
        ComplaintRules(close_requires={**base, "extra": ("acknowledged",)})


def test_nature_a_alone_is_major_and_exclusive_limit_has_no_approval_reason() -> None:
    # Rules where criticism is nature A (not a major demand, no trigger flag):
    # nature A alone sends the complaint on the major route.
    rules = ComplaintRules(demand_nature={**ComplaintRules().demand_nature, "criticism": "A"})
    cls = classify_complaint(Complaint("Q", T, "K", demands=("criticism",)), rules)
    assert (cls.nature, cls.route) == ("A", "major")
    exc = ComplaintRules(approval_inclusive=False)
    at_limit = classify_complaint(Complaint("Q", T, "K", replacement_amount=1000), exc)
    assert "workflow.approval" not in [r.code for r in at_limit.reasons]
