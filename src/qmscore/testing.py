"""Hypothesis strategies for qmscore's public types (install the ``testing`` extra).

Use them to property-test code built on qmscore: every value they produce is
valid, so a failure points at your code, not at the generator.

Example:
    >>> from hypothesis import given
    >>> from qmscore.testing import table_plans
    >>> @given(table_plans())
    ... def test_re_above_ac(plan):
    ...     assert all(s.reject > (s.accept or -1) for s in plan.stages)
    >>> test_re_above_ac()
"""

from __future__ import annotations

from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("qmscore.testing needs Hypothesis: pip install 'qmscore[testing]'") from exc

from qmscore.explain import Reason, Source

__all__ = [
    "aqls",
    "complaints",
    "customer_profiles",
    "deadline_rules",
    "grading_rules",
    "inspections",
    "levels",
    "lot_sizes",
    "lots",
    "oc_models",
    "qualities",
    "questionnaires",
    "reasons",
    "responses",
    "sampling_plans",
    "schedules",
    "schemes",
    "sources",
    "standards",
    "table_plans",
    "work_calendars",
]

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda s: s.strip() != "")


def sources() -> st.SearchStrategy[Source]:
    """Any valid :class:`~qmscore.explain.Source`."""
    optional = st.none() | _text
    return st.builds(
        Source,
        _text,
        table=optional,
        clause=optional,
        note=optional,
        confidence=st.sampled_from(("confirmed", "single-source", "unverified")),
    )


def reasons() -> st.SearchStrategy[Reason]:
    """Any valid :class:`~qmscore.explain.Reason`."""
    return st.builds(Reason, _text, _text, _text, source=st.none() | sources())


def lot_sizes(min_value: int = 2, max_value: int = 1_000_000) -> st.SearchStrategy[int]:
    """Lot sizes, weighted towards Table I row boundaries."""
    from qmscore.sampling._tables.code_letters import ROWS

    edges = sorted({v for low, _ in ROWS for v in (low - 1, low, low + 1)})
    edges = [e for e in edges if min_value <= e <= max_value]
    return st.sampled_from(edges) | st.integers(min_value, max_value)


def aqls() -> st.SearchStrategy[float]:
    """AQLs of the preferred series."""
    from qmscore.sampling.plans import AQL_VALUES

    return st.sampled_from(AQL_VALUES)


def levels() -> st.SearchStrategy[str]:
    """Inspection levels S-1 ... III."""
    from qmscore.sampling.plans import LEVELS

    return st.sampled_from(LEVELS)


def inspections() -> st.SearchStrategy[str]:
    """``normal``, ``tightened`` or ``reduced``."""
    return st.sampled_from(("normal", "tightened", "reduced"))


def schemes() -> st.SearchStrategy[str]:
    """``single``, ``double`` or ``multiple``."""
    return st.sampled_from(("single", "double", "multiple"))


def standards() -> st.SearchStrategy[str]:
    """Canonical edition names."""
    return st.sampled_from(("z1.4", "iso2859-1"))


def table_plans(standard: str | None = None) -> st.SearchStrategy[Any]:
    """Plans looked up in the standard's tables (combinations with no table are skipped)."""
    from qmscore.sampling._tables import missing_table
    from qmscore.sampling.lookup import lookup_plan

    def build(draw: Any) -> Any:
        std = standard or draw(standards())
        scheme, insp = draw(schemes()), draw(inspections())
        if missing_table(std, scheme, insp):
            scheme = "single"
        return lookup_plan(
            draw(lot_sizes()),
            draw(aqls()),
            level=draw(levels()),
            inspection=insp,
            scheme=scheme,
            standard=std,
        )

    return st.composite(build)()


@st.composite
def sampling_plans(
    draw: Any, max_stages: int = 7, max_sample: int = 200, counts: str | None = "items"
) -> Any:
    """Arbitrary valid plans: increasing cumulative Ac/Re, ``#`` stages allowed.

    ``counts``: what the plans count, ``"items"`` (default) or
    ``"nonconformities"``; None draws either.
    """
    from qmscore.sampling.plans import COUNTS, SamplingPlan

    kind = draw(st.sampled_from(COUNTS)) if counts is None else counts

    k = draw(st.integers(1, max_stages))
    rows: list[tuple[int, int | None, int]] = []
    ac, re = -1, 1
    for stage in range(k):
        n = draw(st.integers(1, max_sample))
        last = stage == k - 1
        if last:
            ac = draw(st.integers(max(ac, 0), max(ac, 0) + 5))
            re = max(re, ac + 1) + draw(st.integers(0, 1 if k == 1 else 0))
            rows.append((n, ac, re))
        else:
            new_ac = draw(st.none() | st.integers(max(ac, 0), max(ac, 0) + 5))
            if new_ac is not None:
                ac = new_ac
            re = max(re, (ac if ac >= 0 else 0) + 2) + draw(st.integers(0, 3))
            rows.append((n, new_ac, re))
    return SamplingPlan.from_stages(rows, counts=kind)  # type: ignore[arg-type]


