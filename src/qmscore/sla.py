"""An SLA clock as a pure fold: start, pause, resume, stop and re-prioritise events in.

The ERP stores the events; :func:`apply` folds them one at a time into an
:class:`SlaState`, and :func:`status` reads it at a moment ``now``: time
consumed and remaining, the due moment while running, whether and when the
budget was breached, and whether it is at risk. Paused time (waiting for the
customer, for samples) never counts. Re-prioritising changes the budget and
keeps everything consumed and paused so far.

Example:
    >>> import datetime as dt
    >>> from qmscore import sla
    >>> from qmscore.workdays import WorkCalendar
    >>> cal = WorkCalendar.china()
    >>> t = dt.datetime(2026, 9, 28, 9, 0)
    >>> state = sla.SlaState(sla.SlaClock(dt.timedelta(hours=4), working_time=True))
    >>> for event in (sla.Start(t), sla.Pause(t + dt.timedelta(hours=1), "waiting for samples"),
    ...               sla.Resume(t + dt.timedelta(days=1))):
    ...     state = sla.apply(state, event, cal)
    >>> sla.status(state, t + dt.timedelta(days=1), cal).due_at.isoformat()
    '2026-09-29T12:00:00+08:00'
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs

from qmscore._checks import non_empty_str
from qmscore.errors import InvalidInputError, InvalidTransitionError
from qmscore.explain import Reason
from qmscore.workdays import WorkCalendar

__all__ = [
    "Event",
    "Pause",
    "Reprioritize",
    "Resume",
    "SlaClock",
    "SlaState",
    "SlaStatus",
    "Start",
    "Stop",
    "apply",
    "status",
]

Phase = Literal["idle", "running", "paused", "stopped"]


@attrs.frozen
class SlaClock:
    """What the clock measures.

    Attributes:
        budget: Time allowed.
        working_time: Count only the calendar's working time (else elapsed time).
        at_risk_share: Share of the budget consumed at which the clock is at risk.
    """

    budget: dt.timedelta
    working_time: bool = False
    at_risk_share: float = 0.8

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.budget, dt.timedelta) or self.budget <= dt.timedelta(0):
            raise InvalidInputError.constraint("budget", "a positive timedelta", self.budget)
        if not isinstance(self.at_risk_share, float) or not 0.0 < self.at_risk_share <= 1.0:
            raise InvalidInputError.constraint(
                "at_risk_share", "a float in (0, 1]", self.at_risk_share
            )


@attrs.frozen
class Start:
    """The clock starts (e.g. complaint received)."""

    at: dt.datetime
    kind: Literal["start"] = "start"


@attrs.frozen
class Pause:
    """The clock stops counting (waiting for the customer or samples)."""

    at: dt.datetime
    reason: str = attrs.field(validator=non_empty_str)
    kind: Literal["pause"] = "pause"


@attrs.frozen
class Resume:
    """The clock counts again."""

    at: dt.datetime
    kind: Literal["resume"] = "resume"


@attrs.frozen
class Stop:
    """The obligation is met; the clock stops for good."""

    at: dt.datetime
    kind: Literal["stop"] = "stop"


@attrs.frozen
class Reprioritize:
    """A new budget; consumed and paused time are kept."""

    at: dt.datetime
    budget: dt.timedelta
    kind: Literal["reprioritize"] = "reprioritize"


Event = Start | Pause | Resume | Stop | Reprioritize


@attrs.frozen
class SlaState:
    """The clock after the events so far.

    Attributes:
        clock: What is measured.
        phase: ``idle``, ``running``, ``paused`` or ``stopped``.
        consumed: Time counted up to ``last_at``.
        paused: Elapsed time spent paused.
        last_at: Moment of the last event.
        breached_at: When the budget ran out, if it has (as far as the events show).
        reasons: What happened, one reason per event.
    """

    clock: SlaClock
    phase: Phase = "idle"
    consumed: dt.timedelta = dt.timedelta(0)
    paused: dt.timedelta = dt.timedelta(0)
    last_at: dt.datetime | None = None
    breached_at: dt.datetime | None = None
    reasons: tuple[Reason, ...] = ()


_ALLOWED: dict[str, tuple[str, ...]] = {
    "idle": ("start",),
    "running": ("pause", "stop", "reprioritize"),
    "paused": ("resume", "stop", "reprioritize"),
    "stopped": (),
}


def _spent(
    clock: SlaClock, a: dt.datetime, b: dt.datetime, calendar: WorkCalendar
) -> dt.timedelta:
    if clock.working_time:
        return calendar.working_time_between(a, b)
    return calendar.localize(b) - calendar.localize(a)


def _advance(
    clock: SlaClock, start: dt.datetime, amount: dt.timedelta, calendar: WorkCalendar
) -> dt.datetime:
    if clock.working_time:
        return calendar.add_working_time(start, amount)
    return calendar.localize(calendar.localize(start).astimezone(dt.timezone.utc) + amount)


def apply(state: SlaState, event: Event, calendar: WorkCalendar) -> SlaState:
    """Fold one event into the state.

    Raises:
        InvalidTransitionError: the event is not allowed in the current phase
            (the message lists those that are).
        InvalidInputError: an event earlier than the previous one, or not an event.
    """
    if not isinstance(event, (Start, Pause, Resume, Stop, Reprioritize)):
        raise InvalidInputError.constraint("event", "an SLA event", event)
    if event.kind not in _ALLOWED[state.phase]:
        raise InvalidTransitionError(
            f"{event.kind!r} is not allowed while the clock is {state.phase}; allowed: "
            f"{', '.join(_ALLOWED[state.phase]) or 'nothing (stopped)'}"
        )
    at = calendar.localize(event.at)
    if state.last_at is not None and at < state.last_at:
        raise InvalidInputError(
            f"events out of order: {event.kind} at {at.isoformat()} is before the previous "
            f"event at {state.last_at.isoformat()}",
            field="event.at",
            value=event.at,
        )
    consumed, paused, breached = state.consumed, state.paused, state.breached_at
    clock = state.clock
    if state.phase == "running":
        consumed += _spent(clock, state.last_at, at, calendar)  # type: ignore[arg-type]
        if breached is None and consumed > clock.budget:
            breached = _advance(clock, state.last_at, clock.budget - state.consumed, calendar)  # type: ignore[arg-type]
    elif state.phase == "paused":
        paused += at - state.last_at  # type: ignore[operator]
    phase: Phase = state.phase
    if isinstance(event, Start):
        phase, en, zh = "running", "Clock started", "开始计时"
    elif isinstance(event, Pause):
        phase, en, zh = "paused", f"Clock paused: {event.reason}", f"暂停计时：{event.reason}"
    elif isinstance(event, Resume):
        phase, en, zh = "running", "Clock resumed", "恢复计时"
    elif isinstance(event, Stop):
        phase, en, zh = "stopped", "Clock stopped: obligation met", "停止计时：已完成"
    else:
        clock = SlaClock(event.budget, clock.working_time, clock.at_risk_share)
        en = (
            f"Re-prioritised: budget now {event.budget}; consumed {consumed} and paused "
            f"{paused} kept"
        )
        zh = f"调整优先级：时限改为 {event.budget}；已计时 {consumed}、已暂停 {paused} 保留"
        breached = None if consumed <= clock.budget else breached
    return SlaState(
        clock,
        phase,
        consumed,
        paused,
        at,
        breached,
        (
            *state.reasons,
            Reason(f"sla.{event.kind}", f"{at.isoformat()}: {en}", f"{at.isoformat()}：{zh}"),
        ),
    )


@attrs.frozen
class SlaStatus:
    """The clock read at a moment.

    Attributes:
        now: The moment read.
        phase: The clock's phase.
        consumed: Time counted up to ``now``.
        remaining: Budget minus consumed (negative once breached).
        due_at: When the budget runs out if the clock keeps running (running only).
        breached: Whether the budget is exceeded.
        breached_at: When it was exceeded.
        at_risk: Not breached, but at least ``at_risk_share`` of the budget consumed.
        reasons: How the clock got here.
    """

    now: dt.datetime
    phase: Phase
    consumed: dt.timedelta
    remaining: dt.timedelta
    due_at: dt.datetime | None
    breached: bool
    breached_at: dt.datetime | None
    at_risk: bool
    reasons: tuple[Reason, ...] = ()


def status(state: SlaState, now: dt.datetime, calendar: WorkCalendar) -> SlaStatus:
    """Read the clock at ``now`` (not before the last event).

    Raises:
        InvalidInputError: ``now`` is before the last event.
    """
    local = calendar.localize(now)
    if state.last_at is not None and local < state.last_at:
        raise InvalidInputError.constraint(
            "now", f"not before the last event ({state.last_at.isoformat()})", now
        )
    clock = state.clock
    consumed, breached_at, due = state.consumed, state.breached_at, None
    if state.phase == "running":
        left = clock.budget - state.consumed
        due = _advance(clock, state.last_at, left, calendar) if left > dt.timedelta(0) else None  # type: ignore[arg-type]
        consumed += _spent(clock, state.last_at, local, calendar)  # type: ignore[arg-type]
        if breached_at is None and consumed > clock.budget:
            breached_at = due
    remaining = clock.budget - consumed
    breached = remaining < dt.timedelta(0)
    return SlaStatus(
        local,
        state.phase,
        consumed,
        remaining,
        due,
        breached,
        breached_at if breached or state.breached_at else None,
        not breached and consumed >= clock.budget * clock.at_risk_share,
        state.reasons,
    )
