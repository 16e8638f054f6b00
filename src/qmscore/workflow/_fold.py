"""The fold behind :func:`~qmscore.workflow.replay`: one mutable state, one case at the end.

:func:`~qmscore.workflow.apply` returns a new frozen case per event; a replay
only needs the last one. :class:`Fold` holds the case's fields and its trail
and advances them in place for the common event: an event of an exact event
type, allowed by the guard (:func:`~qmscore.workflow.case._block`, the one
:func:`apply` uses), at a plain datetime of the receipt's kind, not before
the previous event, and not a re-classification with new facts. Anything else
(refused, back-dated, a re-classification, a subclass) makes the fold hand
over a case to :func:`apply`, which raises exactly its error or applies the
event; the fold then continues from the case it returns. So a replay equals
folding :func:`apply` over the events, without a case per event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from qmscore.workflow._trail import Trail, push
from qmscore.workflow.case import (
    _NOT_EFFECTIVE,
    _REOPEN,
    Case,
    _block,
    _set_classification,
    _set_closed,
    _set_complaint,
    _set_last_at,
    _set_our_problem,
    _set_paused_since,
    _set_root_cause,
    _set_rules,
    _set_trail,
    _set_verified_effective,
)
from qmscore.workflow.events import _EVENT_TYPE_SET


class Fold:
    """A case's fields, advanced in place (the fold owns its trail's dicts)."""

    __slots__ = (
        "_trail",
        "aware",
        "classification",
        "closed",
        "complaint",
        "last_at",
        "our_problem",
        "paused_since",
        "root_cause",
        "rules",
        "verified_effective",
    )

    def __init__(self, case: Case) -> None:
        old = case._trail
        trail = object.__new__(Trail)
        # Lists are shared (a trail only appends past its own prefix); dicts are copied.
        trail.history, trail.count = old.history, old.count
        trail.marks, trail.made, trail.cut = old.marks, old.made, dict(old.cut)
        trail.first, trail.last = dict(old.first), dict(old.last)
        trail.pauses, trail.paused = old.pauses, old.paused
        self._trail = trail
        self.complaint, self.classification = case.complaint, case.classification
        self.our_problem, self.root_cause = case.our_problem, case.root_cause
        self.verified_effective, self.paused_since = case.verified_effective, case.paused_since
        self.closed, self.rules = case.closed, case.rules
        received = case.complaint.received_at
        self.last_at = case.last_at if case.last_at is not None else received
        self.aware = received.tzinfo is not None

    def step(self, event: Any) -> bool:
        """Apply ``event`` in place as :func:`apply` would; False (nothing changed) if unusual."""
        if type(event) not in _EVENT_TYPE_SET:
            return False
        kind = event.kind
        if _block(self, kind) is not None:  # type: ignore[arg-type]  # a Case's fields
            return False
        at = event.at
        if type(at) is not dt.datetime or (at.tzinfo is not None) != self.aware:
            return False
        if at < self.last_at:
            return False
        also: str | None = None
        forget: tuple[str, ...] = ()
        pause: tuple[dt.datetime, dt.datetime] | None = None
        if kind == "customer_replied":
            if event.final:
                also = "final_reply"
        elif kind == "verified":
            self.verified_effective = event.effective
            if event.effective:
                also = "verified_effective"
            else:
                forget = _NOT_EFFECTIVE
        elif kind == "classified":
            if (
                event.demands is not None
                or event.batch is not None
                or event.recurrence is not None
                or event.safety is not None
            ):
                return False  # new facts: apply() re-classifies
        elif kind == "assessed":
            self.our_problem = event.our_problem
        elif kind == "root_cause_recorded":
            self.root_cause = event.cause
        elif kind == "customer_feedback":
            if not event.satisfied:
                self.verified_effective = None
                forget = _REOPEN
        elif kind == "paused":
            self.paused_since = at
        elif kind == "resumed":
            pause = (self.paused_since, at)  # type: ignore[assignment]  # guarded: paused
            self.paused_since = None
        elif kind == "closed":
            self.closed = True
        self.last_at = at
        # Trail.extend, in place (the same marks, cuts and moments); a list is
        # appended to only where this trail's prefix ends it (see push).
        t = self._trail
        made, first, last = t.made, t.first, t.last
        if forget:
            for k in forget:
                t.cut[k] = made
                first.pop(k, None)
                last.pop(k, None)
        marks, mark = t.marks, (kind, at)
        if len(marks) == made:  # the usual fold: this trail's prefix ends the list
            marks.append(mark)
        else:
            t.marks = marks = push(marks, made, mark)
        last[kind] = at
        if kind not in first:
            first[kind] = at
        if also is not None:
            made += 1
            t.marks = push(marks, made, (also, at))
            last[also] = at
            if also not in first:
                first[also] = at
        t.made = made + 1
        history, count = t.history, t.count
        if len(history) == count:
            history.append(event)
        else:
            t.history = push(history, count, event)
        t.count = count + 1
        if pause is not None:
            t.pauses = push(t.pauses, t.paused, pause)
            t.paused += 1
        return True

    def case(self) -> Case:
        """The case the fold has reached (the fold must not step on afterwards)."""
        new: Case = object.__new__(Case)
        _set_trail(new, self._trail)
        _set_complaint(new, self.complaint)
        _set_classification(new, self.classification)
        _set_our_problem(new, self.our_problem)
        _set_root_cause(new, self.root_cause)
        _set_verified_effective(new, self.verified_effective)
        _set_paused_since(new, self.paused_since)
        _set_closed(new, self.closed)
        _set_last_at(new, self.last_at)
        _set_rules(new, self.rules)
        return new
