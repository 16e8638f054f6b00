"""Trend triggers: a 30-complaint log whose firings are worked out by hand; the fold; bad input."""

from __future__ import annotations

import datetime as dt
import pickle
import random
from typing import Any

import attrs
import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError, RuleSetError
from qmscore.explain import Source
from qmscore.serialization import from_dict, to_dict
from qmscore.workflow import (
    DEFAULT_TRIGGERS,
    PATTERN_TRIGGERS,
    Complaint,
    TrendRule,
    TrendState,
    Trigger,
    TriggerRules,
    evaluate_triggers,
    trend_step,
)

# id, day (2026), customer, defect, flags
ROWS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    ("Q01", "01-05", "K01", "D-1", {}),
    ("Q02", "01-10", "K02", "D-1", {}),
    ("Q03", "01-20", "K03", "D-2", {}),
    ("Q04", "02-03", "K04", "D-1", {}),
    ("Q05", "02-04", "K05", "D-2", {}),
    ("Q06", "02-09", "K06", "D-3", {"batch": True}),
    ("Q07", "02-10", "K01", "", {}),
    ("Q08", "02-10", "K07", "D-1", {}),
    ("Q09", "02-19", "K08", "D-1", {}),
    ("Q10", "02-19", "K09", "D-2", {}),
    ("Q11", "02-20", "K10", "D-1", {}),
    ("Q12", "02-20", "K11", "D-5", {"demands": ("return",)}),
    ("Q13", "02-25", "K12", "D-6", {"safety": True}),
    ("Q14", "03-02", "K13", "D-7", {"recurrence": True}),
    ("Q15", "03-05", "K14", "D-8", {}),
    ("Q16", "03-05", "K15", "D-8", {}),
    ("Q17", "03-05", "K16", "D-8", {}),
    ("Q18", "03-10", "K17", "D-9", {"batch": True, "demands": ("return", "compensation")}),
    ("Q19", "03-12", "K18", "", {}),
    ("Q20", "03-15", "K19", "D-1", {}),
    ("Q21", "03-20", "K20", "D-10", {}),
    ("Q22", "03-25", "K21", "D-11", {"safety": True}),
    ("Q23", "04-01", "K22", "D-12", {}),
    ("Q24", "04-10", "K02", "D-13", {}),
    ("Q25", "04-19", "K03", "D-14", {}),
    ("Q26", "04-20", "K23", "D-15", {}),
    ("Q27", "04-21", "K24", "", {}),
    ("Q28", "04-22", "K25", "D-16", {}),
    ("Q29", "04-25", "K26", "D-17", {}),
    ("Q30", "04-28", "K01", "D-18", {}),
]


def _complaint(i: int, row: tuple[str, str, str, str, dict[str, Any]]) -> Complaint:
    cid, day, customer, defect, flags = row
    month, dom = (int(x) for x in day.split("-"))
    at = dt.datetime(2026, month, dom, 9, 0) + dt.timedelta(minutes=7 * i)
    return Complaint(cid, at, customer, defect=defect, **flags)


LOG = [_complaint(i, row) for i, row in enumerate(ROWS)]


def d(text: str) -> dt.date:
    return dt.date.fromisoformat("2026-" + text)


# Worked out by hand; a window of N days is the day and the N - 1 days before.
EXPECTED = [
    # D-1: Jan 5, Jan 10, Feb 3. Feb 3 - Jan 5 = 26 + 3 = 29 days < 30: inside. 3 -> fires.
    ("same_defect_30d", d("02-03"), "D-1", ("Q01", "Q02", "Q04")),
    ("batch", d("02-09"), "Q06", ("Q06",)),
    # K01: Jan 5 and Feb 10 (36 days < 90): twice -> fires. (Q07 has no defect code.)
    ("same_customer_90d", d("02-10"), "K01", ("Q01", "Q07")),
    # D-1 on Feb 10: the window starts Jan 12, so Jan 5 and Jan 10 left; Feb 3 + Feb 10 = 2.
    # Feb 19: window from Jan 21: Feb 3, Feb 10, Feb 19 = 3, up from 2 -> a new episode.
    # (D-2 on Feb 19: Jan 20 is 11 + 19 = 30 days before: outside; Feb 4 + Feb 19 = 2.)
    ("same_defect_30d", d("02-19"), "D-1", ("Q04", "Q08", "Q09")),
    # Feb 20: Q11 joins D-1 while the window already holds 3: same episode, no new proposal.
    ("returns", d("02-20"), "Q12", ("Q12",)),
    ("safety", d("02-25"), "Q13", ("Q13",)),
    ("recurrence", d("03-02"), "Q14", ("Q14",)),
    # Three D-8 the same day.
    ("same_defect_30d", d("03-05"), "D-8", ("Q15", "Q16", "Q17")),
    # Q18: a batch problem and a return: two rules, in rule order.
    ("batch", d("03-10"), "Q18", ("Q18",)),
    ("returns", d("03-10"), "Q18", ("Q18",)),
    # D-1 on Mar 15: window from Feb 14: Feb 19, Feb 20 (2, below 3) + Mar 15 = 3 -> fires.
    ("same_defect_30d", d("03-15"), "D-1", ("Q09", "Q11", "Q20")),
    ("safety", d("03-25"), "Q22", ("Q22",)),
    # K02: Jan 10 and Apr 10 are 21 + 28 + 31 + 10 = 90 days apart: outside 90 days.
    # K03: Jan 20 and Apr 19 are 11 + 28 + 31 + 19 = 89 days apart: inside -> fires.
    ("same_customer_90d", d("04-19"), "K03", ("Q03", "Q25")),
    # K01 on Apr 28: the window starts Jan 29 (89 days back), Feb 10 in, Jan 5 out -> 2.
    ("same_customer_90d", d("04-28"), "K01", ("Q07", "Q30")),
]


