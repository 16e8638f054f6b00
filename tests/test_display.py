"""Notebook display: short reprs, HTML tables that parse, rows and frames.

Every public result type is found programmatically: the attrs classes in the
public modules' ``__all__``, minus the input types listed in ``INPUT_TYPES``
(rule sets, profiles, events: values a caller builds, which keep attrs' repr).
Instances come from one zoo of worked calls; a walk over their fields finds
the nested results, and a test checks that every result type was reached.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import sys
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from typing import Any

import attrs
import pandas as pd
import pytest

from qmscore import deadlines, sampling, scoring, sla, workdays, workflow
from qmscore._display import (
    MAX_HTML_ROWS,
    Results,
    Tabular,
    display,
    plain,
    short,
)
from qmscore.errors import MissingDependencyError, QmsError
from qmscore.explain import Reason

PUBLIC = (
    "qmscore.explain",
    "qmscore.deadlines",
    "qmscore.sla",
    "qmscore.workdays",
    "qmscore.sampling",
    "qmscore.scoring",
    "qmscore.workflow",
)

# Values a caller builds and passes in (inputs, rule sets, events): not results.
INPUT_TYPES = {
    "CalendarDays",
    "CustomerRequested",
    "EarliestOf",
    "Hours",
    "LatestOf",
    "Minutes",
    "Preset",
    "SameDay",
    "WorkingDays",
    "WorkingHours",  # deadlines: rules
    "Pause",
    "Reprioritize",
    "Resume",
    "SlaClock",
    "Start",
    "Stop",  # sla: clock and events
    "Lot",
    "SwitchingRules",  # sampling: switching inputs
    "AnswerLevel",
    "Criterion",
    "CustomerProfile",
    "GradeBand",
    "GradingRules",
    "Item",
    "Questionnaire",
    "Tier",  # scoring: forms, rules, profiles
    "Acknowledged",
    "ActionsImplemented",
    "Assessed",
    "Classified",
    "Closed",
    "ContainmentOrdered",
    "CustomerFeedback",
    "CustomerReplied",
    "Paused",
    "PlanApproved",
    "Resumed",
    "RootCauseRecorded",
    "Verified",  # workflow: case events
    "Cause",
    "Complaint",
    "ComplaintRules",
    "CorrectivePlan",
    "EightDProfile",
    "ResponseProfile",
    "Schedule",
    "Step",
    "SubItem",  # workflow: inputs and rules
    "Benchmark",  # scoring: a published mean/SD/n the caller types in to compare against
    "TrendRule",
    "TriggerRules",  # workflow: trend-trigger rule sets, built by the caller
    "Upcasters",  # workflow: the caller's registry of event upcasting functions
}

# Collections of results: to_rows(), to_frame() and a rows table.
TABULAR = {
    "Arrangement",
    "ComplaintStatistics",
    "CapaRecord",  # rows: its actions
    "CompetitorComparison",  # rows: its item gaps
    "Compliance",
    "EightDReport",  # rows: its disciplines
    "LoyaltySummary",  # rows: its items
    "OCCurve",
    "Replay",  # rows: the rejected events
    "SamplingPlan",
    "ScoreBatch",
    "Summary",
    "SurveySelection",
    "Trend",  # rows: its periods
    "VariablesPlan",  # one row (n, k, M), like a single sampling plan's stage
    "WaveComparison",  # rows: its item changes
    "WorkCalendar",
}

MAX_REPR_CHARS = 400


def _public_attrs_classes() -> dict[str, type]:
    out: dict[str, type] = {}
    for name in PUBLIC:
        module = importlib.import_module(name)
        for attr in module.__all__:
            obj = getattr(module, attr)
            if inspect.isclass(obj) and attrs.has(obj):
                out[attr] = obj
    return out


CLASSES = _public_attrs_classes()
RESULT_TYPES = {n: c for n, c in CLASSES.items() if n not in INPUT_TYPES}

CAL = workdays.WorkCalendar.china()
T0 = dt.datetime(2026, 9, 30, 16, 0)
HOUR = dt.timedelta(hours=1)
ALL_SATISFIED = {i.key: "satisfied" for i in scoring.STANDARD_QUESTIONNAIRE.items}
NOTICE = """
# title: 国务院办公厅关于2025年部分节假日安排的通知
# issued: 2024年11月12日 ; number: 国办发明电〔2024〕12号
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
1月26日（周日）、2月8日（周六）上班。
"""


def _zoo() -> list[Any]:
    plan = sampling.lookup_plan(1000, 1.5)
    batch = scoring.score_responses(
        [ALL_SATISFIED, {**ALL_SATISFIED, "price": "dissatisfied"}], id_key=None
    )
    profiles = [
        scoring.CustomerProfile(
            "K-101",
            sales_6m=350_000,
            cooperation="very_smooth",
            partner_years=4.0,
            payment="on_time",
        ),
        scoring.CustomerProfile("K-103", sales_6m=120_000, cooperation="fairly_smooth"),
    ]
    case = workflow.open_case(
        workflow.Complaint("Q-7", T0, "K-101", demands=("return",), batch=True)
    )
    for event in (
        workflow.Acknowledged(T0 + HOUR / 6),
        workflow.Assessed(T0 + HOUR, our_problem=True),
        workflow.RootCauseRecorded(T0 + HOUR * 20, "solder voids"),
    ):
        case = workflow.apply(case, event)
    audit = workflow.PRESET_SCHEDULES["internal_audit"]
    state = sla.SlaState(sla.SlaClock(dt.timedelta(hours=4), working_time=True))
    state = sla.apply(state, sla.Start(T0), CAL)
    eight_d = workflow.EightD("8D-1", T0).complete("D3", T0 + HOUR)
    return [
        plan,
        sampling.oc_curve(plan),
        sampling.oc_summary(plan, 0.01, lot_size=1000),
        sampling.aoql(plan, lot_size=1000),
        sampling.design_plan(0.01, 0.08),
        sampling.compare_plans({"ISO": plan, "5%": sampling.percentage_plan(1000, 0.05)}, 1000),
        sampling.judge(plan, [2]),
        sampling.patrol_by_time([(dt.time(8), dt.time(12))]),
        sampling.next_inspection(sampling.SwitchingState(), sampling.Lot(False)),
        batch,
        batch[1],
        scoring.summarize(batch, nps_scores=[10, 9, 7, 3]),
        scoring.grade_customers(profiles),
        scoring.sales_classes({"x": 70, "y": 20, "z": 6, "w": 4}),
        scoring.select_survey_sample({"a1": "A", "b1": "B", "c1": "C"}, {}, period=1),
        case,
        workflow.next_actions(case),
        workflow.due_dates(case, CAL),
        workflow.complaint_statistics([case], 2026, 9),
        workflow.compliance(
            audit, [dt.date(2026, 3, 2)], dt.date(2026, 1, 1), dt.date(2026, 12, 31)
        ),
        workflow.capa_from_complaint(case),
        eight_d,
        deadlines.WorkingDays(3).due(T0, CAL),
        state,
        sla.status(state, T0 + HOUR, CAL),
        CAL,
        workdays.parse_notice(NOTICE),
        workdays.statutory_days(2025)[dt.date(2025, 1, 1)],
        *_zoo_new_capabilities(case, batch),
    ]


def _zoo_new_capabilities(case: workflow.Case, batch: scoring.ScoreBatch) -> list[Any]:
    """The analytics, audit, trigger, view, KPI, replay and variables results."""
    keys = [i.key for i in scoring.STANDARD_QUESTIONNAIRE.items]
    april = scoring.score_responses(
        [dict.fromkeys(keys, "very_satisfied")] * 20 + [dict.fromkeys(keys, "satisfied")] * 20
    )
    october = scoring.score_responses(
        [dict.fromkeys(keys, "satisfied")] * 30 + [dict.fromkeys(keys, "indifferent")] * 10
    )
    bench = {"performance": scoring.Benchmark(mean=28.5, sd=1.5, n=200)}
    log: list[workflow.Event] = [
        workflow.Acknowledged(T0),
        workflow.Assessed(T0 + HOUR, True, actor="Li"),
    ]
    chain = workflow.seal(log)
    complaint = workflow.Complaint("Q-8", T0, "K", appearance_only=True)
    events: list[workflow.Event] = [
        workflow.Acknowledged(T0),
        workflow.Closed(T0),
        workflow.Acknowledged(T0),
    ]
    defects = [
        workflow.Complaint(f"Q{i}", dt.datetime(2026, 3, 1 + 10 * i, 9), f"K{i}", defect="D-7")
        for i in range(3)
    ]
    state, _ = workflow.trend_step(
        workflow.TrendState(), dt.date(2026, 3, 1), defects[:1], workflow.PATTERN_TRIGGERS
    )
    plan = sampling.lookup_variables_plan(40, 1.0)
    return [
        scoring.compare_competitor(april, bench),
        scoring.compare_waves(april, october, nps_before=[10, 9, 3], nps_after=[10, 3, 3]),
        scoring.trend([april, october, april]),
        scoring.loyalty(batch),
        scoring.nps_counts(60, 20, 20),
        scoring.sample_size_proportion(0.05),
        scoring.stratified_sample_size(3.0, {"A": 20, "B": 60, "C": 120}, sd=12.0),
        chain,
        workflow.verify(log, chain),
        workflow.evaluate_triggers(defects, workflow.PATTERN_TRIGGERS),
        state,
        workflow.eight_d_report(case, CAL),
        workflow.capa_record(case, CAL),
        workflow.handling_kpis([case], CAL),
        workflow.replay(complaint, events, lenient=True),
        plan,
        sampling.judge_variables(plan, [197, 188, 184, 205, 201], upper=209),
        sampling.design_variables_plan(0.01, 0.08),
        *_zoo_special_plans(),
    ]


def _zoo_special_plans() -> list[Any]:
    """The scheme OC, sequential, zero-acceptance and Dodge-Romig results."""
    scheme = sampling.switching_scheme(1000, 1.0)
    seq = sampling.sequential_plan(0.01, 0.08)
    return [
        scheme,
        sampling.scheme_oc(scheme, 0.01),
        sampling.simulate_scheme(scheme, 0.01, lots=200, seed=1),
        seq,
        sampling.judge_sequential(seq, [False] * 31),
        sampling.sequential_oc(seq, 0.02),
        sampling.zero_acceptance_plan(0.05, lot_size=500),
        sampling.dodge_romig_plan(1000, 0.005, aoql=0.02),
    ]


def _walk(value: Any, seen: set[int]) -> Iterator[Any]:
    if id(value) in seen:
        return
    seen.add(id(value))
    if attrs.has(type(value)):
        yield value
        for f in attrs.fields(type(value)):
            if not f.name.startswith("_"):
                yield from _walk(getattr(value, f.name), seen)
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from _walk(v, seen)
    elif isinstance(value, (tuple, list)):
        if isinstance(value, Results):
            yield value
        for v in value:
            yield from _walk(v, seen)


ZOO = _zoo()
INSTANCES: dict[str, Any] = {}
for _top in ZOO:
    for _found in _walk(_top, set()):
        INSTANCES.setdefault(type(_found).__name__, _found)
BATCHES = [x for x in ZOO if isinstance(x, Results)]


class _Table(HTMLParser):
    """Checks nesting (every tag closed in order) and collects the text per cell."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.roots: list[str] = []
        self.cells: list[str] = []
        self.headers: list[str] = []
        self.caption = ""
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        if not self.stack:
            self.roots.append(tag)
        self.stack.append(tag)
        if tag in ("td", "th", "caption"):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, tag
        assert self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()
        if tag in ("td", "th", "caption") and self._text is not None:
            text = "".join(self._text)
            {"td": self.cells, "th": self.headers}.get(tag, []).append(text)
            if tag == "caption":
                self.caption = text
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def _parse(markup: str) -> _Table:
    parser = _Table()
    parser.feed(markup)
    parser.close()
    assert parser.stack == [], parser.stack
    assert parser.roots == ["table"]
    return parser


