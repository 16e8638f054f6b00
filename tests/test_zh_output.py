"""Chinese output is Chinese: no English words in a zh reason or a zh demo line.

The demo runs in zh through the command line (text and the results behind it),
then a set of worked examples covering each capability; every Reason found in
their results is collected and its zh text scanned for ASCII words. A word may
stay only if it is a code, a number, a unit or an identifier listed in
``ALLOWED`` below, each with why.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

from qmscore.__main__ import main
from qmscore.explain import Reason

# ASCII words: a letter, then letters, digits and the joiners of codes
# ("MIL-STD-105E", "GB/T", "Z1.4", "II-A", "K-101").
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-/.][A-Za-z0-9]+)*")

ALLOWED = {
    # Standards and their parts, cited as published (the Chinese standard
    # texts write them in Latin letters too).
    "ISO", "ANSI/ASQ", "MIL-STD-105E", "GB/T", "Z1.4",
    # Sampling terms that Chinese quality practice writes in Latin letters:
    # AQL, LTPD, AOQ(L), ATI, ASN, OC curve, Pa, Ac/Re, CAPA, 8D (D0-D8), the
    # sample size n and acceptance number c, the fraction nonconforming p.
    "AQL", "LTPD", "AOQ", "AOQL", "ATI", "ASN", "OC", "Pa", "Ac", "Re", "CAPA",
    "D0", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "n", "c", "p",
    # Inspection levels and table names of the standard (I, II, III, S-1..S-4,
    # Table II-A ...), the 4M1E cause categories.
    "I", "II", "III", "S-1", "S-2", "S-3", "S-4", "II-A", "II-B", "II-C", "III-A", "III-B",
    "IV-A", "X", "4M1E",
    # Currency and time zone as written in Chinese business text.
    "RMB", "UTC", "Asia/Shanghai",
    # The product's name; the OC curve's p10 / p95 (quality accepted 10% / 95%
    # of the time), column heads of the demo's OC table.
    "qmscore", "p10", "p95",
}  # fmt: skip

# Single capital letters are grades (A-E), natures (A-C) and code letters (A-R).
SINGLE = re.compile(r"[A-Z]$")
# The demo's own data: customer and complaint ids.
IDS = re.compile(r"(K|Q)-\d+$")


def english_words(text: str) -> list[str]:
    return [
        w
        for w in WORD.findall(text)
        if w not in ALLOWED and not SINGLE.match(w) and not IDS.match(w)
    ]


def reasons_in(obj: Any, seen: set[int] | None = None) -> Iterator[Reason]:
    """Every Reason inside a result (attrs fields, tuples, lists, dicts)."""
    seen = set() if seen is None else seen
    if id(obj) in seen or isinstance(obj, (str, bytes, int, float, dt.date)):
        return
    seen.add(id(obj))
    if isinstance(obj, Reason):
        yield obj
    elif attrs.has(type(obj)):
        for field in attrs.fields(type(obj)):
            yield from reasons_in(getattr(obj, field.name), seen)
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from reasons_in(value, seen)
    elif isinstance(obj, (tuple, list)):
        for value in obj:
            yield from reasons_in(value, seen)
    # Reasons computed on request (a plan's progress on a day, 8D blockers)
    # are added by the worked examples themselves.


def worked_examples() -> list[Any]:
    """Results of the worked examples: each capability, its main branches."""
    from qmscore import sampling, scoring
    from qmscore import workflow as wf
    from qmscore.deadlines import PRESETS
    from qmscore.workdays import WorkCalendar

    out: list[Any] = []
    # Sampling: plans (arrows, 100%, schemes, severities, standards), decisions,
    # switching to every state, company rules, OC measures, design.
    cases: list[tuple[int, float, dict[str, Any]]] = [
        (500, 1.0, {}),
        (20, 1.5, {"level": "I"}),
        (5, 0.010, {}),
        (500, 1.0, {"inspection": "reduced"}),
        (500, 1.0, {"inspection": "tightened", "standard": "iso2859-1"}),
        (500, 1.0, {"scheme": "double"}),
        (500, 1.0, {"scheme": "multiple", "level": "S-3"}),
    ]
    for lot, aql, kw in cases:
        out.append(sampling.lookup_plan(lot, aql, **kw))
    double = sampling.lookup_plan(500, 1.0, scheme="double")
    out += [sampling.judge(double, [1]), sampling.judge(double, [2]), sampling.judge(double, [0])]
    state = sampling.SwitchingState()
    # Normal, tightened after 2 of 5 not accepted, back to normal after 5
    # accepted, tightened again, discontinued at 5 not accepted on tightened.
    for accepted in [True] * 12 + [False] * 2 + [True] * 6 + [False] * 7:
        state = sampling.next_inspection(state, sampling.Lot(accepted))
        out.append(state)
    assert state.inspection == "discontinued"
    out.append(sampling.resume_inspection(state, "供应商已改进焊接工艺"))
    out += [
        sampling.percentage_plan(200, 0.05),
        sampling.full_inspection(30),
        sampling.patrol_by_time([(dt.time(8), dt.time(12)), (dt.time(13), dt.time(17))]),
        sampling.patrol_by_output(1000, 200),
    ]
    plan = sampling.lookup_plan(200, 1.0)
    model: Any
    for model in sampling.MODELS:
        out.append(sampling.oc_summary(plan, 0.02, lot_size=200, model=model))
    out += [sampling.aoql(plan, lot_size=200), sampling.design_plan(0.01, 0.08)]
    out += list(sampling.standard_comparison(200, 1.0))

    # Calendar: every day of 2026 described; each deadline preset from a few receipts.
    cal = WorkCalendar.china()
    day = dt.date(2026, 1, 1)
    while day.year == 2026:
        out.append(cal.describe(day))
        day += dt.timedelta(days=1)
    for received in (
        dt.datetime(2026, 9, 30, 16, 0),
        dt.datetime(2026, 2, 13, 18, 30),
        dt.datetime(2026, 5, 2, 9, 0),
    ):
        for preset in PRESETS.values():
            out.append(preset.rule.due(received, cal))

    # Scoring: complete, not applicable, incomplete; a summary; customer grades.
    q = scoring.STANDARD_QUESTIONNAIRE
    for level in [lv.key for lv in q.levels]:
        out.append(scoring.score_response({i.key: level for i in q.items}))
    partial: dict[str, str | None] = {i.key: None for i in q.items}
    partial["performance"] = "satisfied"
    out.append(scoring.score_response(partial))
    batch = [scoring.score_response({i.key: "satisfied" for i in q.items}) for _ in range(3)]
    out.append(scoring.summarize(batch))
    for profile in [
        scoring.CustomerProfile("K-1", sales_6m=350_000, cooperation="very_smooth",
                                partner_years=4.0, payment="on_time"),
        scoring.CustomerProfile("K-2", sales_6m=320_000, cooperation="very_smooth",
                                partner_years=3.0, payment="very_poor"),
        scoring.CustomerProfile("K-3", sales_6m=120_000, cooperation="fairly_smooth",
                                partner_years=0.8),
        scoring.CustomerProfile("K-4", sales_6m=1.0, small_erratic_orders=True,
                                raise_request="战略客户"),
        scoring.CustomerProfile("K-5"),
    ]:  # fmt: skip
        out.append(scoring.grade_customer(profile))

    # Complaints: every demand, safety, batch, recurrence, appearance; a case
    # through its events, pauses included; CAPA and obligations.
    t = dt.datetime(2026, 9, 30, 16, 0)
    for demand in wf.DEMANDS:
        out.append(wf.classify_complaint(wf.Complaint("Q-1", t, "K-1", demands=(demand,))))
    for flags in ({"safety": True}, {"batch": True}, {"recurrence": True},
                  {"appearance_only": True}, {"replacement_amount": 50_000.0}):  # fmt: skip
        out.append(wf.classify_complaint(wf.Complaint("Q-2", t, "K-1", **flags)))
    hour = dt.timedelta(hours=1)
    case = wf.open_case(wf.Complaint("Q-7", t, "K-101", demands=("return",), batch=True))
    for event in (
        wf.Acknowledged(t + hour / 6),
        wf.ContainmentOrdered(t + hour * 0.8),
        wf.Assessed(t + hour, our_problem=True),
        wf.Paused(t + hour * 2, "等待客户寄回样品"),
        wf.Resumed(t + hour * 5),
        wf.RootCauseRecorded(t + hour * 20, "焊点空洞"),
        wf.PlanApproved(t + hour * 30),
        wf.ActionsImplemented(t + hour * 40),
        wf.Verified(t + hour * 50, effective=True),
        wf.CustomerReplied(t + hour * 60, final=True),
    ):
        case = wf.apply(case, event)
        out += [case, case.reasons]
    out.append(wf.due_dates(case, cal))
    plan_ = wf.CorrectivePlan(
        "焊点空洞",
        owner="李工",
        due=dt.date(2026, 10, 30),
        items=(
            wf.SubItem("重新校准", "王工", dt.date(2026, 10, 9), "QA", status="done"),
            wf.SubItem("更换钢网", "赵工", dt.date(2026, 10, 12), "QA"),
        ),
    )
    out += [plan_.reasons(dt.date(2026, 10, 14)), plan_.reasons(dt.date(2026, 10, 1))]
    eight = wf.EightD("8D-1", t)
    out.append(eight.closure_blockers())
    start, end = dt.date(2026, 1, 5), dt.date(2026, 12, 31)
    for schedule in wf.PRESET_SCHEDULES.values():
        held = list(wf.occurrences(schedule, start, end, cal))[1:]
        out.append(wf.compliance(schedule, held, start, end, cal))
    return out


def _zh_demo() -> tuple[str, Any]:
    from qmscore._demo import run

    out = io.StringIO()
    assert main(["demo", "--lang", "zh"], out) == 0
    return out.getvalue(), run(io.StringIO(), "zh", text=False)


def test_the_zh_demo_prints_no_english_words() -> None:
    text, _ = _zh_demo()
    found = {line: english_words(line) for line in text.splitlines()}
    assert {line: words for line, words in found.items() if words} == {}


def test_every_zh_reason_of_the_demo_and_worked_examples_is_chinese() -> None:
    _, results = _zh_demo()
    reasons = list(reasons_in([results, worked_examples()]))
    assert len(reasons) > 500  # the examples reach every area
    bad = {r.zh: english_words(r.zh) for r in reasons if english_words(r.zh)}
    assert bad == {}


ZH_COMMANDS = [
    ["plan", "--lot-size", "500", "--aql", "1.0"],
    ["plan", "--lot-size", "5", "--aql", "0.010", "--scheme", "double"],
    ["plan", "--lot-size", "60", "--aql", "1.0", "--scheme", "multiple"],
    ["oc", "--n", "50", "--c", "1", "--p", "0.01", "--lot-size", "200", "--model", "poisson"],
    ["oc", "--n", "5", "--c", "0", "--p", "0.01", "--lot-size", "5"],
    ["score", "performance=satisfied", "price=opposed", "delivery=dissatisfied",
     "appearance=satisfied", "dimensions=satisfied", "packaging=satisfied",
     "service_life=satisfied", "improvement=satisfied"],
    ["score", "performance=satisfied"],
    ["grade", "--sales", "320000", "--cooperation", "very_smooth", "--partner-years", "3",
     "--payment", "very_poor", "--brand", "--oem", "--erratic", "--raise-request", "特殊潜力"],
    ["grade"],
    ["classify", "--received", "2026-09-30T16:00", "--demand", "compensation", "--safety",
     "--replacement", "60000"],
    ["classify", "--received", "2026-09-30T16:00", "--appearance"],
    ["classify", "--received", "2026-12-18T10:00", "--demand", "return", "--batch",
     "--estimates"],
]  # fmt: skip
# A reason's source, printed after it in brackets, cites a document by its
# published title ("MIL-STD-105E / ANSI/ASQ Z1.4, Table I"); a command line
# option is named as typed ("--notice FILE").
SOURCE = re.compile(r"  \[[^\]]*\]$")
OPTION = re.compile(r"--[a-z-]+(?: [A-Z]+)?")


@pytest.mark.parametrize("argv", ZH_COMMANDS, ids=lambda argv: argv[0])
def test_every_command_in_zh_prints_no_english_words(argv: list[str]) -> None:
    out = io.StringIO()
    assert main([*argv, "--lang", "zh"], out) == 0
    lines = [OPTION.sub("", SOURCE.sub("", line)) for line in out.getvalue().splitlines()]
    assert {line: english_words(line) for line in lines if english_words(line)} == {}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("AQL 1.0，字码 H：n=50 Ac=1 Re=2", []),
        ("表 II-A，GB/T 2828.1", []),
        ("退货、索赔1 hour内报告", ["hour"]),
        ("满足（sales, cooperation）", ["sales", "cooperation"]),
        ("Table II-A", ["Table"]),
    ],
)
def test_the_scanner(text: str, words: list[str]) -> None:
    assert english_words(text) == words
