"""Reading one item of a holiday notice: the clause grammar, the checks, the dated days.

Used by :mod:`qmscore.workdays.notices` (the public entry points); the value
types of a parsed notice (:class:`NoticeSource`, :class:`ArrangedDay`,
:class:`NoticeItem`) live here and are re-exported there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import attrs

from qmscore._display import display
from qmscore.errors import InvalidInputError
from qmscore.workdays import _notice_text as lex
from qmscore.workdays.china import Festival, lunar_anchor, statutory_days
from qmscore.workdays.kinds import DayKind

__all__ = ["ArrangedDay", "NoticeItem", "NoticeSource"]


@display
@attrs.frozen
class NoticeSource:
    """Which notice an arrangement (or one of its days) comes from.

    Attributes:
        title: e.g. 国务院办公厅关于2025年部分节假日安排的通知 (None if not given).
        number: The 文号, e.g. 国办发明电〔2024〕12号.
        issued: The issue date as printed.
        issued_on: The issue date, when it reads as a date.
    """

    title: str | None = None
    number: str | None = None
    issued: str | None = None
    issued_on: dt.date | None = None

    def cite(self, year: int) -> str:
        """A citation: the title (or a generic one for ``year``) and the 文号."""
        title = self.title or f"国务院办公厅关于{year}年部分节假日安排的通知"
        return f"{title}（{self.number}）" if self.number else title


@display
@attrs.frozen
class ArrangedDay:
    """One date of an arrangement.

    Attributes:
        date: The date.
        kind: ``STATUTORY_HOLIDAY``, ``IN_LIEU_REST``, ``WEEKEND`` (a weekend
            inside a span) or ``MAKEUP_WORKDAY``.
        festival: The festival it belongs to (zh and en names).
        item: Number of the notice item (1 for 一).
        source: The notice that says so (an amending one for amended days).
    """

    date: dt.date
    kind: DayKind
    festival: Festival
    item: int
    source: NoticeSource

    @property
    def item_zh(self) -> str:
        """The item number as the notice writes it (一, 二...)."""
        return lex.zh_number(self.item)


@display
@attrs.frozen
class NoticeItem:
    """One numbered item as read.

    Attributes:
        number: 1 for 一.
        festivals: The festivals its heading names (inferred when it has none).
        text: The item's text (normalised).
        source: The notice it comes from.
    """

    number: int
    festivals: tuple[Festival, ...]
    text: str
    source: NoticeSource

    @property
    def label(self) -> str:
        """``item 二 (春节)``: how errors and reasons name it."""
        names = "、".join(f.zh for f in self.festivals)
        return f"item {lex.zh_number(self.number)}" + (f" ({names})" if names else "")


# -- the grammar of a clause -------------------------------------------------------------

_L = "L"
_OFF = re.compile(r"L(?:放假(?:调休|公休)?|调休放假)(?:(\d+)天)?")
_COUNT = re.compile(r"共(\d+)天")
_WORK = re.compile(r"L上班")
_REST = re.compile(r"L补休")
_DECLARED = re.compile(r"L为[^,]{0,8}?法定节假日")
_WEEKEND = re.compile(r"L(?:为公休日|照常公休)")
_MOVE = re.compile(r"L(?:两个)?公休日(?:及[^,]{0,8}?)?(?:分别)?调至L")
_IN_LIEU = re.compile(r"L调休")
_EXTEND = re.compile(r"延长(?:\d{4}年)?(.{1,12}?)假期至L")
_RESUME = re.compile(r"L起正常上班")
_NOOP = re.compile(r"不调休|与(?:周末|周六|周日|星期六|星期日)连休")


@attrs.define
class ReadItem:
    """What one item says, while it is read."""

    label: str
    year: int
    spans: list[tuple[dt.date, dt.date]] = attrs.field(factory=list)
    off: dict[dt.date, str] = attrs.field(factory=dict)  # date -> clause that made it off
    work: dict[dt.date, str] = attrs.field(factory=dict)
    declared: set[dt.date] = attrs.field(factory=set)
    in_lieu: set[dt.date] = attrs.field(factory=set)
    moved_from: dict[dt.date, str] = attrs.field(factory=dict)
    checks: list[tuple[dt.date, str]] = attrs.field(factory=list)  # (date, clause) to check later
    extend: tuple[str, dt.date, str] | None = None
    resume: list[tuple[dt.date, str]] = attrs.field(factory=list)
    last_span: tuple[list[dt.date], str] | None = None
    anchor: dt.date | None = None
    prev: tuple[int, int] | None = None  # (year, month) for a later date without its month


def _resolve(item: ReadItem, tok: lex.DateToken, clause: str) -> dt.date:
    if tok.month is None:
        if item.prev is None:
            raise lex.refuse(item.label, f"{tok.text!r} has no month", clause)
        year, month = item.prev
    else:
        month = tok.month
        year = tok.year if tok.year is not None else item.year
        anchor = item.anchor
        if tok.year is None and anchor is not None:
            # 2008 元旦: "12月30日" next to "2008年1月1日" is 2007-12-30.
            candidates = [dt.date(y, month, 1) for y in (item.year - 1, item.year)]
            year = min(candidates, key=lambda c: abs((c - anchor).days)).year
    if tok.year is not None and tok.year not in (item.year - 1, item.year):
        raise lex.refuse(
            item.label,
            f"{tok.text!r} is in {tok.year}, not in {item.year} or the year before",
            clause,
        )
    try:
        day = dt.date(year, month, tok.day)
    except ValueError:
        raise lex.refuse(item.label, f"{tok.text!r} is not a date", clause) from None
    item.prev = (year, month)
    if item.anchor is None:
        item.anchor = day
    return day


def _groups(
    item: ReadItem, skeleton: str, tokens: list[lex.DateToken], clause: str
) -> tuple[str, list[list[dt.date]]]:
    """Replace each date group by L; return the predicate skeleton and each group's dates."""
    groups: list[list[dt.date]] = []
    pos = 0

    def take(m: re.Match[str]) -> str:
        nonlocal pos
        dates: list[dt.date] = []
        for part in re.split("[、和]", m[0]):
            if len(part) == 1:
                tok = tokens[pos]
                day = _resolve(item, tok, clause)
                _check_note(item, tok, day, clause)
                dates.append(day)
                pos += 1
                continue
            first, last = tokens[pos], tokens[pos + 1]
            start = _resolve(item, first, clause)
            end = _resolve(item, last, clause)
            if end < start and (start.month, end.month) == (12, 1) and first.year is None:
                start = start.replace(year=start.year - 1)  # "12月30日至1月1日"
            if end < start:
                raise lex.refuse(
                    item.label, f"the span {first.text}至{last.text} ends before it starts", clause
                )
            _check_note(item, first, start, clause)
            _check_note(item, last, end, clause, span=(start, end))
            dates.extend(start + dt.timedelta(days=k) for k in range((end - start).days + 1))
            item.spans.append((start, end))
            pos += 2
        groups.append(dates)
        return _L

    return lex.GROUP.sub(take, skeleton), groups


