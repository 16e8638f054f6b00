"""Complaint severity and the complaint case workflow.

* :func:`classify_complaint`: nature A/B/C, route, escalations, approvals.
* :func:`open_case`, :func:`apply`, :func:`replay`: the case as a pure fold
  over the ERP's events; :func:`next_actions` says what is allowed and why not.
* :func:`due_dates`, :func:`overdue`, :func:`at_risk`: every step's clock.
* :func:`statistics_row`, :func:`disposition_report`: the 002 forms as data.
* :class:`CorrectivePlan`, :class:`EightD`, :func:`capa_from_score`,
  :func:`capa_from_complaint`: corrective action and 8D.
* :class:`Schedule`, :func:`occurrences`, :func:`compliance`: recurring obligations.
* :func:`complaint_statistics`, :func:`pareto`: the monthly complaint statistics.
"""

from __future__ import annotations

from qmscore.workflow.capa import (
    DISCIPLINES,
    FOUR_M_ONE_E,
    Cause,
    CorrectivePlan,
    EightD,
    EightDProfile,
    Proposal,
    SubItem,
    capa_from_complaint,
    capa_from_score,
)
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
from qmscore.workflow.obligations import (
    PRESET_SCHEDULES,
    Compliance,
    OccurrenceStatus,
    Schedule,
    compliance,
    occurrences,
)
from qmscore.workflow.statistics import (
    ComplaintStatistics,
    ParetoRow,
    complaint_statistics,
    pareto,
)

__all__ = [
    "CATEGORIES",
    "DEFAULT_COMPLAINT_RULES",
    "DEFAULT_PROFILE",
    "DEMANDS",
    "DISCIPLINES",
    "FOUR_M_ONE_E",
    "PRESET_SCHEDULES",
    "Acknowledged",
    "ActionsImplemented",
    "Assessed",
    "Case",
    "Cause",
    "Classification",
    "Classified",
    "Closed",
    "Complaint",
    "ComplaintRules",
    "ComplaintStatistics",
    "Compliance",
    "ContainmentOrdered",
    "CorrectivePlan",
    "CustomerFeedback",
    "CustomerReplied",
    "EightD",
    "EightDProfile",
    "Escalation",
    "Event",
    "NextAction",
    "OccurrenceStatus",
    "ParetoRow",
    "Paused",
    "PlanApproved",
    "Proposal",
    "ResponseProfile",
    "Resumed",
    "RootCauseRecorded",
    "Schedule",
    "Step",
    "StepDue",
    "SubItem",
    "Verified",
    "apply",
    "at_risk",
    "capa_from_complaint",
    "capa_from_score",
    "classify_complaint",
    "complaint_statistics",
    "compliance",
    "disposition_report",
    "due_dates",
    "is_recurrence",
    "next_actions",
    "occurrences",
    "open_case",
    "overdue",
    "pareto",
    "replay",
    "statistics_row",
]
