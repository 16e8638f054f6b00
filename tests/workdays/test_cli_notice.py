"""The command line: ``classify --notice FILE`` and ``--estimates``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from qmscore.__main__ import main
from tests.workdays.test_china_calendar import SYNTHETIC_2027

ARGS = ("classify", "--received", "2026-12-18T10:00", "--demand", "return", "--batch")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


def test_past_the_horizon_the_command_refuses(capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run(*ARGS)
    assert status == 2
    assert "past the horizon" in capsys.readouterr().err


def test_a_notice_file_extends_the_horizon(tmp_path: Path) -> None:
    notice = tmp_path / "2027.txt"
    notice.write_text(SYNTHETIC_2027, encoding="utf-8")
    status, text = run(*ARGS, "--notice", str(notice))
    assert status == 0
    # Friday 2026-12-18: 5 working days are 21-25 Dec; 10 are 21-31 Dec (9) and, after
    # 1-3 January 2027 (off), Monday 4 January.
    assert "  due 2026-12-25 17:30  Major complaint: first reply\n" in text
    assert "  due 2027-01-04 17:30  Major complaint: final result\n" in text
    assert "estimated" not in text


def test_estimates_are_flagged(tmp_path: Path) -> None:
    status, text = run(*ARGS, "--estimates")
    assert status == 0
    assert "  due 2027-01-04 17:30  Major complaint: final result  (estimated)\n" in text
    assert "estimated: past 2026-12-31 no State Council notice is known" in text
    status, text = run("--lang", "zh", *ARGS, "--estimates")
    assert "估算：2026-12-31 之后尚无国务院放假安排通知" in text


def test_an_amending_notice_file_follows_the_notice(tmp_path: Path) -> None:
    first = tmp_path / "2027.txt"
    first.write_text(SYNTHETIC_2027, encoding="utf-8")
    # Synthetic amendment: 元旦 extended to Monday 4 January 2027, so day 10 is 5 January.
    amending = tmp_path / "2027-amend.txt"
    amending.write_text("延长2027年元旦假期至1月4日（星期一）。", encoding="utf-8")
    status, text = run(*ARGS, "--notice", str(first), "--notice", str(amending))
    assert status == 0
    assert "  due 2027-01-05 17:30  Major complaint: final result\n" in text


def test_unreadable_or_bad_notice_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = run(*ARGS, "--notice", str(tmp_path / "missing.txt"))
    assert status == 2
    assert "'--notice' must be a readable UTF-8 text file (FileNotFoundError)" in (
        capsys.readouterr().err
    )
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\xff\xfe\x00")
    status, _ = run(*ARGS, "--notice", str(binary))
    assert status == 2
    assert "UnicodeDecodeError" in capsys.readouterr().err
    typo = tmp_path / "typo.txt"
    typo.write_text(SYNTHETIC_2027.replace("1月1日（周五）", "1月1日（周四）"), encoding="utf-8")
    status, _ = run(*ARGS, "--notice", str(typo))
    assert status == 2
    assert "notice item 一 (元旦)" in capsys.readouterr().err
