"""Lexing a State Council holiday notice: lines, metadata, dates and their annotations.

The text is normalised with NFKC first (full-width digits, parentheses, colons
and commas become ASCII) and spaces are removed, so every pattern below is
written once, in half-width form. Semantics (what a clause means) live in
:mod:`qmscore.workdays.notices`; this module only finds the pieces.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import attrs

from qmscore.errors import InvalidInputError

_ZH_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_ZH_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9, "两": 2})
_ZH_NUMERALS = "一二三四五六七八九十"


def zh_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (item numbers, 1..99)."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _ZH_NUMERALS[tens - 1] + "十")
    return head + (_ZH_NUMERALS[units - 1] if units else "")


def parse_zh_number(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十一 -> 21, 廿一 -> 21; digits as digits; None if unreadable."""
    if text.isdigit():
        return int(text)
    text = text.replace("廿", "二十")
    if text and all(c in _ZH_DIGITS for c in text) and len(text) > 1:
        return int("".join(str(_ZH_DIGITS[c]) for c in text))  # 二○○九 (digit by digit)
    tens, sep, units = text.partition("十")
    if not sep:
        return _ZH_DIGITS.get(text) if len(text) == 1 else None
    t = 1 if not tens else _ZH_DIGITS.get(tens) if len(tens) == 1 else None
    u = 0 if not units else _ZH_DIGITS.get(units) if len(units) == 1 else None
    return None if t is None or u is None else t * 10 + u


def normalize(text: str) -> str:
    """NFKC (full-width to half-width), unified dashes, no spaces inside a line."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[–－―]", "—", text)
    return "\n".join(re.sub(r"[ \t\u3000\u00a0]+", "", line) for line in text.splitlines())


# -- lines ----------------------------------------------------------------------------

ITEM = re.compile(
    r"^(?:\((?P<n1>[一二三四五六七八九十]+|\d+)\)|(?P<n2>[一二三四五六七八九十]+|\d+)[、.])"
    r"(?:(?P<head>[^:\d]{1,24}):)?(?P<body>.+)$"
)
_META = re.compile(r"^#(?P<key>[a-z]+):(?P<value>.*)$")
_TITLE = re.compile(r"^(?:\S*?)?(国务院(?:办公厅)?关于.+的通知)$")
_DOC_NUMBER = re.compile(r"(国(?:办)?发(?:明电)?〔\d{4}〕\d+号)")
_ISSUED = re.compile(
    r"^(?:国务院(?:办公厅)?)?(?P<date>\d{4}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年"
    r"[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)$"
)
_YEAR_IN_TITLE = re.compile(r"关于(\d{4})年")
_YEAR_IN_PREAMBLE = re.compile(r"现将(\d{4})年")
_OCCASION_IN_TITLE = re.compile(r"关于(?:\d{4}年)?(.+?)(?:调休)?放假(?:调休)?(?:安排)?的通知")


@attrs.frozen
class Meta:
    """What the lines around the items say about the notice."""

    year: int | None = None
    title: str | None = None
    number: str | None = None
    issued: str | None = None
    occasion: str | None = None


def parse_issued(text: str | None) -> dt.date | None:
    """``2024年11月12日`` or ``二○○九年十二月七日`` as a date (None if unreadable)."""
    if not text:
        return None
    m = re.fullmatch(r"(\S+?)年(\S+?)月(\S+?)日", text)
    if m is None:
        return None
    parts = [parse_zh_number(p) for p in m.groups()]
    if None in parts:
        return None
    try:
        return dt.date(*parts)  # type: ignore[arg-type]
    except ValueError:
        return None


def _known(value: str) -> str | None:
    value = value.strip()
    return None if not value or value.lower() in ("unknown", "none", "-") else value


def read_meta(lines: list[str]) -> Meta:
    """Metadata from ``# key: value`` lines, a title line, a 文号 and a date line."""
    found: dict[str, str] = {}
    year: int | None = None
    for line in lines:
        m = _META.match(line)
        if m is not None:
            key, value = m["key"], m["value"]
            if key == "year" and value.strip().isdigit():
                year = int(value)
            elif key == "title" and _known(value):
                found.setdefault("title", value.strip())
            elif key == "issued":
                issued, _sep, rest = value.partition(";")
                if _known(issued):
                    found.setdefault("issued", issued.strip())
                number = rest.partition(":")[2] if "number" in rest else ""
                if _known(number):
                    found.setdefault("number", number.strip())
            continue
        if line.startswith("#"):
            continue
        if (t := _TITLE.match(line)) is not None:
            found.setdefault("title", t[1])
        elif (i := _ISSUED.match(line)) is not None:
            found.setdefault("issued", i["date"])
        if (n := _DOC_NUMBER.search(line)) is not None and ITEM.match(line) is None:
            found.setdefault("number", n[1])
        if year is None and (p := _YEAR_IN_PREAMBLE.search(line)) is not None:
            year = int(p[1])
    title = found.get("title")
    if year is None and title is not None and (t2 := _YEAR_IN_TITLE.search(title)):
        year = int(t2[1])
    occasion = None
    if title is not None and (o := _OCCASION_IN_TITLE.search(title)) is not None:
        occasion = o[1]
    return Meta(year, title, found.get("number"), found.get("issued"), occasion)


