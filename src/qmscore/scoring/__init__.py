"""Satisfaction scoring and survey statistics.

* :data:`STANDARD_QUESTIONNAIRE`: the seed's ten-item points table; any form
  is a :class:`Questionnaire` (validated: a violation is a ``RuleSetError``
  naming the item).
* :func:`score_response`, :func:`score_responses` (the batch path).
* :func:`summarize`, :func:`nps_summary`, :func:`wilson`: numbers to defend.
* :func:`nps`, :func:`csat`, :func:`ces`: the other scales people use.

Example:
    >>> from qmscore import scoring
    >>> all_satisfied = {i.key: "satisfied" for i in scoring.STANDARD_QUESTIONNAIRE.items}
    >>> scoring.score_response(all_satisfied).total
    88
"""

from __future__ import annotations

from qmscore.scoring.questionnaire import (
    STANDARD_BANDS,
    STANDARD_LEVELS,
    STANDARD_QUESTIONNAIRE,
    AnswerLevel,
    GradeBand,
    Item,
    Questionnaire,
)
from qmscore.scoring.score import (
    ItemScore,
    SatisfactionScore,
    ScoreBatch,
    ces,
    csat,
    nps,
    score_response,
    score_responses,
)
from qmscore.scoring.stats import (
    Interval,
    ItemSummary,
    NPSSummary,
    Summary,
    nps_summary,
    summarize,
    wilson,
)

__all__ = [
    "STANDARD_BANDS",
    "STANDARD_LEVELS",
    "STANDARD_QUESTIONNAIRE",
    "AnswerLevel",
    "GradeBand",
    "Interval",
    "Item",
    "ItemScore",
    "ItemSummary",
    "NPSSummary",
    "Questionnaire",
    "SatisfactionScore",
    "ScoreBatch",
    "Summary",
    "ces",
    "csat",
    "nps",
    "nps_summary",
    "score_response",
    "score_responses",
    "summarize",
    "wilson",
]
