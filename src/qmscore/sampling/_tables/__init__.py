"""Standard tables as Python literals, parsed once on first use.

``master(standard, scheme, inspection)`` returns the parsed master table of an
edition. Tables with no source we trust raise :class:`OutOfTableError` naming
the missing table rather than falling back to another edition's numbers.
"""

from __future__ import annotations

import functools
from importlib import import_module

from qmscore.errors import OutOfTableError
from qmscore.explain import Source
from qmscore.sampling._tables._model import AQL_LABELS, MasterTable, RawTable

__all__ = ["AQL_LABELS", "MasterTable", "RawTable", "master", "missing_table"]

_ISO = "ISO 2859-1:1999 / GB/T 2828.1-2012"

# (standard, scheme, inspection) -> (module, attribute, source override or None)
_REGISTRY: dict[tuple[str, str, str], tuple[str, str, Source | None]] = {
    **{
        ("z1.4", scheme, insp): (f"z14_{scheme}", insp.upper(), None)
        for scheme in ("single", "double", "multiple")
        for insp in ("normal", "tightened", "reduced")
    },
    **{
        ("iso2859-1", "single", insp): ("iso_single", insp.upper(), None)
        for insp in ("normal", "tightened", "reduced")
    },
    **{
        ("iso2859-1", "double", insp): (
            "z14_double",
            insp.upper(),
            Source(
                _ISO,
                table=f"Table 3-{letter}",
                note="Double normal and tightened plans are shared with MIL-STD-105E "
                f"Table III-{letter}; not checked against a transcription of the ISO table.",
                confidence="single-source",
            ),
        )
        for insp, letter in (("normal", "A"), ("tightened", "B"))
    },
}

_MISSING: dict[tuple[str, str, str], str] = {
    ("iso2859-1", "double", "reduced"): "Table 3-C (double sampling, reduced inspection)",
    ("iso2859-1", "multiple", "normal"): "Table 4-A (5-stage multiple sampling, normal)",
    ("iso2859-1", "multiple", "tightened"): "Table 4-B (5-stage multiple sampling, tightened)",
    ("iso2859-1", "multiple", "reduced"): "Table 4-C (5-stage multiple sampling, reduced)",
}


def missing_table(standard: str, scheme: str, inspection: str) -> str | None:
    """The name of the table qmscore cannot supply for this combination, if any."""
    return _MISSING.get((standard, scheme, inspection))


@functools.cache
def master(standard: str, scheme: str, inspection: str) -> MasterTable:
    """The parsed master table for an edition, scheme and inspection severity.

    Raises:
        OutOfTableError: the edition's table has no source qmscore can rely on.
    """
    missing = missing_table(standard, scheme, inspection)
    if missing is not None:
        raise OutOfTableError(
            f"{_ISO} {missing} is not available in qmscore: no transcription of it could be "
            "checked, and another edition's numbers would be wrong. Use standard='z1.4' or a "
            "single plan.",
            field="scheme",
            value=scheme,
        )
    module, attribute, source = _REGISTRY[(standard, scheme, inspection)]
    raw: RawTable = getattr(import_module(f"qmscore.sampling._tables.{module}"), attribute)
    if source is not None:
        raw = raw.replace(source=source)
    return MasterTable.parse(raw)