def lots() -> st.SearchStrategy[Any]:
    """Switching-rule lot outcomes without a plan (for the Z1.4 fold)."""
    from qmscore.sampling.switching import Lot

    return st.builds(
        Lot,
        st.booleans(),
        defectives=st.none() | st.integers(0, 20),
        production_steady=st.booleans(),
        reduced_approved=st.booleans(),
        normal_required=st.booleans(),
        resubmitted=st.booleans(),
        reinstate_normal=st.booleans(),
    )


def qualities() -> st.SearchStrategy[float]:
    """Fractions nonconforming in [0, 1], weighted towards the small ones that matter.

    Values between 0 and 1e-9 are left out: they mean nothing as a quality, and
    scipy (a common oracle) overflows near the smallest floats.
    """
    real = st.floats(1e-9, 1.0) | st.floats(1e-9, 0.2)
    return real | st.sampled_from((0.0, 0.001, 0.01, 1.0))


def oc_models() -> st.SearchStrategy[str]:
    """The OC models: binomial, hypergeometric, poisson."""
    return st.sampled_from(("binomial", "hypergeometric", "poisson"))


@st.composite
def work_calendars(
    draw: Any,
    days: int = 120,
    *,
    timezone: str = "Asia/Shanghai",
    first: Any = None,
    any_hour: bool = False,
) -> Any:
    """Small plain-data calendars: random weekmask, shifts and day overrides.

    Args:
        draw: Supplied by Hypothesis (``st.composite``); call without it.
        days: Length of the calendar.
        timezone: Its zone (pick one with daylight saving to test clock changes).
        first: Its first date (default: a random date in 2026).
        any_hour: Shifts anywhere in the day, midnight to midnight (an end of
            00:00 is 24:00); by default between 06:00 and 22:00.
    """
    import datetime as dt

    from qmscore.workdays import DayOverride, Shift, WorkCalendar

    if first is None:
        first = dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 200)))
    weekmask = tuple(draw(st.lists(st.booleans(), min_size=7, max_size=7)))
    if not any(weekmask):
        weekmask = (True, *weekmask[1:])
    lo, hi = (0, 24 * 60) if any_hour else (6 * 60, 22 * 60)
    cuts = sorted(draw(st.sets(st.integers(lo, hi), min_size=2, max_size=6)))
    if len(cuts) % 2:
        cuts = cuts[:-1]

    def clock(minute: int) -> dt.time:
        return dt.time(minute // 60 % 24, minute % 60)

    shifts = tuple(Shift(clock(a), clock(b)) for a, b in zip(cuts[::2], cuts[1::2], strict=True))
    overrides = {}
    for offset in draw(st.sets(st.integers(0, days - 1), max_size=days // 4)):
        overrides[first + dt.timedelta(days=offset)] = DayOverride(
            draw(st.booleans()), "company day"
        )
    last = first + dt.timedelta(days=days - 1)
    return WorkCalendar(
        "generated",
        first,
        last,
        last,
        timezone=timezone,
        weekmask=weekmask,
        shifts=shifts,
        overrides=overrides,
    )


def deadline_rules() -> st.SearchStrategy[Any]:
    """Simple deadline rules with small counts."""
    from qmscore import deadlines as d

    n = st.integers(0, 10)
    return st.one_of(
        st.builds(d.WorkingDays, n),
        st.builds(d.Hours, n),
        st.builds(d.Minutes, st.integers(0, 600)),
        st.builds(d.WorkingHours, n),
        st.builds(d.CalendarDays, n),
        st.just(d.SameDay()),
    )


@st.composite
def questionnaires(draw: Any, max_items: int = 8) -> Any:
    """Valid questionnaires: weights summing to 1, points falling as answers worsen."""
    from qmscore.scoring import STANDARD_BANDS, Item, Questionnaire
    from qmscore.scoring.questionnaire import STANDARD_LEVELS

    k = draw(st.integers(1, max_items))
    # Item maxima are whole points adding up to 100; weight = maximum / 100.
    cuts = sorted(draw(st.sets(st.integers(1, 99), min_size=k - 1, max_size=k - 1)))
    maxima = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    items = []
    for j, top in enumerate(maxima):
        pts = [top]
        for _ in STANDARD_LEVELS[1:]:
            pts.append(draw(st.integers(0, pts[-1])))
        items.append(
            Item(
                f"q{j}",
                f"question {j}",
                f"问题{j}",
                top / 100,
                dict(zip((lv.key for lv in STANDARD_LEVELS), pts, strict=True)),
            )
        )
    return Questionnaire("generated", tuple(items), STANDARD_LEVELS, STANDARD_BANDS)


def responses(questionnaire: Any, *, allow_na: bool = True) -> st.SearchStrategy[Any]:
    """Answer mappings for ``questionnaire`` (None for not applicable when allowed)."""
    levels = [lv.key for lv in questionnaire.levels]
    answer = st.sampled_from(levels) | st.none() if allow_na else st.sampled_from(levels)
    return st.fixed_dictionaries({i.key: answer for i in questionnaire.items})


def customer_profiles() -> st.SearchStrategy[Any]:
    """Customer profiles with any mix of known and unknown inputs."""
    from qmscore.scoring import COOPERATION, PAYMENT, POTENTIAL, CustomerProfile

    def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.none() | strategy

    return st.builds(
        CustomerProfile,
        st.text(alphabet="ABCDEFGHJK0123456789-", min_size=1, max_size=8),
        sales_6m=maybe(st.floats(0, 1_000_000)),
        cooperation=maybe(st.sampled_from(COOPERATION)),
        potential=maybe(st.sampled_from(POTENTIAL)),
        partner_years=maybe(st.floats(0, 20)),
        payment=maybe(st.sampled_from(PAYMENT)),
        well_known_brand=maybe(st.booleans()),
        direct_oem=maybe(st.booleans()),
        small_erratic_orders=maybe(st.booleans()),
    )


@st.composite
def grading_rules(draw: Any) -> Any:
    """Valid variations of the default grading rules: thresholds and their edges, k, policies."""
    import attrs as _attrs

    from qmscore.scoring import DEFAULT_GRADING

    tiers = []
    for tier in DEFAULT_GRADING.tiers:
        criteria = tuple(
            _attrs.evolve(
                c,
                threshold=c.threshold * draw(st.floats(0.5, 2.0)),
                inclusive=draw(st.booleans()),
            )
            if c.kind == "min"
            else c
            for c in tier.criteria
        )
        need = None if tier.any_of else draw(st.integers(1, len(criteria)))
        tiers.append(_attrs.evolve(tier, criteria=criteria, need=need))
    return _attrs.evolve(
        DEFAULT_GRADING,
        tiers=tuple(tiers),
        hysteresis=draw(st.sampled_from((0.0, 0.05, 0.1))),
        churn_drop=draw(st.floats(0.05, 0.95)),
    )


def complaints() -> st.SearchStrategy[Any]:
    """Complaints received in 2026 with any demands and flags (naive, China time)."""
    import datetime as dt

    from qmscore.workflow import DEMANDS, Complaint

    return st.builds(
        Complaint,
        st.just("Q-1"),
        st.datetimes(dt.datetime(2026, 1, 5), dt.datetime(2026, 11, 30)),
        st.just("K-1"),
        demands=st.lists(st.sampled_from(DEMANDS), max_size=3, unique=True).map(tuple),
        safety=st.booleans(),
        batch=st.booleans(),
        recurrence=st.booleans(),
        appearance_only=st.booleans(),
        replacement_amount=st.floats(0, 5000),
    )


def schedules() -> st.SearchStrategy[Any]:
    """Recurring-obligation schedules: the presets and generated ones of every kind.

    Month days include the month end (-1) and days past a short month's end;
    month windows and counts per period are generated too.
    """
    from qmscore.workflow import PRESET_SCHEDULES, Schedule

    days = st.integers(1, 31) | st.just(-1)
    generated = st.builds(
        Schedule,
        st.just("s"),
        st.just("s"),
        st.just("s"),
        st.sampled_from(["every_n_days", "weekly", "month_end", "per_year"]),
        st.sampled_from([1, 2, 3, 4, 6, 12]),
        weekday=st.integers(0, 6),
        day=days,
    )
    months = st.builds(
        Schedule,
        st.just("m"),
        st.just("m"),
        st.just("m"),
        st.just("months"),
        months=st.lists(st.integers(1, 12), min_size=1, max_size=4, unique=True).map(tuple),
        day=days,
        window=st.sampled_from(["since_previous", "month"]),
    )
    counts = st.builds(
        Schedule,
        st.just("c"),
        st.just("c"),
        st.just("c"),
        st.just("count"),
        st.integers(1, 4),
        period=st.sampled_from(["month", "quarter", "half_year", "year"]),
    )
    return st.sampled_from(list(PRESET_SCHEDULES.values())) | generated | months | counts
