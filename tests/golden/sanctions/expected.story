# What this case's outputs say, per account, in event-time order (tests/support/golden_story.py).
# Byte for byte they are in expected.jsonl; this file is what a reviewer reads.
# 18 events processed, 0 records dead-lettered

s:1
  2026-01-01 00:00:01.000  D6 professional_title_uncredentialed  name «刘医生讲健康» -> title:medical
  2026-01-01 00:00:01.000  warning, points 0->3
  2026-01-02 00:00:02.000  D6 professional_title_uncredentialed  new_name «王医生聊养生» -> title:medical
  2026-01-02 00:00:02.000  mute [short_mute], points 3->8, until 2026-01-09 00:00:02.000
  2026-01-03 00:00:03.000  D10 rename_after_sanction  new_name -> after_sanction
  2026-01-03 00:00:03.000  D6 professional_title_uncredentialed  new_name «赵医生谈保健» -> title:medical
  2026-01-03 00:00:03.000  mute [long_mute], points 8->13, until 2026-02-02 00:00:03.000
  2026-02-02 00:00:03.000  unmute [long_mute] (mute_ended) reversing an earlier action, points 13->13

s:2
  2026-01-01 00:00:04.000  D6 professional_title_uncredentialed  name «孙律师说法» -> title:legal
  2026-01-01 00:00:04.000  warning, points 0->3
  2026-07-20 00:00:14.000  D6 professional_title_uncredentialed  new_name «周律师答疑» -> title:legal
  2026-07-20 00:00:14.000  warning, points 0->3

s:3
  2026-01-01 00:00:05.000  D6 professional_title_uncredentialed  name «李医生说健康» -> title:medical
  2026-01-01 00:00:05.000  warning, points 0->3
  2026-01-02 00:00:06.000  D6 professional_title_uncredentialed  new_name «吴医生讲科普» -> title:medical
  2026-01-02 00:00:06.000  mute [short_mute], points 3->8, until 2026-01-09 00:00:06.000
  2026-01-06 00:00:09.000  unmute [short_mute] (appeal_overturned) reversing an earlier action, points 8->3
  2026-01-06 00:00:09.000  warning (appeal_reattributed) superseding an earlier action, points 8->3

s:4
  2026-01-04 00:00:07.000  D1 official_name_exact  name «人民日报» -> media:people
  2026-01-04 00:00:07.000  D8 news_word_unlicensed  name «人民日报» -> news:日报
  2026-01-04 00:00:07.000  close, points 0->10
  2026-01-05 00:00:08.000  D1 official_name_exact  new_name «新华社» -> media:xinhua
  2026-01-05 00:00:08.000  D10 rename_after_sanction  new_name -> after_sanction
  2026-01-05 00:00:08.000  blacklist, points 10->25

s:5
  2026-01-06 00:00:12.000  registration_blocked [blacklist] (identity_blacklisted)

s:8
  2026-01-07 00:00:17.000  review: owner_blacklisted, D1 official_name_exact, owner blacklisted through s:9

s:9
  2026-01-06 00:00:16.000  D1 official_name_exact  name «人民日报» -> media:people
  2026-01-06 00:00:16.000  D8 news_word_unlicensed  name «人民日报» -> news:日报
  2026-01-06 00:00:16.000  close, points 0->10
  2026-01-07 00:00:17.000  D1 official_name_exact  new_name «新华社» -> media:xinhua
  2026-01-07 00:00:17.000  D10 rename_after_sanction  new_name -> after_sanction
  2026-01-07 00:00:17.000  blacklist, points 10->25
