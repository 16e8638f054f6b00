"""Complaint classification from the brief's wording, recurrence, bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError, RuleSetError
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


def _from_dict_rules(**changes: object) -> ComplaintRules:
    return from_dict({**to_dict(ComplaintRules()), **changes}, ComplaintRules)


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: C(demands=("refund",)), InvalidInputError, "'demands[0]' must be one of"),
        # A string is never a list of demands (it would read as characters).
        (lambda: C(demands="return"), InvalidTypeError, "'demands' must be a list (got 'return')"),
        (lambda: C(demands=5), InvalidTypeError, "'demands' must be a list (got 5)"),
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
            lambda: C(requested_reply_at=1.5),
            InvalidTypeError,
            "'requested_reply_at' must be a datetime or an ISO 8601 string (got 1.5)",
        ),
        (lambda: C(replacement_amount=-5), InvalidInputError, "'replacement_amount' must be >= 0"),
        # NaN would silently skip the general manager's approval.
        (
            lambda: C(replacement_amount=float("nan")),
            InvalidInputError,
            "'replacement_amount' must be finite (not NaN) (got nan)",
        ),
        (
            lambda: C(replacement_amount=Decimal("NaN")),
            InvalidInputError,
            "'replacement_amount' must be finite (not NaN)",
        ),
        (
            lambda: C(replacement_amount=float("inf")),
            InvalidInputError,
            "'replacement_amount' must be finite (got inf)",
        ),
        (
            lambda: C(replacement_amount="1500"),
            InvalidTypeError,
            "'replacement_amount' must be a number (got '1500')",
        ),
        (lambda: C(quantity_delivered=-1), InvalidInputError, "'quantity_delivered' must be >= 0"),
        (
            lambda: C(quantity_delivered=2.5),
            InvalidTypeError,
            "'quantity_delivered' must be an integer (got 2.5)",
        ),
        (lambda: C(category="z"), InvalidInputError, "'category' must be one of"),
        (lambda: C(customer_class="VIP"), InvalidInputError, "'customer_class' must be one of"),
        (lambda: C(safety="no"), InvalidTypeError, "'safety' must be True or False (got 'no')"),
        (lambda: C(batch=1), InvalidTypeError, "'batch' must be True or False (got 1)"),
        (lambda: C(site=""), InvalidInputError, "'site' must be a non-empty string"),
        (lambda: C(phone=None), InvalidTypeError, "'phone' must be a string (got None)"),
        (
            lambda: C(delivery_date=dt.datetime(2026, 9, 1)),
            InvalidTypeError,
            "'delivery_date' must be a date (not a datetime)",
        ),
        (
            lambda: Complaint("Q", dt.date(2026, 9, 30), "K"),
            InvalidTypeError,
            "'received_at' must be a datetime or an ISO 8601 string",
        ),
        (
            lambda: Complaint("Q", "2026-13-45", "K"),
            InvalidInputError,
            "'received_at' must be an ISO 8601 date-time (got '2026-13-45')",
        ),
        (
            lambda: classify_complaint("complaint"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'complaint' must be a Complaint",
        ),
        (
            lambda: classify_complaint(C(), "rules"),  # type: ignore[arg-type]
            InvalidTypeError,
            "'rules' must be ComplaintRules",
        ),
        (
            lambda: is_recurrence(C(), [], window=dt.timedelta(0)),
            InvalidInputError,
            "'window' must be a positive timedelta",
        ),
        (lambda: is_recurrence(C(), "Q1"), InvalidTypeError, "'prior' must be a list"),  # type: ignore[arg-type]
        (
            lambda: is_recurrence(C(), [None]),  # type: ignore[list-item]
            InvalidTypeError,
            "'prior[0]' must be a Complaint (got None)",
        ),
        (
            lambda: is_recurrence(
                C(), [Complaint("Q0", T.replace(tzinfo=dt.timezone.utc), "K-1")]
            ),
            InvalidInputError,
            "'prior[0].received_at' must be naive like the complaint",
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
            lambda: ComplaintRules(
                demand_nature={**ComplaintRules().demand_nature, "return": "E"}
            ),
            InvalidInputError,
            "'demand_nature[return]' must be one of ('A', 'B', 'C')",
        ),
        (
            lambda: ComplaintRules(demand_nature=3),
            InvalidTypeError,
            "'demand_nature' must be a mapping",
        ),
        (
            lambda: ComplaintRules(major_triggers=("weather",)),
            InvalidInputError,
            "'major_triggers[0]' must be one of ('batch', 'recurrence', 'safety')",
        ),
        (
            lambda: ComplaintRules(major_demands="return"),
            InvalidTypeError,
            "'major_demands' must be a list (got 'return')",
        ),
        # Through the converter too: a JSON string never becomes ('r', 'e', 't', ...).
        (
            lambda: _from_dict_rules(major_demands="return"),
            InvalidInputError,
            "expected a list, got str @ $.major_demands",
        ),
        (
            lambda: _from_dict_rules(major_triggers="batch"),
            InvalidInputError,
            "expected a list, got str @ $.major_triggers",
        ),
        (
            lambda: ComplaintRules(approval_above=float("nan")),
            InvalidInputError,
            "'approval_above' must be finite (not NaN)",
        ),
        (
            lambda: ComplaintRules(approval_above=-1),
            InvalidInputError,
            "'approval_above' must be >= 0",
        ),
        (
            lambda: ComplaintRules(approval_inclusive="yes"),
            InvalidTypeError,
            "'approval_inclusive' must be True or False",
        ),
        (
            lambda: ComplaintRules(default_nature="D"),
            InvalidInputError,
            "'default_nature' must be one of",
        ),
        (
            lambda: ComplaintRules(leaders={"main plant": ""}),
            InvalidInputError,
            "must be a non-empty string",
        ),
        (
            lambda: ComplaintRules(leader_within=""),
            InvalidInputError,
            "'leader_within' must be a non-empty string",
        ),
        (
            lambda: ComplaintRules(default_site="moon base"),
            RuleSetError,
            "default_site 'moon base' is not one of the leaders' sites",
        ),
        (
            lambda: ComplaintRules(close_requires=5),
            InvalidTypeError,
            "'close_requires' must be a mapping (got 5)",
        ),
        (
            lambda: ComplaintRules(close_requires={"major": ()}),
            RuleSetError,
            "'close_requires' must name exactly the routes",
        ),
        (
            lambda: ComplaintRules(
                close_requires={**ComplaintRules().close_requires, "major": ("approved",)}
            ),
            InvalidInputError,
            "'close_requires[major][0]' must be one of",
        ),
        (
            lambda: ComplaintRules(
                close_requires={**ComplaintRules().close_requires, "standard": "customer_replied"}
            ),
            InvalidTypeError,
            "'close_requires[standard]' must be a list",
        ),
    ],
)
def test_bad_input(call: object, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)


def test_real_values_are_accepted_as_plain_ones() -> None:
    """NumPy numbers, Decimal money, lists and ISO strings mean what plain values mean."""
    np = pytest.importorskip("numpy")
    plain = C(demands=("return",), quantity_delivered=500, replacement_amount=1500.0)
    real = Complaint(
        "Q",
        "2026-09-30T16:00:00",
        "K-1",
        demands=["return"],
        quantity_delivered=np.int64(500),
        replacement_amount=Decimal("1500.00"),
        safety=np.bool_(False),
    )
    assert real == plain
    assert type(real.quantity_delivered) is int
    assert classify_complaint(real) == classify_complaint(plain)
    utc = Complaint("Q", "2026-09-30T08:00:00Z", "K")  # Z is UTC on every Python
    assert utc.received_at == dt.datetime(2026, 9, 30, 8, tzinfo=dt.timezone.utc)
