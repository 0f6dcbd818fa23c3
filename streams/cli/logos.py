"""`qinglang logo-hashes`: the `logo_hashes` a `registry.official` record carries, from emblem images."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson


@click.command("logo-hashes")
@click.argument("images", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--max-pixels", type=click.IntRange(min=1), default=4_000_000, show_default=True,
              help="Refuse images with more pixels than this (decompression bombs).")
def logo_hashes(images: tuple[Path, ...], max_pixels: int) -> None:
    """Hash emblem IMAGES (PNG, JPEG, GIF, WEBP, BMP) for D2; one JSON line per image on stdout.

    Each line is {"image": path, "logo_hashes": [...]}: the emblem, its centre crops, the emblem in a circle
    and without a plain border, each as "<PDQ>:<pHash>:<shape>" — the list to put in a registry.official
    record's `logo_hashes` (docs/identity.md, "Avatars (D2)"). No image leaves the machine; workers see only
    these hashes.

    Exit status: 0 every image hashed, 3 some could not be (each reported on stderr with its code:
    not_found, not_image, unsupported_format, too_many_pixels, and skipped).
    """
    from enforcement.avatar import AvatarError, decode_image
    from enforcement.avatar import logo_hashes as hashes_of

    failed = 0
    show_progress = sys.stderr.isatty() and len(images) > 1
    for done, path in enumerate(images):
        if show_progress:
            click.echo(f"\r{done:,} of {len(images):,} images", err=True, nl=False)
        try:
            data = path.read_bytes()
        except OSError as exc:
            failed += 1
            click.echo(f"{path}: not_found: {exc.strerror or exc}", err=True)
            continue
        try:
            image = decode_image(data, max_pixels=max_pixels)
        except AvatarError as exc:
            failed += 1
            click.echo(f"{path}: {exc.code}: {exc.message}", err=True)
            continue
        line = {"image": str(path), "logo_hashes": hashes_of(image)}
        click.echo(orjson.dumps(line).decode())
    if show_progress:
        click.echo(f"\r{len(images):,} of {len(images):,} images, {failed:,} not hashed", err=True)
    if failed:
        sys.exit(3)
