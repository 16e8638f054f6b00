"""Complaint severity and the complaint case workflow.

* :func:`classify_complaint`: nature A/B/C, route, escalations, approvals.
* :func:`open_case`, :func:`apply`, :func:`replay`: the case as a pure fold
  over the ERP's events; :func:`next_actions` says what is allowed and why not.
* :func:`due_dates`, :func:`overdue`, :func:`at_risk`: every step's clock.
* :func:`statistics_row`, :func:`disposition_report`: the 002 forms as data.
"""

from __future__ import annotations

from qmscore.workflow.case import (
    Acknowledged,
    ActionsImplemented,
    Assessed,
    Case,
    Classified,
    Closed,
    ContainmentOrdered,
    CustomerFeedback,
    CustomerReplied,
    Event,
    NextAction,
    Paused,
    PlanApproved,
    Resumed,
    RootCauseRecorded,
    Verified,
    apply,
    next_actions,
    open_case,
    replay,
)
from qmscore.workflow.complaint import (
    CATEGORIES,
    DEFAULT_COMPLAINT_RULES,
    DEMANDS,
    Classification,
    Complaint,
    ComplaintRules,
    Escalation,
    classify_complaint,
    is_recurrence,
)
from qmscore.workflow.due import (
    DEFAULT_PROFILE,
    ResponseProfile,
    Step,
    StepDue,
    at_risk,
    disposition_report,
    due_dates,
    overdue,
    statistics_row,
)

__all__ = [
    "CATEGORIES",
    "DEFAULT_COMPLAINT_RULES",
    "DEFAULT_PROFILE",
    "DEMANDS",
    "Acknowledged",
    "ActionsImplemented",
    "Assessed",
    "Case",
    "Classification",
    "Classified",
    "Closed",
    "Complaint",
    "ComplaintRules",
    "ContainmentOrdered",
    "CustomerFeedback",
    "CustomerReplied",
    "Escalation",
    "Event",
    "NextAction",
    "Paused",
    "PlanApproved",
    "ResponseProfile",
    "Resumed",
    "RootCauseRecorded",
    "Step",
    "StepDue",
    "Verified",
    "apply",
    "at_risk",
    "classify_complaint",
    "disposition_report",
    "due_dates",
    "is_recurrence",
    "next_actions",
    "open_case",
    "overdue",
    "replay",
    "statistics_row",
]
