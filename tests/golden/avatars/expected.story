# What this case's outputs say, per account, in event-time order (tests/support/golden_story.py).
# Byte for byte they are in expected.jsonl; this file is what a reviewer reads.
# 10 events processed, 0 records dead-lettered

u:cropped
  2026-11-22 00:00:03.000  D2 official_avatar  avatar -> test:qinglang-police
  2026-11-22 00:00:03.000  close, points 0->10

u:cropped-wide
  2026-11-22 00:00:04.000  D2 official_avatar  avatar -> test:qinglang-police
  2026-11-22 00:00:04.000  close, points 0->10

u:exact
  2026-11-22 00:00:01.000  D2 official_avatar  avatar -> test:qinglang-police
  2026-11-22 00:00:01.000  close, points 0->10

u:inverted
  2026-11-22 00:00:02.000  D2 official_avatar  avatar -> test:qinglang-police
  2026-11-22 00:00:02.000  close, points 0->10

u:near
  2026-11-22 00:00:06.000  D2 official_avatar  avatar -> test:qinglang-police
  2026-11-22 00:00:06.000  review: uncertain, D2 official_avatar

u:reencoded
  2026-11-22 00:00:05.000  D2 official_avatar  avatar -> test:qinglang-police
  2026-11-22 00:00:05.000  close, points 0->10
