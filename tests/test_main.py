import io
import json
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
