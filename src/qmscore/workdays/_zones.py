"""Time zones for calendars: finding a zone, and reading local times around clock changes.

``tzdata`` is a dependency, so the IANA database is there even where the
system has none (Windows, slim containers). If it is missing all the same,
the error says so, instead of blaming a valid name.
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from qmscore._checks import type_error, value_error
from qmscore.errors import InvalidInputError

__all__ = ["EPOCH", "epoch_seconds", "from_epoch", "resolve", "zone"]


def _database_present() -> bool:
    # Only asked on the error path: scanning the database takes a few milliseconds.
    return bool(zoneinfo.available_timezones())


def zone(field: str, name: object) -> ZoneInfo:
    """The IANA zone ``name``, or our error saying why there is none.

    Raises:
        InvalidTypeError: ``name`` is not a string.
        InvalidInputError: ``name`` is not a zone of the database, or no time
            zone database is installed at all (the message says which).
    """
    if not isinstance(name, str):
        raise type_error(field, "an IANA time zone name such as 'Asia/Shanghai'", name)
    try:
        return ZoneInfo(name)
    except ValueError:  # not a key at all: empty, absolute or climbing paths, NUL
        raise value_error(field, "an IANA time zone name such as 'Asia/Shanghai'", name) from None
    except (ZoneInfoNotFoundError, OSError):  # OSError: a folder of the database, say
        pass
    if not _database_present():
        raise InvalidInputError(
            f"{field!r}: no time zone database is installed, so {name!r} cannot be looked "
            "up: install the 'tzdata' package (pip install tzdata) or the system's tzdata",
            field=field,
            value=name,
        )
    raise value_error(field, "an IANA time zone name known to the time zone database", name)


# ---------------------------------------------------------------- clock changes
# Wall-clock times around a daylight-saving change: a time in the spring gap
# never happens, a time in the autumn fold happens twice. The calendar reads
# both one way everywhere (shift boundaries and naive moments alike):
#
# * a time in a gap means the moment the clocks jump (the gap's end);
# * a time in a fold means its first occurrence, unless ``fold=1`` says the second.

UTC = dt.timezone.utc
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)


def epoch_seconds(moment: dt.datetime) -> float:
    """Seconds from 1970-01-01 UTC to the aware ``moment`` (exact to the microsecond)."""
    return (moment - EPOCH).total_seconds()


def from_epoch(seconds: float, tz: dt.tzinfo) -> dt.datetime:
    """The moment ``seconds`` after 1970-01-01 UTC, on the clock of ``tz``."""
    whole = math.floor(seconds)
    return (
        EPOCH + dt.timedelta(seconds=whole) + dt.timedelta(seconds=seconds - whole)
    ).astimezone(tz)


def resolve(wall: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """The real moment meant by the naive local time ``wall``, as an aware datetime in ``tz``.

    Example:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> ny = ZoneInfo("America/New_York")
        >>> resolve(dt.datetime(2026, 3, 8, 2, 30), ny).isoformat()   # in the gap
        '2026-03-08T03:00:00-04:00'
        >>> resolve(dt.datetime(2026, 11, 1, 1, 30), ny).isoformat()  # first of two
        '2026-11-01T01:30:00-04:00'
    """
    local = wall.replace(tzinfo=tz)
    if local.utcoffset() == local.replace(fold=1 - local.fold).utcoffset():
        return local  # the common case: neither in a gap nor in a fold
    back = local.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) == wall:  # in a fold: real, ``fold`` says which
        return back
    return _jump(local, tz).astimezone(tz)


def _jump(local: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """The moment (UTC) the clocks jump over ``local``, a time in a gap."""
    # With fold=1 the gap time reads on the new offset (a moment before the
    # jump), with fold=0 on the old one (after it): bisect the whole seconds
    # between for the first on the new offset. Clock changes fall on whole seconds.
    old = local.replace(fold=0).utcoffset()
    lo = math.floor(epoch_seconds(local.replace(fold=1)))
    hi = math.ceil(epoch_seconds(local.replace(fold=0)))
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if (EPOCH + dt.timedelta(seconds=mid)).astimezone(tz).utcoffset() == old:
            lo = mid
        else:
            hi = mid
    return EPOCH + dt.timedelta(seconds=hi)
