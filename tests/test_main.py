import io
import json
import re
import subprocess
import sys

import pytest

from qmscore.__main__ import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


def test_demo_runs_each_section_in_both_languages() -> None:
    status, text = run("demo")
    assert status == 0
    assert "Acceptance sampling" in text
    assert "code H: n=50 Ac=1 Re=2" in text
    assert "-> tightened" in text
    status, text = run("--lang", "zh", "demo")
    assert status == 0
    assert "样本量字码 H" in text


def test_plan_prints_the_plan_and_its_reasons() -> None:
    status, text = run("plan", "--lot-size", "500", "--aql", "1.0", "--inspection", "reduced")
    assert status == 0
    assert text.splitlines()[0] == "Sampling plan: code H: n=20 Ac=0 Re=2"
    assert "Gap plan" in text


def test_plan_marks_100pct_and_speaks_chinese() -> None:
    status, text = run("--lang", "zh", "plan", "--lot-size", "5", "--aql", "0.010")
    assert status == 0
    assert "100% 全检" in text
    assert "箭头" in text
    status, text = run("plan", "--lot-size", "5", "--aql", "0.010")
    assert "100% inspection" in text


def test_oc_command_reports_every_measure() -> None:
    status, text = run(
        "oc",
        "--n",
        "125",
        "--c",
        "3",
        "--lot-size",
        "5000",
        "--p",
        "0.02",
        "--model",
        "hypergeometric",
    )
    assert status == 0
    assert "Pa(0.02) = 0.760109" in text  # the reference worked value
    assert "AOQL = " in text
    assert "ATI = " in text
    assert "p10 = " in text
    status, text = run("oc", "--n", "89", "--c", "2", "--p", "0.01")
    assert "Pa(0.01) = 0.939690" in text
    assert "AOQ" not in text


def test_score_command() -> None:
    answers = [
        f"{k}=satisfied"
        for k in (
            "appearance",
            "dimensions",
            "packaging",
            "performance",
            "service_life",
            "improvement",
            "delivery",
            "transport",
            "service",
        )
    ]
    status, text = run("score", *answers, "price=na")
    # 88 - 4 (price) = 84 of 95 answered points -> 88.4.
    assert status == 0
    assert text.splitlines()[0] == "Score: 88.4  grade B"
    status, text = run("--lang", "zh", "score", "performance=satisfied")
    assert status == 0
    assert text.startswith("未计分：")


def test_plan_json_is_the_converter_output() -> None:
    status, text = run("plan", "--lot-size", "1000", "--aql", "1.5", "--json")
    data = json.loads(text)
    assert status == 0
    assert data["stages"] == [{"sample_size": 80, "accept": 3, "reject": 4}]


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["plan", "--lot-size", "500", "--aql", "0.7"], "nearest: 0.65"),
        (["plan", "--lot-size", "1", "--aql", "1.0"], "'lot_size' must be >= 2 (got 1)"),
        (["score", "performance"], "'answer' must be item=level"),
        (["score", "performance=great"], "'answers.performance' must be one of"),
        (["oc", "--n", "5", "--c", "3", "--p", "2"], "'p' must be in [0, 1] (got 2.0)"),
        (
            ["oc", "--n", "5", "--c", "3", "--re", "3", "--p", "0.1"],
            "'stages[0].reject' must be > accept (3)",
        ),
        (
            [
                "oc",
                "--n",
                "5",
                "--c",
                "3",
                "--p",
                "0.1",
                "--lot-size",
                "0",
                "--model",
                "hypergeometric",
            ],
            "'lot_size' must be >= 1 (got 0)",
        ),
        (
            [
                "plan",
                "--lot-size",
                "60",
                "--aql",
                "1.0",
                "--scheme",
                "multiple",
                "--standard",
                "gb2828.1",
            ],
            "Table 4-A",
        ),
    ],
)
def test_library_errors_are_one_line_and_status_2(
    argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = run(*argv)
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("qmscore: error: ")
    assert fragment in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "--lot-size", "x", "--aql", "1"],
        ["plan", "--aql", "1"],
        ["nonsense"],
        [],
        ["plan", "--lot-size", "5", "--aql", "1", "--level", "IV"],
    ],
)
def test_usage_errors_are_one_line_and_status_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert err.startswith("qmscore: error: ")
    assert err.count("\n") == 1


def test_module_entry_point_runs_as_a_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "qmscore", "plan", "--lot-size", "0", "--aql", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("qmscore: error:")
    assert "Traceback" not in done.stderr


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("qmscore ")


def test_grade_command() -> None:
    status, text = run(
        "grade",
        "--customer",
        "K-9",
        "--sales",
        "320000",
        "--cooperation",
        "very_smooth",
        "--partner-years",
        "3",
        "--payment",
        "very_poor",
        "--brand",
        "--oem",
        "--erratic",
        "--raise-request",
        "special potential",
    )
    assert status == 0
    assert text.splitlines()[0] == "K-9: Grade C"  # D (erratic, very poor payment) raised to C
    assert "Raised from D to C on application: special potential" in text
    status, text = run("--lang", "zh", "grade", "--sales", "100", "--potential", "large")
    assert status == 0
    assert "等级 D" in text.splitlines()[0]


