"""Kill tests for surviving mutants of workflow/case (issue 20), worked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from qmscore.errors import InvalidInputError
from qmscore.workflow import (
    Acknowledged,
    Assessed,
    Complaint,
    ComplaintRules,
    Paused,
    Resumed,
    apply,
    open_case,
    replay,
)

T = dt.datetime(2026, 9, 7, 10, 0)
H = dt.timedelta(hours=1)
GENERAL = Complaint("Q", T, "K", demands=("criticism",))


def test_out_of_order_event_names_field_value_and_what_it_precedes() -> None:
    case = replay(GENERAL, [Acknowledged(T + H)])
    with pytest.raises(InvalidInputError) as info:
        apply(case, Assessed(T + H / 2, True))
    assert info.value.field == "event.at"
    assert info.value.value == T + H / 2
    assert "is before the previous event" in str(info.value)
    # Exactly at the receipt, but before the previous event: the previous event is named.
    with pytest.raises(InvalidInputError, match="is before the previous event"):
        apply(case, Assessed(T, True))


def test_before_the_receipt_names_the_receipts_time_not_the_previous_events() -> None:
    # Received 10:00, acknowledged 11:00; an assessment at 09:30 is before the
    # receipt, and the message must show 10:00 (it used to show 11:00).
    case = replay(GENERAL, [Acknowledged(T + H)])
    with pytest.raises(InvalidInputError) as info:
        apply(case, Assessed(T - H / 2, True))
    assert "is before the receipt at 2026-09-07T10:00:00 " in str(info.value)
    assert "11:00" not in str(info.value)


def test_resume_at_the_pause_moment_is_allowed() -> None:
    case = replay(GENERAL, [Acknowledged(T), Paused(T + H, "samples")])
    resumed = apply(case, Resumed(T + H))  # 0 s paused: allowed (only before is refused)
    assert resumed.paused_since is None


def test_open_case_keeps_its_rules() -> None:
    rules = ComplaintRules(approval_inclusive=False)
    assert open_case(GENERAL, rules).rules is rules
    assert replay(GENERAL, [], rules=rules).rules is rules


def test_lenient_replay_of_a_clean_history_skips_nothing() -> None:
    result = replay(GENERAL, [Acknowledged(T)], lenient=True)
    assert result.rejected == ()
