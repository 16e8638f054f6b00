"""What a replay that broke reports: the errors naming where, and the lenient result."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from qmscore._display import Tabular, display
from qmscore.errors import InvalidInputError, InvalidTransitionError, QmsError

if TYPE_CHECKING:
    from qmscore.workflow.case import Case

__all__ = ["Rejected", "Replay", "ReplayError", "ReplayInputError", "ReplayTransitionError"]


class ReplayError(QmsError):
    """A stored history that does not replay: where it broke, and the state it met.

    Raised as :class:`ReplayTransitionError` (also an
    :class:`~qmscore.errors.InvalidTransitionError`) for an event the state
    does not allow, or :class:`ReplayInputError` (also an
    :class:`~qmscore.errors.InvalidInputError`) for a corrupt or out-of-order one.

    Attributes:
        index: Position of the event in the history.
        event: The event (or the stored payload that did not load).
        state: The case's status when the event met it.
        reason: Why the event was refused.
    """

    index: int
    event: object
    state: str
    reason: str


class ReplayTransitionError(ReplayError, InvalidTransitionError):
    """An event the case's state does not allow, at a known index."""

    def __init__(self, message: str, *, index: int, event: object, state: str, reason: str):
        super().__init__(message)
        self.index, self.event, self.state, self.reason = index, event, state, reason

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_transition, (str(self), self.index, self.event, self.state, self.reason))


class ReplayInputError(ReplayError, InvalidInputError):
    """A corrupt or out-of-order event, at a known index."""

    def __init__(self, message: str, *, index: int, event: object, state: str, reason: str):
        InvalidInputError.__init__(self, message, field=f"events[{index}]", value=event)
        self.index, self.event, self.state, self.reason = index, event, state, reason

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_input, (str(self), self.index, self.event, self.state, self.reason))


def _rebuild_transition(
    message: str, index: int, event: object, state: str, reason: str
) -> ReplayTransitionError:
    return ReplayTransitionError(message, index=index, event=event, state=state, reason=reason)


def _rebuild_input(
    message: str, index: int, event: object, state: str, reason: str
) -> ReplayInputError:
    return ReplayInputError(message, index=index, event=event, state=state, reason=reason)


@display
@attrs.frozen
class Rejected:
    """An event a lenient replay did not apply, with the reason."""

    index: int
    event: object
    reason: str
    state: str


@display(rows="rejected")
@attrs.frozen
class Replay(Tabular):
    """A lenient replay: the case up to the first bad event, and what was not applied.

    Attributes:
        case: The case after the events before the first rejected one.
        rejected: The first bad event with its reason, then every later event
            (not applied: the history broke before it).
    """

    case: Case
    rejected: tuple[Rejected, ...]

    @property
    def complete(self) -> bool:
        """Every event was applied."""
        return not self.rejected


def _describe_event(item: object) -> str:
    kind = getattr(item, "kind", None)
    if isinstance(kind, str):
        return f"{kind} at {item.at.isoformat()}"  # type: ignore[attr-defined]
    return f"{item!r:.80}"


def broken(case: Case, items: tuple[Any, ...], i: int, exc: QmsError, *, lenient: bool) -> Replay:
    """The lenient result for a history that broke at ``i``, or the error naming where."""
    state, reason, item = case.status, str(exc), items[i]
    if lenient:
        later = tuple(
            Rejected(k, e, f"not applied: the history broke at index {i}", state)
            for k, e in enumerate(items[i + 1 :], start=i + 1)
        )
        return Replay(case, (Rejected(i, item, reason, state), *later))
    message = (
        f"replay broke at index {i} ({_describe_event(item)}) with the case "
        f"{state} after {case.events} events: {reason}"
    )
    kind = ReplayTransitionError if isinstance(exc, InvalidTransitionError) else ReplayInputError
    raise kind(message, index=i, event=item, state=state, reason=reason) from exc
