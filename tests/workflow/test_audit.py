"""The hash chain: canonical form written out by hand, each kind of tampering, bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.serialization import from_dict, to_dict
from qmscore.workflow import (
    GENESIS,
    Acknowledged,
    Assessed,
    Chain,
    Classified,
    Closed,
    CustomerReplied,
    Event,
    RootCauseRecorded,
    canonical,
    extend,
    genesis_for,
    seal,
    verify,
)
from qmscore.workflow.audit import _encode, canonical_datetime

SH = ZoneInfo("Asia/Shanghai")
T = dt.datetime(2026, 9, 30, 16, 0, tzinfo=SH)
H = dt.timedelta(hours=1)
LOG: list[Event] = [
    Acknowledged(T, actor="Li"),
    Assessed(T + H, True, note="镀层脱落", actor="Wang"),
    RootCauseRecorded(T + 20 * H, "plating bath too cold"),
    CustomerReplied(T + 22 * H, True),
    Closed(T + 23 * H, actor="Zhao"),
]


def test_the_canonical_form_written_out_by_hand() -> None:
    # 16:00 in Shanghai (UTC+8) is 08:00 UTC; keys sorted; no spaces; UTF-8 kept.
    assert canonical(LOG[1]).decode("utf-8") == (
        '{"actor":"Wang","at":"2026-09-30T09:00:00Z[+08:00]","backdated":null,'
        '"kind":"assessed","note":"镀层脱落","our_problem":true,"schema_version":2}'
    )
    classified = Classified(dt.datetime(2026, 10, 1, 9, 30), demands=("return",), safety=False)
    assert canonical(classified).decode() == (
        '{"actor":null,"at":"2026-10-01T09:30:00","backdated":null,"batch":null,'
        '"demands":["return"],"kind":"classified","recurrence":null,"safety":false,'
        '"schema_version":2}'
    )


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (dt.datetime(2026, 1, 1, 0, 30), "2026-01-01T00:30:00"),  # naive: as it is
        (dt.datetime(2026, 1, 1, 0, 30, tzinfo=SH), "2025-12-31T16:30:00Z[+08:00]"),
        (dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), "2026-01-01T00:00:00Z[+00:00]"),
        # 10:00 at UTC-03:30 is 13:30 UTC.
        (
            dt.datetime(2026, 1, 1, 10, tzinfo=dt.timezone(-dt.timedelta(hours=3, minutes=30))),
            "2026-01-01T13:30:00Z[-03:30]",
        ),
        # LMT-like offsets with seconds keep them: 12:00 at +05:00:07 is 06:59:53 UTC.
        (
            dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=5, seconds=7))),
            "2026-01-01T06:59:53Z[+05:00:07]",
        ),
        (dt.datetime(2026, 1, 1, 12, 0, 0, 250, tzinfo=SH), "2026-01-01T04:00:00.000250Z[+08:00]"),
    ],
)
def test_datetimes_are_utc_with_the_offset_kept(moment: dt.datetime, text: str) -> None:
    assert canonical_datetime(moment) == text


def test_the_chain_is_sha256_of_the_previous_hash_and_the_event() -> None:
    # The oracle: hashlib over the bytes of the previous hash and the canonical text.
    prev = bytes(32)
    expected = []
    for event in LOG:
        prev = hashlib.sha256(prev + canonical(event)).digest()
        expected.append(prev.hex())
    chain = seal(LOG)
    assert chain.hashes == tuple(expected)
    assert chain.head == expected[-1]
    assert chain.genesis == GENESIS == "0" * 64
    assert seal([]).head == GENESIS


def test_an_intact_log_verifies_and_says_so() -> None:
    v = verify(LOG, seal(LOG))
    assert (v.ok, v.index, v.problem) == (True, None, None)
    assert v.reasons[0].en == "all 5 events match their seal"
    assert v.reasons[0].zh == "全部 5 条事件与封存一致"


def _other(at: dt.datetime) -> Event:
    return Acknowledged(at, actor="Mallory")


CASES: list[tuple[str, list[Event], int, str, str]] = [
    # A field changed: the note of event 1.
    ("changed", [LOG[0], Assessed(T + H, True, note="ok", actor="Wang"), *LOG[2:]], 1,
     "event 1 was changed", "第 1 条事件被修改"),
    # Only the zone changed (same instant): still a change.
    ("changed", [Acknowledged(T.astimezone(dt.timezone.utc), actor="Li"), *LOG[1:]],
     0, "event 0 was changed", "第 0 条事件被修改"),
    ("inserted", [*LOG[:2], _other(T + 2 * H), *LOG[2:]], 2,
     "an event was inserted at 2", "在第 2 条处插入了事件"),
    ("removed", [*LOG[:3], *LOG[4:]], 3, "event 3 was removed", "第 3 条事件被删除"),
    ("reordered", [LOG[0], LOG[2], LOG[1], *LOG[3:]], 1,
     "events 1 and 2 were swapped", "第 1 条与第 2 条事件顺序被调换"),
    ("cut", LOG[:3], 3, "the log was cut at 3 (sealed: 5 events)", "日志在第 3 条处被截断（封存 5 条）"),
    ("extended", [*LOG, _other(T + 30 * H)], 5,
     "events from 5 are not sealed (sealed: 5 events)", "第 5 条起的事件未封存（封存 5 条）"),
    # Two events changed: the first is named; no single edit explains it.
    ("changed", [_other(T), _other(T), *LOG[2:]], 0, "event 0 was changed", "第 0 条事件被修改"),
    # The last event replaced: nothing after it to read, so "changed".
    ("changed", [*LOG[:4], Closed(T + 23 * H, actor="Mallory")], 4,
     "event 4 was changed", "第 4 条事件被修改"),
]  # fmt: skip


@pytest.mark.parametrize(("problem", "log", "index", "en", "zh"), CASES)
def test_each_kind_of_tampering_is_named_at_its_index(
    problem: str, log: list[Event], index: int, en: str, zh: str
) -> None:
    v = verify(log, seal(LOG))
    assert (v.ok, v.index, v.problem) == (False, index, problem)
    assert (v.reasons[0].en, v.reasons[0].zh, v.reasons[0].code) == (en, zh, f"audit.{problem}")


def test_a_log_cannot_move_to_another_case_with_an_anchored_genesis() -> None:
    chain = seal(LOG, genesis=genesis_for("Q-7"))
    assert verify(LOG, chain).ok
    moved = Chain(seal(LOG, genesis=genesis_for("Q-8")).hashes, genesis_for("Q-7"))
    assert verify(LOG, moved).index == 0
    # The anchor's genesis is SHA-256 of a fixed prefix and the anchor.
    assert genesis_for("Q-7") == hashlib.sha256(b"qmscore.audit.v1:Q-7").hexdigest()


def test_extend_appends_to_the_seal_as_an_erp_writes() -> None:
    chain = seal(LOG[:2])
    for event in LOG[2:]:
        chain = extend(chain, [event])
    assert chain == seal(LOG)
    assert extend(chain, []) == chain


def test_a_chain_round_trips_through_the_converter_and_pickle() -> None:
    chain = seal(LOG)
    assert from_dict(to_dict(chain), Chain) == chain
    assert pickle.loads(pickle.dumps(chain)) == chain
    v = verify(LOG[:1], chain)
    assert pickle.loads(pickle.dumps(v)) == v


def test_a_stored_log_still_verifies_after_json() -> None:
    from qmscore.workflow import dump_event, load_event

    chain = seal(LOG)
    stored = [load_event(dump_event(e)) for e in LOG]
    assert verify(stored, chain).ok


def junk(value: object) -> Any:
    """A value typed Any, for calls that must refuse it."""
    return value


BAD: list[tuple[str, Any, type[Exception], str]] = [
    ("seal", lambda: seal(junk("abc")), InvalidTypeError, "'events' must be"),
    (
        "seal",
        lambda: seal(junk([LOG[0], 3])),
        InvalidTypeError,
        "'events[1]' must be a workflow event",
    ),
    ("seal", lambda: seal(LOG, genesis="xyz"), InvalidInputError, "64 lowercase hex"),
    ("seal", lambda: seal(LOG, genesis=junk(5)), InvalidTypeError, "'genesis' must be"),
    ("verify", lambda: verify(LOG, junk("abc")), InvalidTypeError, "'chain' must be a Chain"),
    ("verify", lambda: verify(junk(None), seal(LOG)), InvalidTypeError, "'events' must be"),
    ("Chain", lambda: Chain(("A" * 64,)), InvalidInputError, "'hashes[0]' must be 64 lowercase"),
    ("Chain", lambda: Chain(["0" * 64, 7]), InvalidTypeError, "'hashes[1]' must be"),
    ("Chain", lambda: Chain("0" * 64), InvalidTypeError, "'hashes' must be a tuple"),
    ("Chain", lambda: Chain((), "0"), InvalidInputError, "'genesis' must be 64"),
    (
        "Chain",
        lambda: Chain((), GENESIS, junk("md5")),
        InvalidInputError,
        "'algorithm' must be one of",
    ),
    ("extend", lambda: extend(junk(None), LOG), InvalidTypeError, "'chain' must be a Chain"),
    ("genesis_for", lambda: genesis_for(""), InvalidInputError, "'anchor'"),
    (
        "canonical",
        lambda: canonical(junk("x")),
        InvalidTypeError,
        "'event' must be a workflow event",
    ),
]


@pytest.mark.parametrize(("name", "call", "error", "fragment"), BAD)
def test_bad_input(name: str, call: Any, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        call()


@pytest.mark.parametrize(
    "value",
    ['王工 "q"', None, True, False, 7, ("a", "b"), 1.5, ("a", 1), {"k": [1, None]}],
)
def test_the_generic_writer_matches_json(value: Any) -> None:
    # Fields of future event types fall back to the generic writer: it must write what
    # json.dumps writes for the converter's output (compact, keys sorted, UTF-8 kept).
    import json

    expected = json.dumps(
        list(value) if isinstance(value, tuple) else value,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    assert _encode(value) == expected


def test_the_generic_writer_normalises_datetimes() -> None:
    moment = dt.datetime(2026, 1, 1, 8, tzinfo=SH)
    assert _encode(moment) == '"2026-01-01T00:00:00Z[+08:00]"'


def test_a_moment_with_no_utc_datetime_is_refused() -> None:
    # 0001-01-01 00:30 at +08:00 would be in year 0 in UTC.
    first = dt.datetime(1, 1, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with pytest.raises(InvalidInputError, match="'at' must be a moment whose UTC time"):
        canonical(Acknowledged(first))
