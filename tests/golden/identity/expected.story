# What this case's outputs say, per account, in event-time order (tests/support/golden_story.py).
# Byte for byte they are in expected.jsonl; this file is what a reviewer reads.
# 22 events processed, 0 records dead-lettered

u:1
  2026-11-22 00:00:01.000  D1 official_name_exact  name «人民日报» -> media:people
  2026-11-22 00:00:01.000  D8 news_word_unlicensed  name «人民日报» -> news:日报
  2026-11-22 00:00:01.000  close, points 0->10

u:10
  2026-11-22 00:00:10.000  D8 news_word_unlicensed  name «成都新闻快讯» -> news:快讯+新闻
  2026-11-22 00:00:10.000  notice, points 0->1

u:11
  2026-11-22 00:00:16.000  D3 official_bio  bio «人民日报社官方账号，权威发布。» -> media:people
  2026-11-22 00:00:16.000  close, points 0->8
  2026-11-22 00:00:18.000  D1 official_name_exact  new_name «西安发布» -> local:610100:发布
  2026-11-22 00:00:18.000  D10 rename_after_sanction  new_name -> after_sanction
  2026-11-22 00:00:18.000  D4 division_official_function  new_name «西安发布» -> division:610100
  2026-11-22 00:00:18.000  review: uncertain, D4 division_official_function

u:12
  2026-11-22 00:00:17.000  D6 professional_title_uncredentialed  bio «本人系成都某医院主任医师，专治疑难杂症。» -> title:medical
  2026-11-22 00:00:17.000  warning, points 0->3

u:13
  2026-11-22 00:00:14.000  D1 official_name_exact  name «青朗日报» -> test:qinglang-daily
  2026-11-22 00:00:14.000  D8 news_word_unlicensed  name «青朗日报» -> news:日报
  2026-11-22 00:00:14.000  close, points 0->10

u:2
  2026-11-22 00:00:02.000  D1 official_name_exact  name «人民日報官方» -> media:people
  2026-11-22 00:00:02.000  D8 news_word_unlicensed  name «人民日報官方» -> news:日报
  2026-11-22 00:00:02.000  close, points 0->10

u:20
  2026-11-22 00:00:19.000  D2 official_avatar  avatar -> test:qinglang-daily
  2026-11-22 00:00:19.000  close, points 0->10

u:21
  2026-11-22 00:00:20.000  D2 official_avatar  avatar -> test:qinglang-daily
  2026-11-22 00:00:20.000  review: uncertain, D2 official_avatar

u:3
  2026-11-22 00:00:03.000  D1 official_name_similar  name «人民曰报» -> media:people
  2026-11-22 00:00:03.000  D8 news_word_unlicensed  name «人民曰报» -> news:日报
  2026-11-22 00:00:03.000  warning, points 0->5

u:4
  2026-11-22 00:00:04.000  D1 official_name_similar  name «renminribao» -> media:people
  2026-11-22 00:00:04.000  review: uncertain, D1 official_name_similar

u:5
  2026-11-22 00:00:05.000  D1 official_name_exact  name «人 民🔥日​报» -> media:people
  2026-11-22 00:00:05.000  D8 news_word_unlicensed  name «人 民🔥日​报» -> news:日报
  2026-11-22 00:00:05.000  close, points 0->10

u:6
  2026-11-22 00:00:06.000  D1 official_name_exact  name «成都市公安局» -> local:510100:公安局
  2026-11-22 00:00:06.000  D4 division_official_function  name «成都市公安局» -> division:510100
  2026-11-22 00:00:06.000  close, points 0->10

u:7
  2026-11-22 00:00:07.000  D1 official_name_exact  name «平安北京» -> local:110000:平安
  2026-11-22 00:00:07.000  D4 division_official_function  name «平安北京» -> division:110000
  2026-11-22 00:00:07.000  close, points 0->10

u:8
  2026-11-22 00:00:08.000  D5 staff_impersonation  name «张警官说法» -> role:警官
  2026-11-22 00:00:08.000  review: uncertain, D5 staff_impersonation

u:9
  2026-11-22 00:00:09.000  D6 professional_title_uncredentialed  name «刘医生讲健康» -> title:medical
  2026-11-22 00:00:09.000  warning, points 0->3