def _summary(triggers: Any) -> list[tuple[str, dt.date, str, tuple[str, ...]]]:
    return [(t.rule, t.day, t.group, t.complaints) for t in triggers]


def test_the_30_complaint_log_fires_what_was_worked_out_by_hand() -> None:
    assert _summary(evaluate_triggers(LOG, PATTERN_TRIGGERS)) == EXPECTED


def test_the_seed_rules_alone_fire_the_flagged_complaints() -> None:
    seed = {"batch", "recurrence", "returns"}
    assert _summary(evaluate_triggers(LOG)) == [e for e in EXPECTED if e[0] in seed]
    assert [r.key for r in DEFAULT_TRIGGERS.rules] == ["batch", "recurrence", "returns"]


def test_refire_proposes_again_while_the_pattern_holds() -> None:
    rules = TriggerRules(
        tuple(
            attrs.evolve(r, refire=True) if r.key == "same_defect_30d" else r
            for r in PATTERN_TRIGGERS.rules
        )
    )
    got = _summary(evaluate_triggers(LOG, rules))
    # The one firing added: Feb 20, Q11 joining Feb 3, Feb 10 and Feb 19 in D-1's window
    # (after that day's "returns": within a day, triggers come in rule order).
    extra = ("same_defect_30d", d("02-20"), "D-1", ("Q04", "Q08", "Q09", "Q11"))
    assert got == [*EXPECTED[:5], extra, *EXPECTED[5:]]


def test_a_proposal_carries_the_complaints_and_the_reasons() -> None:
    first = evaluate_triggers(LOG, PATTERN_TRIGGERS)[0]
    p = first.proposal
    assert (p.kind, p.subject, p.items) == (
        "eight_d",
        "same_defect_30d: defect D-1",
        first.complaints,
    )
    assert p.reasons[0].code == "trigger.same_defect_30d"
    assert p.reasons[0].en == (
        "3 or more complaints with the same defect code within 30 days: 3 complaint(s) for "
        "defect D-1 from 2026-01-05 to 2026-02-03 (Q01, Q02, Q04)"
    )
    assert p.reasons[0].zh == (
        "30 天内同一缺陷代码投诉 3 次及以上：缺陷代码 D-1 2026-01-05 至 2026-02-03 共 3 起"
        "（Q01, Q02, Q04）"
    )
    same_day = evaluate_triggers(LOG, PATTERN_TRIGGERS)[7]
    assert "on 2026-03-05 (Q15, Q16, Q17)" in same_day.proposal.reasons[0].en
    returns = evaluate_triggers(LOG, PATTERN_TRIGGERS)[4]
    assert returns.proposal.kind == "corrective_action"
    assert returns.proposal.reasons[0].source == Source("seed 002 客户投诉处理流程")


def test_the_order_of_arrival_does_not_matter() -> None:
    shuffled = list(LOG)
    random.Random(19).shuffle(shuffled)
    assert evaluate_triggers(shuffled, PATTERN_TRIGGERS) == evaluate_triggers(
        LOG, PATTERN_TRIGGERS
    )


