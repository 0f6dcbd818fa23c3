"""`qinglang logo-hashes`: the hashes a platform puts in a registry.official record, from its emblem images,
and a clear line on stderr for every file that is not one."""

from __future__ import annotations

import io
from pathlib import Path

import orjson
from click.testing import CliRunner
from emblems import emblem
from PIL import Image

from enforcement.avatar import LogoBank, check_avatar, hash_variants, logo_hashes
from streams.cli import main


def run(*args: str) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(main, ["logo-hashes", *args])
    lines = [orjson.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, lines, result.stderr


def test_each_image_gives_the_hashes_logo_hashes_gives(tmp_path: Path) -> None:
    png, jpeg = tmp_path / "seal.png", tmp_path / "badge.jpg"
    emblem(3).save(png)
    emblem(4).convert("RGB").save(jpeg, quality=90)
    code, lines, _ = run(str(png), str(jpeg))
    assert code == 0
    assert [line["image"] for line in lines] == [str(png), str(jpeg)]
    assert lines[0]["logo_hashes"] == logo_hashes(Image.open(png).convert("RGB"))
    assert lines[1]["logo_hashes"] == logo_hashes(Image.open(jpeg).convert("RGB"))
    # what a worker makes of an avatar showing the emblem: a match against the record's hashes
    bank = LogoBank.build([("gov:test", h) for h in lines[0]["logo_hashes"]])
    found = check_avatar(hash_variants(emblem(3).rotate(90)), bank, allowed_identities=())
    assert [(m.identity_id, m.verdict) for m in found] == [("gov:test", "match")]


def test_files_that_are_no_image_are_reported_and_the_rest_still_hashed(tmp_path: Path) -> None:
    good, text, tiff = tmp_path / "good.png", tmp_path / "notes.png", tmp_path / "scan.tiff"
    emblem(1).save(good)
    text.write_bytes(b"not an image")
    buffer = io.BytesIO()
    emblem(2).save(buffer, format="TIFF")
    tiff.write_bytes(buffer.getvalue())
    code, lines, err = run(str(text), str(good), str(tmp_path / "missing.png"), str(tiff))
    assert code == 3
    assert [line["image"] for line in lines] == [str(good)]
    assert f"{text}: not_image: not a readable image" in err
    assert f"{tmp_path / 'missing.png'}: not_found" in err
    assert f"{tiff}: unsupported_format: TIFF images are not accepted" in err
    assert "Traceback" not in err


def test_an_image_over_the_pixel_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    Image.new("RGB", (300, 300), "white").save(big)
    code, lines, err = run("--max-pixels", "10000", str(big))
    assert code == 3 and not lines
    assert "too_many_pixels: 300×300 exceeds 10000 pixels" in err


def test_no_image_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["logo-hashes"])
    assert result.exit_code == 2
    assert "Missing argument" in result.output
