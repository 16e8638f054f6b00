"""How results look in a terminal and a notebook: short reprs, HTML tables, rows.

One small mechanism for every public result type:

* :func:`display` (a class decorator, applied over ``@attrs.frozen``) gives a
  class a ``__repr__`` of a line or a few, never proportional to the data
  (long tuples and mappings are summarised as counts), and a ``_repr_html_``
  table that Jupyter shows. Small values keep attrs' own repr exactly.
* :class:`Tabular` (a mixin) gives a collection of results ``to_rows()`` (a
  list of plain dicts) and ``to_frame()`` (a pandas DataFrame; pandas is
  imported only then). Its HTML is the table of its first rows.
* :class:`Results` is the tuple that batch functions return (``due_dates``,
  ``grade_customers``, ``pareto``...): a real ``tuple``, equal to the plain
  tuple of the same items, with the same display.

Rows hold scalars as they are (numbers, strings, dates stay dates) and nested
results in their plain JSON form (:func:`qmscore.serialization.to_dict`).

Example:
    >>> from qmscore.scoring import score_responses, STANDARD_QUESTIONNAIRE
    >>> answers = {i.key: "satisfied" for i in STANDARD_QUESTIONNAIRE.items}
    >>> batch = score_responses([answers] * 100_000)
    >>> batch  # doctest: +NORMALIZE_WHITESPACE
    ScoreBatch(100000 responses, questionnaire='Customer satisfaction survey (seed 004)',
               grades={'B': 100000}, incomplete=0)
    >>> batch.to_rows()[0]
    {'total': 88, 'normalized': 88.0, 'grade': 'B', 'corrective': False}
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from qmscore.errors import MissingDependencyError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MAX_HTML_ROWS", "MAX_REPR", "Results", "Tabular", "display", "plain", "short"]

T = TypeVar("T")
C = TypeVar("C", bound=type)

MAX_REPR = 320
"""Characters a repr may reach before its remaining fields are only counted."""
FIELD_WIDTH = 72
"""Characters one field's value may take in a repr or a table cell."""
MAX_HTML_ROWS = 20
"""Rows shown in a collection's HTML table (the caption gives the total)."""
_SCALARS = (str, int, float, bool, dt.date, dt.time, dt.timedelta, type(None))


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _escape(text: str) -> str:
    # html (with its entity tables) is imported on the first HTML table, not at
    # ``import qmscore``: a terminal or a server never draws one (cold start).
    import html

    return html.escape(text)


def _count(value: Any) -> str:
    kinds = {type(v).__name__ for v in value}
    kind = kinds.pop() if len(kinds) == 1 else "items"
    return f"<{len(value)} {kind}>"


def short(value: Any, width: int = FIELD_WIDTH) -> str:
    """A repr of ``value`` at most ``width`` characters long, whatever its size.

    Example:
        >>> short(tuple(range(100_000)))
        '(0, 1, 2, … 100000 items)'
        >>> short({"a": 1}), short("x" * 100, 10)
        ("{'a': 1}", "'xxxxxxxx…")
    """
    if isinstance(value, (tuple, list)):
        text = repr(value) if len(value) <= 8 else ""
        if text and len(text) <= width:
            return text
        if value and all(isinstance(v, _SCALARS) for v in value[:3]):
            head = ", ".join(repr(v) for v in value[:3])
            text = f"({head}, … {len(value)} items)"
            if len(text) <= width:
                return text
        return _count(value)
    if isinstance(value, Mapping):
        text = repr(dict(value)) if len(value) <= 8 else ""
        return text if text and len(text) <= width else f"<{len(value)} entries>"
    if attrs.has(type(value)):
        text = repr(value)
        return text if len(text) <= width else f"{type(value).__name__}(…)"
    return _clip(repr(value), width)


def _fields(obj: Any) -> list[attrs.Attribute[Any]]:
    return [f for f in attrs.fields(type(obj)) if f.repr and not f.name.startswith("_")]


def short_repr(obj: Any) -> str:
    """``Name(field=value, ...)`` with each value shortened; the rest counted.

    Identical to attrs' repr when every value is short.
    """
    parts: list[str] = []
    fields = _fields(obj)
    used = len(type(obj).__name__) + 2
    for k, f in enumerate(fields):
        part = f"{f.name}={short(getattr(obj, f.name))}"
        if used + len(part) > MAX_REPR:
            parts.append(f"… {len(fields) - k} more fields")
            break
        parts.append(part)
        used += len(part) + 2
    return f"{type(obj).__name__}({', '.join(parts)})"


