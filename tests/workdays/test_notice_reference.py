"""Every reference notice, parsed, against chinesecalendar (an independent transcription).

The notices are in ../shared/reference/china_notices/ (one YYYY.txt per notice);
the three amending notices' operative sentences are read from its README. The
test skips when the folder or chinesecalendar is absent.

Agreement is checked as the question a user asks: for every date from
1 January (or the notice's earliest date) to the last date the notice names,
is it a working day? A day counts as working in the arrangement when it is a
make-up day, or a weekday the arrangement does not give off.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from qmscore.workdays import Arrangement, DayKind, parse_notice

AMENDED = (2015, 2019, 2020)


def _notices(reference: Path) -> dict[int, str]:
    folder = reference / "china_notices"
    if not folder.is_dir():
        pytest.skip(f"no china_notices in {reference}")
    return {int(p.stem): p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def _amendments(reference: Path) -> dict[int, str]:
    """The README's operative sentences, with their 文号 and date as header lines."""
    readme = (reference / "china_notices" / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"  - (\d{4}): (\S+) \((\d{4}-\d\d-\d\d)\)[^\n]*:\n\s+(\S[^\n]*)", readme)
    return {
        int(year): f"# issued: {issued} ; number: {number}\n{sentence}"
        for year, number, issued, sentence in found
    }


def _differences(arrangement: Arrangement) -> list[dt.date]:
    chinese_calendar = pytest.importorskip("chinese_calendar")
    off, work = set(arrangement.holidays), set(arrangement.working_days)
    out, day = [], arrangement.first
    while day <= arrangement.last:
        ours = day in work or (day.weekday() < 5 and day not in off)
        if ours != chinese_calendar.is_workday(day):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def test_every_notice_agrees_with_chinesecalendar(reference: Path) -> None:
    notices = _notices(reference)
    assert len(notices) >= 16  # 2008-2025 less 2012 and 2017
    amendments = _amendments(reference)
    assert sorted(amendments) == list(AMENDED)
    for year, text in notices.items():
        arrangement = parse_notice(text)
        assert arrangement.year == year
        assert arrangement.source.title == f"国务院办公厅关于{year}年部分节假日安排的通知"
        if year in AMENDED:
            # The first notice alone disagrees: chinesecalendar holds the amended year.
            assert _differences(arrangement), year
            arrangement = arrangement.amend(amendments[year])
            assert len(arrangement.sources) == 2
        assert _differences(arrangement) == [], year


def test_amended_years_differ_exactly_where_the_amendment_says(reference: Path) -> None:
    notices, amendments = _notices(reference), _amendments(reference)
    before = {y: parse_notice(notices[y]) for y in AMENDED}
    after = {y: before[y].amend(amendments[y]) for y in AMENDED}

    def changed(y: int) -> list[str]:
        old = {d.date: d.kind for d in before[y].days}
        new = {d.date: d.kind for d in after[y].days}
        return sorted(d.isoformat() for d in old.keys() | new.keys() if old.get(d) != new.get(d))

    # 2015: 9月3日至5日 off, 9月6日（星期日）上班: four new dates.
    assert changed(2015) == ["2015-09-03", "2015-09-04", "2015-09-05", "2015-09-06"]
    # 2019: 5月1日 alone became 5月1日至4日, with 4月28日 and 5月5日 worked.
    assert changed(2019) == ["2019-04-28", "2019-05-02", "2019-05-03", "2019-05-04", "2019-05-05"]
    # 2020: 春节 extended from 1月30日 to 2月2日; 2月1日 (a make-up Saturday) became off.
    assert changed(2020) == ["2020-01-31", "2020-02-01", "2020-02-02"]
    assert after[2020].kind(dt.date(2020, 2, 1)) is DayKind.WEEKEND
    assert after[2019].day(dt.date(2019, 5, 2)).source.number == "国办发明电〔2019〕3号"  # type: ignore[union-attr]


def test_in_lieu_days_include_chinesecalendars(reference: Path) -> None:
    """chinesecalendar's in_lieu_days (rest moved from a worked weekend) are in-lieu here too.

    Ours also count 补休 for a statutory day on a weekend (e.g. 2025-06-02 for
    端午 on Saturday 5月31日), which chinesecalendar leaves out. One date it
    calls in-lieu is statutory by the 2013 revision: 2022-02-03 is 正月初三
    (正月初一 was 2022-02-01), statutory from 2014 on.
    """
    chinese_calendar = pytest.importorskip("chinese_calendar")
    notices, amendments = _notices(reference), _amendments(reference)
    missing = []
    for year, text in notices.items():
        arrangement = parse_notice(text)
        if year in amendments:
            arrangement = arrangement.amend(amendments[year])
        ours = {d.date for d in arrangement.days if d.kind is DayKind.IN_LIEU_REST}
        theirs = {
            d for d in chinese_calendar.in_lieu_days if arrangement.first <= d <= arrangement.last
        }
        missing += sorted(theirs - ours)
    assert missing == [dt.date(2022, 2, 3)]
    assert parse_notice(notices[2022]).kind(dt.date(2022, 2, 3)) is DayKind.STATUTORY_HOLIDAY


def test_2024_encouragement_is_a_note_not_a_holiday(reference: Path) -> None:
    arrangement = parse_notice(_notices(reference)[2024])
    assert arrangement.kind(dt.date(2024, 2, 9)) is None  # 除夕, a Friday: a working day
    assert arrangement.notes == ("鼓励各单位结合带薪年休假等制度落实,安排职工在除夕(2月9日)休息",)
