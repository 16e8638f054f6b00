"""State Council holiday notices as data: parse, validate, amend.

Every November or December the General Office of the State Council publishes
国务院办公厅关于YYYY年部分节假日安排的通知: numbered items, one per festival,
each naming the days off and the make-up working days (调休上班). Paste its
items into :func:`parse_notice` and get the year's :class:`Arrangement`: every
date with its kind (statutory holiday, in-lieu rest day, weekend, make-up
working day), its festival and the item it comes from.

The grammar covers the wording used since 2008 (spans with 至 or —, across
months and years, 放假调休 / 放假公休 / 与周末连休 / 补休 / 不调休, 星期六 and
周六, 农历 annotations, two festivals in one item, a later date without its
month, the 2008-09 "其中…为法定节假日…调至…" style with implied make-up days,
and 2024's encouragement to rest on 除夕, which is not a holiday). A clause it
cannot read is refused with an error naming the item, never skipped.

Checks that catch typos in the source: every weekday and lunar annotation
matches its date, every 共N天 equals its span, no date is both off and
working, every make-up working day is a weekend and every 补休 day a weekday.

A later notice can amend a year (2015 victory day, 2019 Labour Day, 2020
Spring Festival extension): :meth:`Arrangement.amend` applies it.

Example:
    >>> import datetime as dt
    >>> from qmscore.workdays import parse_notice
    >>> a = parse_notice('''
    ... # title: 国务院办公厅关于2025年部分节假日安排的通知
    ... # issued: 2024年11月12日 ; number: 国办发明电〔2024〕12号
    ... 一、元旦：1月1日（周三）放假1天，不调休。
    ... 二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
    ... 1月26日（周日）、2月8日（周六）上班。
    ... ''')
    >>> a.year, len(a.holidays), [d.isoformat() for d in a.working_days]
    (2025, 9, ['2025-01-26', '2025-02-08'])
    >>> str(a.kind(dt.date(2025, 2, 3))), a.day(dt.date(2025, 1, 28)).festival.zh
    ('in_lieu_rest', '春节')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import attrs

from qmscore._checks import check_int, check_sequence, check_str
from qmscore._display import Tabular, display
from qmscore.errors import InvalidInputError
from qmscore.workdays import _notice_text as lex
from qmscore.workdays._notice_items import (
    ArrangedDay,
    NoticeItem,
    NoticeSource,
    ReadItem,
    festival_of,
    item_days,
    merge,
    read_item,
    statutory,
)
from qmscore.workdays.china import Festival, festival_named
from qmscore.workdays.kinds import DayKind

__all__ = [
    "ArrangedDay",
    "Arrangement",
    "NoticeItem",
    "NoticeSource",
    "parse_notice",
    "parse_notices",
]

_MAX_TEXT = 200_000


@display(rows="days")
@attrs.frozen
class Arrangement(Tabular):
    """A year's holiday arrangement: the first notice plus its amendments, in order.

    Attributes:
        year: The year it arranges.
        days: Every date it names, sorted, with kind, festival, item and source.
        items: The items as read (amended items replaced).
        sources: The first notice, then each amending notice.
        notes: Sentences that arrange nothing (2024: 鼓励…安排职工在除夕休息).
    """

    year: int
    days: tuple[ArrangedDay, ...]
    items: tuple[NoticeItem, ...]
    sources: tuple[NoticeSource, ...]
    notes: tuple[str, ...] = ()

    @property
    def source(self) -> NoticeSource:
        """The first notice."""
        return self.sources[0]

    @property
    def holidays(self) -> tuple[dt.date, ...]:
        """Every date off that the arrangement names (weekends inside spans included)."""
        return tuple(d.date for d in self.days if not d.kind.works)

    @property
    def working_days(self) -> tuple[dt.date, ...]:
        """The make-up working days (调休上班)."""
        return tuple(d.date for d in self.days if d.kind.works)

    @property
    def first(self) -> dt.date:
        """The first date it governs: 1 January, or an earlier date it names."""
        return min(dt.date(self.year, 1, 1), self.days[0].date)

    @property
    def last(self) -> dt.date:
        """The last date it names."""
        return self.days[-1].date

    def day(self, date: dt.date) -> ArrangedDay | None:
        """The entry for ``date``, or None if the arrangement does not name it."""
        for d in self.days:
            if d.date == date:
                return d
        return None

    def kind(self, date: dt.date) -> DayKind | None:
        """The kind of ``date`` if the arrangement names it, else None."""
        found = self.day(date)
        return None if found is None else found.kind

    def amend(self, text: str) -> Arrangement:
        """This arrangement with an amending notice applied.

        The amending text is read with the same grammar. A clause 延长…假期至D
        extends that festival's last span to D (make-up days inside it are
        cancelled); other clauses replace the item of the festival they name,
        or else the item whose days they overlap, or else add an item.
        """
        return _amend(self, _check_text(text))


# -- whole notices -----------------------------------------------------------------------

_OPERATIVE = re.compile("放假|上班|调休|补休|公休|法定节假日|调至|延长")


def _join_continuations(lines: list[str]) -> list[str]:
    """Join a wrapped item's later lines (a date and an operative word) to the item."""
    out: list[str] = []
    in_item = False
    for line in lines:
        if line.startswith("#"):
            out.append(line)
            continue
        numbered = lex.ITEM.match(line) is not None
        if (
            not numbered
            and in_item
            and lex.DATE.search(line)
            and _OPERATIVE.search(line)
            and not line.startswith("国务院")
        ):
            out[-1] += line
            continue
        in_item = numbered
        out.append(line)
    return out