def _check_note(
    item: ReadItem,
    tok: lex.DateToken,
    day: dt.date,
    clause: str,
    span: tuple[dt.date, dt.date] | None = None,
) -> None:
    if not tok.note:
        return
    found, ends = lex.claims(tok.note)
    if ends is not None:
        if span is None:
            raise lex.refuse(item.label, f"{tok.text!r} annotates a span on a single date", clause)
        for end_text, end_day in zip(ends, span, strict=True):
            claim = lex.lunar_claim(end_text)
            if claim is not None:
                _check_claim(item, tok.text, claim, end_day, clause)
        return
    for claim in found:
        _check_claim(item, tok.text, claim, day, clause)


def _check_claim(
    item: ReadItem, written: str, claim: lex.Claim, day: dt.date, clause: str
) -> None:
    if claim.kind == "weekday":
        if day.weekday() != claim.value:
            raise lex.refuse(
                item.label,
                f"{written!r} says {claim.text} but {day} is a "
                f"星期{lex.WEEKDAYS[day.weekday()]} ({day:%A})",
                clause,
            )
        return
    if claim.kind == "fixed":
        expected = dt.date(day.year, claim.value // 100, claim.value % 100)
    else:
        expected = lunar_anchor(claim.kind, day.year) + dt.timedelta(days=claim.value)  # type: ignore[arg-type]
    if expected != day:
        raise lex.refuse(
            item.label,
            f"{written!r} says {claim.text} but {claim.text} of {day.year} is {expected}, "
            f"not {day}",
            clause,
        )


def _clause(item: ReadItem, clause: str, detail: bool) -> None:
    skeleton, tokens = lex.dates_in(clause)
    shape, groups = _groups(item, skeleton, tokens, clause)
    flat = [d for g in groups for d in g]
    if (m := _OFF.fullmatch(shape)) is not None:
        if detail and clause.endswith("放假"):  # 其中9月3日放假：a declared holiday
            item.declared.update(flat)
            item.checks.extend((d, clause) for d in flat)
            return
        for d in flat:
            item.off.setdefault(d, clause)
        item.last_span = (flat, clause)
        if m[1] is not None:
            _count(item, int(m[1]), clause)
    elif (m := _COUNT.fullmatch(shape)) is not None:
        _count(item, int(m[1]), clause)
    elif _WORK.fullmatch(shape):
        for d in flat:
            item.work[d] = clause
    elif _REST.fullmatch(shape):
        for d in flat:
            if d.weekday() >= 5:
                raise lex.refuse(item.label, f"{d} is a 补休 day but falls on a weekend", clause)
            item.off.setdefault(d, clause)
            item.in_lieu.add(d)
    elif _DECLARED.fullmatch(shape):
        item.declared.update(flat)
        item.checks.extend((d, clause) for d in flat)
    elif _WEEKEND.fullmatch(shape):
        for d in flat:
            if d.weekday() < 5:
                raise lex.refuse(
                    item.label, f"{d} is called a weekend (公休) but is a weekday", clause
                )
    elif _MOVE.fullmatch(shape) and len(groups) == 2:
        for d in groups[0]:
            if d.weekday() < 5:
                raise lex.refuse(
                    item.label, f"{d} is moved as a weekend (公休日) but is a weekday", clause
                )
            item.moved_from[d] = clause
        item.checks.extend((d, clause) for d in groups[1])
    elif detail and _IN_LIEU.fullmatch(shape):
        item.in_lieu.update(flat)
        item.checks.extend((d, clause) for d in flat)
    elif (m := _EXTEND.fullmatch(shape)) is not None and len(flat) == 1:
        item.extend = (m[1], flat[0], clause)
    elif _RESUME.fullmatch(shape) and len(flat) == 1:
        item.resume.append((flat[0], clause))
    elif _NOOP.fullmatch(shape) is None:
        raise lex.refuse(item.label, f"cannot read {clause!r}", clause)


def _count(item: ReadItem, n: int, clause: str) -> None:
    if item.last_span is None:
        raise lex.refuse(item.label, f"{clause!r} counts days but no span precedes it", clause)
    dates, where = item.last_span
    if len(dates) != n:
        raise lex.refuse(
            item.label,
            f"{clause!r} says {n} days but {where!r} spans {len(dates)} "
            f"({dates[0]} to {dates[-1]})",
            clause,
        )


def read_item(label: str, year: int, body: str) -> tuple[ReadItem, list[str]]:
    item = ReadItem(label, year)
    notes: list[str] = []
    for sentence in lex.split_depth0(body, "。"):
        if sentence.startswith("鼓励"):
            notes.append(sentence)  # advice, not an arrangement (2024's 除夕)
            continue
        detail = False
        for clause in lex.split_depth0(sentence, ",;:"):
            if clause.startswith("其中"):
                detail, clause = True, clause.removeprefix("其中")
                if not clause:
                    continue
            _clause(item, clause, detail)
    return item, notes


# -- from read items to days -------------------------------------------------------------


def festival_of(festivals: tuple[Festival, ...]) -> Festival:
    if len(festivals) == 1:
        return festivals[0]
    return Festival(
        "+".join(f.key for f in festivals),
        "、".join(f.zh for f in festivals),
        " and ".join(f.en for f in festivals),
    )


def statutory(dates: Iterable[dt.date]) -> dict[dt.date, Festival]:
    out: dict[dt.date, Festival] = {}
    for year in sorted({d.year for d in dates}):
        out.update(statutory_days(year))
    return out


def item_days(
    item: ReadItem,
    number: int,
    festivals: tuple[Festival, ...] | None,
    source: NoticeSource,
    fallback: Festival | None = None,
) -> tuple[NoticeItem, list[ArrangedDay]]:
    """Check an item's facts against each other and turn it into dated entries."""
    for d, clause in item.checks:
        if d not in item.off:
            raise lex.refuse(
                item.label, f"{d} is named in {clause!r} but is not a day off in this item", clause
            )
    for d, clause in item.resume:
        if d in item.off:
            raise lex.refuse(
                item.label,
                f"work resumes on {d} ({clause!r}) but it is a day off ({item.off[d]!r})",
                clause,
            )
    work = dict(item.work)
    for d, clause in item.moved_from.items():
        if d not in item.off:  # 2008 国庆: the moved weekends are worked, though unsaid
            work.setdefault(d, clause)
    for d, clause in work.items():
        if d in item.off:
            raise lex.refuse(
                item.label,
                f"{d} is both a day off ({item.off[d]!r}) and a working day ({clause!r})",
                clause,
            )
        if d.weekday() < 5:
            raise lex.refuse(
                item.label,
                f"{d} is a make-up working day ({clause!r}) but is a "
                f"星期{lex.WEEKDAYS[d.weekday()]} ({d:%A}), not a weekend",
                clause,
            )
    rules = statutory([*item.off, *work])
    if not festivals:  # no heading: the festivals of the statutory days it covers
        festivals = tuple(dict.fromkeys(rules[d] for d in sorted(item.off) if d in rules))
        if not festivals and fallback is not None:
            festivals = (fallback,)
        if not festivals:
            raise lex.refuse(item.label, "names no festival and covers no statutory day", "")
    own = festival_of(festivals)
    out: list[ArrangedDay] = []
    for d in item.off:
        if d in item.declared or (d in rules and d not in item.in_lieu):
            kind, festival = DayKind.STATUTORY_HOLIDAY, rules.get(d, own)
        elif d.weekday() >= 5:
            kind, festival = DayKind.WEEKEND, own
        else:
            kind, festival = DayKind.IN_LIEU_REST, own
        out.append(ArrangedDay(d, kind, festival, number, source))
    out.extend(ArrangedDay(d, DayKind.MAKEUP_WORKDAY, own, number, source) for d in work)
    return NoticeItem(number, festivals, "", source), out


def merge(year: int, parts: list[tuple[NoticeItem, list[ArrangedDay]]]) -> tuple[ArrangedDay, ...]:
    seen: dict[dt.date, tuple[NoticeItem, ArrangedDay]] = {}
    for item, days in parts:
        for d in days:
            if d.date in seen:
                other, prev = seen[d.date]
                raise lex.refuse(
                    item.label,
                    f"{d.date} is {'a working day' if d.kind.works else 'a day off'} here but "
                    f"{'a working day' if prev.kind.works else 'a day off'} in {other.label}",
                    d.date,
                )
            seen[d.date] = (item, d)
    if not seen:
        raise InvalidInputError.constraint("text", f"a notice that arranges days of {year}", "")
    return tuple(sorted((d for _i, d in seen.values()), key=lambda d: d.date))
