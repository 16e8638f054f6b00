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
from typing import Any, Literal

import attrs

from qmscore._checks import (
    as_bool,
    as_datetime,
    as_optional_datetime,
    as_real,
    as_tuple,
    bool_validator,
    check_datetime,
    check_instance,
    check_real,
    check_sequence,
    check_timedelta,
    datetime_validator,
    fixed,
    non_empty_str,
    one_of,
    type_error,
    value_error,
)
from qmscore._display import display
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
_ZERO = dt.timedelta(0)


def _positive(inst: object, attribute: object, value: Any) -> None:
    name = str(getattr(attribute, "name", "budget"))
    if not isinstance(value, dt.timedelta):
        raise type_error(name, "a positive timedelta", value)
    if value <= _ZERO:
        raise value_error(name, "a positive timedelta", value)


def _share(inst: object, attribute: object, value: Any) -> None:
    v = check_real("at_risk_share", value)
    if not 0.0 < v <= 1.0:
        raise value_error("at_risk_share", "in (0, 1]", value)


def _optional_moment(inst: object, attribute: object, value: Any) -> None:
    if value is not None:
        check_datetime(str(getattr(attribute, "name", "at")), value)


@attrs.frozen
class SlaClock:
    """What the clock measures.

    Attributes:
        budget: Time allowed.
        working_time: Count only the calendar's working time (else elapsed time).
        at_risk_share: Share of the budget consumed at which the clock is at risk.
    """

    budget: dt.timedelta = attrs.field(validator=_positive)
    working_time: bool = attrs.field(default=False, converter=as_bool, validator=bool_validator)
    at_risk_share: float = attrs.field(default=0.8, converter=as_real, validator=_share)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "at_risk_share", float(self.at_risk_share))


@attrs.frozen
class Start:
    """The clock starts (e.g. complaint received)."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    kind: Literal["start"] = attrs.field(default="start", validator=fixed("start"))


@attrs.frozen
class Pause:
    """The clock stops counting (waiting for the customer or samples)."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    reason: str = attrs.field(validator=non_empty_str)
    kind: Literal["pause"] = attrs.field(default="pause", validator=fixed("pause"))


@attrs.frozen
class Resume:
    """The clock counts again."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    kind: Literal["resume"] = attrs.field(default="resume", validator=fixed("resume"))


@attrs.frozen
class Stop:
    """The obligation is met; the clock stops for good."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    kind: Literal["stop"] = attrs.field(default="stop", validator=fixed("stop"))


@attrs.frozen
class Reprioritize:
    """A new budget; consumed and paused time are kept."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    budget: dt.timedelta = attrs.field(validator=_positive)
    kind: Literal["reprioritize"] = attrs.field(
        default="reprioritize", validator=fixed("reprioritize")
    )


Event = Start | Pause | Resume | Stop | Reprioritize


def _not_negative(inst: object, attribute: object, value: Any) -> None:
    check_timedelta(str(getattr(attribute, "name", "consumed")), value, minimum=_ZERO)


def _reasons(inst: object, attribute: object, value: Any) -> None:
    check_sequence("reasons", value, lambda field, r: check_instance(field, r, Reason, "a Reason"))


@display
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

    clock: SlaClock = attrs.field(
        validator=lambda _i, _a, v: check_instance("clock", v, SlaClock, "an SlaClock")
    )
    phase: Phase = attrs.field(
        default="idle", validator=one_of(("idle", "running", "paused", "stopped"))
    )
    consumed: dt.timedelta = attrs.field(default=_ZERO, validator=_not_negative)
    paused: dt.timedelta = attrs.field(default=_ZERO, validator=_not_negative)
    last_at: dt.datetime | None = attrs.field(
        default=None, converter=as_optional_datetime, validator=_optional_moment
    )
    breached_at: dt.datetime | None = attrs.field(
        default=None, converter=as_optional_datetime, validator=_optional_moment
    )
    reasons: tuple[Reason, ...] = attrs.field(default=(), converter=as_tuple, validator=_reasons)

    def __attrs_post_init__(self) -> None:
        if (self.phase == "idle") != (self.last_at is None):
            raise value_error(
                "last_at",
                "None exactly while the clock is idle (the moment of the last event otherwise)",
                self.last_at,
            )


_ALLOWED: dict[str, tuple[str, ...]] = {
    "idle": ("start",),
    "running": ("pause", "stop", "reprioritize"),
    "paused": ("resume", "stop", "reprioritize"),
    "stopped": (),
}


def _utc(moment: dt.datetime) -> dt.datetime:
    # Subtract and compare in UTC: within one zone Python uses wall clocks,
    # which is an hour off across a DST change.
    return moment.astimezone(dt.timezone.utc)


def _spent(
    clock: SlaClock, a: dt.datetime, b: dt.datetime, calendar: WorkCalendar
) -> dt.timedelta:
    if clock.working_time:
        return calendar.working_time_between(a, b)
    return _utc(calendar.localize(b)) - _utc(calendar.localize(a))


def _advance(
    clock: SlaClock, start: dt.datetime, amount: dt.timedelta, calendar: WorkCalendar
) -> dt.datetime:
    if clock.working_time:
        return calendar.add_working_time(start, amount)
    try:
        return calendar.localize(_utc(calendar.localize(start)) + amount)
    except OverflowError:
        raise value_error(
            "budget", "small enough for a due moment before the year 10000", amount
        ) from None


def _inputs(state: object, calendar: object) -> tuple[SlaState, WorkCalendar]:
    return (
        check_instance("state", state, SlaState, "an SlaState"),
        check_instance("calendar", calendar, WorkCalendar, "a WorkCalendar"),
    )


def apply(state: SlaState, event: Event, calendar: WorkCalendar) -> SlaState:
    """Fold one event into the state.

    Raises:
        InvalidTransitionError: the event is not allowed in the current phase
            (the message lists those that are).
        InvalidInputError: an event earlier than the previous one, or not an event.
    """
    state, calendar = _inputs(state, calendar)
    if not isinstance(event, (Start, Pause, Resume, Stop, Reprioritize)):
        raise type_error("event", "an SLA event", event)
    if event.kind not in _ALLOWED[state.phase]:
        raise InvalidTransitionError(
            f"{event.kind!r} is not allowed while the clock is {state.phase}; allowed: "
            f"{', '.join(_ALLOWED[state.phase]) or 'nothing (stopped)'}"
        )
    at = calendar._localize("event.at", event.at)
    if state.last_at is not None and _utc(at) < _utc(calendar.localize(state.last_at)):
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
        paused += _utc(at) - _utc(calendar.localize(state.last_at))  # type: ignore[arg-type]
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


@display
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


def status(state: SlaState, now: dt.datetime | str, calendar: WorkCalendar) -> SlaStatus:
    """Read the clock at ``now`` (not before the last event).

    Raises:
        InvalidInputError: ``now`` is before the last event.
    """
    state, calendar = _inputs(state, calendar)
    local = calendar._localize("now", now)
    if state.last_at is not None and _utc(local) < _utc(calendar.localize(state.last_at)):
        raise InvalidInputError.constraint(
            "now", f"not before the last event ({state.last_at.isoformat()})", now
        )
    clock = state.clock
    consumed, breached_at, due = state.consumed, state.breached_at, None
    if state.phase == "running":
        left = clock.budget - state.consumed
        due = _advance(clock, state.last_at, left, calendar) if left > _ZERO else None  # type: ignore[arg-type]
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
