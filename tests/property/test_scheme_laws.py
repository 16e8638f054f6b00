"""Laws of the scheme OC and of zero-acceptance plans (Hypothesis)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qmscore.sampling import (
    accept_probability,
    asn,
    lookup_plan,
    scheme_oc,
    switching_scheme,
    zero_acceptance_plan,
)
from qmscore.sampling.plans import AQL_VALUES
from tests.budget import budget

LOTS = st.sampled_from([50, 150, 500, 1000, 3200, 10000])
AQLS = st.sampled_from([a for a in AQL_VALUES if 0.1 <= a <= 6.5])
KINDS = st.sampled_from(
    [
        ("z1.4", "single"),
        ("z1.4", "double"),
        ("z1.4", "multiple"),
        ("iso2859-1", "single"),
        ("iso2859-1", "double"),
    ]
)


@budget(ms=14, dev=25)
@given(lot=LOTS, aql=AQLS, kind=KINDS, p=st.floats(0.0, 1.0))
def test_shares_and_identities(lot: int, aql: float, kind: tuple[str, str], p: float) -> None:
    standard, scheme = kind
    s = switching_scheme(lot, aql, scheme=scheme, standard=standard)
    oc = scheme_oc(s, p)
    shares = (oc.normal, oc.tightened, oc.reduced, oc.discontinued)
    assert all(-1e-12 <= x <= 1 + 1e-12 for x in shares)
    assert math.fsum(shares) == pytest.approx(1.0, abs=1e-9)
    # long-run Pa and sample are the shares weighted by each plan's Pa and ASN
    pa = oc.normal * accept_probability(s.normal, p)
    pa += oc.tightened * accept_probability(s.tightened, p)
    n = oc.normal * asn(s.normal, p) + oc.tightened * asn(s.tightened, p)
    if s.reduced is not None:
        pa += oc.reduced * accept_probability(s.reduced, p)
        n += oc.reduced * asn(s.reduced, p)
    assert oc.accept_probability == pytest.approx(pa, rel=1e-7, abs=1e-12)
    assert oc.sample_per_lot == pytest.approx(n, rel=1e-7, abs=1e-9)
    # at least 2 rejections on normal and 5 on tightened before a discontinuation
    assert oc.lots_to_discontinuation >= 7 - 1e-9


@budget(ms=8, dev=25)
@given(lot=LOTS, aql=AQLS, p=st.floats(0.0, 0.3), dp=st.floats(0.001, 0.3))
def test_worse_process_discontinued_sooner(lot: int, aql: float, p: float, dp: float) -> None:
    # Every plan's Pa falls with p, so every rejection comes sooner.
    s = switching_scheme(lot, aql)
    better, worse = scheme_oc(s, p), scheme_oc(s, min(1.0, p + dp))
    assert worse.lots_to_discontinuation <= better.lots_to_discontinuation * (1 + 1e-9)


@budget(ms=6, dev=40)
@given(
    lq=st.floats(0.005, 0.5),
    beta=st.floats(0.01, 0.5),
    lot=st.integers(2, 100_000),
)
def test_zero_acceptance_laws(lq: float, beta: float, lot: int) -> None:
    z = zero_acceptance_plan(lq, beta=beta, lot_size=lot)
    assert z.accept == 0
    assert 1 <= z.sample_size <= lot
    assert z.consumer_risk <= beta
    # a finite lot never needs more than the process does (sampling without replacement)
    assert z.sample_size <= zero_acceptance_plan(lq, beta=beta).sample_size
    # a smaller beta never needs a smaller sample
    assert zero_acceptance_plan(lq, beta=beta / 2, lot_size=lot).sample_size >= z.sample_size


def test_table_plan_unchanged_by_scheme() -> None:
    s = switching_scheme(1000, 1.0)
    assert s.normal == lookup_plan(1000, 1.0)
