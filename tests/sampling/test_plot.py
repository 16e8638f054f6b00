import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from qmscore.errors import InvalidInputError  # noqa: E402
from qmscore.sampling import SamplingPlan, oc_curve, percentage_plan, plot_oc  # noqa: E402

PLAN = SamplingPlan.from_stages([(50, 1, 2)])


def test_lines_carry_the_oc_values() -> None:
    ps = [0.0, 0.01, 0.05, 0.1]
    ax = plot_oc({"n50": PLAN}, ps=ps)
    (line,) = ax.lines
    assert list(line.get_xdata()) == ps  # type: ignore[arg-type]
    assert list(line.get_ydata()) == list(oc_curve(PLAN, ps).pa)  # type: ignore[arg-type]
    assert line.get_label() == "n50"
    plt.close(ax.figure)  # type: ignore[arg-type]


def test_draws_on_a_given_axes_with_aoq() -> None:
    fig, ax = plt.subplots()
    out = plot_oc(
        [PLAN, percentage_plan(200)], ax=ax, lot_size=200, model="hypergeometric", show_aoq=True
    )
    assert out is ax
    assert len(ax.lines) == 2
    twin = [a for a in fig.axes if a is not ax]
    assert len(twin) == 1
    assert len(twin[0].lines) == 2
    assert all(ln.get_linestyle() == "--" for ln in twin[0].lines)
    plt.close(fig)


def test_single_plan_default_grid() -> None:
    ax = plot_oc(PLAN)
    assert len(ax.lines[0].get_xdata()) == 101  # type: ignore[arg-type]
    plt.close(ax.figure)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: plot_oc(PLAN, show_aoq=True), "'lot_size' is needed to draw AOQ curves"),
        (lambda: plot_oc("n=50"), "'plans' must be a plan, a list of plans or a mapping"),  # type: ignore[arg-type]
        (lambda: plot_oc([]), "'plans' must be at least one plan"),
        (lambda: plot_oc({"a": 5}), "'plans[a]' must be a SamplingPlan"),  # type: ignore[dict-item]
    ],
)
def test_bad_input(call: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)
    plt.close("all")
