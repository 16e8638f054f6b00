"""Survey statistics inputs that surviving mutants showed untested (issue 20)."""

from __future__ import annotations

import pytest

from qmscore.errors import InvalidInputError
from qmscore.scoring import nps_summary, wilson


def test_nps_accepts_a_score_of_zero_as_a_detractor() -> None:
    # 0 is a detractor (0-6), 10 a promoter (9-10): NPS = (1 - 1) / 2 = 0.
    s = nps_summary([0, 10])
    assert (s.n, s.promoters, s.detractors, s.nps.estimate) == (2, 1, 1, 0.0)


def test_bad_inputs_name_field_and_value() -> None:
    with pytest.raises(InvalidInputError, match=r"^'scores' must be"):
        nps_summary("x")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^'confidence' must be in \(0, 1\) \(got 1.5\)$"):
        wilson(1, 2, 1.5)