# -- coverage of the result types --------------------------------------------


def test_input_and_tabular_lists_name_real_public_classes() -> None:
    assert set(CLASSES) >= INPUT_TYPES
    assert set(RESULT_TYPES) >= TABULAR


@pytest.mark.parametrize("name", sorted(RESULT_TYPES))
def test_every_result_type_is_displayed_and_built_by_the_zoo(name: str) -> None:
    cls = RESULT_TYPES[name]
    assert hasattr(cls, "_repr_html_"), f"{name} lacks @display"
    assert issubclass(cls, Tabular) == (name in TABULAR)
    assert name in INSTANCES, f"the zoo builds no {name}"


@pytest.mark.parametrize("name", sorted(INPUT_TYPES))
def test_input_types_keep_the_attrs_repr(name: str) -> None:
    assert not hasattr(CLASSES[name], "_repr_html_")


# -- repr ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(RESULT_TYPES))
def test_repr_is_short_and_names_the_type(name: str) -> None:
    text = repr(INSTANCES[name])
    assert len(text) <= MAX_REPR_CHARS, text
    assert text.startswith(f"{name}(")
    assert "\n" not in text


def test_small_values_keep_the_attrs_repr() -> None:
    stage = sampling.Stage(80, 3, 4)
    assert repr(stage) == "Stage(sample_size=80, accept=3, reject=4)"
    assert repr(Reason("c", "e", "z")) == "Reason(code='c', en='e', zh='z', source=None)"