def _check_text(text: object) -> str:
    text = check_str("text", text)
    if len(text) > _MAX_TEXT:
        raise InvalidInputError.constraint(
            "text", f"at most {_MAX_TEXT} characters", f"{len(text)} characters"
        )
    return lex.normalize(text)


def _source(meta: lex.Meta) -> NoticeSource:
    return NoticeSource(meta.title, meta.number, meta.issued, lex.parse_issued(meta.issued))


def _year(meta: lex.Meta, year: int | None, items: list[re.Match[str]]) -> int:
    if year is not None:
        year = check_int("year", year, minimum=2000, maximum=2100)
    found = meta.year
    if (
        found is None and year is None
    ):  # the latest year in the items (2018年12月30日至2019年1月1日)
        written = [int(y) for m in items for y in re.findall(r"(\d{4})年", m["body"])]
        found = max(written, default=None)
    if year is not None and found is not None and found != year:
        raise InvalidInputError(
            f"'year' is {year} but the notice says {found}", field="year", value=year
        )
    if year is not None:
        return year
    if found is None:
        raise InvalidInputError.constraint(
            "year", "given (the notice text does not state its year)", None
        )
    return found


def parse_notice(
    text: str, *, year: int | None = None, amends: Arrangement | None = None
) -> Arrangement:
    """Read a holiday notice (or an amending one) into an :class:`Arrangement`.

    Args:
        text: The notice's numbered items as published (one per line), with
            optional ``# title:`` / ``# issued: … ; number: …`` header lines,
            or a title line, a 文号 and a date line as on the official page.
        year: The year arranged, when the text does not say it.
        amends: The arrangement this text amends (then ``text`` is an amending
            notice, e.g. 2019's Labour Day change); same as ``amends.amend(text)``.

    Raises:
        InvalidInputError: a clause cannot be read, or two facts disagree (a
            weekday, a 共N天, a date both off and working...): the message names
            the item and both facts.

    Example:
        >>> from qmscore.workdays import parse_notice
        >>> a = parse_notice("三、清明节：4月4日至6日放假调休，共3天。", year=2020)
        >>> [str(d.kind) for d in a.days]
        ['statutory_holiday', 'weekend', 'in_lieu_rest']
    """
    if amends is not None:
        if not isinstance(amends, Arrangement):
            raise InvalidInputError.constraint("amends", "an Arrangement", amends)
        return amends.amend(text)
    norm = _check_text(text)
    lines = _join_continuations([line for line in norm.splitlines() if line])
    items = [m for line in lines if (m := lex.ITEM.match(line)) is not None]
    if not items:
        raise InvalidInputError.constraint(
            "text", "numbered items (一、元旦：…); for an amending notice use amends=", norm[:60]
        )
    meta = lex.read_meta([line for line in lines if lex.ITEM.match(line) is None])
    the_year = _year(meta, year, items)
    source = _source(meta)
    parts: list[tuple[NoticeItem, list[ArrangedDay]]] = []
    notes: list[str] = []
    numbers: set[int] = set()
    for m in items:
        number = lex.parse_zh_number(m["n1"] or m["n2"]) or 0
        if number in numbers or number < 1:
            raise InvalidInputError.constraint("text", "items numbered once each", m[0][:40])
        numbers.add(number)
        festivals = tuple(festival_named(h) for h in m["head"].split("、")) if m["head"] else None
        label = NoticeItem(number, festivals or (), "", source).label
        read, said = read_item(label, the_year, m["body"])
        if read.extend is not None:
            raise lex.refuse(
                label,
                "extends a holiday: that is an amending notice (use amends=)",
                read.extend[2],
            )
        item, days = item_days(read, number, festivals, source)
        parts.append((attrs.evolve(item, text=m[0]), days))
        notes.extend(said)
    return Arrangement(
        the_year, merge(the_year, parts), tuple(i for i, _d in parts), (source,), tuple(notes)
    )


