"""Time zones for calendars: finding a zone, and telling a bad name from a missing database.

``tzdata`` is a dependency, so the IANA database is there even where the
system has none (Windows, slim containers). If it is missing all the same,
the error says so, instead of blaming a valid name.
"""

from __future__ import annotations

import zoneinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from qmscore._checks import type_error, value_error
from qmscore.errors import InvalidInputError

__all__ = ["zone"]


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
