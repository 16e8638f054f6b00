"""The bulk readers of scoring/_fast.py (issue 20): what their fast paths must still refuse.

``reals``, ``strings`` and ``ratings`` take plain lists in bulk and send anything else
to the careful path. Surviving mutants showed nothing checked that the bulk path
refuses what the careful path refuses (bools, numeric strings, a plain string as a
list, unlabelled strata, float ratings), nor that the careful path's messages name the
field. Checked through ``weighted_nps``, which reads scores, weights and strata with
all three.
"""

from __future__ import annotations

from typing import Any

import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.scoring import weighted_nps


@pytest.mark.parametrize(
    ("scores", "weights", "strata", "error", "fragment"),
    [
        # weights: bools and numeric strings are not numbers, even all of them
        ([10, 10], [True, True], None, InvalidTypeError, "'weights[0]' must be a number"),
        ([10, 10], ["2", "2"], None, InvalidTypeError, "'weights[0]' must be a number"),
        # no weights at all for one score: a length error, not a crash on min(())
        ([10], [], None, InvalidInputError, "'weights' must be one weight"),
        # strata: a plain string is not a list of labels, None is not a label
        ([10, 10, 3], [1, 1, 1], "AAB", InvalidTypeError, "'strata' must be a list"),
        ([10, 10, 3], [1, 1, 1], [None, None, None], InvalidTypeError, "'strata[0]'"),
        # scores: bools and floats are not integer ratings; 11 is out of 0..10
        ([True, True], [1, 1], None, InvalidTypeError, "'scores[0]' must be an integer"),
        ([9.0, 10.0], [1, 1], None, InvalidTypeError, "'scores[0]' must be an integer"),
        ([11], [1], None, InvalidInputError, "'scores[0]' must be an integer 0..10"),
    ],
)
def test_bulk_readers_refuse_what_the_careful_path_refuses(
    scores: Any, weights: Any, strata: Any, error: type[Exception], fragment: str
) -> None:
    with pytest.raises(error) as info:
        weighted_nps(scores, weights, strata=strata)
    assert fragment in str(info.value)