def test_a_100k_batch_has_a_one_line_repr() -> None:
    bad = {**ALL_SATISFIED, "price": None, "delivery": None, "performance": None}
    batch = scoring.score_responses([ALL_SATISFIED] * 99_999 + [bad])
    text = repr(batch)
    assert len(text) <= MAX_REPR_CHARS
    # all satisfied: 88 points of 100 -> grade B (75 <= 88 < 90); the last one
    # leaves performance (30), delivery (10) and price (10) unanswered: 50% of
    # the weight < 70%, so it is incomplete and has no grade.
    assert "100000 responses" in text
    assert "grades={'B': 99999}" in text
    assert "incomplete=1" in text
    assert "Customer satisfaction survey (seed 004)" in text


def test_calendar_repr_is_short_and_equality_is_unchanged() -> None:
    text = repr(CAL)
    assert len(text) <= MAX_REPR_CHARS
    assert text == (
        f"WorkCalendar({CAL.name!r}, {CAL.first}..{CAL.last}, valid_through={CAL.valid_through}, "
        f"{len(CAL.overrides)} overrides, timezone='Asia/Shanghai', beyond_horizon='raise')"
    )
    assert workdays.WorkCalendar.china() == CAL
    other = CAL.with_overrides({dt.date(2026, 3, 3): workdays.DayOverride(False, "shutdown")})
    assert other != CAL
    assert f"{len(CAL.overrides) + 1} overrides" in repr(other)


