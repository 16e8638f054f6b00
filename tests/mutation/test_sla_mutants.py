"""SLA clock behaviours that surviving mutants showed untested (issue 20).

Elapsed-time clocks on the China calendar (UTC+8, no DST) keep the arithmetic
plain: an elapsed hour is an hour.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from qmscore import sla
from qmscore.errors import InvalidInputError, InvalidTransitionError, InvalidTypeError
from qmscore.workdays import WorkCalendar

CN = WorkCalendar.china()
SH = ZoneInfo("Asia/Shanghai")
H = dt.timedelta(hours=1)
T0 = dt.datetime(2026, 9, 28, 9, 0)  # Monday 09:00 Shanghai


def fold(clock: sla.SlaClock, *events: sla.Event) -> sla.SlaState:
    state = sla.SlaState(clock)
    for e in events:
        state = sla.apply(state, e, CN)
    return state


def at(hours: float) -> dt.datetime:
    return CN.localize(T0 + hours * H)


# ---------------------------------------------------------------- reasons' text


def test_each_event_leaves_its_reason_in_both_languages() -> None:
    state = fold(
        sla.SlaClock(10 * H),
        sla.Start(T0),
        sla.Pause(T0 + H, "samples"),
        sla.Resume(T0 + 2 * H),
        sla.Reprioritize(T0 + 3 * H, 20 * H),
        sla.Stop(T0 + 4 * H),
    )
    stamp = [at(h).isoformat() for h in (0, 1, 2, 3, 4)]
    # Consumed at the re-prioritisation: 0-1 h and 2-3 h running = 2 h; paused 1-2 h = 1 h.
    assert [(r.en, r.zh) for r in state.reasons] == [
        (f"{stamp[0]}: Clock started", f"{stamp[0]}：开始计时"),
        (f"{stamp[1]}: Clock paused: samples", f"{stamp[1]}：暂停计时：samples"),
        (f"{stamp[2]}: Clock resumed", f"{stamp[2]}：恢复计时"),
        (
            f"{stamp[3]}: Re-prioritised: budget now 20:00:00; consumed 2:00:00 and paused "
            "1:00:00 kept",
            f"{stamp[3]}：调整优先级：时限改为 20:00:00；已计时 2:00:00、已暂停 1:00:00 保留",
        ),
        (f"{stamp[4]}: Clock stopped: obligation met", f"{stamp[4]}：停止计时：已完成"),
    ]


def test_an_event_after_stop_says_nothing_is_allowed() -> None:
    state = fold(sla.SlaClock(H), sla.Start(T0), sla.Stop(T0 + H))
    with pytest.raises(InvalidTransitionError, match=r"allowed: nothing \(stopped\)$"):
        sla.apply(state, sla.Resume(T0 + 2 * H), CN)


# ---------------------------------------------------------------- bad input names its value


def test_non_positive_budget_message_shows_the_value() -> None:
    with pytest.raises(
        InvalidInputError,
        match=r"'budget' must be a positive timedelta \(got datetime.timedelta\(0\)\)",
    ):
        sla.SlaClock(dt.timedelta(0))


def test_at_risk_share_of_one_is_accepted_and_above_one_refused() -> None:
    assert sla.SlaClock(H, at_risk_share=1.0).at_risk_share == 1.0
    with pytest.raises(InvalidInputError, match="at_risk_share"):
        sla.SlaClock(H, at_risk_share=1.0000001)


def test_not_an_event_message_shows_the_value() -> None:
    with pytest.raises(InvalidTypeError, match=r"'event' must be an SLA event \(got 'junk'\)"):
        sla.apply(sla.SlaState(sla.SlaClock(H)), "junk", CN)  # type: ignore[arg-type]


def test_out_of_order_event_names_field_and_value() -> None:
    state = fold(sla.SlaClock(H), sla.Start(T0 + H))
    late = T0
    with pytest.raises(InvalidInputError, match="events out of order") as info:
        sla.apply(state, sla.Pause(late, "x"), CN)
    assert info.value.field == "event.at"
    assert info.value.value == late


def test_event_beyond_the_zone_range_names_event_at() -> None:
    # 9999-12-31 23:00 UTC is 10000-01-01 07:00 in Shanghai: out of datetime's range.
    edge = dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.timezone.utc)
    with pytest.raises(InvalidInputError, match=r"^'event.at' must be a moment within"):
        sla.apply(sla.SlaState(sla.SlaClock(H)), sla.Start(edge), CN)


def test_reading_before_the_last_event_shows_now() -> None:
    state = fold(sla.SlaClock(H), sla.Start(T0 + H))
    with pytest.raises(
        InvalidInputError, match=r"\(got datetime.datetime\(2026, 9, 28, 9, 0\)\)$"
    ):
        sla.status(state, T0, CN)


def test_idle_state_with_a_last_event_shows_it() -> None:
    with pytest.raises(
        InvalidInputError,
        match=r"'last_at' must be None exactly while the clock is idle.*\(got datetime",
    ):
        sla.SlaState(sla.SlaClock(H), "idle", last_at=T0)


def test_due_moment_past_year_9999_is_refused_with_the_amount() -> None:
    huge = dt.timedelta(days=999_999_999)
    state = fold(sla.SlaClock(huge), sla.Start(T0))
    with pytest.raises(
        InvalidInputError,
        match=r"'budget' must be small enough.*\(got datetime.timedelta\(days=999999999\)\)",
    ):
        sla.status(state, T0, CN)


# ---------------------------------------------------------------- consumed and breach boundaries


def test_consumed_adds_up_over_two_running_spells() -> None:
    # 09-10 running (1 h), 10-12 paused, 12-15 running (3 h): 4 h consumed, 2 h paused.
    state = fold(
        sla.SlaClock(10 * H),
        sla.Start(T0),
        sla.Pause(T0 + H, "x"),
        sla.Resume(T0 + 3 * H),
        sla.Pause(T0 + 6 * H, "y"),
    )
    assert state.consumed == 4 * H
    assert state.paused == 2 * H
    assert state.breached_at is None


def test_pause_within_budget_records_no_breach() -> None:
    assert fold(sla.SlaClock(4 * H), sla.Start(T0), sla.Pause(T0 + H, "x")).breached_at is None


def test_pause_exactly_at_budget_is_not_a_breach_one_second_later_is() -> None:
    exact = fold(sla.SlaClock(4 * H), sla.Start(T0), sla.Pause(T0 + 4 * H, "x"))
    assert exact.breached_at is None
    over = fold(
        sla.SlaClock(4 * H), sla.Start(T0), sla.Pause(T0 + 4 * H + dt.timedelta(seconds=1), "x")
    )
    assert over.breached_at == at(4)


def test_breach_in_a_second_spell_counts_from_what_was_left() -> None:
    # Budget 4 h: 1 h in the first spell; resumed at +3 h with 3 h left -> breached at +6 h.
    state = fold(
        sla.SlaClock(4 * H),
        sla.Start(T0),
        sla.Pause(T0 + H, "x"),
        sla.Resume(T0 + 3 * H),
        sla.Pause(T0 + 8 * H, "y"),
    )
    assert state.breached_at == at(6)


def test_first_breach_moment_is_kept_over_later_spells() -> None:
    # Breached at +4 h; later spells must not move it.
    state = fold(
        sla.SlaClock(4 * H),
        sla.Start(T0),
        sla.Pause(T0 + 5 * H, "x"),
        sla.Resume(T0 + 6 * H),
        sla.Pause(T0 + 7 * H, "y"),
    )
    assert state.breached_at == at(4)
    resumed = sla.apply(state, sla.Resume(T0 + 8 * H), CN)
    read = sla.status(resumed, T0 + 9 * H, CN)
    assert read.breached_at == at(4)
    assert read.due_at is None  # nothing left: 6 h consumed of 4 h


def test_reprioritize_keeps_the_at_risk_share() -> None:
    state = fold(
        sla.SlaClock(4 * H, at_risk_share=0.5), sla.Start(T0), sla.Reprioritize(T0 + H, 8 * H)
    )
    assert state.clock == sla.SlaClock(8 * H, at_risk_share=0.5)


def test_reprioritize_to_exactly_the_consumed_time_clears_the_breach() -> None:
    # 5 h consumed of 4 h: breached at +4 h. New budget 5 h = consumed: no longer breached.
    breached = fold(sla.SlaClock(4 * H), sla.Start(T0), sla.Pause(T0 + 5 * H, "x"))
    assert breached.breached_at == at(4)
    cleared = sla.apply(breached, sla.Reprioritize(T0 + 6 * H, 5 * H), CN)
    assert cleared.breached_at is None
    # New budget just under the consumed time: the breach stays.
    kept = sla.apply(breached, sla.Reprioritize(T0 + 6 * H, 5 * H - dt.timedelta(seconds=1)), CN)
    assert kept.breached_at == at(4)


def test_running_with_nothing_left_has_no_due_moment() -> None:
    # Paused exactly at the budget, resumed: 0 left -> no due moment, not breached yet.
    state = fold(
        sla.SlaClock(4 * H), sla.Start(T0), sla.Pause(T0 + 4 * H, "x"), sla.Resume(T0 + 5 * H)
    )
    read = sla.status(state, T0 + 5 * H, CN)
    assert read.due_at is None
    assert read.remaining == dt.timedelta(0)
    assert not read.breached


def test_status_exactly_at_budget_is_at_risk_not_breached() -> None:
    state = fold(sla.SlaClock(4 * H), sla.Start(T0))
    read = sla.status(state, T0 + 4 * H, CN)
    assert not read.breached
    assert read.at_risk
    assert read.breached_at is None
    later = sla.status(state, T0 + 4 * H + dt.timedelta(seconds=1), CN)
    assert later.breached
    assert later.breached_at == at(4)


def test_status_carries_moment_phase_and_reasons() -> None:
    state = fold(sla.SlaClock(4 * H), sla.Start(T0))
    read = sla.status(state, T0 + H, CN)
    assert read.now == at(1)
    assert read.phase == "running"
    assert read.reasons == state.reasons
    assert len(read.reasons) == 1
