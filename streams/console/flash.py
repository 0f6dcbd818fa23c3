"""The one-line notices a page shows after a form sent the browser back to it (`?done=<code>`)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from streams.console.i18n import translate
from streams.console.web import LANG

FLASH: dict[str, tuple[str, str]] = {
    "sent": ("The decision is on review.decision; the pipeline applies it next.", "ok"),
    "already": ("This item had already been decided; nothing new was sent.", "warn"),
    "withdrawn": ("This item was withdrawn; there is nothing to decide.", "warn"),
    "claimed": ("You hold this item now.", "ok"),
    "taken": ("Another reviewer holds this item.", "warn"),
    "released": ("The claim is released.", ""),
    "appeal_sent": ("The appeal resolution is on account.appeal; the pipeline applies it next.", "ok"),
    "appeal_already": ("This appeal had already been resolved; nothing new was sent.", "warn"),
    "typical_marked": ("Marked as a typical case; it appears in the report of its day.", "ok"),
    "typical_updated": ("The typical case's summary is replaced.", "ok"),
    "typical_unmarked": ("The case is no longer a typical case.", ""),
    "typical_absent": ("That case was not marked; nothing changed.", "warn"),
}


def flash(request: web.Request) -> dict[str, Any]:
    """The notice named by the request's `done` code, in the page's language (nothing for an unknown code)."""
    code = request.query.get("done", "")
    if code not in FLASH:
        return {}
    text, kind = FLASH[code]
    return {"flash": translate(text, request[LANG]), "flash_kind": kind}
