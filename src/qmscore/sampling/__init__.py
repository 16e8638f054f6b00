"""Acceptance sampling by attributes: ISO 2859-1 / ANSI/ASQ Z1.4 / GB/T 2828.1.

* :func:`code_letter`, :func:`lookup_plan`: the standard's plan for a lot,
  arrows followed, 100% inspection when the sample reaches the lot.
* :class:`SamplingPlan`: any plan (:meth:`SamplingPlan.from_stages`).
* :func:`judge`: accept, reject or take the next sample.
* :func:`next_inspection`: the switching rules as a pure fold.
* :func:`accept_probability`, :func:`oc_curve`, :func:`aoq`, :func:`aoql`,
  :func:`ati`, :func:`asn`, :func:`p_at`, :func:`oc_summary`: what a plan
  protects against.
* :func:`design_plan`, :func:`compare_plans`, :func:`standard_comparison`,
  :func:`plot_oc`: plans that meet given risks, side-by-side comparisons.
* :func:`lookup_variables_plan`, :func:`judge_variables`,
  :func:`variables_accept_probability`, :func:`design_variables_plan`:
  inspection by variables (ANSI/ASQ Z1.9 / MIL-STD-414), loaded on first use.
* :func:`full_inspection`, :func:`percentage_plan`, :func:`patrol_by_time`,
  :func:`patrol_by_output`: the company rules of procedure 000.

Example:
    >>> from qmscore import sampling
    >>> plan = sampling.lookup_plan(1000, 1.5)
    >>> plan.code_letter, plan.sample_size, plan.accept, plan.reject
    ('J', 80, 3, 4)
    >>> sampling.judge(plan, [2]).decision
    'accept'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qmscore.sampling.company import (
    PatrolSchedule,
    full_inspection,
    patrol_by_output,
    patrol_by_time,
    percentage_plan,
)
from qmscore.sampling.curves import AOQLResult, OCCurve, OCSummary, aoql, oc_curve, oc_summary
from qmscore.sampling.design import (
    ComparisonRow,
    PlanDesign,
    compare_plans,
    design_plan,
    standard_comparison,
)
from qmscore.sampling.judge import Decision, Judgement, judge
from qmscore.sampling.lookup import code_letter, lookup_plan
from qmscore.sampling.oc import MODELS, accept_probability, aoq, asn, ati, p_at
from qmscore.sampling.plans import (
    AQL_VALUES,
    COUNTS,
    INSPECTIONS,
    LEVELS,
    MAX_LOT_SIZE,
    MAX_SAMPLE_SIZE,
    MAX_STAGES,
    SCHEMES,
    STANDARDS,
    SamplingPlan,
    Stage,
)
from qmscore.sampling.switching import (
    Lot,
    SwitchingRules,
    SwitchingState,
    next_inspection,
    resume_inspection,
)

if TYPE_CHECKING:
    # Type checkers see the real signature; at run time the module (and
    # matplotlib) load on first use, below.
    from qmscore.sampling.dodge_romig import (
        DodgeRomigPlan,
        dodge_romig_class_plan,
        dodge_romig_plan,
    )
    from qmscore.sampling.plot import plot_oc
    from qmscore.sampling.scheme import (
        SchemeOC,
        SwitchingScheme,
        scheme_oc,
        scheme_oc_curve,
        switching_scheme,
    )
    from qmscore.sampling.sequential import (
        SequentialJudgement,
        SequentialOC,
        SequentialPlan,
        judge_sequential,
        sequential_oc,
        sequential_plan,
    )
    from qmscore.sampling.simulation import SchemeSimulation, simulate_scheme
    from qmscore.sampling.variables import (
        MAX_VARIABLES_SAMPLE,
        VARIABLES_AQLS,
        VARIABLES_EDITIONS,
        VARIABLES_LEVELS,
        VARIABLES_METHODS,
        VariablesPlan,
        lookup_variables_plan,
        variables_code_letter,
    )
    from qmscore.sampling.variables_double import (
        variables_accept_probability_double_at,
        variables_oc_curve_double,
    )
    from qmscore.sampling.variables_judge import (
        VariablesJudgement,
        estimate_nonconforming,
        judge_variables,
        variables_lot,
    )
    from qmscore.sampling.variables_oc import (
        VariablesDesign,
        design_variables_plan,
        variables_accept_probability,
        variables_accept_probability_double,
        variables_oc_curve,
    )
    from qmscore.sampling.zero_acceptance import (
        ZeroAcceptancePlan,
        compare_zero_acceptance,
        zero_acceptance_plan,
    )


# Loaded on first use: variables sampling, special plans and the scheme OC
# cost nothing to users of the attributes plans.
_LAZY = {
    "MAX_VARIABLES_SAMPLE": "qmscore.sampling.variables",
    "VARIABLES_AQLS": "qmscore.sampling.variables",
    "VARIABLES_EDITIONS": "qmscore.sampling.variables",
    "VARIABLES_LEVELS": "qmscore.sampling.variables",
    "VARIABLES_METHODS": "qmscore.sampling.variables",
    "VariablesPlan": "qmscore.sampling.variables",
    "lookup_variables_plan": "qmscore.sampling.variables",
    "variables_code_letter": "qmscore.sampling.variables",
    "VariablesJudgement": "qmscore.sampling.variables_judge",
    "estimate_nonconforming": "qmscore.sampling.variables_judge",
    "judge_variables": "qmscore.sampling.variables_judge",
    "variables_lot": "qmscore.sampling.variables_judge",
    "VariablesDesign": "qmscore.sampling.variables_oc",
    "design_variables_plan": "qmscore.sampling.variables_oc",
    "variables_accept_probability": "qmscore.sampling.variables_oc",
    "variables_accept_probability_double": "qmscore.sampling.variables_oc",
    "variables_oc_curve": "qmscore.sampling.variables_oc",
    "variables_accept_probability_double_at": "qmscore.sampling.variables_double",
    "variables_oc_curve_double": "qmscore.sampling.variables_double",
    "DodgeRomigPlan": "qmscore.sampling.dodge_romig",
    "dodge_romig_class_plan": "qmscore.sampling.dodge_romig",
    "dodge_romig_plan": "qmscore.sampling.dodge_romig",
    "SequentialJudgement": "qmscore.sampling.sequential",
    "SequentialOC": "qmscore.sampling.sequential",
    "SequentialPlan": "qmscore.sampling.sequential",
    "judge_sequential": "qmscore.sampling.sequential",
    "sequential_oc": "qmscore.sampling.sequential",
    "sequential_plan": "qmscore.sampling.sequential",
    "SchemeSimulation": "qmscore.sampling.simulation",
    "simulate_scheme": "qmscore.sampling.simulation",
    "SchemeOC": "qmscore.sampling.scheme",
    "SwitchingScheme": "qmscore.sampling.scheme",
    "scheme_oc": "qmscore.sampling.scheme",
    "scheme_oc_curve": "qmscore.sampling.scheme",
    "switching_scheme": "qmscore.sampling.scheme",
    "ZeroAcceptancePlan": "qmscore.sampling.zero_acceptance",
    "compare_zero_acceptance": "qmscore.sampling.zero_acceptance",
    "zero_acceptance_plan": "qmscore.sampling.zero_acceptance",
}


def __getattr__(name: str) -> object:
    # matplotlib is optional and heavy: load the plotting module on first use.
    if name == "plot_oc":
        from qmscore.sampling.plot import plot_oc

        return plot_oc
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'qmscore.sampling' has no attribute {name!r}")


__all__ = [
    "AQL_VALUES",
    "COUNTS",
    "INSPECTIONS",
    "LEVELS",
    "MAX_LOT_SIZE",
    "MAX_SAMPLE_SIZE",
    "MAX_STAGES",
    "MAX_VARIABLES_SAMPLE",
    "MODELS",
    "SCHEMES",
    "STANDARDS",
    "VARIABLES_AQLS",
    "VARIABLES_EDITIONS",
    "VARIABLES_LEVELS",
    "VARIABLES_METHODS",
    "AOQLResult",
    "ComparisonRow",
    "Decision",
    "DodgeRomigPlan",
    "Judgement",
    "Lot",
    "OCCurve",
    "OCSummary",
    "PatrolSchedule",
    "PlanDesign",
    "SamplingPlan",
    "SchemeOC",
    "SchemeSimulation",
    "SequentialJudgement",
    "SequentialOC",
    "SequentialPlan",
    "Stage",
    "SwitchingRules",
    "SwitchingScheme",
    "SwitchingState",
    "VariablesDesign",
    "VariablesJudgement",
    "VariablesPlan",
    "ZeroAcceptancePlan",
    "accept_probability",
    "aoq",
    "aoql",
    "asn",
    "ati",
    "code_letter",
    "compare_plans",
    "compare_zero_acceptance",
    "design_plan",
    "design_variables_plan",
    "dodge_romig_class_plan",
    "dodge_romig_plan",
    "estimate_nonconforming",
    "full_inspection",
    "judge",
    "judge_sequential",
    "judge_variables",
    "lookup_plan",
    "lookup_variables_plan",
    "next_inspection",
    "oc_curve",
    "oc_summary",
    "p_at",
    "patrol_by_output",
    "patrol_by_time",
    "percentage_plan",
    "plot_oc",
    "resume_inspection",
    "scheme_oc",
    "scheme_oc_curve",
    "sequential_oc",
    "sequential_plan",
    "simulate_scheme",
    "standard_comparison",
    "switching_scheme",
    "variables_accept_probability",
    "variables_accept_probability_double",
    "variables_accept_probability_double_at",
    "variables_code_letter",
    "variables_lot",
    "variables_oc_curve",
    "variables_oc_curve_double",
    "zero_acceptance_plan",
]