# -- dates ------------------------------------------------------------------------------

DATE = re.compile(
    r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日(?:\((?P<note>[^()]*)\))?"
)
MARK = "\ue000"  # stands for one date in a clause's skeleton
_RANGE_SEPS = "至—~-"
GROUP = re.compile(f"{MARK}(?:[{_RANGE_SEPS}]{MARK})?(?:[、和]{MARK}(?:[{_RANGE_SEPS}]{MARK})?)*")


@attrs.frozen
class DateToken:
    """One date as written: its numbers (year/month may be missing) and its annotation."""

    text: str
    year: int | None
    month: int | None
    day: int
    note: str | None


def dates_in(clause: str) -> tuple[str, list[DateToken]]:
    """The clause's skeleton (each date replaced by ``MARK``) and its date tokens."""
    tokens: list[DateToken] = []

    def swap(m: re.Match[str]) -> str:
        tokens.append(
            DateToken(
                m[0],
                int(m["y"]) if m["y"] else None,
                int(m["m"]) if m["m"] else None,
                int(m["d"]),
                m["note"],
            )
        )
        return MARK

    return DATE.sub(swap, clause), tokens


def split_depth0(text: str, seps: str) -> list[str]:
    """Split at any of ``seps`` outside parentheses; empty pieces dropped."""
    out: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [p for p in out if p]


# -- annotations -----------------------------------------------------------------------

WEEKDAYS = "一二三四五六日"
_WEEKDAY = re.compile(r"(?:星期|周|礼拜)([一二三四五六日天])")
_LUNAR_DAYS = {
    name: k
    for k, name in enumerate(
        [f"初{c}" for c in "一二三四五六七八九十"]
        + [f"十{c}" for c in "一二三四五六七八九"]
        + ["二十"]
        + [f"廿{c}" for c in "一二三四五六七八九"]
        + ["三十"]
    )
}
_LUNAR_MONTH_DAY = re.compile(f"(?:正月|大年)({'|'.join(_LUNAR_DAYS)})")


@attrs.frozen
class Claim:
    """What an annotation part claims about its date.

    ``kind`` is ``"weekday"`` (``value`` 0-6, Monday first), ``"lunar_new_year"``
    (``value`` = days after 正月初一; 除夕 is -1), ``"qingming"``,
    ``"dragon_boat"``, ``"mid_autumn"`` or ``"fixed"`` (``value`` = month*100+day).
    """

    text: str
    kind: str
    value: int = 0


_NAMED: dict[str, tuple[str, int]] = {
    "除夕": ("lunar_new_year", -1),
    "春节": ("lunar_new_year", 0),
    "清明": ("qingming", 0),
    "清明节": ("qingming", 0),
    "清明当日": ("qingming", 0),
    "端午": ("dragon_boat", 0),
    "端午节": ("dragon_boat", 0),
    "端午当日": ("dragon_boat", 0),
    "五月初五": ("dragon_boat", 0),
    "中秋": ("mid_autumn", 0),
    "中秋节": ("mid_autumn", 0),
    "中秋当日": ("mid_autumn", 0),
    "八月十五": ("mid_autumn", 0),
    "新年": ("fixed", 101),
    "元旦": ("fixed", 101),
    "五一国际劳动节": ("fixed", 501),
    "国际劳动节": ("fixed", 501),
    "劳动节": ("fixed", 501),
}


def claims(note: str) -> tuple[list[Claim], tuple[str, str] | None]:
    """The checkable claims of an annotation, and a range annotation's two ends.

    ``"星期一、农历正月初一"`` gives a weekday claim and a lunar one;
    ``"农历除夕至正月初六"`` gives no claims but the ends ``("农历除夕", "正月初六")``.
    Parts we cannot check (free words) are skipped: an annotation never adds days.
    """
    note = note.strip().removeprefix("即")
    if "至" in note:
        start, _sep, end = note.partition("至")
        return [], (start, end)
    out: list[Claim] = []
    for raw in re.split(r"[、,;]", note):
        part = raw.strip().replace("“", "").replace("”", "").replace('"', "")
        if (w := _WEEKDAY.fullmatch(part)) is not None:
            out.append(Claim(raw, "weekday", WEEKDAYS.index(w[1].replace("天", "日"))))
            continue
        claim = lunar_claim(part)
        if claim is not None:
            out.append(attrs.evolve(claim, text=raw))
    return out, None


def lunar_claim(part: str) -> Claim | None:
    """A claim from a lunar or festival name (农历 prefix optional), else None."""
    part = part.removeprefix("农历")
    if part in _NAMED:
        kind, value = _NAMED[part]
        return Claim(part, kind, value)
    m = _LUNAR_MONTH_DAY.fullmatch(part)
    if m is not None:  # 正月初一 is 0 days after 正月初一
        return Claim(part, "lunar_new_year", _LUNAR_DAYS[m[1]])
    return None


def refuse(item: str, message: str, value: object) -> InvalidInputError:
    """Our error for a notice that does not read: it names the item."""
    return InvalidInputError(f"notice {item}: {message}", field=f"notice {item}", value=value)