def _notice_or_arrangement(field: str, value: object) -> str | Arrangement:
    if isinstance(value, Arrangement):
        return value
    return check_str(field, value)


def parse_notices(notices: Iterable[str | Arrangement]) -> tuple[Arrangement, ...]:
    """Several notices, each amending notice after the notice it amends; by year.

    A text with numbered items starts a year; a text without them (the
    operative sentences of an amending notice) amends the notice just before
    it. Parsed :class:`Arrangement` values may be mixed in.

    Example:
        >>> from qmscore.workdays.notices import parse_notices
        >>> a, = parse_notices(["四、劳动节：2019年5月1日放假。",
        ...                     "2019年5月1日至4日放假调休，共4天。"])
        >>> len(a.holidays), len(a.sources)
        (4, 2)
    """
    values = check_sequence("notices", notices, _notice_or_arrangement, max_items=200)
    by_year: dict[int, Arrangement] = {}
    last: Arrangement | None = None
    for i, value in enumerate(values):
        if isinstance(value, str) and not any(
            lex.ITEM.match(line) for line in lex.normalize(value).splitlines()
        ):
            if last is None:
                raise InvalidInputError.constraint(
                    f"notices[{i}]",
                    "after the notice it amends (it has no numbered items)",
                    value[:40],
                )
            by_year[last.year] = last = last.amend(value)
            continue
        arrangement = parse_notice(value) if isinstance(value, str) else value
        if arrangement.year in by_year:
            raise InvalidInputError.constraint(
                f"notices[{i}]",
                f"the only notice for {arrangement.year} (pass a change as an amending notice)",
                arrangement.source.cite(arrangement.year),
            )
        by_year[arrangement.year] = last = arrangement
    return tuple(by_year[y] for y in sorted(by_year))


# -- amendments --------------------------------------------------------------------------

_SPECIAL = Festival("special", "特别放假安排", "special holiday arrangement")


