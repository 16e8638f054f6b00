"""What a case has recorded, kept so that one more event costs the same at any length.

A case's history, milestones and pauses only grow at the end (a loop forgets
milestones of some kinds, it never rewrites the others), so :func:`apply`
must not copy them per event. The trail keeps each as a *prefix*: a list and
how many of its items belong to this case. Extending a case appends to the
list in place when nothing follows its prefix there (the usual fold), and
copies the prefix only when an older case is extended a second time (a
branch). A case never sees past its prefix, so no case ever changes; the
tuples are built once, when the case's attribute is first read. Milestone
look-ups read two small dicts (first and last moment per kind) rebuilt per
event, never the whole list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

Mark = tuple[str, dt.datetime]


def push(items: list[Any], size: int, item: object) -> list[Any]:
    """A list whose first ``size + 1`` items are ``items[:size]`` and ``item``.

    ``items`` itself when ``item`` can stand at position ``size`` there: the
    prefix ends the list (append), or ``item`` already stands there. A copy
    otherwise (a branch, or another thread appended first).
    """
    if len(items) == size:
        items.append(item)
    if items[size] is item:
        return items
    return [*items[:size], item]


class Trail:
    """A case's records, each extended in constant time.

    Attributes:
        history: Events (the first ``count`` are this case's).
        count: Number of events.
        marks: Every (kind, moment) mark ever made, forgotten ones included
            (the first ``made``).
        made: Number of marks.
        cut: Kind -> number of marks made when that kind was last forgotten
            (marks of the kind before that position are forgotten).
        first: Kind -> moment of its first mark not forgotten.
        last: Kind -> moment of its last mark not forgotten.
        pauses: Finished pauses as (start, end) (the first ``paused``).
        paused: Number of finished pauses.
    """

    __slots__ = ("count", "cut", "first", "history", "last", "made", "marks", "paused", "pauses")

    history: list[Any]
    count: int
    marks: list[Mark]
    made: int
    cut: dict[str, int]
    first: dict[str, dt.datetime]
    last: dict[str, dt.datetime]
    pauses: list[tuple[dt.datetime, dt.datetime]]
    paused: int

    @classmethod
    def of(
        cls,
        history: tuple[Any, ...],
        done: tuple[Mark, ...],
        pauses: tuple[tuple[dt.datetime, dt.datetime], ...],
    ) -> Trail:
        """The trail of a case given by its tuples (built by hand or read back)."""
        new = object.__new__(cls)
        new.history, new.count = list(history), len(history)
        new.marks, new.made, new.cut = list(done), len(done), {}
        new.first, new.last = {}, {}
        for kind, at in done:
            new.first.setdefault(kind, at)
            new.last[kind] = at
        new.pauses, new.paused = list(pauses), len(pauses)
        return new

    def done(self) -> tuple[Mark, ...]:
        """The marks not forgotten, in order."""
        marks, cut = self.marks[: self.made], self.cut
        if not cut:
            return tuple(marks)
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
        marks = push(self.marks, made, (kind, at))
        last[kind] = at
        if kind not in first:
            first = {**first, kind: at}
        if also is not None:
            made += 1
            marks = push(marks, made, (also, at))
            last[also] = at
            if also not in first:
                first = {**first, also: at}
        # Filled in slot by slot: the fold makes one trail per event.
        new = object.__new__(Trail)
        new.history, new.count = push(self.history, self.count, event), self.count + 1
        new.marks, new.made = marks, made + 1
        new.cut, new.first, new.last = cut, first, last
        if pause is None:
            new.pauses, new.paused = self.pauses, self.paused
        else:
            new.pauses, new.paused = push(self.pauses, self.paused, pause), self.paused + 1
        return new
