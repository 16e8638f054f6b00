"""Notice laws: a generated notice parses back to what generated it; one typo is refused.

The generator writes a notice for a random year in any of the observed styles
(spans with 至 or —, 放假调休 / 放假 / 放假公休, a single day with 放假1天 /
与周末连休 / 不调休 / 共1天, a day and its 补休, make-up lists with a later
date without its month, a 元旦 span from the year before with the year written,
星期X or 周X annotations, numbering 一、 / 1. / (一), the year in a header, a
title line or as a keyword). Items sit two months apart so they never collide.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qmscore.errors import InvalidInputError
from qmscore.workdays import parse_notice
from tests.budget import budget

WEEK = "一二三四五六日"
NUMERALS = "一二三四五六七八九十"
HEADINGS = (
    "元旦",
    "春节",
    "清明节",
    "劳动节",
    "“五一”国际劳动节",
    "端午节",
    "中秋节",
    "国庆节",
    "国庆节、中秋节",
    "中秋节、国庆节",
)


@attrs.define
class Generated:
    """A notice's text and what it says."""

    text: str = ""
    year: int | None = None  # passed as a keyword when set
    off: dict[dt.date, int] = attrs.field(factory=dict)  # date -> item number
    work: dict[dt.date, int] = attrs.field(factory=dict)
    weekdays: list[tuple[int, int]] = attrs.field(factory=list)  # (item, index of the 星期 char)
    counts: list[tuple[int, int, int]] = attrs.field(factory=list)  # (item, index, length of N)


class _Writer:
    """Writes one item's dates, omitting what the notices omit."""

    def __init__(self, draw: st.DrawFn, year: int, out: Generated, number: int) -> None:
        self.draw, self.year, self.out, self.number = draw, year, out, number
        self.prev: dt.date | None = None
        self.parts: list[str] = []

    def pos(self) -> int:
        return len(self.out.text) + sum(len(p) for p in self.parts)

    def write(self, text: str) -> None:
        self.parts.append(text)

    def date(self, d: dt.date, *, may_omit_month: bool = True) -> None:
        same = self.prev is not None and (self.prev.year, self.prev.month) == (d.year, d.month)
        if same and may_omit_month and self.draw(st.booleans()):
            self.write(f"{d.day}日")
        elif d.year != self.year or self.draw(st.integers(0, 4)) == 0:
            self.write(f"{d.year}年{d.month}月{d.day}日")
        else:
            self.write(f"{d.month}月{d.day}日")
        self.prev = d
        if self.draw(st.booleans()):
            prefix = self.draw(st.sampled_from(["星期", "周"]))
            self.write(f"（{prefix}")
            self.out.weekdays.append((self.number, self.pos()))
            self.write(f"{WEEK[d.weekday()]}）")

    def count(self, before: str, n: int, after: str) -> None:
        self.write(before)
        self.out.counts.append((self.number, self.pos(), len(str(n))))
        self.write(f"{n}{after}")


