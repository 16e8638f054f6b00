"""Satisfaction scoring and survey statistics.

* :data:`STANDARD_QUESTIONNAIRE`: the seed's ten-item points table; any form
  is a :class:`Questionnaire` (validated: a violation is a ``RuleSetError``
  naming the item).
* :func:`score_response`, :func:`score_responses` (the batch path).
* :func:`summarize`, :func:`nps_summary`, :func:`wilson`: numbers to defend.
* :func:`nps`, :func:`csat`, :func:`ces`: the other scales people use.
* Survey analytics (issue 18): :func:`nps_interval` (five methods with
  measured coverage), :func:`compare_waves` (wave-to-wave change),
  :func:`trend` (WLS + Mann-Kendall), :func:`compare_competitor`,
  :func:`weighted_nps` and ``summarize(weights=...)`` (design weights),
  :func:`sample_size_mean` and friends (planning), :func:`loyalty`.
* :func:`grade_customer`, :func:`grade_customers`: the half-yearly A/B/C/D
  review (:data:`DEFAULT_GRADING`), :func:`sales_classes` (Pareto A/B/C),
  :func:`select_survey_sample` (rotating survey coverage per grade).

Example:
    >>> from qmscore import scoring
    >>> all_satisfied = {i.key: "satisfied" for i in scoring.STANDARD_QUESTIONNAIRE.items}
    >>> scoring.score_response(all_satisfied).total
    88
"""

from __future__ import annotations

from qmscore.scoring.competitor import (
    TOTAL,
    Benchmark,
    CompetitorComparison,
    ItemGap,
    compare_competitor,
)
from qmscore.scoring.customers import (
    SURVEY_FRACTIONS,
    Pick,
    SalesClass,
    SurveySelection,
    review_window,
    sales_classes,
    sales_in_window,
    select_survey_sample,
)
from qmscore.scoring.grading import (
    COOPERATION,
    DEFAULT_GRADING,
    PAYMENT,
    POTENTIAL,
    Criterion,
    CustomerGrade,
    CustomerProfile,
    GradingRules,
    Tier,
    TierResult,
    grade_customer,
    grade_customers,
)
from qmscore.scoring.loyalty_shares import (
    PROPORTION_METHODS,
    LoyaltyShare,
    LoyaltySummary,
    agresti_coull,
    loyalty,
)
from qmscore.scoring.nps_intervals import (
    DEFAULT_NPS_METHOD,
    NPS_METHODS,
    NPSInterval,
    nps_counts,
    nps_interval,
    weighted_nps,
)
from qmscore.scoring.planning import (
    ALLOCATIONS,
    SampleSizePlan,
    StratifiedPlan,
    plan_margin,
    sample_size_mean,
    sample_size_nps,
    sample_size_proportion,
    stratified_sample_size,
)
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
from qmscore.scoring.trends import (
    ItemTrend,
    MannKendall,
    PeriodEstimate,
    Trend,
    mann_kendall,
    trend,
)
from qmscore.scoring.waves import (
    Change,
    ItemChange,
    WaveComparison,
    compare_waves,
    nps_difference,
    proportion_difference,
    welch_difference,
)

__all__ = [
    "ALLOCATIONS",
    "COOPERATION",
    "DEFAULT_GRADING",
    "DEFAULT_NPS_METHOD",
    "NPS_METHODS",
    "PAYMENT",
    "POTENTIAL",
    "PROPORTION_METHODS",
    "STANDARD_BANDS",
    "STANDARD_LEVELS",
    "STANDARD_QUESTIONNAIRE",
    "SURVEY_FRACTIONS",
    "TOTAL",
    "AnswerLevel",
    "Benchmark",
    "Change",
    "CompetitorComparison",
    "Criterion",
    "CustomerGrade",
    "CustomerProfile",
    "GradeBand",
    "GradingRules",
    "Interval",
    "Item",
    "ItemChange",
    "ItemGap",
    "ItemScore",
    "ItemSummary",
    "ItemTrend",
    "LoyaltyShare",
    "LoyaltySummary",
    "MannKendall",
    "NPSInterval",
    "NPSSummary",
    "PeriodEstimate",
    "Pick",
    "Questionnaire",
    "SalesClass",
    "SampleSizePlan",
    "SatisfactionScore",
    "ScoreBatch",
    "StratifiedPlan",
    "Summary",
    "SurveySelection",
    "Tier",
    "TierResult",
    "Trend",
    "WaveComparison",
    "agresti_coull",
    "ces",
    "compare_competitor",
    "compare_waves",
    "csat",
    "grade_customer",
    "grade_customers",
    "loyalty",
    "mann_kendall",
    "nps",
    "nps_counts",
    "nps_difference",
    "nps_interval",
    "nps_summary",
    "plan_margin",
    "proportion_difference",
    "review_window",
    "sales_classes",
    "sales_in_window",
    "sample_size_mean",
    "sample_size_nps",
    "sample_size_proportion",
    "score_response",
    "score_responses",
    "select_survey_sample",
    "stratified_sample_size",
    "summarize",
    "trend",
    "weighted_nps",
    "welch_difference",
    "wilson",
]
