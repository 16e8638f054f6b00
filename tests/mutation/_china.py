"""Shared by the workdays kill tests: a China calendar built afresh, and a whole notice."""

from __future__ import annotations

from typing import Any

from qmscore.workdays import CHINA_SHIFTS, WorkCalendar


def fresh(**kwargs: Any) -> WorkCalendar:
    """A China calendar built now (a list of shifts is never a cache key)."""
    return WorkCalendar.china(shifts=list(CHINA_SHIFTS), **kwargs)  # type: ignore[arg-type]


# The State Council's first 2020 notice (before the Spring Festival extension), every item.
NOTICE_2020 = """\
一、元旦：2020年1月1日放假，共1天。
二、春节：1月24日至30日放假调休，共7天。1月19日（星期日）、2月1日（星期六）上班。
三、清明节：4月4日至6日放假调休，共3天。
四、劳动节：5月1日至5日放假调休，共5天。4月26日（星期日）、5月9日（星期六）上班。
五、端午节：6月25日至27日放假调休，共3天。6月28日（星期日）上班。
六、国庆节、中秋节：10月1日至8日放假调休，共8天。9月27日（星期日）、10月10日（星期六）上班。"""
