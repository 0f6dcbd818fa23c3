# What this case's outputs say, per account, in event-time order (tests/support/golden_story.py).
# Byte for byte they are in expected.jsonl; this file is what a reviewer reads.
# 10 events processed, 1 records dead-lettered

h:1
  2026-03-02 00:00:01.000  D9 hot_event_party  name «周小雨家属» -> hot_event:he:1
  2026-03-02 00:00:01.000  mute [long_mute], points 0->8, until 2026-04-01 00:00:01.000

h:2
  2026-03-03 00:00:03.000  D9 hot_event_party  bio «我是林一鸣的同学，爆料内幕» -> hot_event:he:1
  2026-03-03 00:00:03.000  mute [long_mute], points 0->8, until 2026-04-02 00:00:03.000

h:6
  2026-03-02 00:00:07.000  D9 hot_event_party  name «周 小 雨 ​的 妈 妈» -> hot_event:he:1
  2026-03-02 00:00:07.000  mute [long_mute], points 0->8, until 2026-04-01 00:00:07.000

h:9
  2026-03-04 00:00:10.000  D9 hot_event_party  name «陈大勇的哥哥» -> hot_event:he:3
  2026-03-04 00:00:10.000  mute [long_mute], points 0->8, until 2026-04-03 00:00:10.000

he:bad
  2026-03-01 00:00:00.000  dead letter: bad_value on registry.hot_event
