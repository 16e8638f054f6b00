"""User code type-checks under ``mypy --strict``, lazily loaded names included.

A small user script made of the documented examples is written to a temporary
directory and checked against this checkout's sources. Every name that
qmscore loads on first use (``sampling.plot_oc``, the notice parser and
festival tables of ``workdays``, the ``qmscore.testing`` and ``qmscore.schema``
modules reached as attributes of ``qmscore``) must have its real type, not
``object`` (the lazy ``__getattr__`` of a module) or ``Any``.

About 10-15 s on a cold mypy cache; skipped when mypy is not installed.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

USER_SCRIPT = """\
from __future__ import annotations

import datetime as dt

import matplotlib

import qmscore
from qmscore import sampling, scoring, workdays, workflow
from qmscore.sampling.plans import code_letter, lookup_plan
from qmscore.workdays import WorkCalendar

matplotlib.use("Agg")

plan = sampling.lookup_plan(1000, 1.5)
letter: str | None = plan.code_letter
decision: str = sampling.judge(plan, [2]).decision
ax = sampling.plot_oc(
    {"ISO, AQL 1.0": sampling.lookup_plan(200, 1.0), "5%": sampling.percentage_plan(200, 0.05)},
    lot_size=200,
    model="hypergeometric",
    show_aoq=True,
)
n_lines: int = len(ax.lines)

cal = WorkCalendar.china()
due: dt.date = cal.add_working_days(dt.date(2026, 9, 30), 3)
days = workdays.statutory_days(2026)
first: workdays.Festival = days[dt.date(2026, 10, 1)]
arrangement: workdays.Arrangement = workdays.parse_notice("一、元旦：1月1日放假。", year=2027)

score = scoring.score_response({i.key: "satisfied" for i in scoring.STANDARD_QUESTIONNAIRE.items})
grade: str | None = score.grade
case = workflow.open_case(workflow.Complaint("Q-1", dt.datetime(2026, 9, 30, 16), "K-1"))

schema: dict[str, object] = qmscore.schema.schema_of("Questionnaire")
strategy = qmscore.testing.sampling_plans()

reveal_type(sampling.plot_oc)
reveal_type(workdays.statutory_days)
reveal_type(workdays.parse_notice)
reveal_type(workdays.Festival)
reveal_type(workdays.Arrangement)
reveal_type(workdays.ArrangedDay)
reveal_type(workdays.NoticeItem)
reveal_type(workdays.NoticeSource)
reveal_type(qmscore.schema.schema_of)
reveal_type(qmscore.testing.sampling_plans)
reveal_type(qmscore.sampling.lookup_plan)
reveal_type(lookup_plan)
reveal_type(code_letter)
"""


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_documented_examples_type_check_in_user_code(tmp_path: Path) -> None:
    script = tmp_path / "user.py"
    script.write_text(USER_SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            # As for an installed package: errors inside qmscore are not the user's.
            "--follow-imports=silent",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            str(script),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"MYPYPATH": str(SRC), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    lines = done.stdout.splitlines()
    errors = [line for line in lines if ": error:" in line]
    assert errors == [], done.stdout
    revealed = [
        line.split('Revealed type is "', 1)[1] for line in lines if "Revealed type" in line
    ]
    # One note per reveal_type line of the script.
    assert len(revealed) == USER_SCRIPT.count("reveal_type("), done.stdout
    for text in revealed:
        # A lazy name typed by the module's __getattr__ reads "object" or "Any".
        assert not re.match(r"(builtins\.object|Any)\"$", text), text
        assert text.startswith(("def ", "Overload(", "type[")), text
