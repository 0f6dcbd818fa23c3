# What this case's outputs say, per account, in event-time order (tests/support/golden_story.py).
# Byte for byte they are in expected.jsonl; this file is what a reviewer reads.
# 275 events processed, 25 records dead-lettered

u:100000
  2026-11-01 00:00:41.275  dead letter: not_json on account.profile
  2026-11-01 00:00:49.585  dead letter: not_json on account.profile
  2026-11-01 00:01:42.818  dead letter: not_json on account.report
  2026-11-01 00:02:19.647  D8 news_word_unlicensed  new_name «昆明新闻快讯» -> news:快讯+新闻
  2026-11-01 00:02:19.647  notice, points 0->1
  2026-11-01 00:08:11.216  dead letter: not_json on account.profile
  2026-11-01 02:09:57.817  D10 rename_churn  name -> window

u:100001
  2026-11-01 00:01:33.386  D1 official_name_exact  name «人民日報» -> media:people
  2026-11-01 00:01:33.386  D8 news_word_unlicensed  name «人民日報» -> news:日报
  2026-11-01 00:01:33.386  close, points 0->10
  2026-11-01 00:12:33.957  D10 rename_after_sanction  new_name -> after_sanction

u:100002
  2026-11-01 00:25:59.040  D10 rename_churn  bio -> window
  2026-11-01 00:25:59.040  notice, points 0->1

u:100003
  2026-11-01 00:26:07.937  dead letter: missing_field on account.report
  2026-11-01 01:23:20.328  D10 rename_churn  name -> window
  2026-11-01 01:23:20.328  notice, points 0->1

u:100004
  2026-11-01 00:08:52.830  D1 official_name_similar  new_name «renminribao» -> media:people
  2026-11-01 00:08:52.830  review: uncertain, D1 official_name_similar
  2026-11-01 00:09:44.506  D12 rumour_repost_after_debunk  post -> p:d64b59ca6ef0
  2026-11-01 00:09:44.506  warning, points 0->4
  2026-11-01 00:09:57.248  D1 official_name_exact  new_name «新华社» -> media:xinhua
  2026-11-01 00:09:57.248  close, points 4->19
  2026-11-01 01:46:39.778  D10 rename_after_sanction  new_name -> after_sanction
  2026-11-01 01:52:16.345  D11 reports_threshold  category -> suspected_crime
  2026-11-01 01:52:16.345  review: referral, D11 reports_threshold, refer to public_security
  2026-11-01 01:59:35.873  dead letter: bad_timestamp on account.appeal

u:100005
  2026-11-01 00:17:09.954  D12 rumour_first_post  post -> p:e33531cd8037
  2026-11-01 00:17:09.954  mute [short_mute], points 0->6, until 2026-11-08 00:17:09.954
  2026-11-01 02:12:28.311  D10 rename_after_sanction  new_name -> after_sanction
  2026-11-01 02:12:28.311  mute [long_mute], points 6->11, until 2026-12-01 02:12:28.311

u:100006
  2026-11-01 01:32:11.155  D12 rumour_repost  post -> p:a84d8bc1d374
  2026-11-01 01:32:11.155  notice, points 0->2

u:100007
  2026-11-01 00:41:24.176  dead letter: oversized on account.profile
  2026-11-01 01:47:48.051  D10 rename_churn  avatar -> window
  2026-11-01 01:47:48.051  notice, points 0->1

u:100008
  2026-11-01 00:27:18.757  dead letter: not_json on account.profile
  2026-11-01 02:01:24.326  D10 rename_churn  bio -> window
  2026-11-01 02:01:24.326  notice, points 0->1
  2026-11-01 02:03:40.419  D11 reports_threshold  category -> suspected_crime
  2026-11-01 02:03:40.419  review: referral, D11 reports_threshold, refer to public_security

u:100009
  2026-11-01 01:01:44.608  dead letter: oversized on account.profile
  2026-11-01 01:26:01.915  D12 rumour_first_post  post -> p:42f0fe621d37
  2026-11-01 01:26:01.915  mute [short_mute], points 0->6, until 2026-11-08 01:26:01.915
  2026-11-01 01:52:58.255  D10 rename_after_sanction  new_name -> after_sanction
  2026-11-01 01:52:58.255  mute [long_mute], points 6->11, until 2026-12-01 01:52:58.255
  2026-11-01 01:53:04.922  dead letter: unknown_type on account.profile
  2026-11-01 01:56:24.431  D1 official_name_exact  new_name «人民日報» -> media:people
  2026-11-01 01:56:24.431  D10 rename_after_sanction  new_name -> after_sanction
  2026-11-01 01:56:24.431  D10 rename_churn  name -> window
  2026-11-01 01:56:24.431  blacklist, points 11->26
  2026-11-01 02:00:12.538  D10 rename_after_sanction  new_name -> after_sanction

u:100010
  2026-11-01 00:21:08.251  D11 reports_threshold  category -> suspected_crime
  2026-11-01 00:21:08.251  review: referral, D11 reports_threshold, refer to public_security

u:100011
  2026-11-01 00:56:31.603  dead letter: not_json on account.credential

u:100012
  2026-11-01 00:15:34.267  D1 official_name_exact  name «平安北京» -> local:110000:平安
  2026-11-01 00:15:34.267  D4 division_official_function  name «平安北京» -> division:110000
  2026-11-01 00:15:34.267  close, points 0->10
  2026-11-01 00:21:20.262  D10 rename_after_sanction  new_name -> after_sanction
  2026-11-01 00:42:08.235  dead letter: unknown_type on account.report