def test_big_collections_are_counted_not_printed() -> None:
    curve = sampling.oc_curve(
        sampling.lookup_plan(1000, 1.5), [k / 100_000 for k in range(100_000)]
    )
    assert len(repr(curve)) <= MAX_REPR_CHARS
    assert "… 100000 items" in repr(curve)
    grades = scoring.grade_customers(
        [scoring.CustomerProfile(f"K{k}", sales_6m=k) for k in range(2_000)]
    )
    assert len(repr(grades)) <= MAX_REPR_CHARS
    assert repr(grades).endswith("… 2000 CustomerGrade items)")
    assert len(repr(CAL.to_rows())) > 10_000  # the data is all there, only the repr is short


def test_repr_counts_the_fields_it_leaves_out() -> None:
    @display
    @attrs.frozen
    class Wide:
        a: str
        b: str
        c: str
        d: str
        e: str
        f: str

    text = repr(Wide(*(["x" * 60] * 6)))
    # each part is "a='xxx…'" = 2 + 62 chars; four fit under MAX_REPR (320), two are counted
    assert text.endswith(", … 2 more fields)")
    assert len(text) <= MAX_REPR_CHARS


@pytest.mark.parametrize(
    ("value", "width", "expected"),
    [
        ((1, 2), 72, "(1, 2)"),
        (tuple(range(100_000)), 72, "(0, 1, 2, … 100000 items)"),
        (tuple(range(9)), 72, "(0, 1, 2, … 9 items)"),
        (tuple(range(9)), 10, "<9 int>"),
        ((Reason("c", "e", "z"),) * 5, 72, "<5 Reason>"),
        ((Reason("c", "e", "z"), 1) * 5, 40, "<10 items>"),
        ((), 72, "()"),
        ({"a": 1}, 72, "{'a': 1}"),
        ({str(k): k for k in range(9)}, 72, "<9 entries>"),
        ({"a": "x" * 100}, 72, "<1 entries>"),
        ("x" * 100, 10, "'xxxxxxxx…"),
        (sampling.Stage(80, 3, 4), 20, "Stage(…)"),
        (sampling.Stage(80, 3, 4), 72, "Stage(sample_size=80, accept=3, reject=4)"),
    ],
)
def test_short(value: Any, width: int, expected: str) -> None:
    assert short(value, width) == expected


def test_results_repr_is_the_tuple_repr_while_short() -> None:
    table = workflow.pareto({"a": 3, "b": 1})
    assert repr(table) == repr(tuple(table))


# -- HTML ---------------------------------------------------------------------


def _scalar_text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str) and len(value) < 60:
        return value
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return None


