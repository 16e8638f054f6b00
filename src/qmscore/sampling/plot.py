"""OC and AOQ pictures with matplotlib (the optional ``plot`` extra).

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from qmscore.sampling import SamplingPlan, lookup_plan, percentage_plan, plot_oc
    >>> ax = plot_oc({"ISO, AQL 1.0": lookup_plan(200, 1.0),
    ...               "5% sampling": percentage_plan(200, 0.05)})
    >>> len(ax.lines)
    2
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from qmscore._checks import check_bool, check_instance, check_real, check_sequence, type_error
from qmscore.errors import InvalidInputError
from qmscore.sampling.curves import MAX_GRID, default_grid, oc_curve
from qmscore.sampling.oc import Model, aoq
from qmscore.sampling.plans import SamplingPlan

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_oc"]


def plot_oc(
    plans: Mapping[str, SamplingPlan] | Sequence[SamplingPlan] | SamplingPlan,
    *,
    ps: Sequence[float] | None = None,
    ax: Axes | None = None,
    lot_size: int | None = None,
    model: Model | None = None,
    show_aoq: bool = False,
) -> Axes:
    """Draw the OC curve of each plan (and its AOQ curve, on a second axis).

    Args:
        plans: One plan, a list of plans, or ``{label: plan}``.
        ps: Qualities to plot; by default up to where the first plan accepts
            about 0.1% of lots.
        ax: Axes to draw on; a new figure is made when None.
        lot_size: Lot size (needed for the hypergeometric model and for AOQ).
        model: The model; see :func:`~qmscore.sampling.accept_probability`.
        show_aoq: Also draw AOQ curves, dashed, on a right-hand axis.

    Returns:
        The axes with the OC curves.

    Raises:
        ImportError: matplotlib is not installed (``pip install 'qmscore[plot]'``).
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("plot_oc needs matplotlib: pip install 'qmscore[plot]'") from exc
    labelled = _labelled(plans)
    check_bool("show_aoq", show_aoq)
    if ps is not None:
        grid = check_sequence("ps", ps, check_real, max_items=MAX_GRID)
    else:
        grid = default_grid(next(iter(labelled.values())))
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
    for label, plan in labelled.items():
        curve = oc_curve(plan, grid, lot_size=lot_size, model=model)
        ax.plot(curve.ps, curve.pa, label=label)
    ax.set_xlabel("quality p (fraction nonconforming)")
    ax.set_ylabel("probability of acceptance Pa")
    ax.set_ylim(0.0, 1.02)
    ax.grid(True, alpha=0.3)
    if show_aoq:
        if lot_size is None:
            raise InvalidInputError(
                "'lot_size' is needed to draw AOQ curves", field="lot_size", value=None
            )
        right = ax.twinx()
        for label, plan in labelled.items():
            values = [aoq(plan, p, lot_size=lot_size, model=model) for p in grid]
            right.plot(grid, values, linestyle="--", label=f"AOQ {label}")
        right.set_ylabel("average outgoing quality AOQ")
        # The legend goes on the top axes so the AOQ lines cannot hide it.
        right.legend(
            *ax.get_legend_handles_labels(),
            loc="center right",
            title="solid: Pa (left), dashed: AOQ (right)",
            title_fontsize="small",
            fontsize="small",
        )
    else:
        ax.legend(loc="upper right")
    return ax


def _labelled(plans: Any) -> dict[str, SamplingPlan]:
    if isinstance(plans, SamplingPlan):
        return {str(plans): plans}
    if isinstance(plans, Mapping):
        items = {str(k): v for k, v in plans.items()}
    elif isinstance(plans, Sequence) and not isinstance(plans, (str, bytes, bytearray)):
        items = {str(p): p for p in plans}
    else:
        raise type_error("plans", "a plan, a list of plans or a mapping", plans)
    if not items:
        raise InvalidInputError.constraint("plans", "at least one plan", plans)
    for label, plan in items.items():
        check_instance(f"plans[{label}]", plan, SamplingPlan, "a SamplingPlan")
    return items
