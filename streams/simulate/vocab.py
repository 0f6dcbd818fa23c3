"""Word lists for simulated Chinese self-media accounts: ordinary names, bios and impersonations."""

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉宇浩凯健俊帆帅旭宁龙林欣雪琳晨曦阳"
PLACES = ["成都", "重庆", "杭州", "西安", "长沙", "武汉", "厦门", "青岛", "大理", "桂林", "苏州", "南京", "昆明", "哈尔滨"]
TOPICS = ["美食", "探店", "旅行", "摄影", "健身", "育儿", "读书", "数码", "穿搭", "萌宠", "手工", "钓鱼", "露营", "烘焙", "说车", "观影"]
SUFFIXES = ["日记", "小站", "笔记", "vlog", "的生活", "分享", "研究所", "酱", "君", "同学", "一家人", "爱好者"]
BIOS = [
    "记录生活中的小美好，喜欢请关注～",
    "一个爱吃爱玩的普通人，坐标{place}。",
    "分享{topic}干货，每周更新。",
    "商务合作请私信，谢谢支持！",
    "热爱{topic}，也热爱生活。",
    "{place}本地人，带你发现身边的好去处。",
    "不定期更新，佛系博主。",
]
# Impersonations the detectors must catch (D1, D3–D6, D8, D9), with the evasions attackers use.
IMPERSONATING_NAMES = [
    "人民日报", "人民日報", "人民曰报", "人 民 日 报", "人民🔥日报", "renminribao", "人民日报官方频道",
    "新华社", "新華社", "新华社快讯", "央视新闻", "ＣＣＴＶ新闻", "平安北京", "平安北京官方",
    "成都市公安局", "成都公安发布", "杭州交警", "西安发布", "长沙市卫健委", "武汉日报",
    "张警官说法", "李法官普法", "王记者在现场", "刘医生讲健康", "陈律师在线", "赵教授谈教育",
    "财经专家老周", "心理咨询师小林", "今日头条新闻", "{place}新闻快讯", "{place}资讯报道",
    "人民\u200b日报", "光明日报", "中国日报", "共青团中央",
]
IMPERSONATING_BIOS = [
    "人民日报社官方账号，权威发布。",
    "{place}市公安局官方发布平台。",
    "本人系{place}某医院主任医师，专治疑难杂症。",
    "执业律师，免费法律咨询。",
    "某事件当事人家属，讲述真相。",
    "知情人爆料，内部消息。",
]
REPORT_CATEGORIES = ["impersonation", "rumour", "spam", "illegal_profit", "rumour_marketing", "suspected_crime", "other"]
REPORT_DETAILS = ["冒充官方账号", "发布不实信息", "疑似诈骗", "广告刷屏", "借热点事件营销", "冒用他人身份"]
LABELS = ["rumour", "unverified", "misleading"]
REVOKE_REASONS = ["fake", "revoked_by_issuer", "misconduct"]
DOMAINS = ["medical", "legal", "education", "finance", "psychology", "news"]