def plain(value: Any) -> Any:
    """A value as a table cell: scalars as they are, nested results as plain data.

    Example:
        >>> from qmscore.explain import Reason
        >>> plain(3), plain((1, 2))
        (3, (1, 2))
        >>> plain(Reason("c", "en", "中文"))
        {'code': 'c', 'en': 'en', 'zh': '中文', 'source': None}
    """
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, tuple) and all(isinstance(v, _SCALARS) for v in value):
        return value
    from qmscore.serialization import to_dict

    return to_dict(value)


def row_of(obj: Any) -> dict[str, Any]:
    """One flat row for an attrs result: its public fields, made :func:`plain`.

    A class decorated with ``@display(row="as_dict")`` gives its own flat row.
    """
    own = getattr(type(obj), "_display_row", "")
    if own:
        return dict(getattr(obj, own)())
    return {f.name: plain(getattr(obj, f.name)) for f in _fields(obj)}


def _row(value: Any) -> dict[str, Any]:
    return row_of(value) if attrs.has(type(value)) else {"value": plain(value)}


def _cell(value: Any) -> str:
    if isinstance(value, (dt.date, dt.time)):
        text = value.isoformat()
    elif isinstance(value, str):
        text = value
    elif isinstance(value, (tuple, list)) and value and all(attrs.has(type(v)) for v in value):
        shown = [_clip(_label(v), FIELD_WIDTH) for v in value[:5]]
        more = [f"… {len(value) - 5} more"] if len(value) > 5 else []
        text = "; ".join(shown + more)
    else:
        text = short(value, 2 * FIELD_WIDTH)
    return _escape(_clip(text, 4 * FIELD_WIDTH))


def _label(value: Any) -> str:
    # A Reason reads best as its English text; other results as their short repr.
    en = getattr(value, "en", None)
    return en if isinstance(en, str) else repr(value)


def _table(caption: str, header: list[str], body: list[list[str]], foot: str = "") -> str:
    out = ['<table class="qmscore">', f"<caption>{_escape(caption)}</caption>"]
    if header:
        out.append("<thead><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr></thead>")
    out.append("<tbody>")
    out += ["<tr>" + "".join(row) + "</tr>" for row in body]
    out.append("</tbody>")
    if foot:
        span = max(len(header), 2)
        out.append(f'<tfoot><tr><td colspan="{span}">{_escape(foot)}</td></tr></tfoot>')
    out.append("</table>")
    return "".join(out)


def fields_html(obj: Any) -> str:
    """A two-column table (field, value) of a result's public fields."""
    body = [
        [f"<th>{_escape(f.name)}</th>", f"<td>{_cell(getattr(obj, f.name))}</td>"]
        for f in _fields(obj)
    ]
    return _table(type(obj).__name__, [], body)


def rows_html(caption: str, rows: list[dict[str, Any]]) -> str:
    """A table of the first :data:`MAX_HTML_ROWS` rows, the caption naming the total."""
    header: list[str] = []
    for r in rows[:MAX_HTML_ROWS]:
        header += [k for k in r if k not in header]
    body = [[f"<td>{_cell(r.get(k))}</td>" for k in header] for r in rows[:MAX_HTML_ROWS]]
    hidden = len(rows) - MAX_HTML_ROWS
    foot = f"… {hidden} more rows (to_rows() or to_frame() for all)" if hidden > 0 else ""
    return _table(caption, [_escape(str(h)) for h in header], body, foot)