@st.composite
def notices(draw: st.DrawFn) -> Generated:
    year = draw(st.integers(2008, 2099))
    out = Generated()
    style = draw(st.sampled_from(["header", "title", "keyword"]))
    if style == "header":
        out.text = f"# year: {year}\n"
    elif style == "title":
        out.text = f"国务院办公厅关于{year}年部分节假日安排的通知\n"
    else:
        out.year = year
    slots = draw(st.lists(st.integers(0, 5), min_size=1, max_size=6, unique=True))
    plans = []
    for number, slot in enumerate(sorted(slots), 1):
        if slot == 0 and draw(st.booleans()):  # 元旦 from the year before
            start = dt.date(year - 1, 12, draw(st.integers(25, 31)))
            kind = "span"
            length = draw(st.integers(max(2, 33 - start.day), 9))
        else:
            start = dt.date(year, 2 * slot + 1, draw(st.integers(1, 28)))
            kind = draw(st.sampled_from(["span", "single", "buxiu"]))
            length = draw(st.integers(2, 9)) if kind == "span" else 1
        days = [start + dt.timedelta(days=k) for k in range(length)]
        lieu = None
        if kind == "buxiu":
            lieu = start + dt.timedelta(days=draw(st.integers(1, 4)))
            while lieu.weekday() >= 5:
                lieu += dt.timedelta(days=1)
            days.append(lieu)
        out.off.update(dict.fromkeys(days, number))
        plans.append((number, kind, start, length, lieu))
    for number, kind, start, length, lieu in plans:
        numbering = draw(st.sampled_from(["zh", "digit", "paren"]))
        label = NUMERALS[number - 1]
        head = {"zh": f"{label}、", "digit": f"{number}. ", "paren": f"（{label}）"}[numbering]
        w = _Writer(draw, year, out, number)
        w.write(f"{head}{draw(st.sampled_from(HEADINGS))}：")
        end = start + dt.timedelta(days=length - 1)
        if kind == "span":
            w.date(start, may_omit_month=False)
            w.write(draw(st.sampled_from(["至", "—"])))
            w.date(end)
            w.write(draw(st.sampled_from(["放假调休", "放假", "放假公休"])))
            w.count("，共", length, "天。")
        elif kind == "single":
            w.date(start, may_omit_month=False)
            form = draw(st.sampled_from(["1天", "，与周末连休", "", "，共1天", "1天，不调休"]))
            if form.startswith("1天"):
                w.count("放假", 1, form.removeprefix("1") + "。")
            elif form == "，共1天":
                w.count("放假，共", 1, "天。")
            else:
                w.write(f"放假{form}。")
        else:
            assert lieu is not None
            w.date(start, may_omit_month=False)
            w.write("放假，")
            w.date(lieu)
            w.write("补休。")
        around = [end + dt.timedelta(days=k) for k in range(1, 11)]
        around += [start - dt.timedelta(days=k) for k in range(1, 11)]
        free = sorted(
            d for d in around if d.weekday() >= 5 and d not in out.off and d not in out.work
        )
        work = (
            sorted(draw(st.lists(st.sampled_from(free), max_size=2, unique=True))) if free else []
        )
        for k, d in enumerate(work):
            if k:
                w.write("、")
            w.date(d, may_omit_month=k > 0)
            out.work[d] = number
        if work:
            w.write("上班。")
        out.text += "".join(w.parts) + "\n"
    return out


def _parse(g: Generated, text: str | None = None) -> object:
    return parse_notice(g.text if text is None else text, year=g.year)


@budget(ms=5)
@given(notices())
def test_a_generated_notice_parses_back_to_what_generated_it(g: Generated) -> None:
    a = parse_notice(g.text, year=g.year)
    assert {d.date: d.item for d in a.days if not d.kind.works} == g.off
    assert {d.date: d.item for d in a.days if d.kind.works} == g.work
    assert set(a.holidays) == set(g.off)
    assert set(a.working_days) == set(g.work)


@budget(ms=8)
@given(notices(), st.data())
def test_one_wrong_weekday_is_refused_naming_the_item(g: Generated, data: st.DataObject) -> None:
    if not g.weekdays:
        return
    number, index = data.draw(st.sampled_from(g.weekdays))
    right = g.text[index]
    wrong = data.draw(st.sampled_from([c for c in WEEK if c != right]))
    text = g.text[:index] + wrong + g.text[index + 1 :]
    with pytest.raises(InvalidInputError) as info:
        _parse(g, text)
    assert f"item {NUMERALS[number - 1]}" in str(info.value)
    assert f"says {'星期' if g.text[index - 1] == '期' else '周'}{wrong}" in str(info.value)


@budget(ms=5)
@given(notices(), st.data())
def test_one_wrong_count_is_refused_naming_the_item(g: Generated, data: st.DataObject) -> None:
    if not g.counts:
        return
    number, index, width = data.draw(st.sampled_from(g.counts))
    n = int(g.text[index : index + width])
    text = g.text[:index] + str(n + data.draw(st.integers(1, 5))) + g.text[index + width :]
    with pytest.raises(InvalidInputError) as info:
        _parse(g, text)
    assert f"item {NUMERALS[number - 1]}" in str(info.value)
    assert f"spans {n}" in str(info.value)