@pytest.mark.parametrize("name", sorted(set(RESULT_TYPES) - TABULAR))
def test_html_is_a_field_table_with_the_values(name: str) -> None:
    obj = INSTANCES[name]
    table = _parse(obj._repr_html_())
    fields = [f.name for f in attrs.fields(type(obj)) if f.repr and not f.name.startswith("_")]
    assert table.caption == name
    assert table.headers == fields
    assert len(table.cells) == len(fields)
    for field, cell in zip(fields, table.cells, strict=True):
        expected = _scalar_text(getattr(obj, field))
        if expected is not None:
            assert cell == expected, field


@pytest.mark.parametrize("name", sorted(TABULAR))
def test_html_of_a_collection_is_its_rows(name: str) -> None:
    obj = INSTANCES[name]
    rows = obj.to_rows()
    table = _parse(obj._repr_html_())
    assert table.caption == repr(obj)
    header = list(dict.fromkeys(k for r in rows[:MAX_HTML_ROWS] for k in r))
    assert table.headers == header
    shown = rows[:MAX_HTML_ROWS]
    cells = iter(table.cells)
    for row in shown:
        for key in header:
            cell = next(cells)
            expected = _scalar_text(row.get(key))
            if expected is not None:
                assert cell == expected, (key, row)
    rest = list(cells)
    if len(rows) > MAX_HTML_ROWS:
        assert rest == [
            f"… {len(rows) - MAX_HTML_ROWS} more rows (to_rows() or to_frame() for all)"
        ]
    else:
        assert rest == []


def test_html_escapes_everything() -> None:
    r = Reason("<b>", "a & b", "<script>x</script>")
    markup = r._repr_html_()  # type: ignore[attr-defined]
    assert "<script>" not in markup
    assert "<b>" not in markup
    assert _parse(markup).cells == ["<b>", "a & b", "<script>x</script>", "None"]


def test_reasons_read_as_their_english_text_in_html() -> None:
    plan = sampling.lookup_plan(1000, 1.5)
    table = _parse(sampling.judge(plan, [2])._repr_html_())  # type: ignore[attr-defined]
    reasons = table.cells[table.headers.index("reasons")]
    assert sampling.judge(plan, [2]).reasons[0].en in reasons


def test_html_of_a_batch_result() -> None:
    table = _parse(workflow.pareto({"a": 3, "b": 1})._repr_html_())
    assert table.caption == "2 ParetoRow"
    assert table.headers == ["key", "count", "share", "cumulative"]
    # a: 3 of 4 = 0.75, cumulative 0.75; b: 1 of 4 = 0.25, cumulative 1.0
    assert table.cells == ["a", "3", "0.75", "0.75", "b", "1", "0.25", "1.0"]
    empty = _parse(Results(())._repr_html_())
    assert (empty.caption, empty.headers, empty.cells) == ("0 items", [], [])


def test_html_of_a_long_cell_is_clipped() -> None:
    score = INSTANCES["SatisfactionScore"]
    table = _parse(score._repr_html_())
    items = table.cells[table.headers.index("items")]
    # ten ItemScores: five shown, then "… 5 more", the whole clipped to 288 chars
    assert len(items) <= 288
    assert items.endswith("…")


# -- rows and frames ----------------------------------------------------------


def test_rows_of_a_plan_are_its_stages() -> None:
    # Z1.4 Table II-A: lot 1000 -> code J, n = 80; AQL 1.5 -> Ac 3, Re 4.
    assert sampling.lookup_plan(1000, 1.5).to_rows() == [
        {"sample_size": 80, "accept": 3, "reject": 4}
    ]


def test_rows_of_a_batch_are_its_columns() -> None:
    batch = INSTANCES["ScoreBatch"]
    # The rows repeat the batch's columns exactly; all satisfied is 88 points
    # (the scoring package's worked example), grade B as 75 <= 88 < 90.
    assert batch.to_rows() == batch.rows()
    assert [r["total"] for r in batch.to_rows()] == list(batch.totals)
    assert batch.to_rows()[0] == {
        "total": 88,
        "normalized": 88.0,
        "grade": "B",
        "corrective": False,
    }


def test_rows_of_a_calendar_are_its_overrides_by_date() -> None:
    rows = CAL.to_rows()
    assert len(rows) == len(CAL.overrides)
    assert [r["date"] for r in rows] == sorted(CAL.overrides)
    new_year = next(r for r in rows if r["date"] == dt.date(2026, 1, 1))
    assert (new_year["working"], new_year["kind"], new_year["zh"]) == (
        False,
        "statutory_holiday",
        "元旦",
    )


