"""Recordings round-trip every byte (P4); bad lines are reported with their line number."""

from __future__ import annotations

import io

import pytest

from streams.bus.byte_codec import decode_bytes, encode_bytes
from streams.bus.recording import RecordedRecord, RecordingError, parse_line, read_recording, write_recording


@pytest.mark.parametrize("data", [None, b"", b"plain", "人民日报".encode(), b"\xff\xfe\x00binary", b'{"a":1}'])
def test_bytes_round_trip(data: bytes | None) -> None:
    assert decode_bytes(encode_bytes(data)) == data


def test_non_utf8_is_base64() -> None:
    assert encode_bytes(b"\xff") == {"b64": "/w=="}


def test_recording_round_trip() -> None:
    records = [
        RecordedRecord("account.profile", b"u:1", "名字".encode(), 1795000000000, (("trace", b"\x01\x02"),)),
        RecordedRecord("registry.official", b"org:1", None, None),
        RecordedRecord("account.profile", None, b"\xff\xfe", 5, (), 2, 17),
    ]
    sink = io.BytesIO()
    assert write_recording(records, sink) == 3
    assert list(read_recording(io.BytesIO(sink.getvalue()))) == records


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"{", "not JSON"),
        (b"[]", "not a JSON object"),
        (b'{"key": "k"}', "'topic'"),
        (b'{"topic": "t", "timestamp": "soon"}', "'timestamp'"),
        (b'{"topic": "t", "value": 5}', "expected a string"),
        (b'{"topic": "t", "value": {"b64": "!!"}}', ""),
        (b'{"topic": "t", "headers": {"a": "b"}}', "'headers'"),
    ],
)
def test_bad_lines_name_their_line(line: bytes, message: str) -> None:
    with pytest.raises(RecordingError) as info:
        parse_line(7, line)
    assert info.value.line_no == 7
    assert message in str(info.value)


def test_blank_lines_are_skipped_and_numbering_is_kept() -> None:
    source = io.BytesIO(b'{"topic": "a"}\n\n{"topic": 1}\n')
    with pytest.raises(RecordingError) as info:
        list(read_recording(source))
    assert info.value.line_no == 3


def test_a_byte_order_mark_opening_a_recording_is_skipped() -> None:
    source = io.BytesIO(b'\xef\xbb\xbf{"topic": "a"}\n{"topic": "b"}\n')
    assert [record.topic for record in read_recording(source)] == ["a", "b"]
