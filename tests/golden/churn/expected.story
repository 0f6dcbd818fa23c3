# What this case's outputs say, per account, in event-time order (tests/support/golden_story.py).
# Byte for byte they are in expected.jsonl; this file is what a reviewer reads.
# 17 events processed, 0 records dead-lettered

c:1
  2026-04-01 05:00:12.000  D10 rename_churn  name -> window
  2026-04-01 05:00:12.000  notice, points 0->1

c:2
  2026-04-01 01:00:08.000  D1 official_name_exact  new_name «新华社» -> media:xinhua
  2026-04-01 01:00:08.000  close, points 0->10
  2026-04-06 00:00:14.000  D1 official_name_exact  new_name «新华社» -> media:xinhua
  2026-04-06 00:00:14.000  D10 rename_into_impersonation  new_name -> 新华社
  2026-04-06 00:00:14.000  blacklist, points 10->25

c:3
  2026-04-01 00:00:10.000  D6 professional_title_uncredentialed  name «刘医生讲健康» -> title:medical
  2026-04-01 00:00:10.000  warning, points 0->3
  2026-04-01 01:00:11.000  D6 professional_title_uncredentialed  new_name «王医生聊养生» -> title:medical
  2026-04-01 01:00:11.000  mute [short_mute], points 3->8, until 2026-04-08 01:00:11.000
  2026-04-01 02:00:15.000  D10 rename_after_sanction  new_name -> after_sanction
  2026-04-01 02:00:15.000  mute [long_mute], points 8->13, until 2026-05-01 02:00:15.000