def test_rows_of_statistics_are_the_counts() -> None:
    stats = INSTANCES["ComplaintStatistics"]
    assert sum(r["value"] for r in stats.to_rows()) == stats.total == 1
    assert stats.to_rows() == [
        {"key": k, "value": v} for k, v in sorted(stats.by_nature_class_category.items())
    ]


def test_rows_hold_plain_values() -> None:
    # nested results become the converter's plain dicts; enums their value
    assert plain(Reason("c", "e", "z")) == {"code": "c", "en": "e", "zh": "z", "source": None}
    assert plain(workdays.DayKind.WORKING) == "working"
    assert plain(("a", 1)) == ("a", 1)
    assert Results([1, 2]).to_rows() == [{"value": 1}, {"value": 2}]
    due = workflow.due_dates(INSTANCES["Case"], CAL)
    assert due.to_rows()[0]["reasons"] == [
        {
            "code": r.code,
            "en": r.en,
            "zh": r.zh,
            "source": None
            if r.source is None
            else {
                "document": r.source.document,
                "table": r.source.table,
                "clause": r.source.clause,
                "note": r.source.note,
                "confidence": r.source.confidence,
            },
        }
        for r in due[0].reasons
    ]


@pytest.mark.parametrize("obj", [INSTANCES[n] for n in sorted(TABULAR)] + BATCHES, ids=repr)
def test_frame_has_the_rows(obj: Any) -> None:
    rows = obj.to_rows()
    frame = obj.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(rows)
    if rows:
        assert list(frame.columns) == list(dict.fromkeys(k for r in rows for k in r))
        for k, row in enumerate(rows[:50]):
            for key, value in row.items():
                if isinstance(value, (int, float, str)) and not isinstance(value, bool):
                    assert frame.iloc[k][key] == value


def test_frame_without_pandas_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(MissingDependencyError, match="needs pandas") as info:
        CAL.to_frame()
    assert isinstance(info.value, (QmsError, ImportError))
    assert info.value.name == "pandas"


def test_results_stay_tuples_through_the_public_functions() -> None:
    for batch in BATCHES:
        assert isinstance(batch, tuple)
        assert batch == tuple(batch)


def test_rows_of_a_comparison_are_its_flat_rows() -> None:
    plan = sampling.lookup_plan(1000, 1.5)
    rows = sampling.compare_plans({"ISO": plan}, 1000, ps=[0.01]).to_rows()
    assert rows == [sampling.compare_plans({"ISO": plan}, 1000, ps=[0.01])[0].as_dict()]
    # the flat row names the plan's n and c (n = 80, Ac = 3 for code J, AQL 1.5)
    assert (rows[0]["name"], rows[0]["n"], rows[0]["c"]) == ("ISO", 80, 3)
    assert "pa@0.01" in rows[0]


def test_rows_of_a_summary_are_its_item_rows() -> None:
    summary = INSTANCES["Summary"]
    assert summary.to_rows() == summary.item_rows()
    assert [r["key"] for r in summary.to_rows()] == [
        i.key for i in scoring.STANDARD_QUESTIONNAIRE.items
    ]


def test_rows_of_a_variables_plan_are_its_one_stage() -> None:
    # Z1.9 Table A-2: lot 40 -> code D; Table B-1 at AQL 1.0: n = 5, k = 1.53, M = 3.33%.
    assert sampling.lookup_variables_plan(40, 1.0).to_rows() == [
        {"sample_size": 5, "k": 1.53, "m": 3.33, "method": "s"}
    ]


def test_rows_of_the_new_collections_are_their_items() -> None:
    trend = INSTANCES["Trend"]
    assert [r["label"] for r in trend.to_rows()] == ["1", "2", "3"]  # default labels
    waves = INSTANCES["WaveComparison"]
    assert [r["key"] for r in waves.to_rows()] == [
        i.key for i in scoring.STANDARD_QUESTIONNAIRE.items
    ]
    replay = INSTANCES["Replay"]
    # Acknowledged, Closed apply; the third event (index 2) is rejected on a closed case
    assert [(r["index"], r["state"]) for r in replay.to_rows()] == [(2, "closed")]
    assert isinstance(workflow.handling_kpis([INSTANCES["Case"]], CAL), Results)
