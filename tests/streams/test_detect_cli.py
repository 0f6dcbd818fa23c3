"""`qinglang detect`: events JSONL or recordings in, violations out, bad lines reported and skipped."""

from __future__ import annotations

from pathlib import Path

import orjson
from click.testing import CliRunner
from factories import make_event

from streams.cli import main


def _run(tmp_path: Path, lines: list[bytes]) -> tuple[int, list[dict], str]:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    result = CliRunner().invoke(main, ["detect", "-i", str(source), "-o", str(out)])
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()] if out.exists() else []
    return result.exit_code, records, result.stderr


def test_events_in_violations_out(tmp_path: Path) -> None:
    lines = [orjson.dumps(make_event(event_id="a", new_name="人民日報官方")),
             orjson.dumps(make_event(event_id="b", new_name="成都美食探店"))]
    code, records, err = _run(tmp_path, lines)
    assert code == 0, err
    assert {(r["event_id"], r["requirement"], r["rule"]) for r in records} >= {("a", "D1", "official_name_exact")}
    assert all(r["event_id"] == "a" for r in records)
    first = records[0]
    assert set(first) >= {"violation_id", "event_id", "account_id", "requirement", "rule", "severity", "confidence",
                          "evidence"}


def test_recordings_with_registry_updates(tmp_path: Path) -> None:
    registry = {"schema_version": 1, "identity_id": "t:1", "kind": "media", "names": ["青朗晚报社"],
                "account_ids": ["u:1"]}
    event = make_event(event_id="c", new_name="青朗晚报社")
    lines = [
        orjson.dumps({"topic": "registry.official", "key": "t:1", "value": orjson.dumps(registry).decode()}),
        orjson.dumps({"topic": "account.profile", "key": "u:2",
                      "value": orjson.dumps({**event, "account_id": "u:2"}).decode()}),
        orjson.dumps({"topic": "account.profile", "key": "u:1", "value": orjson.dumps(event).decode()}),
    ]
    code, records, err = _run(tmp_path, lines)
    assert code == 0, err
    d1 = [r for r in records if r["requirement"] == "D1"]
    assert [r["account_id"] for r in d1] == ["u:2"]  # the verified account is exempt


def test_bad_lines_are_reported_with_their_numbers(tmp_path: Path) -> None:
    lines = [orjson.dumps(make_event(event_id="a", new_name="人民日报")), b"{oops",
             orjson.dumps(make_event(event_id="b", occurred_at="noon"))]
    code, records, err = _run(tmp_path, lines)
    assert code == 3
    assert "line 2: not_json" in err and "line 3: bad_timestamp" in err
    assert records


def test_unreadable_input_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["detect", "-i", str(tmp_path / "missing.jsonl")])
    assert result.exit_code != 0 and "missing.jsonl" in result.output


def test_poison_timestamps_are_bad_lines_and_the_run_goes_on(tmp_path: Path) -> None:
    """Times with no UTC equivalent made detect exit 1 with a traceback; a recording line stamped long before
    its event time is refused as the worker would refuse it."""
    future = make_event(event_id="f", new_name="人民日报", occurred_at="2099-12-31T23:59:59Z")
    lines = [orjson.dumps(make_event(event_id="p1", occurred_at="9999-12-31T23:59:59-01:00")),
             orjson.dumps(make_event(event_id="p2", occurred_at="0001-01-01T00:00:00+01:00")),
             orjson.dumps({"topic": "account.profile", "key": "u:1", "value": orjson.dumps(future).decode(),
                           "timestamp": 1795334400000}),  # 2026-11-22T08:00:00Z
             orjson.dumps(make_event(event_id="a", new_name="人民日报"))]
    code, records, err = _run(tmp_path, lines)
    assert code == 3, err
    assert "Traceback" not in err
    for line_no in (1, 2, 3):
        assert f"line {line_no}: bad_timestamp" in err, err
    assert "after the record's timestamp" in err
    assert {r["event_id"] for r in records} == {"a"}  # the good line after the bad ones is still checked


def test_a_byte_order_mark_opening_the_file_is_the_files_not_the_first_events(tmp_path: Path) -> None:
    lines = [b"\xef\xbb\xbf" + orjson.dumps(make_event(event_id="a", new_name="人民日報官方")),
             b"\xef\xbb\xbf" + orjson.dumps(make_event(event_id="b", new_name="成都美食探店"))]
    code, records, err = _run(tmp_path, lines)
    assert code == 3  # inside the file a mark is part of the line, which is then no JSON: a bad line
    assert {r["event_id"] for r in records} == {"a"}
    assert "line 2: not_json" in err