def _amend(base: Arrangement, norm: str) -> Arrangement:
    lines = _join_continuations([line for line in norm.splitlines() if line])
    meta = lex.read_meta([line for line in lines if lex.ITEM.match(line) is None])
    if meta.year is not None and meta.year != base.year:
        raise InvalidInputError(
            f"the amending notice is for {meta.year} but the arrangement is for {base.year}",
            field="text",
            value=meta.year,
        )
    source = _source(meta)
    pieces: list[tuple[str | None, str]] = []  # (heading, body)
    loose: list[str] = []
    for line in lines:
        if line.startswith("#"):
            continue
        if (m := lex.ITEM.match(line)) is not None:
            pieces.append((m["head"], m["body"]))
        elif lex.DATE.search(line) and re.search("放假|上班|调休|补休|延长", line):
            loose.append(line)
    if loose:
        pieces.append((None, "".join(loose)))
    if not pieces:
        raise InvalidInputError.constraint(
            "text", "an amending notice with operative sentences", norm[:60]
        )
    items = {i.number: i for i in base.items}
    days = {d.date: d for d in base.days}
    for head, body in pieces:
        festivals = tuple(festival_named(h) for h in head.split("、")) if head else None
        label = "amendment" + (f" ({head})" if head else "")
        read, _notes = read_item(label, base.year, body)
        if read.extend is not None:
            _extend(base, read, items, days, source)
            continue
        target = _target(base, read, festivals, days, label)
        if target is None:
            number = max(items) + 1
            if not festivals and meta.occasion:
                festivals = (festival_named(meta.occasion),)
        else:
            number = target.number
            festivals = festivals or target.festivals
            days = {k: v for k, v in days.items() if v.item != number}
        item, new = item_days(read, number, festivals, source, _SPECIAL)
        items[number] = attrs.evolve(item, text=body)
        for d in new:
            if d.date in days:
                raise lex.refuse(
                    item.label, f"{d.date} is also in item {days[d.date].item_zh}", body
                )
            days[d.date] = d
    return Arrangement(
        base.year,
        tuple(sorted(days.values(), key=lambda d: d.date)),
        tuple(items[k] for k in sorted(items)),
        (*base.sources, source),
        base.notes,
    )


def _target(
    base: Arrangement,
    read: ReadItem,
    festivals: tuple[Festival, ...] | None,
    days: dict[dt.date, ArrangedDay],
    label: str,
) -> NoticeItem | None:
    if festivals:
        keys = {f.key for f in festivals}
        named = [i for i in base.items if keys & {f.key for f in i.festivals}]
        if named:
            return named[0]
    touched = {days[d].item for d in (*read.off, *read.work) if d in days}
    if len(touched) > 1:
        raise lex.refuse(
            label, f"overlaps items {sorted(touched)}: name the festival it amends", ""
        )
    return next((i for i in base.items if i.number in touched), None)


def _extend(
    base: Arrangement,
    read: ReadItem,
    items: dict[int, NoticeItem],
    days: dict[dt.date, ArrangedDay],
    source: NoticeSource,
) -> None:
    assert read.extend is not None
    name, until, clause = read.extend
    festival = festival_named(name)
    target = next((i for i in items.values() if festival in i.festivals), None)
    if target is None:
        raise lex.refuse(
            read.label, f"extends {name}, which no item of {base.year} arranges", clause
        )
    off = sorted(d for d, v in days.items() if v.item == target.number and not v.kind.works)
    if until <= off[-1]:
        raise lex.refuse(
            read.label, f"extends {name} to {until}, but it already ends {off[-1]}", clause
        )
    for d, resume_clause in read.resume:
        if d <= until:
            raise lex.refuse(
                read.label, f"work resumes on {d} ({resume_clause!r}) inside the extension", clause
            )
    rules = statutory([until])
    day = off[-1] + dt.timedelta(days=1)
    while day <= until:
        if day in days and days[day].item != target.number:
            raise lex.refuse(read.label, f"{day} is in item {days[day].item_zh}", clause)
        if day in rules:
            kind = DayKind.STATUTORY_HOLIDAY
        else:
            kind = DayKind.WEEKEND if day.weekday() >= 5 else DayKind.IN_LIEU_REST
        days[day] = ArrangedDay(day, kind, festival_of(target.festivals), target.number, source)
        day += dt.timedelta(days=1)