u:100014
  2026-11-01 00:19:46.476  D1 official_name_exact  name «人民日报官方频道» -> media:people
  2026-11-01 00:19:46.476  D8 news_word_unlicensed  name «人民日报官方频道» -> news:日报
  2026-11-01 00:19:46.476  close, points 0->10
  2026-11-01 01:08:59.842  D10 rename_after_sanction  new_name -> after_sanction
  2026-11-01 02:07:01.080  dead letter: unknown_type on account.profile

u:100015
  2026-11-01 00:33:50.891  dead letter: not_json on content.label

u:100016
  2026-11-01 00:21:26.392  D6 professional_title_uncredentialed  bio «本人系苏州某医院主任医师，专治疑难杂症。» -> title:medical
  2026-11-01 00:21:26.392  warning, points 0->3
  2026-11-01 00:43:53.678  dead letter: wrong_type on account.profile
  2026-11-01 01:43:23.643  dead letter: wrong_type on account.credential

u:100018
  2026-11-01 01:46:11.151  D1 official_name_similar  new_name «renminribao» -> media:people
  2026-11-01 01:46:11.151  review: uncertain, D1 official_name_similar

u:100019
  2026-11-01 00:46:54.852  D12 rumour_repost_after_debunk  post -> p:726bd8296b5c
  2026-11-01 00:46:54.852  warning, points 0->4
  2026-11-01 01:29:49.445  D11 reports_threshold  category -> suspected_crime
  2026-11-01 01:29:49.445  review: referral, D11 reports_threshold, refer to public_security

u:100020
  2026-11-01 02:13:02.354  D12 rumour_repost  post -> p:a588324cbe97
  2026-11-01 02:13:02.354  notice, points 0->2

u:100023
  2026-11-01 00:43:59.836  D12 rumour_repost  post -> p:7450138684f6
  2026-11-01 00:43:59.836  notice, points 0->2

u:100027
  2026-11-01 01:05:10.488  dead letter: wrong_type on account.profile
  2026-11-01 02:08:10.646  dead letter: not_json on account.report

u:100028
  2026-11-01 00:36:24.935  D6 professional_title_uncredentialed  bio «执业律师，免费法律咨询。» -> title:legal
  2026-11-01 00:36:24.935  warning, points 0->3
  2026-11-01 00:56:02.320  dead letter: not_json on content.label
  2026-11-01 01:08:59.174  D3 official_bio  bio «苏州市公安局官方发布平台。» -> local:320500:公安局
  2026-11-01 01:08:59.174  close, points 3->15

u:100029
  2026-11-01 01:33:32.869  dead letter: unknown_type on account.credential

u:100030
  2026-11-01 02:14:37.912  D11 reports_threshold  category -> suspected_crime
  2026-11-01 02:14:37.912  review: referral, D11 reports_threshold, refer to public_security

u:100032
  2026-11-01 00:57:25.948  dead letter: missing_field on account.profile
  2026-11-01 01:34:13.491  D3 official_bio  bio «苏州市公安局官方发布平台。» -> local:320500:公安局
  2026-11-01 01:34:13.491  close, points 0->8
  2026-11-01 01:55:51.420  D10 rename_after_sanction  new_name -> after_sanction
  2026-11-01 02:12:41.378  D1 official_name_exact  new_name «人民🔥日报» -> media:people
  2026-11-01 02:12:41.378  blacklist, points 13->28

u:100033
  2026-11-01 00:44:49.139  D1 official_name_exact  name «中国日报» -> media:chinadaily
  2026-11-01 00:44:49.139  D8 news_word_unlicensed  name «中国日报» -> news:日报
  2026-11-01 00:44:49.139  close, points 0->10
  2026-11-01 01:00:28.825  D10 rename_after_sanction  new_name -> after_sanction

u:100034
  2026-11-01 00:53:32.953  D4 division_official_function  new_name «长沙市卫健委» -> division:430100
  2026-11-01 00:53:32.953  close, points 0->8
  2026-11-01 01:20:22.800  D10 rename_after_sanction  new_name -> after_sanction

u:100035
  2026-11-01 01:49:25.206  D5 staff_impersonation  new_name «张警官说法» -> role:警官
  2026-11-01 01:49:25.206  review: uncertain, D5 staff_impersonation

u:100036
  2026-11-01 00:50:04.718  D6 professional_title_uncredentialed  bio «执业律师，免费法律咨询。» -> title:legal
  2026-11-01 00:50:04.718  warning, points 0->3

u:100037
  2026-11-01 00:59:25.539  D12 rumour_repost  post -> p:d7d1ef78da44
  2026-11-01 00:59:25.539  notice, points 0->2
  2026-11-01 02:07:49.901  dead letter: not_json on account.profile

u:100039
  2026-11-01 01:54:52.835  D10 rename_churn  name -> window
  2026-11-01 01:54:52.835  notice, points 0->1

u:someone-else
  2026-11-01 00:05:01.422  dead letter: key_mismatch on account.credential
  2026-11-01 00:13:20.479  dead letter: key_mismatch on account.profile
  2026-11-01 00:27:53.504  dead letter: key_mismatch on account.profile
