"""The complaint case's events: what the ERP stores, one frozen value per step.

Each event's ``kind`` is fixed (the converter's tagged union reads it), flags
are real ``bool``s, times are datetimes (ISO 8601 strings with ``Z`` are read),
and every event may carry the ``actor`` who recorded it and, for an event
entered late, a ``backdated`` reason. ``schema_version`` says which stored form
today's models read (see :mod:`qmscore.workflow.versions`).

Example:
    >>> import datetime as dt
    >>> from qmscore.workflow import Verified
    >>> Verified("2026-10-09T10:00:00Z", effective=True).at.isoformat()
    '2026-10-09T10:00:00+00:00'
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

import attrs

from qmscore._checks import (
    as_bool,
    as_datetime,
    as_str_tuple,
    bool_validator,
    datetime_validator,
    fixed,
    non_empty_str,
    optional_bool_validator,
    optional_str,
)
from qmscore.workflow._fields import choices_tuple, text
from qmscore.workflow.complaint import DEMANDS

__all__ = [
    "EVENT_KINDS",
    "Acknowledged",
    "ActionsImplemented",
    "Assessed",
    "Classified",
    "Closed",
    "ContainmentOrdered",
    "CustomerFeedback",
    "CustomerReplied",
    "Event",
    "Paused",
    "PlanApproved",
    "Resumed",
    "RootCauseRecorded",
    "Verified",
]


@attrs.frozen
class Acknowledged:
    """The customer was contacted and the complaint confirmed."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    kind: Literal["acknowledged"] = attrs.field(
        default="acknowledged", validator=fixed("acknowledged")
    )
    actor: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    backdated: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    schema_version: ClassVar[int] = 2


@attrs.frozen
class Assessed:
    """Preliminary assessment: is it our product quality problem?"""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    our_problem: bool = attrs.field(converter=as_bool, validator=bool_validator)
    note: str = attrs.field(default="", validator=text)
    kind: Literal["assessed"] = attrs.field(default="assessed", validator=fixed("assessed"))
    actor: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    backdated: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    schema_version: ClassVar[int] = 2


@attrs.frozen
class Classified:
    """Nature determined (002: within 2 hours); new facts re-run the classification.

    Fields left None keep the intake's value.
    """

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    demands: tuple[str, ...] | None = attrs.field(
        default=None, converter=as_str_tuple, validator=choices_tuple(DEMANDS, optional=True)
    )
    batch: bool | None = attrs.field(
        default=None, converter=as_bool, validator=optional_bool_validator
    )
    recurrence: bool | None = attrs.field(
        default=None, converter=as_bool, validator=optional_bool_validator
    )
    safety: bool | None = attrs.field(
        default=None, converter=as_bool, validator=optional_bool_validator
    )
    kind: Literal["classified"] = attrs.field(default="classified", validator=fixed("classified"))
    actor: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    backdated: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    schema_version: ClassVar[int] = 2


@attrs.frozen
class ContainmentOrdered:
    """Temporary containment ordered (shipped, stocked, in-process product)."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    kind: Literal["containment_ordered"] = attrs.field(
        default="containment_ordered", validator=fixed("containment_ordered")
    )
    actor: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    backdated: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    schema_version: ClassVar[int] = 2


@attrs.frozen
class RootCauseRecorded:
    """Root cause found."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    cause: str = attrs.field(validator=non_empty_str)
    kind: Literal["root_cause_recorded"] = attrs.field(
        default="root_cause_recorded", validator=fixed("root_cause_recorded")
    )
    actor: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    backdated: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    schema_version: ClassVar[int] = 2


@attrs.frozen
class PlanApproved:
    """Corrective plan (the solution) approved."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    kind: Literal["plan_approved"] = attrs.field(
        default="plan_approved", validator=fixed("plan_approved")
    )
    actor: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    backdated: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    schema_version: ClassVar[int] = 2


@attrs.frozen
class ActionsImplemented:
    """Corrective actions implemented."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    kind: Literal["actions_implemented"] = attrs.field(
        default="actions_implemented", validator=fixed("actions_implemented")
    )
    actor: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    backdated: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    schema_version: ClassVar[int] = 2


@attrs.frozen
class Verified:
    """Effectiveness verified (or found not effective: back to the root cause)."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    effective: bool = attrs.field(converter=as_bool, validator=bool_validator)
    kind: Literal["verified"] = attrs.field(default="verified", validator=fixed("verified"))
    actor: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    backdated: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    schema_version: ClassVar[int] = 2


@attrs.frozen
class CustomerReplied:
    """A reply to the customer; ``final`` carries the result."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    final: bool = attrs.field(default=False, converter=as_bool, validator=bool_validator)
    kind: Literal["customer_replied"] = attrs.field(
        default="customer_replied", validator=fixed("customer_replied")
    )
    actor: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    backdated: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    schema_version: ClassVar[int] = 2


@attrs.frozen
class CustomerFeedback:
    """The customer's verdict on the result (not satisfied: the case reopens)."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    satisfied: bool = attrs.field(converter=as_bool, validator=bool_validator)
    kind: Literal["customer_feedback"] = attrs.field(
        default="customer_feedback", validator=fixed("customer_feedback")
    )
    actor: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    backdated: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    schema_version: ClassVar[int] = 2


@attrs.frozen
class Paused:
    """Waiting for the customer or for samples: the clocks stop."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    reason: str = attrs.field(validator=non_empty_str)
    kind: Literal["paused"] = attrs.field(default="paused", validator=fixed("paused"))
    actor: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    backdated: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    schema_version: ClassVar[int] = 2


@attrs.frozen
class Resumed:
    """The clocks run again."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    kind: Literal["resumed"] = attrs.field(default="resumed", validator=fixed("resumed"))
    actor: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    backdated: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    schema_version: ClassVar[int] = 2


@attrs.frozen
class Closed:
    """The case is closed."""

    at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    kind: Literal["closed"] = attrs.field(default="closed", validator=fixed("closed"))
    actor: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    backdated: str | None = attrs.field(default=None, kw_only=True, validator=optional_str)
    schema_version: ClassVar[int] = 2


Event = (
    Acknowledged | Assessed | Classified | ContainmentOrdered | RootCauseRecorded | PlanApproved
    | ActionsImplemented | Verified | CustomerReplied | CustomerFeedback | Paused | Resumed
    | Closed
)  # fmt: skip
EVENT_KINDS: tuple[str, ...] = (
    "acknowledged", "assessed", "classified", "containment_ordered", "root_cause_recorded",
    "plan_approved", "actions_implemented", "verified", "customer_replied", "customer_feedback",
    "paused", "resumed", "closed",
)  # fmt: skip
_EVENT_TYPES = (
    Acknowledged, Assessed, Classified, ContainmentOrdered, RootCauseRecorded, PlanApproved,
    ActionsImplemented, Verified, CustomerReplied, CustomerFeedback, Paused, Resumed, Closed,
)  # fmt: skip
_EVENT_TYPE_SET = frozenset(_EVENT_TYPES)
