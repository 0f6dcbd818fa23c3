"""Hot events (D9): the live list of trending events, its records, its index and holder."""

from enforcement.hotevents.index import HotEventHolder, HotEventIndex, NameHit
from enforcement.hotevents.model import HotEvent, HotEventUpdate
from enforcement.hotevents.records import parse_hot_event_record

__all__ = ["HotEvent", "HotEventHolder", "HotEventIndex", "HotEventUpdate", "NameHit", "parse_hot_event_record"]