def test_classify_command() -> None:
    status, text = run(
        "classify",
        "--received",
        "2026-09-30T16:00",
        "--demand",
        "return",
        "--batch",
        "--replacement",
        "1500",
    )
    assert status == 0
    assert text.splitlines()[0] == "nature B, route major"
    assert "the general manager approves" in text
    assert "  due 2026-10-13 17:30  Major complaint: first reply" in text
    status, _ = run("classify", "--received", "yesterday")
    assert status == 2


# --- options anywhere, --json everywhere, help with choices, schema, classify, demo ---

PLAN = ("plan", "--lot-size", "500", "--aql", "1.0")
CLASSIFY = ("classify", "--received", "2026-09-30T16:00", "--demand", "return", "--batch")


@pytest.mark.parametrize(
    "argv",
    [
        ("demo",),
        PLAN,
        ("oc", "--n", "50", "--c", "1", "--p", "0.01", "--lot-size", "200"),
        ("score", "performance=satisfied"),
        ("grade", "--sales", "100"),
        CLASSIFY,
        ("schema", "Source"),
        ("schema",),
    ],
)
def test_lang_and_json_are_accepted_before_and_after_the_command(argv: tuple[str, ...]) -> None:
    before = run("--lang", "zh", *argv)
    after = run(*argv, "--lang", "zh")
    assert before == after
    assert before[0] == 0
    json_before = run("--json", *argv)
    json_after = run(*argv, "--json")
    assert json_before == json_after
    json.loads(json_before[1])  # every command's --json output is JSON
    # A value after the command wins over one before it.
    assert run("--lang", "en", *argv, "--lang", "zh") == before


def test_json_output_is_the_converter_output_of_the_library_result() -> None:
    # Oracle: the same calls made directly, written by the converter.
    import datetime as dt

    from qmscore import sampling, scoring
    from qmscore.serialization import to_dict
    from qmscore.workdays import WorkCalendar
    from qmscore.workflow import Complaint, due_dates, open_case

    _, text = run(*PLAN, "--json")
    assert json.loads(text) == to_dict(sampling.lookup_plan(500, 1.0))

    _, text = run("grade", "--sales", "100", "--json")
    assert json.loads(text) == to_dict(
        scoring.grade_customer(scoring.CustomerProfile("customer", sales_6m=100.0))
    )

    answers: dict[str, str | None] = {i.key: None for i in scoring.STANDARD_QUESTIONNAIRE.items}
    answers.update(performance="satisfied", price="opposed")
    _, text = run("score", "performance=satisfied", "price=opposed", "--json")
    assert json.loads(text) == to_dict(scoring.score_response(answers))

    plan = sampling.SamplingPlan.from_stages([(50, 1, 2)], lot_size=200)
    _, text = run("oc", "--n", "50", "--c", "1", "--p", "0.01", "--lot-size", "200", "--json")
    data = json.loads(text)
    assert data["summary"] == to_dict(sampling.oc_summary(plan, 0.01, lot_size=200))
    assert data["aoql"] == to_dict(sampling.aoql(plan, lot_size=200))
    assert data["p10"] == sampling.p_at(plan, 0.10, lot_size=200)
    _, text = run("oc", "--n", "50", "--c", "1", "--p", "0.01", "--json")
    assert json.loads(text)["aoql"] is None  # no lot, no AOQL

    _, text = run(*CLASSIFY, "--json")
    data = json.loads(text)
    case = open_case(
        Complaint("cli", dt.datetime(2026, 9, 30, 16), "customer", demands=("return",), batch=True)
    )
    assert data["classification"] == to_dict(case.classification)
    dues = due_dates(case, WorkCalendar.china())
    assert sorted(d["step"] for d in data["due_dates"]) == sorted(d.step for d in dues)
    assert data["estimated"] == []


def test_demo_json_holds_each_section_results() -> None:
    status, text = run("demo", "--json")
    data = json.loads(text)
    assert status == 0
    assert list(data) == ["sampling", "oc", "deadlines", "scoring", "grading", "complaint", "capa"]
    # Section 1: lot of 500 at AQL 1.0, level II: code H, n=50 Ac=1 Re=2 (Table II-A).
    assert data["sampling"]["plan"]["stages"] == [{"sample_size": 50, "accept": 1, "reject": 2}]
    assert data["sampling"]["judgement"]["decision"] == "accept"  # 1 found <= Ac 1
    assert [g["grade"] for g in data["grading"]["grades"]] == ["A", "D", "C"]


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as info:
        main([*argv, "--help"])
    assert info.value.code == 0
    return capsys.readouterr().out