def test_the_fold_day_by_day_gives_the_same_triggers() -> None:
    state, out = TrendState(), list[Trigger]()
    for day in sorted({c.received_at.date() for c in LOG}):
        todays = [c for c in LOG if c.received_at.date() == day]
        state, fired = trend_step(state, day, reversed(todays), PATTERN_TRIGGERS)
        out.extend(fired)
    assert tuple(out) == evaluate_triggers(LOG, PATTERN_TRIGGERS)
    assert state.day == d("04-28")
    assert pickle.loads(pickle.dumps(state)) == state


def test_rules_round_trip_through_the_converter() -> None:
    assert from_dict(to_dict(PATTERN_TRIGGERS), TriggerRules) == PATTERN_TRIGGERS


def test_a_rule_with_all_grouping_and_product_grouping() -> None:
    rules = TriggerRules(
        (
            TrendRule("all", "two a day", "一天两起", group_by="all", min_count=2),
            TrendRule("prod", "same product", "同一产品", group_by="product", min_count=2,
                      window_days=7, condition="any"),
            TrendRule("cd", "customer+defect", "客户+缺陷", group_by="customer_defect",
                      min_count=1, window_days=1),
        )
    )  # fmt: skip
    t = dt.datetime(2026, 5, 4, 9)
    cs = [
        Complaint("A", t, "K1", product="amp", defect="D"),
        Complaint("B", t, "K2", product="amp"),
        Complaint("C", t + dt.timedelta(days=6), "K3", product="amp"),
    ]
    got = _summary(evaluate_triggers(cs, rules))
    assert got == [
        ("all", dt.date(2026, 5, 4), "*", ("A", "B")),
        ("prod", dt.date(2026, 5, 4), "amp", ("A", "B")),
        ("cd", dt.date(2026, 5, 4), "K1/D", ("A",)),
        # May 10 is 6 days after May 4: inside 7 days, but the window already held 2.
    ]
    assert evaluate_triggers([], rules) == ()


def junk(value: object) -> Any:
    """A value typed Any, for calls that must refuse it."""
    return value


DAY = dt.date(2026, 2, 3)
BAD: list[tuple[Any, type[Exception], str]] = [
    (lambda: TrendRule("k", "e", "z", min_count=0), InvalidInputError, "'min_count' must be >= 1"),
    (lambda: TrendRule("k", "e", "z", window_days=0), InvalidInputError, "'window_days' must be"),
    (lambda: TrendRule("k", "e", "z", group_by="plant"), InvalidInputError, "'group_by' must be"),
    (lambda: TrendRule("k", "e", "z", condition="late"), InvalidInputError, "'condition' must"),
    (
        lambda: TrendRule("k", "e", "z", proposal=junk("meeting")),
        InvalidInputError,
        "'proposal' must",
    ),
    (lambda: TrendRule("k", "e", "z", refire="yes"), InvalidTypeError, "'refire' must be"),
    (lambda: TrendRule("k", "e", "z", source=junk("002")), InvalidTypeError, "'source' must be"),
    (lambda: TrendRule("", "e", "z"), InvalidInputError, "'key' must be"),
    (
        lambda: TriggerRules((DEFAULT_TRIGGERS.rules[0],) * 2),
        RuleSetError,
        "trend rule keys must be unique (twice: ['batch'])",
    ),
    (lambda: TriggerRules("batch"), InvalidTypeError, "'rules' must be"),
    (
        lambda: evaluate_triggers(junk([1])),
        InvalidTypeError,
        "'complaints[0]' must be a Complaint",
    ),
    (lambda: evaluate_triggers(LOG, junk("rules")), InvalidTypeError, "'rules' must be"),
    (
        lambda: evaluate_triggers([LOG[0], LOG[0]]),
        InvalidInputError,
        "'complaints' must be each complaint once a day (got 'Q01')",
    ),
    (
        lambda: trend_step(TrendState(DAY), DAY, [], DEFAULT_TRIGGERS),
        InvalidInputError,
        "'day' must be after the last day folded (2026-02-03)",
    ),
    (
        lambda: trend_step(TrendState(), DAY, [LOG[0]], DEFAULT_TRIGGERS),
        InvalidInputError,
        "'complaints[0].received_at' must be on 2026-02-03",
    ),
    (lambda: trend_step(junk(None), DAY, [], DEFAULT_TRIGGERS), InvalidTypeError, "'state'"),
    (
        lambda: trend_step(TrendState(), junk("x"), [], DEFAULT_TRIGGERS),
        InvalidInputError,
        "'day'",
    ),
]


@pytest.mark.parametrize(("call", "error", "fragment"), BAD)
def test_bad_input(call: Any, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()
    assert fragment in str(info.value)
