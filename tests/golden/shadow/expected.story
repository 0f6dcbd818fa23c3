# What this case's outputs say, per account, in event-time order (tests/support/golden_story.py).
# Byte for byte they are in expected.jsonl; this file is what a reviewer reads.
# 6 events processed, 0 records dead-lettered

s:1
  2026-01-01 00:00:01.000  D6 professional_title_uncredentialed  name «刘医生讲健康» -> title:medical
  2026-01-01 00:00:01.000  shadow warning, points 0->3
  2026-01-02 00:00:02.000  D6 professional_title_uncredentialed  new_name «王医生聊养生» -> title:medical
  2026-01-02 00:00:02.000  shadow mute [short_mute], points 3->8, until 2026-01-09 00:00:02.000
  2026-01-03 00:00:03.000  D10 rename_after_sanction  new_name -> after_sanction
  2026-01-03 00:00:03.000  D6 professional_title_uncredentialed  new_name «赵医生谈保健» -> title:medical
  2026-01-03 00:00:03.000  shadow mute [long_mute], points 8->13, until 2026-02-02 00:00:03.000

s:4
  2026-01-04 00:00:07.000  D1 official_name_exact  name «人民日报» -> media:people
  2026-01-04 00:00:07.000  D8 news_word_unlicensed  name «人民日报» -> news:日报
  2026-01-04 00:00:07.000  shadow close, points 0->10
  2026-01-05 00:00:08.000  D1 official_name_exact  new_name «新华社» -> media:xinhua
  2026-01-05 00:00:08.000  D10 rename_after_sanction  new_name -> after_sanction
  2026-01-05 00:00:08.000  shadow blacklist, points 10->25
