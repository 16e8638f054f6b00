"""Reasons built when first read: the base of :class:`Classification` and :class:`StepDue`.

A fast path decides first and keeps what the reasons are made of in ``_why``;
reading ``reasons`` builds them once (with the eager code, so the content is the
same) and keeps them. A value made by its constructor (by hand, from JSON or a
pickle) has its reasons already and never reaches ``__getattr__`` for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any


class LazyReasons:
    """Builds ``reasons`` on first read from ``_why`` through ``_reasons_from``."""

    __slots__ = ("_why",)
    _why: tuple[Any, ...]

    @staticmethod
    def _reasons_from(*why: Any) -> Any:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    if not TYPE_CHECKING:  # pragma: no branch  (mypy: typos in names stay errors)

        def __getattr__(self, name: str) -> Any:
            if name == "reasons":
                try:
                    why = get_why(self)
                except AttributeError:
                    pass
                else:
                    value = self._reasons_from(*why)
                    object.__setattr__(self, name, value)
                    return value
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


get_why = vars(LazyReasons)["_why"].__get__
set_why = vars(LazyReasons)["_why"].__set__
