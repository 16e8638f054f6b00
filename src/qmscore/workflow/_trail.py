"""What a case has recorded, kept so that one more event costs the same at any length.

A case's history, milestones and pauses only grow at the end (a loop forgets
milestones of some kinds, it never rewrites the others), so :func:`apply`
must not copy them per event. The trail keeps each as a *chain*: the tuple
last materialised, then the items added since, newest first, as nested pairs.
A chain is turned into a tuple once, when the case's attribute is first read.
Milestone look-ups read two small dicts (first and last moment per kind)
rebuilt per event, never the whole list.

A chain is ``(base,)`` (a tuple, materialised) or ``(earlier_chain, item)``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

Chain = tuple[Any, ...]
Mark = tuple[str, dt.datetime]


def items(chain: Chain) -> tuple[Any, ...]:
    """The chain as one tuple, oldest first."""
    later = []
    while len(chain) == 2:
        chain, item = chain
        later.append(item)
    later.reverse()
    base: tuple[Any, ...] = chain[0]
    return base + tuple(later) if later else base


class Trail:
    """A case's records, each extended in constant time.

    Attributes:
        history: Chain of events.
        count: Number of events.
        marks: Chain of every (kind, moment) mark ever made, forgotten ones included.
        made: Number of marks in ``marks``.
        cut: Kind -> number of marks made when that kind was last forgotten
            (marks of the kind before that position are forgotten).
        first: Kind -> moment of its first mark not forgotten.
        last: Kind -> moment of its last mark not forgotten.
        pauses: Chain of finished pauses as (start, end).
    """

    __slots__ = ("count", "cut", "first", "history", "last", "made", "marks", "pauses")

    def __init__(
        self,
        history: Chain,
        count: int,
        marks: Chain,
        made: int,
        cut: dict[str, int],
        first: dict[str, dt.datetime],
        last: dict[str, dt.datetime],
        pauses: Chain,
    ) -> None:
        self.history, self.count, self.marks, self.made = history, count, marks, made
        self.cut, self.first, self.last, self.pauses = cut, first, last, pauses

    @classmethod
    def of(
        cls,
        history: tuple[Any, ...],
        done: tuple[Mark, ...],
        pauses: tuple[tuple[dt.datetime, dt.datetime], ...],
    ) -> Trail:
        """The trail of a case given by its tuples (built by hand or read back)."""
        first: dict[str, dt.datetime] = {}
        last: dict[str, dt.datetime] = {}
        for kind, at in done:
            first.setdefault(kind, at)
            last[kind] = at
        return cls((history,), len(history), (done,), len(done), {}, first, last, (pauses,))

    def done(self) -> tuple[Mark, ...]:
        """The marks not forgotten, in order."""
        marks: tuple[Mark, ...] = items(self.marks)
        cut = self.cut
        if not cut:
            return marks
        return tuple(m for i, m in enumerate(marks) if i >= cut.get(m[0], 0))

    def extend(
        self,
        event: object,
        kind: str,
        at: dt.datetime,
        also: str | None = None,
        forget: tuple[str, ...] = (),
        pause: tuple[dt.datetime, dt.datetime] | None = None,
    ) -> Trail:
        """One more event: forget the kinds in ``forget``, then mark ``kind`` (and ``also``)."""
        first, last, cut, made = self.first, self.last, self.cut, self.made
        if forget:
            cut = {**cut, **dict.fromkeys(forget, made)}
            first = {k: v for k, v in first.items() if k not in forget}
            last = {k: v for k, v in last.items() if k not in forget}
        else:
            last = last.copy()
        marks = (self.marks, (kind, at))
        last[kind] = at
        if kind not in first:
            first = {**first, kind: at}
        if also is not None:
            marks = (marks, (also, at))
            last[also] = at
            if also not in first:
                first = {**first, also: at}
        # Filled in slot by slot: the fold makes one trail per event.
        new = object.__new__(Trail)
        new.history, new.count = (self.history, event), self.count + 1
        new.marks, new.made = marks, made + (1 if also is None else 2)
        new.cut, new.first, new.last = cut, first, last
        new.pauses = self.pauses if pause is None else (self.pauses, pause)
        return new
