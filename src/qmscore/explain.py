"""Why a result is what it is: reasons and their sources.

Every decision qmscore makes (a plan, a grade, a deadline, a severity) returns
a tuple of :class:`Reason` values. A reason has a stable machine-readable
``code``, an English and a Chinese message, and optionally a :class:`Source`
naming the standard, table or procedure clause it rests on. A UI can show the
messages in the user's language without re-deriving anything.

Example:
    >>> from qmscore.explain import Reason, Source
    >>> r = Reason(
    ...     code="sampling.code_letter",
    ...     en="Lot size 500 at level II gives code letter H",
    ...     zh="批量 500、检验水平 II 对应样本量字码 H",
    ...     source=Source("ISO 2859-1:1999", table="Table 1"),
    ... )
    >>> r.message("zh")
    '批量 500、检验水平 II 对应样本量字码 H'
    >>> str(r.source)
    'ISO 2859-1:1999, Table 1'
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

from qmscore._checks import (
    check_choice,
    check_instance,
    check_sequence,
    non_empty_str,
    one_of,
    optional_str,
)
from qmscore._display import display

__all__ = ["Confidence", "Language", "Reason", "Source", "messages"]

Language = Literal["en", "zh"]
Confidence = Literal["confirmed", "single-source", "unverified"]
_CONFIDENCE = ("confirmed", "single-source", "unverified")


@display
@attrs.frozen
class Source:
    """Where a rule or a table comes from.

    Attributes:
        document: The standard or procedure, e.g. ``"MIL-STD-105E"`` or ``"seed 004"``.
        table: A table or figure within it, e.g. ``"Table II-A"``.
        clause: A clause or section, e.g. ``"9.3.3"``.
        note: Free text: transcription provenance, caveats.
        confidence: How well the content is confirmed: ``"confirmed"`` (two or
            more independent sources agree), ``"single-source"`` or ``"unverified"``.
    """

    document: str = attrs.field(validator=non_empty_str)
    table: str | None = attrs.field(default=None, validator=optional_str, kw_only=True)
    clause: str | None = attrs.field(default=None, validator=optional_str, kw_only=True)
    note: str | None = attrs.field(default=None, validator=optional_str, kw_only=True)
    confidence: Confidence = attrs.field(
        default="confirmed", validator=one_of(_CONFIDENCE), kw_only=True
    )

    def __str__(self) -> str:
        parts = [self.document]
        if self.table:
            parts.append(self.table)
        if self.clause:
            parts.append(f"clause {self.clause}")
        return ", ".join(parts)


def _optional_source(inst: object, attribute: Any, value: object) -> None:
    if value is not None:
        check_instance("source", value, Source, "a Source")


@display
@attrs.frozen
class Reason:
    """One step of an explanation.

    Attributes:
        code: Stable dotted identifier, e.g. ``"sampling.arrow_down"``. Safe to
            switch on in code; the messages are for people.
        en: English message.
        zh: Chinese message.
        source: The rule's origin, when it has one.
    """

    code: str = attrs.field(validator=non_empty_str)
    en: str = attrs.field(validator=non_empty_str)
    zh: str = attrs.field(validator=non_empty_str)
    source: Source | None = attrs.field(default=None, kw_only=True, validator=_optional_source)

    def message(self, language: Language = "en") -> str:
        """The message in ``language`` (``"en"`` or ``"zh"``)."""
        if language == "en":
            return self.en
        if language == "zh":
            return self.zh
        check_choice("language", language, ("en", "zh"))
        raise AssertionError  # pragma: no cover - check_choice raised

    def __str__(self) -> str:
        return self.en if self.source is None else f"{self.en} [{self.source}]"


def messages(reasons: tuple[Reason, ...], language: Language = "en") -> list[str]:
    """The messages of ``reasons`` in one language, in order.

    Example:
        >>> from qmscore.explain import Reason, messages
        >>> messages((Reason("a", "first", "第一"), Reason("b", "second", "第二")), "zh")
        ['第一', '第二']
    """
    check_choice("language", language, ("en", "zh"))
    items = check_sequence(
        "reasons", reasons, lambda f, r: check_instance(f, r, Reason, "a Reason")
    )
    return [r.message(language) for r in items]