class Tabular:
    """Mixin for collections of results: ``to_rows()``, ``to_frame()`` and an HTML table.

    A class names where its rows come from in ``_rows_from``: a method (its
    existing ``rows()``), or a field holding results (one row each) or a
    mapping (one ``{"key", "value"}`` row per entry).
    """

    __slots__ = ()
    _rows_from: str = ""
    _rows_key: str = "key"

    def to_rows(self) -> list[dict[str, Any]]:
        """One plain dict per row, ready for a table, a CSV writer or pandas."""
        source = getattr(self, self._rows_from)
        if callable(source):
            return list(source())
        if isinstance(source, Mapping):
            key = self._rows_key
            return [{key: k, **_row(v)} for k, v in sorted(source.items())]
        return [_row(r) for r in source]

    def to_frame(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame.

        Raises:
            MissingDependencyError: pandas is not installed.
        """
        try:
            import pandas as pd
        except ImportError:
            raise MissingDependencyError(
                "to_frame() needs pandas: pip install pandas (or use to_rows())", name="pandas"
            ) from None
        return pd.DataFrame(self.to_rows())

    def _repr_html_(self) -> str:
        return rows_html(repr(self), self.to_rows())


def display(
    cls: C | None = None,
    *,
    summary: Callable[[Any], str] | None = None,
    rows: str = "",
    rows_key: str = "key",
    row: str = "",
) -> Any:
    """Class decorator: a short ``__repr__`` and a ``_repr_html_`` table.

    Put it above ``@attrs.frozen``. ``summary`` replaces the generic repr (a
    calendar says its name, range, horizon and number of overrides). For a
    :class:`Tabular` class, ``rows`` names the method or field its rows come
    from, and ``rows_key`` the column that holds a mapping's keys. ``row``
    names a method giving the class's own flat row when it is an item of a
    collection (a comparison row's ``as_dict``). Equality, hashing and
    pickling are untouched.

    Example:
        >>> import attrs
        >>> @display
        ... @attrs.frozen
        ... class Point:
        ...     x: int
        ...     ys: tuple[int, ...]
        >>> Point(1, tuple(range(10_000)))
        Point(x=1, ys=(0, 1, 2, … 10000 items))
    """

    def apply(klass: C) -> C:
        klass.__repr__ = summary or short_repr  # type: ignore[assignment]
        if row:
            klass._display_row = row  # type: ignore[attr-defined]
        if issubclass(klass, Tabular):
            klass._rows_from, klass._rows_key = rows, rows_key
        else:
            klass._repr_html_ = fields_html  # type: ignore[attr-defined]
        return klass

    return apply if cls is None else apply(cls)


class Results(Tabular, tuple[T, ...], Generic[T]):
    """The tuple a batch function returns, with a short repr, rows and a frame.

    It is a ``tuple`` (indexing, unpacking, ``len`` and equality with a plain
    tuple all work); only its display differs.

    Example:
        >>> from qmscore.workflow import pareto
        >>> table = pareto({"a": 3, "b": 1})
        >>> isinstance(table, tuple) and table == tuple(table)
        True
        >>> table.to_rows()[0]
        {'key': 'a', 'count': 3, 'share': 0.75, 'cumulative': 0.75}
    """

    __slots__ = ()

    def __repr__(self) -> str:
        text = super().__repr__()
        if len(text) <= MAX_REPR:
            return text
        first = short(self[0], MAX_REPR // 2)
        return f"({first}, … {len(self)} {type(self[0]).__name__} items)"

    def to_rows(self) -> list[dict[str, Any]]:
        """One plain dict per item."""
        return [_row(r) for r in self]

    def _repr_html_(self) -> str:
        kinds = sorted({type(r).__name__ for r in self})
        return rows_html(f"{len(self)} {', '.join(kinds) or 'items'}", self.to_rows())


def calendar_repr(cal: Any) -> str:
    """A calendar in one line: name, range, horizon, number of overrides."""
    return (
        f"WorkCalendar({cal.name!r}, {cal.first.isoformat()}..{cal.last.isoformat()}, "
        f"valid_through={cal.valid_through.isoformat()}, {len(cal.overrides)} overrides, "
        f"timezone={cal.timezone!r}, beyond_horizon={cal.beyond_horizon!r})"
    )


def batch_repr(batch: Any) -> str:
    """A score batch in one line: size, form, grade counts, incomplete responses."""
    counts: dict[str, int] = {}
    for g in batch.grades:
        if g is not None:
            counts[g] = counts.get(g, 0) + 1
    incomplete = sum(1 for n in batch.normalized if n is None)
    name = short(batch.questionnaire.name, 60)
    return (
        f"ScoreBatch({len(batch.totals)} responses, questionnaire={name}, "
        f"grades={dict(sorted(counts.items()))}, incomplete={incomplete})"
    )
