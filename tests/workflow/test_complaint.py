"""Complaint classification from the brief's wording, recurrence, bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from qmscore.errors import InvalidInputError, RuleSetError
from qmscore.serialization import from_dict, to_dict
from qmscore.workflow import (
    Classification,
    Complaint,
    ComplaintRules,
    classify_complaint,
    is_recurrence,
)

T = dt.datetime(2026, 9, 30, 16, 0)


def C(**kw: object) -> Complaint:
    return Complaint("Q", T, "K-1", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("demands", "nature"),
    [
        (("compensation", "return"), "A"),  # 索赔 and 退货
        (("contract_termination",), "A"),  # 终止合同
        (("return",), "B"),
        (("downgrade", "price_reduction"), "B"),  # 降级、降价
        (("concession",), "B"),  # 让步接受
        (("exchange",), "C"),  # 换货
        (("criticism",), "C"),  # 批评、埋怨
        ((), "C"),
        (("criticism", "price_reduction"), "B"),  # the worst demand decides
    ],
)
def test_nature_is_the_worst_demand(demands: tuple[str, ...], nature: str) -> None:
    assert classify_complaint(C(demands=demands)).nature == nature


def test_safety_forces_a_and_the_major_route() -> None:
    r = classify_complaint(C(demands=("criticism",), safety=True))
    assert (r.nature, r.route) == ("A", "major")
    assert [x.code for x in r.reasons][:2] == ["workflow.nature_from_demands", "workflow.safety"]


@pytest.mark.parametrize(
    ("kw", "route"),
    [
        ({"demands": ("criticism",), "appearance_only": True}, "fast_track"),
        ({"demands": ("criticism",)}, "standard"),
        ({"demands": ("exchange",), "batch": True}, "major"),
        ({"demands": ("exchange",), "recurrence": True}, "major"),
        ({"demands": ("return",)}, "major"),
        ({"demands": ("exchange",), "appearance_only": True, "recurrence": True}, "major"),
    ],
)
def test_routes(kw: dict[str, object], route: str) -> None:
    assert classify_complaint(C(**kw)).route == route


def test_escalations_leaders_and_approvals() -> None:
    r = classify_complaint(C(demands=("return",), site="branch plant 2", replacement_amount=1500))
    assert r.leader == "branch plant 2 manager"
    assert [(e.who, e.within) for e in r.escalations] == [
        ("branch plant 2 manager", "1 hour"),
        ("department head", "1 hour"),
    ]
    assert r.approvals == ("general manager",)
    assert classify_complaint(C(replacement_amount=1000)).approvals == ()  # above 1000 only
    # The escalation rules are data: a customer whose concessions go to the leader too.
    rules = ComplaintRules(leader_escalation_demands=("concession",), leader_within="30 minutes")
    (leader,) = classify_complaint(C(demands=("concession",)), rules).escalations[:1]
    assert (leader.who, leader.within) == ("quality director", "30 minutes")
    assert from_dict(to_dict(r), Classification) == r


def test_recurrence_same_customer_product_defect_within_window() -> None:
    now = Complaint("Q3", T, "K-1", product="amp", defect="hum")
    prior = [
        Complaint("Q1", T - dt.timedelta(days=90), "K-1", product="amp", defect="hum"),
        Complaint("Q2", T - dt.timedelta(days=400), "K-1", product="amp", defect="hum"),
        Complaint("Q4", T - dt.timedelta(days=10), "K-2", product="amp", defect="hum"),
        Complaint("Q5", T - dt.timedelta(days=10), "K-1", product="amp", defect="scratch"),
    ]
    assert is_recurrence(now, prior) == (True, ("Q1",))
    assert is_recurrence(now, prior, window=dt.timedelta(days=30)) == (False, ())


def test_rules_round_trip() -> None:
    assert from_dict(to_dict(ComplaintRules()), ComplaintRules) == ComplaintRules()


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: C(demands=("refund",)), InvalidInputError, "'demands[0]' must be one of"),
        (lambda: C(demands=["return"]), InvalidInputError, "'demands' must be a tuple"),
        (
            lambda: C(requested_reply_at=T - dt.timedelta(hours=1)),
            InvalidInputError,
            "'requested_reply_at' must be after the receipt",
        ),
        (
            lambda: C(requested_reply_at=dt.datetime(2026, 10, 2, tzinfo=dt.timezone.utc)),
            InvalidInputError,
            "mix a naive and an aware datetime",
        ),
        (
            lambda: C(replacement_amount=-5),
            InvalidInputError,
            "'replacement_amount' must be a number >= 0",
        ),
        (
            lambda: C(quantity_delivered=-1),
            InvalidInputError,
            "'quantity_delivered' must be a number >= 0",
        ),
        (lambda: C(category="z"), InvalidInputError, "'category' must be one of"),
        (
            lambda: C(customer_class="VIP"),
            InvalidInputError,
            "'customer_class' must be 'A', 'B' or 'C'",
        ),
        (
            lambda: Complaint("Q", "2026-09-30", "K"),  # type: ignore[arg-type]
            InvalidInputError,
            "'received_at' must be a datetime.datetime",
        ),
        (
            lambda: classify_complaint("complaint"),  # type: ignore[arg-type]
            InvalidInputError,
            "'complaint' must be a Complaint",
        ),
        (
            lambda: is_recurrence(C(), [], window=dt.timedelta(0)),
            InvalidInputError,
            "'window' must be a positive timedelta",
        ),
        (
            lambda: ComplaintRules(demand_nature={"return": "B"}),
            RuleSetError,
            "needs a nature A, B or C",
        ),
        (
            lambda: ComplaintRules(
                demand_nature={**ComplaintRules().demand_nature, "refund": "B"}
            ),
            RuleSetError,
            "unknown demands in demand_nature: ['refund']",
        ),
        (
            lambda: ComplaintRules(major_triggers=("weather",)),
            RuleSetError,
            "unknown major triggers",
        ),
    ],
)
def test_bad_input(call: object, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)