def test_help_lists_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    from qmscore import sampling, scoring
    from qmscore.sampling._tables import AQL_LABELS
    from qmscore.schema import input_types

    text = _help(capsys, "score")
    for item in scoring.STANDARD_QUESTIONNAIRE.items:
        assert f"  {item.key:<14} {item.zh} / {item.en}" in text
    for level in scoring.STANDARD_QUESTIONNAIRE.levels:
        assert f"  {level.key:<14} {level.zh} / {level.en}" in text
    assert "--lang {en,zh}" in text
    assert "--json" in text
    text = _help(capsys, "plan")
    assert " ".join(AQL_LABELS) in text  # 0.010 0.015 ... 1000
    for choices in (sampling.LEVELS, sampling.INSPECTIONS, sampling.SCHEMES):
        assert "{" + ",".join(choices) + "}" in text
    for standard in sampling.STANDARDS:
        assert standard in text
    text = _help(capsys, "schema")
    assert ", ".join(sorted(input_types())) in " ".join(text.split())
    for command in ("demo", "oc", "grade", "classify"):
        text = _help(capsys, command)
        assert "--lang {en,zh}" in text
        assert "--json" in text


def test_schema_command_prints_the_schema_and_lists_the_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from qmscore.schema import input_types, schema_of

    status, text = run("schema", "Questionnaire")
    assert status == 0
    assert json.loads(text) == schema_of("Questionnaire")
    status, text = run("schema")
    assert text.splitlines() == sorted(input_types())
    status, text = run("schema", "--json")
    assert json.loads(text) == sorted(input_types())
    status, _ = run("schema", "Nonsense")
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("qmscore: error: 'cls' must be one of")
    assert err.count("\n") == 1


def test_classify_prints_nothing_when_a_deadline_is_past_the_horizon(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Friday 2026-12-18, major route: the 10th working day is in January 2027,
    # past the China calendar's data (2026-12-31).
    status, text = run(
        "classify", "--received", "2026-12-18T10:00", "--batch", "--demand", "return"
    )
    err = capsys.readouterr().err
    assert status == 2
    assert text == ""  # no half answer before the error
    assert "past the horizon" in err
    assert "--notice FILE, or --estimates" in err
    assert "with_estimates()" not in err  # the Python hint is no use in a shell
    assert err.count("\n") == 1


def test_classify_lists_deadlines_in_time_order_in_both_languages() -> None:
    status, text = run(*CLASSIFY)
    assert status == 0
    dues = [line.split("  ")[1] for line in text.splitlines() if line.startswith("  due ")]
    # Received 2026-09-30 16:00: contact 10 min, containment 1 h, assessment 2 h, ...
    assert dues[:3] == ["due 2026-09-30 16:10", "due 2026-09-30 17:00", "due 2026-09-30 18:00"]
    assert dues == sorted(dues)
    status, text = run(*CLASSIFY, "--lang", "zh")
    assert text.splitlines()[0] == "问题性质 B（严重），重大处理流程"
    assert "  到期 2026-09-30 17:00  1小时内下达临时措施\n" in text


def test_oc_in_chinese() -> None:
    status, text = run("oc", "--n", "50", "--c", "1", "--p", "0.01", "--lang", "zh")
    assert status == 0
    assert text.splitlines()[:2] == ["方案: n=50 Ac=1 Re=2", "模型: 二项分布"]
    status, text = run(
        "oc", "--n", "5", "--c", "0", "--p", "0.1", "--lot-size", "5", "--lang", "zh"
    )
    assert "AOQL = " in text
    assert " 于 p = " in text
    assert "100% 全检" in text


def _demo_lines(*argv: str) -> list[str]:
    status, text = run(*argv)
    assert status == 0
    return text.splitlines()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_demo_lines_never_end_in_a_colon(lang: str) -> None:
    for line in _demo_lines("demo", "--lang", lang):
        assert not line.rstrip().endswith((":", "：")), line


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_demo_lists_complaint_deadlines_in_time_order(lang: str) -> None:
    lines = _demo_lines("demo", "--lang", lang)
    stamp = re.compile(r"^  (2026-\d\d-\d\d \d\d:\d\d|\d\d-\d\d \d\d:\d\d)  ")
    blocks: list[list[str]] = []
    for line in lines:
        match = stamp.match(line)
        if match is None:
            blocks.append([])
        else:
            blocks[-1].append(match.group(1))
    listed = [b for b in blocks if b]
    assert len(listed) == 2  # the deadlines section and the complaint workflow
    for block in listed:
        assert block == sorted(block)
    # Section "deadlines": 16:10 (10 min), 10-01 16:00 (24 h), 10-10 (3 wd), 10-20 (10 wd).
    assert listed[0] == [
        "2026-09-30 16:10",
        "2026-10-01 16:00",
        "2026-10-10 17:30",
        "2026-10-20 17:30",
    ]
