"""Whether a role or title word in a name is used as a person's label (张警官, 刘医生, 律师王明) — D5, D6.

A word that merely appears ("法官大人追剧", "医生的女儿", "律师事务所招聘") is not a claim; a word after a
surname, at the end of the name, before a personal name, or claimed in a bio is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from enforcement.detectors.clauses import (
    CLAUSE_END,
    QUOTED,
    only_in_marks,
    opening_canonical,
    written_between,
)
from enforcement.detectors.compounds import compound_head_after, compound_head_written, fan_word_ends
from enforcement.identity import TermHit
from enforcement.identity.index import (
    QUALIFIERS_BEFORE_INITIALS,
    UNITS_BEFORE_INITIALS,
    initials_opening,
    keeps_a_character,
)
from enforcement.text import NormalizedText
from enforcement.text.normalize import completes_a_word, is_han, normalize, syllable
from enforcement.text.surnames import FAMILY_NAMES, SURNAMES
from enforcement.text.syllables import syllable_count

CLAIM_BEFORE = ("本人系", "本人是", "我是", "俺是", "系", "执业", "持证", "身为", "资深", "知名", "著名", "认证",
                "现任", "担任", "本职", "职业", "真实身份", "是一名", "是一位",  # 吃货一枚，本职是潇湘晨报编辑记者
                "在岗", "现役",  # 在岗辅警，…; 现役军官，…: serving now
                "专职", "兼职")  # 专职律师，…: full-time or part-time, a holder either way


# Where the holder works, what they practise or the grade they hold, right before a title in a bio
# ("三甲医院主任医师", "大学教授", "国家二级心理咨询师"): the bio presents its author by a post, not a topic.
INSTITUTION_BEFORE = ("大学", "学院", "医院", "诊所", "卫生院", "律所", "律师事务所", "事务所", "研究所", "研究院",
                      "科学院", "证券", "银行", "基金", "券商", "中心", "高校", "中学", "小学", "高中", "初中",
                      "幼儿园", "三甲", "公立",
                      "资深", "知名", "著名", "退休", "前", "原", "现任", "国家级", "省级", "市级",
                      "一级", "二级", "三级", "高级", "中级",
                      # newsrooms and the police, court and procuratorate units staff serve in (D5)
                      "报社", "杂志社", "电视台", "电台", "通讯社", "新闻社", "新闻网", "派出所", "公安局", "分局",
                      "支队", "大队", "中队", "法院", "检察院", "交警队",
                      "省台", "市台", "县台", "地方台", "都市报", "日报", "晚报", "交通广播", "监狱", "公安",
                      "保健院", "公证处",  # 妇幼保健院儿保科医生, 公证处公证员
                      # schools by their short names (人大附中, 北京四中)
                      "附中", "附小", "一中", "二中", "三中", "四中", "五中", "六中", "七中", "八中", "九中", "十中")
# School subjects, which a teacher names between the school and the title (小学数学教师, 高中物理教师)
SUBJECTS = ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "政治", "音乐", "美术", "体育", "信息技术",
            "科学", "道德与法治")
# A registration or a rank-and-file post right before a title in a bio (国家注册心理咨询师, 基层民警): held, like a
# grade; not an employer's kind, so a title that begins with one (注册会计师) is no affiliation.
HELD_BEFORE = ("注册", "基层")
_POSTED_BEFORE = (*INSTITUTION_BEFORE, *HELD_BEFORE)  # what a bio may name right before a title it claims
# What a bio says right after a title that presents its author's practice ("教授，专注…", "医生，擅长…") or the author
# as one ("民警一枚").
PRACTICE_AFTER = ("专注", "擅长", "主攻", "从业", "执业", "从医", "深耕", "致力", "多年", "年经验", "出诊", "坐诊",
                  "主治", "带你", "教你", "为你", "为您", "帮你", "帮您", "答疑", "咨询", "免费", "一枚")
# What follows a title that makes it the subject of a clause about something else: "大学教授推荐的书单",
# "医生说的养生法", "律师都在用的合同模板" quote the title; they do not present the author as one.
QUOTED_AFTER = ("那句", "这句",  # 法官那句“…”我记了很久
                "推荐的", "建议的", "说的", "讲的", "提到的", "提醒的", "整理的", "写的", "都在看", "都在用", "都说",
                "眼中的", "口中的", "告诉你", "说我", "告诉我", "让我", "叫我", "建议我", "跟我说", "对我说", "说要",
                "辛苦了", "辛苦啦", "加油", "们", "致敬",  # 消防员辛苦了, 医生们, 向人民警察致敬: a cheer or several
                "说这", "说那", "说你", "说他", "说她", "说了", "说过", "问我", "问你", "问他", "问她", "问了",
                "上门", "来了", "给我", "帮我",  # 消防员上门检查了…: what someone else did
                "教的", "开的", "说多", "说少", "说别", "说不要",  # 营养师教的食谱, 医生说多喝热水: told the author
                "家的")  # 教授家的猫: the holder's home, and what lives in it
# What follows a title that makes it a modifier of something else: a genre (法官题材电视剧, 医生剧), a firm
# (律师事务所的前台), a programme or a day in the calendar (教师节, 护士节, 医师节, 记者节: 节 begins both). In a
# bio, 的 too: 我是医生的女儿 is the doctor's daughter, 律师的助理 the lawyer's assistant.
TOPIC_AFTER = ("题材", "剧", "电视剧", "电影", "小说", "漫画", "动漫", "故事", "纪录片", "节", "系列", "事务所",
               "专业学生", "专业在读", "专业的学生", "专业毕业",  # 幼师专业学生: the field studied
               "史研究", "史话", "史料",  # 民国警察史研究: the history of the trade
               "函", "梦",  # 律师函模板 is a letter; 记者梦碎 a dream
               "级",  # 医生级护肤, 教授级吃货: a grade of something else, as good as the title's holder
               "招聘", "招募", "招录", "招考",  # 律师招聘，待遇优厚, 警察招录体测: an employer looking for one
               "考了", "考过", "还剩", "已过", "过了", "六科", "备考", "考生", "在考",  # CPA考了三门, CPA六科已过四科,
               # 税务师备考中, CPA在考: a candidate for the title's exam
               "在读",  # 医学博士在读: a student
               "家庭",  # 警察家庭出身: the family the author comes from
               "npc", "游戏",  # 密室逃脱里的警察NPC, 幼儿园小交警游戏: a game's character
               "重温",  # 急诊科医生重温中: a series watched again
               "二战", "三战", "四战",  # 执业医师二战: sitting its exam a second time
               "退役", "退休", "退伍", "离职", "辞职",  # 消防员退役后当了游泳教练, 辅警离职后…: held once
               "课程学员", "培训班",  # 心理咨询师课程学员: a trainee
               "牌",  # 教授牌花生: a brand
               "自封",  # 情感医生（自封）: self-styled, and saying so
               "视频剪辑", "混剪")  # 消防员视频剪辑: someone else's footage
# People (and pets) a title's holder has, named after it with 的: the name is theirs, not the holder's (李医生的
# 病人, 张记者的粉丝, 王律师的助理, 张医生的猫). The holder's own things keep the claim (李医生的日常,
# 张律师的普法课堂).
RELATIONS_AFTER = ("粉丝", "病人", "患者", "客户", "当事人", "学生", "学员", "弟子", "徒弟", "女儿", "儿子", "孩子",
                   "孙子", "孙女", "老婆", "老公", "妻子", "丈夫", "爱人", "妈妈", "爸爸", "家属", "家人", "朋友",
                   "同事", "邻居", "读者", "观众", "迷妹", "迷弟", "助理", "助手", "秘书", "司机", "猫", "狗", "宠物")
# Words of thanks, tribute or affection right before a title (a surname may stand between): the text
# addresses or admires someone else (感谢交警叔叔, 多谢李医生, 致敬每一位医生, 我爱交警), it does not present its
# author.
THANKS = ("感谢", "谢谢", "多谢", "致谢", "致敬", "敬礼", "点赞", "心疼", "感恩", "谢谢你", "谢谢您", "感谢你",
          "感谢您")
# 感恩遇见好医生; I love People's Daily
ADDRESSED_BEFORE = (*THANKS, "我爱", "热爱", "喜欢", "支持", "遇见好", "遇到好", "遇见", "遇到", "偶遇", "ilove")
# In a bio, following someone right before their role or title (关注天津交警多年, 关注李医生): the author follows
# them, they are someone else.
FOLLOWED_BEFORE = ("关注",)
# What makes a name its holder's view of the body or outlet named after it, not the body: a viewer, listener,
# reader or well-wisher (我爱看新闻联播, 每天看人民日报, 感谢人民日报: D1, D8) — thanks and affection as before a
# title, and watching, listening and reading.
WATCHED_BEFORE = (*ADDRESSED_BEFORE, "爱看", "喜欢看", "每天看", "天天看", "坚持看", "收看", "爱听", "收听", "爱读",
                  "每天读", "坚持读", "订阅", "订了")
# Right before a body's name (not opening a name, where 看看新闻 is an outlet's own): watching or reading it
# (看参考消息的大爷, 读人民日报学写作)
WATCHED_BEFORE_A_NAME = (*WATCHED_BEFORE, "看", "读", "守", "守着", "摘抄", "抄",  # 每晚七点守新闻联播, 摘抄人民日报
                         "追")  # following it as a series is followed (追新闻联播片尾曲的人)
# Right before a body's name: a candidate's aim (考研目标中科院, 报考人民大学): the place the author hopes to join
AIMED_AT_BEFORE_A_NAME = ("目标", "梦校", "考研", "报考", "考上", "考进", "备考", "想去", "想进")
# Words right before a title that make it a wish, not what the holder is (未来的医生, 梦想成为律师, 想当警察).
# 小小 before a title is a child's game (小小律师职业体验营); marrying one is a wish too (妈妈说要嫁医生)
ASPIRED_BEFORE = ("未来的", "将来的", "梦想", "梦想成为", "想当", "想做", "想成为", "要当", "立志", "立志成为", "励志",
                  "梦想是当", "梦想是成为", "梦想是做", "理想是当", "理想是成为", "小小", "嫁", "嫁给", "娶",
                  "备考", "在考", "正在考",  # a candidate for the title's exam (备考心理咨询师)
                  "总有一天当", "有朝一日当", "长大要当", "长大当", "以后要当")  # 总有一天当法官
# Words right before a title that deny it (张伟不是律师), look for one (民营医院招聘护士) or say it was held once
# (辞职的前辅警, 已退休)
DENIED_OR_WANTED_BEFORE = ("不是", "并不是", "并非", "招聘", "诚聘", "急招", "招募", "曾是", "曾经是", "以前是",
                           "原来是", "离职", "已离职", "辞职", "退休", "已退休", "退役", "的前", "的原",
                           "非执业", "非专业", "非持证", "非注册",  # 非执业医生，身体不适请及时就医
                           "非",  # 法律知识分享（非律师）: the author says they are not one
                           "没当", "没有当", "没能当", "没做", "没成为", "没能成为")  # 警校毕业后没当警察
# Seeing or seeking one (陪妈妈看医生, 找律师咨询的经历): the author is a patient or a client
VISITED_BEFORE = ("看", "找", "寻访", "寻找", "拜访")  # (寻访名医)
# A pet named after a title, or called one (橘猫教授, 二哈警官, 仓鼠叫医生): an animal, not a holder
# (not 汪, a common surname: 汪律师)
PETS = ("猫", "狗", "狗子", "狗狗", "猫咪", "二哈", "哈士奇", "柯基", "仓鼠", "兔子", "鹦鹉", "乌龟", "金鱼", "喵",
        "毛孩子", "宠物",
        # breeds, which name a pet as often as its kind does (金毛大夫, 橘猫教授)
        "金毛", "泰迪", "柴犬", "边牧", "拉布拉多", "萨摩", "比熊", "阿拉斯加", "橘猫", "布偶", "英短", "美短", "蓝猫",
        "鸭", "鹅", "八哥", "刺猬")  # 鸭局长: a farmyard's; 八哥会喊报告警官: a myna's
PETS_BEFORE = (*PETS, *(f"{pet}叫" for pet in PETS), *(f"{pet}是" for pet in PETS))  # 我家猫是城管大队长
_A_PETS_POST = tuple(f"{pet}是" for pet in PETS)  # in a bio too, wherever the title stands (我家猫是本区派出所所长)
# A job advert with what is wanted between (培训学校招聘语文教师), a nickname someone gives (人送外号干饭教授,
# 朋友喊我刘医生, 江湖人称), a part played (今晚扮演侦探和警察), a time gone (曾经的报社记者) or a hope
# (希望有一天能当上记者) or its exam sat: a few characters may stand between these and the title
_WANTED_OR_NICKNAMED = re.compile(r"(?:(?:招聘|诚聘|急招|招募|聘请|外号|绰号|人称|喊我|叫我|称我|被叫做|被称为"
                                  r"|扮演|饰演|演过|演了|演|曾经|曾是|曾任|曾做|曾当|以前|从前|报的|报考|进面"
                                  r"|备考|准备考|打算考|想考|在考|去考|要考"  # its exam (备考海关系统公务员)
                                  r"|(?:当|做)了?一(?:天|日|回|次))\w{0,4}"
                                  r"|(?:希望|盼望|愿望|梦想|想要|立志|目标是)\w{0,6})$")
# A former holder, the word opening the text right before the title (前民警，已辞职; 原记者): 前 and 原 written
# on after other characters end other words (以前 is above; 中原律师 is a lawyer in 中原)
_FORMER_OPENING = ("前", "原", "前任")
# Partners and friends: kin before a title (老公是民警) and companions after one (和医生老公的生活).
_PARTNERS_AND_FRIENDS = ("老公", "老婆", "丈夫", "妻子", "爱人", "男友", "女友", "男朋友", "女朋友", "对象", "闺蜜",
                         "室友", "同学", "朋友")
# Someone close to the holder is what the title names (我爸是交警, 老公是民警, 她男朋友是律师).
KIN = ("爸", "妈", "爸爸", "妈妈", "老爸", "老妈", "父亲", "母亲", *_PARTNERS_AND_FRIENDS, "哥", "哥哥", "姐", "姐姐",
       "弟弟", "妹妹", "儿子", "女儿", "舅舅", "叔叔", "姑姑", "阿姨", "媳妇", "伯伯", "大伯", "小姨", "大姨", "姨妈",
       "舅妈", "婆婆", "公公", "爷爷", "奶奶", "外公", "外婆", "姥姥", "姥爷", "岳父", "岳母", "儿媳", "女婿", "表哥",
       "表姐", "表弟", "表妹", "堂哥", "堂姐", "侄子", "外甥", "孙子", "孙女", "邻居", "同事", "班主任", "领导", "师傅",
       "发小", "嫂子", "姐夫", "妹夫", "弟媳", "大嫂", "二嫂", "表嫂", "亲戚", "老丈人", "丈母娘", "舅", "姑", "姨",
       "叔", "伯")  # (我舅是县医院大夫: the one-character forms as said)
# … and what they are or became (我爸是交警, 儿子当了消防员)
KIN_BEFORE = tuple(f"{kin}{verb}" for kin in KIN for verb in ("是", "当了", "做了"))
# Listening to the holder (听老刑警讲故事, 听医生的话): someone else's title
HEARD_BEFORE = ("听",)
_NOT_THE_HOLDER_BEFORE = (*ADDRESSED_BEFORE, *ASPIRED_BEFORE, *KIN_BEFORE, *DENIED_OR_WANTED_BEFORE, *HEARD_BEFORE,
                          *VISITED_BEFORE, *PETS_BEFORE,
                          "报考", "去考", "要考", "想考", "考个",  # sitting its exam (报考公务员; not 兰考|律师)
                          "给",  # someone something is given to (给陈律师送锦旗)
                          "怕", "害怕", "躲", "躲着", "被")  # someone feared or met (摆摊怕城管, 被交警拦下)
# What may stand between such a word and the title without changing whose title it is: retirement (我爸是退休
# 老教师, 父亲是退休民警), and a count of people before it names several, not the author (三个老警察)
_RETIRED = ("退休老", "退休的", "退休")
_SEVERAL = re.compile("[两三四五六七八九十几多]+[个位名](?:老|小)?$")
# … and someone pointed at (最喜欢史强这个老警察, 那位医生): not the author, who would say 我这个老警察
_POINTED_AT = re.compile("(?<!我)[这那][个位名](?:老|小)?$")
# How a bio opens when its author introduces themselves by what they are, an adjective or two before the
# title (一名基层法官, 一位普通的交警).
INTRODUCED_BY = ("一名", "一位", "一枚", "一个")
_INTRODUCTION_REACH = 8
# How a bio opens when its author introduces themselves by their years in practice before the title, joined
# to it by 的 (从医十五年的皮肤科大夫, 执业十年的律师).
PRACTISED_BY = ("从医", "行医", "执业", "从业", "执教")
# A count of years, in digits or characters, perhaps "more than" (十二年, 8年, 二十多年, 几年)
COUNT_OF_YEARS = "(?:[0-9]{1,2}|[一二三四五六七八九十两几]{1,3})多?年"
# A count of years opening a bio right before a title: the author's years in practice (十年执业律师, 20年资深会计师,
# 十五年临床医生); 的 may join them (二十年的老律师), and the experience they gave (20年临床经验的老中医,
# 十年从业经验的律师).
_YEARS_OPENING = re.compile(r"(?:[0-9]{1,2}|[一二三四五六七八九十两]{1,3})(?:多|余)?年"
                            r"(?:(?:临床|从业|执业|行医|从医|教学|一线|工作)?经验)?(?:的)?(?:资深|临床|从业|执业)?")
# Academic ranks a discipline names the chair of when it opens a bio (经济学教授, 法学副教授), within this many
# characters of its start.
_ACADEMIC_RANKS = frozenset({"教授", "副教授", "讲师", "博导", "博士生导师", "研究员", "副研究员"})
_DISCIPLINE_REACH = 8
# Words ending in 学 that are schooling, not a discipline (同学教授我吉他: 教授 is a verb there)
_SCHOOLING = frozenset({"同学", "上学", "放学", "开学", "留学", "自学", "逃学", "退学", "入学", "好学", "求学", "转学",
                        "辍学", "升学", "休学"})
_PRACTICE_REACH = 12
# Pronouns, particles and verbs that no employer's name opening a bio contains (我的大学教授, 成为大学教授)
_NOT_IN_AN_EMPLOYER = frozenset("的我你他她它们是为当像做给跟被让请想要有位")  # (家有一位中学老师老妈)
# Two-character words that begin with a surname character and often follow a title without naming
# anyone ("律师费用", "医生说法", "教授方法"): after a title they are a topic, not a personal name.
NOT_A_GIVEN_NAME = frozenset([
    "方法", "费用", "高手", "黄金", "马上", "周刊", "周末", "江湖", "林业", "白天", "石油", "包装", "向导", "常识",
    "和谐", "安全", "明天", "成长", "文章", "路线", "时间", "关系", "钱包", "华为", "于是", "何时", "田园", "全集",
    "连载", "管理", "车险", "解答", "应用", "商务", "单位", "计划", "房产", "史话", "曲线", "左右", "齐全", "卫生",
    "金牌", "金融", "高级", "高端", "高考", "高薪", "文集", "文库", "时代", "时刻", "时评", "严选", "通道", "万能",
    "全能", "常用", "日常", "日记", "都市", "游戏", "和你", "和您", "韩剧", "章节", "程序", "苏醒", "向前", "华丽",
    "毛病", "夏天", "秋天", "冬天", "春天", "郭德", "成功", "成为", "吉他", "简单", "简历", "简介", "查询", "查房",
    "司法", "谷歌", "应急", "项目", "余额", "孙子", "贾府", "牛人", "牛逼", "温暖", "温馨", "康复", "施工", "文化",
    "文艺", "安心", "安排", "白话", "包子", "蓝天", "路上", "路过", "龙虾", "乔迁", "鲁迅", "邱比", "师傅", "师兄",
    "师姐", "全科", "宁静", "尚品", "符号", "舒适", "纪实", "纪录", "梅花", "童话", "凌晨", "季度", "霍乱", "古代",
    "古今", "麦当", "娄底", "景区", "宫廷", "费劲", "冷知", "席位", "米粉", "宗教", "全国", "应该", "边界", "师资",
    "商城", "沙龙", "沙发", "荣誉", "甄选", "丛林", "仲裁", "明星", "池塘", "平台", "向日", "辛苦",
    # kin and forms of address that begin with 老, 小 or 大: 我的法官老公 is about someone else
    "老公", "老婆", "老爸", "老妈", "老板", "老铁", "老乡", "老友", "小孩", "小姐", "小哥", "小妹", "小弟", "大人",
    "大哥", "大姐", "大叔", "大妈", "大爷", "大全",
    # 小 before a thing, not a person: a channel's corner, shop or tips (律师小课堂, 医生小贴士, 心理咨询师小屋)
    "小屋", "小站", "小店", "小铺", "小窝", "小馆", "小院", "小号", "小课", "小组", "小栈", "小筑", "小舍", "小报",
    "小园", "小助", "小贴", "小知", "小常", "小百", "小妙", "小技", "小讲", "小科", "小剧", "小灶",
])
_AFFIX = ("老", "小", "阿")
# What 阿 makes a word for kin or elders with, not a name (交警阿姨, 医生阿伯)
_KIN_AFTER_A = frozenset("姨婆公爸妈哥弟姐妹叔伯嫂舅爷奶拉")


# Ranks and posts that follow a role word and still name its holder: 刑警队长, 法官助理王, 交警大队长老李,
# 武警战士李明.
RANKS = ("队长", "大队长", "中队长", "支队长", "副队长", "教导员", "指导员", "助理", "组长", "战士", "队员")
_RANKS_LONGEST_FIRST = tuple(sorted(RANKS, key=len, reverse=True))
# Units a role's holder serves in, written between the role and the holder's name (交警支队李队长, 刑警大队老王).
UNITS = ("总队", "支队", "大队", "中队", "分局", "派出所")
# A surname and a rank, the way colleagues call the holder (李队, 王所, 张科长).
SURNAME_RANKS = ("队长", "队", "所长", "所", "科长", "局长", "警官")
# What a holder's own channel puts after the name: 民警小陈的日常, 律师老张说法, 医生王明科普.
# (记者叶青在一线, 消防员阿杰的一天)
CHANNEL_AFTER = ("日常", "日记", "vlog", "说法", "说", "聊", "讲", "谈", "科普", "分享", "在线", "一天", "育儿经",
                 "在一线", "在社区", "在基层", "在现场", "普法", "提醒", "提醒您", "提醒你")
# The verbs by which a holder's channel says what it talks about, with the topic after them (律师张伟讲婚姻法,
# 医生李明谈健康, 法学教授罗翔说刑法), after a name of two characters or more (a lone 小 or 王 may begin a
# word: 教授小讲堂); a topic longer than this is a sentence, not a channel's name.
TALKS_ABOUT = ("说", "讲", "谈", "聊", "科普", "解读", "分享", "教你", "带你", "帮你", "陪你")  # 消防员教你逃生
TOPIC_REACH = 8
# Characters common in given names, two of which after a title (at the end of the name) are its holder's given
# name without the surname (心理医生晓雯, 律师雅琪, 民警晓雪): characters that rarely pair into an everyday word —
# not 思 (雅思 is an exam), 建 or 国 (建国 is also the founding of the state) — and the pairs that do are listed after
# them.
GIVEN_NAME_CHARACTERS = frozenset(
    "晓雯婷娜丽静敏伟磊艳杰娟涛秀霞玲芳燕梅琳莉慧颖倩欣怡萍琴峰鹏辉斌浩宇轩梓涵萱诗佳嘉悦瑶昊俊凯琪璐蕾薇岚妍"
    "媛婉婕璇瑾琦茜蓉菲萌彤馨蕊曦雅淑惠珊瑜姗妮茹澜睿皓铭翔鑫鸿泽晗钰桐雪晨露楠婧洁莹晶瑞蓓靖菁娅婵雁昕晟哲瀚煜炜"
    "琛骏毅彬晖豪帆锋强勇刚亮飞波龙阳明超丹红玉兰英芬凤")
# Two given-name characters that also make an everyday word or a place (律师飞翔 is no one's name)
_NOT_TWO_GIVEN_NAMES = frozenset({
    "飞翔", "超强", "豪华", "宁波", "明亮", "晶莹", "英勇", "英明", "刚强", "波涛", "龙凤", "强军", "华强", "龙华",
    "丹凤", "玉兰", "明星", "强强", "飞龙", "阳明", "红英", "晨露"})
# Characters of the Uyghur, Kazakh, Tibetan and Mongolian names written in Chinese transliteration (阿不都热合曼,
# 古丽娜尔, 扎西平措, 乌兰其其格, 巴特尔): such a name has no surname, so the surname tests never read it; three or
# more of these characters and nothing else after a title are its holder's name
TRANSLITERATED_NAME_CHARACTERS = frozenset(
    "阿不都热合曼买提艾力吐尔逊古丽娜帕依拉米日明托努麦伊哈木玉苏甫尼瓦亚森肉孜布卡德吾斯巴迪扎塔库班克里祖菲再沙赛"
    "西平措次仁多吉卓玛姆旦增格桑央金达顿珠洛索朗罗普白益丹强边曲珍旺堆群培贡嘎特兰其额敦朝鲁那顺宝音图雅琴高娃坦敖"
    "根满萨和孟勒门来查干叶别加列江夏汗乌")
_TRANSLITERATED_NAME_LENGTHS = range(3, 8)
# What 大 may stand before in a nickname: a surname or a given name's character (大刘, 大伟)
_AFTER_A_NICKNAMES_DA = SURNAMES | GIVEN_NAME_CHARACTERS
# Parents who present themselves by their profession (儿科医生妈妈, 律师爸爸说法): the title is the parent's own.
PARENT_AFTER = ("妈妈", "爸爸", "宝妈", "奶爸", "麻麻", "粑粑")
# A possessive of the author's or a third person's right before the title: the holder is someone the author
# has (我家记者, 我的律师, 她家医生); "your lawyer" (你的律师) is how a lawyer's own channel speaks, so not 你.
_THE_AUTHORS = ("我家", "我的", "我们家", "咱家", "他家", "她家", "他的", "她的",
                "有个", "有位", "有一个", "有一位", "有一名")  # 我家有个教师妈妈, 身边有位律师朋友
# What ends the text before the title when the parent is someone else's (我的医生妈妈, 她的律师爸爸): those
# possessives, and any other after 的.
_SOMEONE_ELSES = ("的", *_THE_AUTHORS)


def read_over(read: list[TermHit], hit: TermHit) -> bool:
    """A longer word already read over `hit`'s characters decided them (城管队员 is not 城管 again, 全科医生招聘
    not 全 + 科医生) — unless that word was only heard and `hit` is written as the name has it: in 护士张丽 the
    护士长 heard in 护士张 hides neither 护士 nor the name after it."""
    return any(r.start <= hit.start and hit.end <= r.end and (r.view != "sound" or hit.view == "sound")
               for r in read)


_NICKNAME_KIN = frozenset("哥姐叔")
# 蜀黍 is 叔叔 as the internet writes it, how a police account speaks of itself (警察蜀黍带你反诈); 叔叔 itself is
# how children call someone else (感谢警察叔叔)
PERSONA_TAILS = frozenset({"小哥", "小哥哥", "小姐姐", "哥哥", "姐姐", "大哥", "大姐", "蜀黍"})
_INTERJECTIONS = frozenset("哈嘿呵嘻啦呀哦嗯噢么吗啊哇")
_DOUBLED_WORDS = frozenset({"宝宝", "娃娃", "太太", "伯伯", "婶婶", "常常", "天天", "刚刚", "人人", "家家", "个个"})


def looks_like_personal_name(tail: str) -> bool:
    """What follows a title is a personal name: a surname (optionally after 老/小/阿) and at most two
    given-name characters (王, 王明, 小王, 欧阳娜), a surname and a Latin word (张sir), or a Latin given
    name (lisa), alone or after 阿 (阿ken) — nothing more after it."""
    if not tail:
        return False
    if tail.isascii():
        return tail.isalpha() and 2 <= len(tail) <= 12
    if tail[0] in SURNAMES and 2 <= len(tail) <= 7 and tail[1:].isascii() and tail[1:].isalpha():
        return True
    if len(tail) >= 2 and tail[0] in _AFFIX and tail[1] in SURNAMES:
        return len(tail) == 2 or (len(tail) == 3 and tail[:2] not in NOT_A_GIVEN_NAME)  # 小常识 is not 小常
    if len(tail) == 2 and tail[0] == "阿" and is_han(tail[1]) and tail[1] not in _KIN_AFTER_A:
        return True  # 阿 and a given name's character: how friends call 杰, 强, 明 (特警阿杰)
    if tail[0] == "阿" and tail[1:].isascii() and tail[1:].isalpha() and 2 <= len(tail) - 1 <= 12:
        return True  # 阿 and a Latin given name (律师阿Ken, 理财规划师阿May)
    if len(tail) == 2 and tail[0] == tail[1] and is_han(tail[0]) and tail[0] not in _INTERJECTIONS and tail not in KIN \
            and tail not in _DOUBLED_WORDS:
        return True  # a given name's character doubled: how friends call her (护士糖糖, ICU护士晨晨)
    if tail in PERSONA_TAILS:
        return True  # the holder's persona (交警小哥, 法官姐姐讲故事); not 叔叔 or 阿姨, how children call them
    if 2 <= len(tail) <= 4 and tail[-1] in _NICKNAME_KIN and tail[:-1].isascii() and tail[:-1].isalpha():
        return True  # a letter or two and 哥 or 姐: a nickname (分析师K哥, 律师Z姐)
    if tail[0] == "大" and tail[1:2] not in _AFTER_A_NICKNAMES_DA:
        return False  # 大 is a nickname's only before a surname or a given name (大刘, 大伟), not in 大学, 大咖, 大会
    return tail[0] in SURNAMES and len(tail) <= 3 and tail[:2] not in NOT_A_GIVEN_NAME


def _addressed(canonical: str, hit: TermHit, place_before: int | None = None,
               words: tuple[str, ...] = _NOT_THE_HOLDER_BEFORE) -> bool:
    """A word of thanks or tribute, of a wish (未来的) or of kin (我爸是) ends the text right before the title,
    right before a surname (or 老/小 and a surname) standing before it, right before the department it names
    (感谢儿|科医生), or right before the place whose role it is (`place_before`: 关注|天津交警)."""
    before = [canonical[: hit.start]] + ([] if place_before is None else [canonical[:place_before]])
    if before[0][-1:] in SURNAMES:  # 多谢李|医生
        before.append(before[0][:-1])
        if before[1][-1:] in _AFFIX:  # 谢谢老王|律师
            before.append(before[1][:-1])
    before += [canonical[:start] for start in department_starts(canonical, hit)]
    before += [text[: -len(retired)] for text in list(before) for retired in _RETIRED if text.endswith(retired)]
    before += [text[:-1] for text in list(before) if text.endswith("老")]  # a veteran's title: 感谢老|民警
    return (any(text.endswith(words) for text in before) or before[0] in _FORMER_OPENING
            or _SEVERAL.search(canonical, 0, hit.start) is not None
            or _POINTED_AT.search(canonical, 0, hit.start) is not None
            or any(_WANTED_OR_NICKNAMED.search(text, max(0, len(text) - 10)) is not None for text in before))


# A spouse, partner or friend named right after the title is the holder, someone the author has: 和医生老公的
# 生活, 记录和律师朋友的日常 (a parent is not among them: 儿科医生妈妈 presents the author, PARENT_AFTER).
COMPANIONS_AFTER = (*_PARTNERS_AND_FRIENDS, "同事", "邻居", "搭档",
                    "子女", "家属", "之子", "之女")  # 教师子女, 医生家属: the author is the holder's family


# What, right after a title in a bio, makes it someone else's or something else's (claimed_in_bio)
_NOT_CLAIMED_AFTER = (*QUOTED_AFTER, *TOPIC_AFTER, *COMPANIONS_AFTER, "的")
# and right before it (or before its holder's surname, department or place)
_NOT_CLAIMED_BEFORE = (*_NOT_THE_HOLDER_BEFORE, *FOLLOWED_BEFORE)


def _someone_the_holder_has(canonical: str, hit: TermHit) -> bool:
    """Someone the title's holder has, after 的 (李医生的病人, 消防员小哥哥的迷妹: a persona or the holder's name may
    come between: 网格员小敏的妈妈), or the author's companion who holds it (医生老公)."""
    persona = next((p for p in _PERSONAS if canonical.startswith(p, hit.end)), "")
    named = next((n for n in _HOLDERS_NAME_LENGTHS if canonical[hit.end + n:hit.end + n + 1] == "的"
                  and names_the_holder(canonical[hit.end:hit.end + n])), 0)
    return any(canonical[at:at + 1] == "的" and canonical.startswith(RELATIONS_AFTER, at + 1)
               for at in {hit.end + len(persona), hit.end + named}) or canonical.startswith(COMPANIONS_AFTER, hit.end)


_HOLDERS_NAME_LENGTHS = (2, 3)  # a holder's name between the title and 的 (小敏, 王建国)


_PERSONAS = ("小哥哥", "小姐姐", "哥哥", "姐姐", "叔叔", "阿姨", "蜀黍", "小哥", "小姐")


# A name that says its holder is an animal (狗蛋局长（一只柴犬）, 小法官·一只橘猫)
_A_PET_SAID = re.compile(f"一只(?:{'|'.join(PETS)})")


def labels_a_person(canonical: str, hit: TermHit, place_ends: frozenset[int] = frozenset()) -> bool:
    """The term names the account holder: after a surname, ending the name, or before a personal name —
    unless it begins a place, shop, exam or hobby name (交警路小吃, 税务师考试交流群). A two-character term
    partly in pinyin must stand by a name: ending the name is not enough, as its pinyin half may be another
    word's (爱你yi生 is 一生, a lifetime; 王yi生 is 王医生). `place_ends`: where place names end in the text; a
    surname's character that ends one is the place's (浙江|警官职业学院 is no 江警官)."""
    if _held_once(canonical) or canonical.startswith(THANKS) or any(
            pet in canonical[:hit.start] for pet in _A_PETS_POST) or _A_PET_SAID.search(canonical) is not None:
        return False  # 民警老王（已退休）: held once; 谢谢城北派出所民警: the name thanks the holder; 我家猫是公安局长;
        # 狗蛋局长（一只柴犬）: a pet's
    if compound_head_after(canonical, hit.end) or canonical.startswith((*QUOTED_AFTER, *TOPIC_AFTER), hit.end) \
            or _addressed(canonical, hit) or _someone_the_holder_has(canonical, hit) \
            or canonical.endswith(_THE_AUTHORS, 0, hit.start) or _kin_introduced(canonical, hit) \
            or fan_word_ends(canonical, hit.end) or a_figure_of_speech(canonical, hit, "") \
            or in_a_work(canonical):
        return False  # (… 游戏里的法官, 我家猫的私人医生: as in a bio; 和平精英特种兵: a player; 小说推文·霸道警官:
        # a story's)
    canonical = without_marks_after(canonical, hit.end)
    before = canonical[hit.start - 1] if hit.start > 0 and hit.start not in place_ends else ""
    if before in SURNAMES or (hit.end == len(canonical) and (hit.view != "pinyin_mix" or len(hit.term) > 2)):
        return True
    if hit.end == len(canonical) and hit.start > 0 and _named_or_claimed(canonical[:hit.start]):
        return True  # a personal name or a claim before a title ending the name: 张伟min警, 资深fa官
    if _surname_in_pinyin_before(canonical, hit):
        return True
    tail = canonical[hit.end:]
    if (hit.start == 0 or canonical[:hit.start].endswith(_CLAIMED_OR_GRADED) or _its_field_opens(canonical, hit)) \
            and the_holders_channel(tail):
        return True  # the title opens the name and the holder's service or channel follows (律师免费咨询, 检察官说案,
        # after its field or department: 离婚律师在线, 肿瘤科医生聊健康)
    rank = next((r for r in _RANKS_LONGEST_FIRST if tail.startswith(r)), "")
    if rank and (len(tail) == len(rank) or names_the_holder(tail[len(rank):])):
        return True
    unit = next((u for u in UNITS if tail.startswith(u)), "")
    if unit:
        return names_the_holder(tail[len(unit):])
    if names_the_holder(tail) or _a_given_name_alone(tail):
        return True
    parent = next((p for p in PARENT_AFTER if tail.startswith(p)), "")
    return bool(parent) and not canonical[:hit.start].endswith(_SOMEONE_ELSES) and (
        len(tail) == len(parent) or names_the_holder(tail[len(parent):])
        or tail[len(parent):].removeprefix("的") in CHANNEL_AFTER)


def _its_field_opens(canonical: str, hit: TermHit) -> bool:
    """All that stands before the title is its holder's field of practice or department (离婚|律师, 肿瘤|科医生)."""
    return _PRACTICE_AREAS.fullmatch(canonical, 0, hit.start) is not None or 0 in department_starts(canonical, hit)


def labels_a_person_in_its_part(canonical: str, hit: TermHit, original: str,
                                place_ends: frozenset[int] = frozenset()) -> bool:
    """`labels_a_person`, read in the part of the name the title stands in as written — the name parted by a bar,
    a dash, a dot or a space (律师老张｜婚姻家事, 乘警小吴-铁路公安, 民警小李·社区): each part labels on its own. False
    when the name has no such mark, or its parts read apart do not make up the canonical text."""
    if CLAUSE_END.search(original) is None:
        return False
    pieces = [normalize(part).canonical for part in CLAUSE_END.split(original) if part]
    if any(piece in TOPIC_AFTER for piece in pieces) or in_a_work(canonical) or _held_once(canonical) or \
            _A_PET_SAID.search(canonical) is not None:
        return False  # 重生之我是大律师（小说）: a part that says the name is a work's; 民警老王（已退休）: held once;
        # 小法官（一只橘猫）: a pet's
    at = 0
    for piece in pieces:
        if not piece:
            continue
        if not canonical.startswith(piece, at):
            return False
        if at <= hit.start and hit.end <= at + len(piece):
            if len(piece) == len(canonical):
                return False  # one part: the whole name, already read
            shifted = TermHit(hit.term, hit.start - at, hit.end - at, hit.view)
            return labels_a_person(piece, shifted, frozenset(end - at for end in place_ends if end > at))
        at += len(piece)
    return False


# The service a holder's account offers, ending a name that opens with the title (律师免费咨询, 医生在线问诊,
# 心理咨询师在线): the account presents itself as the holder's practice. Not a place or a platform named after it
# (律师咨询网, 医生问诊平台: a head word follows).
SERVICES_AFTER = frozenset({"免费咨询", "在线咨询", "咨询", "在线", "答疑", "在线答疑", "免费答疑", "问诊", "在线问诊",
                            "法律咨询", "心理咨询", "健康咨询", "财务咨询",
                            "免费问诊", "接诊", "坐诊", "出诊"})
# Marks a holder's own account puts after its name, read without them (理财师小郭官方, 金牌律师陈伟官方认证)
# one at a time: 官方认证 is 认证, then 官方
_MARKS_AFTER = ("官方账号", "官方频道", "官方", "认证", "官微", "官号", "频道", "在岗", "值班中")  # (辅警小李在岗)
# What ends a lecture, a class, a group or a place named after the title's holders, not their channel (医生讲座,
# 教师分享会, 律师说法课堂)
_NOT_A_CHANNEL_END = ("会", "座", "堂", "课", "班", "群", "站", "网", "台", "平台", "中心", "馆", "大赛")


_LATIN_OR_DIGITS_AT_END = re.compile("[a-z0-9]+$")


def without_marks_after(canonical: str, end: int) -> str:
    """`canonical` without the marks ending it (官方, 认证 …) and a run of Latin letters or digits after Han
    characters (警官陈晓Officer, 消防员阿杰119), never cutting before `end`."""
    while True:
        mark = next((m for m in _MARKS_AFTER if canonical.endswith(m) and len(canonical) - len(m) >= end), None)
        if mark is None:
            run = _LATIN_OR_DIGITS_AT_END.search(canonical, end)
            if (run is None or run.start() == end or not is_han(canonical[run.start() - 1])
                    or canonical[run.start() - 1] in "阿小老"):  # 阿Ken is a name, not 阿 and a word
                return canonical
            mark = run.group()
        canonical = canonical[: -len(mark)]


def the_holders_channel(tail: str) -> bool:
    """What follows a title opening a name is the holder's service (免费咨询, 在线问诊) or what its channel talks
    about (说法, 说案, 科普, 讲婚姻法) — not a lecture, class or place (讲座, 分享会). A diary of the role without
    its holder (民警日常, 医生的日常) may be anyone's about it."""
    if tail in SERVICES_AFTER:
        return True
    return (tail.startswith(TALKS_ABOUT) and len(tail) <= TOPIC_REACH and not tail.endswith(_NOT_A_CHANNEL_END))


# Grades and praise a holder's own channel puts before the title (金牌律师, 一线民警, 首席分析师), and with the
# claims, what may end the text before a title that ends the name
_GRADED_BEFORE = ("金牌", "王牌", "一线", "首席", "高级", "特级", "十佳", "优秀", "持牌", "持证", "驻村", "驻外",
                  "禁毒", "缉毒", "反诈", "刑侦", "治安", "员额",
                  "icu", "ccu", "nicu", "picu")
_CLAIMED_OR_GRADED = (*CLAIM_BEFORE, *_GRADED_BEFORE)


def _named_or_claimed(opening: str) -> bool:
    """What stands before a title that ends the name is a whole personal name in characters (张伟, 小王) or ends
    in a claim or a grade (资深, 知名, 我是, 金牌, 一线): a title partly in pinyin there is no other word's half
    (爱你yi生 is 一生)."""
    return opening.endswith(_CLAIMED_OR_GRADED) or (
        all(is_han(ch) for ch in opening) and looks_like_personal_name(opening))


def _a_given_name_alone(tail: str) -> bool:
    """Two given-name characters end the name after the title (心理医生晓雯, 民警晓雪), or a name in transliteration
    does (护士古丽娜尔, 辅警扎西平措: `TRANSLITERATED_NAME_CHARACTERS`), no character three times in a row (哈哈哈)."""
    if len(tail) == 2:
        return (tail not in NOT_A_GIVEN_NAME and tail not in _NOT_TWO_GIVEN_NAMES
                and tail[0] in GIVEN_NAME_CHARACTERS and tail[1] in GIVEN_NAME_CHARACTERS)
    return (len(tail) in _TRANSLITERATED_NAME_LENGTHS and TRANSLITERATED_NAME_CHARACTERS.issuperset(tail)
            and not any(tail[i] == tail[i + 1] == tail[i + 2] for i in range(len(tail) - 2)))


_LATIN_RUN_BEFORE = re.compile(r"(?:^|[^a-z])([a-z]+)$")
# the surnames as typed in pinyin (wang, li, zhang …), nicknames' 老/小/大 aside
_SURNAME_SYLLABLES = frozenset(syllable(ch) for ch in FAMILY_NAMES)


def _surname_in_pinyin_before(canonical: str, hit: TermHit) -> bool:
    """A surname in pinyin stands right before the title, as its own word (wang律师说法, and Lawyer Wang 婚姻家事
    once the English step has written it wang律师): one whole syllable that is a surname's."""
    if hit.start == 0 or hit.view == "pinyin_mix":
        return False
    found = _LATIN_RUN_BEFORE.search(canonical, 0, hit.start)
    if found is None or found[1] not in _SURNAME_SYLLABLES:
        return False
    # glued to the character before it, the syllable may be that word's second half (中guo中医药报: 中国)
    return found.start(1) == 0 or not completes_a_word(canonical[found.start(1) - 1], found[1])


_DEPARTMENT_BEFORE = re.compile("[\u4e00-\u9fff]{1,4}科$")
_LATIN_OPENING, _LATIN_ENDING = re.compile("[a-z]+"), re.compile("[a-z]+$")
# What may open a name before a title's or role's initials, as before the word itself: a licence or a hospital's
# grade (执业LS王, 三甲YS小李) or the unit its holder serves in (派出所jc小王, 交警大队MJ老李)
_QUALIFIED_INITIALS = re.compile(f"(?:{'|'.join(QUALIFIERS_BEFORE_INITIALS)}"
                                 f"|[\u4e00-\u9fff]{{1,6}}[{UNITS_BEFORE_INITIALS}])([a-z]+)")


def in_initials(text: NormalizedText, in_bio: bool, initialisms: Mapping[str, str]) -> list[TermHit]:
    """The title or role a name (or a bio's first clause) writes in initials (`TITLE_INITIALS`, `ROLE_INITIALS`)
    before its holder's name — ys郑, LS刘, jc蔡sir, fg杜, also after a licence, a grade or the holder's unit (执业LS王,
    派出所jc小王): two letters alone are as often anyone's initials, so only with a holder's name right after them
    — or after a hospital's department (皮肤科ys), or opening a bio before 一枚 or 在线 (ys一枚，…). The hit, view
    `initials`, spans the initials and what follows them to the end of the name: they label the holder."""
    if not initials_opening(text.original.strip()):
        return []  # (asked of the text as sent first: most texts hold no initials at all)
    canonical = opening_canonical(text.original) if in_bio else text.canonical
    qualified = _QUALIFIED_INITIALS.match(canonical)
    if qualified is not None and qualified[1] in initialisms and _names_its_holder(
            without_marks_after(canonical, qualified.end())[qualified.end():]):
        return [TermHit(initialisms[qualified[1]], qualified.start(1), len(canonical), "initials")]
    if in_bio and qualified is not None and qualified[1] in initialisms and canonical.startswith(
            SELF_MARKS_AFTER, qualified.end()):
        # 体制内jcg一枚，…; 一线mj一枚: the author introduces themselves by where or how they serve
        return [TermHit(initialisms[qualified[1]], 0, qualified.end(), "initials")]
    found = _LATIN_OPENING.match(canonical) or _LATIN_ENDING.search(canonical)
    if found is None or found[0] not in initialisms:
        return []
    term = initialisms[found[0]]
    rest = without_marks_after(canonical, found.end())[found.end():]
    if found.start() == 0 and _names_its_holder(rest):
        return [TermHit(term, 0, len(canonical), "initials")]
    if found.end() == len(canonical) and _DEPARTMENT_BEFORE.search(canonical, 0, found.start()) is not None:
        return [TermHit(term, found.start(), found.end(), "initials")]
    if in_bio and found.start() == 0 and rest.startswith(SELF_MARKS_AFTER):
        return [TermHit(term, 0, found.end(), "initials")]  # YS一枚，三甲在职: the author introduces themselves
    return []


_KIN_AFTER_A = frozenset("姨婆公爸妈哥姐嫂叔伯爷奶")  # 阿姨, 阿婆 …: forms of address, not a given name


def _names_its_holder(rest: str) -> bool:
    """What follows a title's or role's initials is its holder: a surname, perhaps after 小 or 老 (小林, 老周; not
    小说), and a personal name, the holder's channel or a service after it; or 阿 and one character ending the name,
    a nickname by the given name (阿琳; not a form of address, 阿姨)."""
    if len(rest) == 2 and rest[0] == "阿" and is_han(rest[1]) and rest[1] not in _KIN_AFTER_A:
        return True
    holder = rest[1:] if rest[:1] in ("小", "老") else rest
    return bool(holder) and holder[0] in FAMILY_NAMES and (
        names_the_holder(rest) or the_holders_channel(rest[1:]) or names_the_holder(
            next((rest[: -len(s)] for s in SERVICES_AFTER if rest.endswith(s) and len(rest) > len(s)), "")))


def names_the_holder(tail: str) -> bool:
    """What follows a role or title (and its rank or unit) names its holder: a personal name, a surname and
    a rank (李队长), or either followed by what the holder's own channel says it is (小陈的日常, 老张说法)."""
    if looks_like_personal_name(tail) or surname_and_rank(tail):
        return True
    persona = next((p for p in PERSONA_TAILS if tail.startswith(p) and len(tail) > len(p)), "")
    if persona and not tail.startswith(QUOTED_AFTER, len(persona)) and names_the_holder(tail[len(persona):]):
        return True  # the persona, then the holder's name (警察蜀黍何勇)
    for size in (1, 2, 3):
        said = tail[size:].removeprefix("的")
        if (said in CHANNEL_AFTER or (size > 1 and said.startswith(TALKS_ABOUT) and len(said) <= TOPIC_REACH)) \
                and (looks_like_personal_name(tail[:size]) or surname_and_rank(tail[:size])):
            return True
    return False


def a_disguise_after_its_employer(canonical: str, hit: TermHit, organ_ends: frozenset[int] = frozenset()) -> bool:
    """A role or title heard or drawn like one (上饶日报纪者, 某某法院法冠, 三甲医院医圣), keeping one of its
    characters, right after the employer, unit or registration a bio names before a post (`_POSTED_BEFORE`, 执业) or
    an organ word ending at its start (`organ_ends`): a bio that spells out where its author works and disguises the
    post is hiding the word, not writing another one."""
    written = canonical[hit.start:hit.end]
    return keeps_a_character(written, hit.term) and (
        hit.start in organ_ends or canonical.endswith((*_POSTED_BEFORE, "执业"), 0, hit.start))


# What a bio's author writes right after their own title or role to say it is theirs (律师一枚, 医生在线), and what
# they may write before it (本人是律师): a disguised word there is the author introducing themselves
SELF_MARKS_AFTER = ("一枚", "在线")
# How a bio's author says who they are before it (我是…, 本人是…); 本人 alone also before a title (本人法宫一枚)
SELF_INTRODUCTIONS = ("我是", "本人是", "俺是")  # (俺是: "I am" in the north's speech)
_SELF_INTRODUCTIONS = (*SELF_INTRODUCTIONS, "本人")


def a_disguise_introducing_itself(canonical: str, hit: TermHit) -> bool:
    """A role or title heard or drawn like one (绿师一枚, 医笙在线, 本人是法宫一枚), keeping one of its characters,
    opening the bio or right after its author's self-introduction, and followed by what an author writes after
    their own post (`SELF_MARKS_AFTER`): the author introduces themselves and disguises the word."""
    before = canonical[:hit.start]
    return (keeps_a_character(canonical[hit.start:hit.end], hit.term)
            and (not before or before in _SELF_INTRODUCTIONS) and canonical.startswith(SELF_MARKS_AFTER, hit.end))


def places_before(places: list[TermHit], end: int) -> int | None:
    """Where the places written one after another right before `end` begin (桂林市七星区|检察官 → 桂林市's start), each
    of two or more characters; None when no place ends there."""
    start = None
    while (place := next((p for p in places if p.end == end and p.end - p.start >= 2), None)) is not None:
        start = end = place.start
    return start


def place_ends_before_surnames(canonical: str, hits: list[TermHit], places: Callable[[str], list[TermHit]],
                               ) -> frozenset[int]:
    """Where a place name of two or more characters ends right before one of `hits`, on a character that is
    also a surname (浙江|警官): computed only when some hit has such a character before it."""
    if not any(h.start > 0 and canonical[h.start - 1] in SURNAMES for h in hits):
        return frozenset()
    return frozenset(p.end for p in places(canonical) if p.end - p.start >= 2)


def department_starts(canonical: str, hit: TermHit) -> list[int]:
    """Where a department's name (one to four characters and 科: 儿科, 心内科, 耳鼻喉科) may begin when its 科
    ends the text before the title or is among the title's first characters (科医生, 内科医生); empty when
    no 科 is there."""
    if canonical[hit.start - 1: hit.start] == "科":  # empty at the text's start
        ke = hit.start - 1
    else:
        ke = canonical.find("科", hit.start, min(hit.start + 2, hit.end))
        if ke < 0:
            return []
    return [ke - k for k in (1, 2, 3, 4) if ke >= k]


def _department_before_a_post(canonical: str, hit: TermHit) -> list[int]:
    """`department_starts` for a department (…科) with a word of the holder's post or field between it and the
    title (骨科|主刀|医生, 急诊科|icu|医生, 皮肤科|医美|医生): up to four letters or characters, none of them 的."""
    ke = canonical.rfind("科", max(0, hit.start - 5), hit.start - 1)
    between = canonical[ke + 1:hit.start] if ke >= 0 else ""
    if not between or not between.isalnum() or "的" in between or "科" in between:
        return []
    return [ke - k for k in (1, 2, 3, 4) if ke >= k]


# Employers a bio names before the unit or field its author works in and the post (区检察院|公益诉讼|检察官,
# 电视台|新闻|记者, 电台|夜间节目|主持人, 报社|美编兼|记者): the words of `INSTITUTION_BEFORE` that name one — not
# its grades and marks (资深, 一级, 三甲 …) nor 中心, which ends too many other words — and a channel's own words
_NOT_EMPLOYERS = ("中心", "三甲", "公立", "资深", "知名", "著名", "退休", "前", "原", "现任", "国家级", "省级", "市级",
                  "一级", "二级", "三级", "高级", "中级")
_EMPLOYERS = (*(word for word in INSTITUTION_BEFORE if word not in _NOT_EMPLOYERS), "卫视", "广电", "调频")
# What between an employer and a title makes the title someone else's or somewhere else's (医院附近律师, 法院门口找
# 律师, 电视台和记者): a place beside it, a visit, a wish, a conjunction or a person
_NOT_A_UNIT = ("的", "附近", "对面", "旁边", "门口", "隔壁", "楼下", "周边", "找", "看", "问", "请", "招", "聘", "想",
               "和", "跟", "给", "帮", "我", "你", "他", "她", "里", "外", "去", "到",
               "读者", "观众", "听众", "粉丝", "俱乐部", "后援会",  # (人民日报读者俱乐部记者: the club's)
               "过", "时")  # 大学时在广播站当过播音员: once, not now
_UNIT_REACH = 8  # characters of a unit or field between the employer and the title (未成年人检察部门, 公益诉讼)


def _posted_with_a_unit_between(canonical: str, hit: TermHit, original: str) -> bool:
    """In the bio's first clause, an employer (`_EMPLOYERS`, as `_posted_at` reads it) and then, within a few
    characters, the unit or field its author works in and the title (检察院控告申诉部门检察官, 杭州电视台新闻记者,
    电台夜间节目主持人; or right before it: 音乐调频主持人), nothing between that makes the title someone else's
    (`_NOT_A_UNIT`)."""
    if hit.end > len(opening_canonical(original)):
        return False
    if any(word in canonical[:hit.start] for word in (*_MET_OR_FELT, *ASPIRED_BEFORE)):
        return False  # 姐姐在医院当护士, 做梦都想进电视台当主持人: a relative's post, a wish
    for gap in range(_UNIT_REACH + 1):
        at = hit.start - gap
        between = canonical[at:hit.start]
        if at <= 0 or (between and not is_han(between[0])) or any(word in between for word in _NOT_A_UNIT):
            return False
        if _posted_at(canonical, at, _EMPLOYERS):
            return True
    return False


def surname_and_rank(text: str) -> bool:
    """`text` is a surname and a rank, the way colleagues call the holder (李队, 王所长)."""
    return len(text) >= 2 and text[0] in SURNAMES and text[1:] in SURNAME_RANKS


# What the author says of themselves when the bio opens with it right before a title (本人律师，…; 作为心理咨询师;
# 作为一名…): nearer than a claim word, whose reach is wider.
_SELF_BEFORE = ("本人", "作为", "身为")
# A bio opening with the hours or the part of life the author spends in the post (白天是检察官，晚上写小说;
# 平时是一名护士)
_WORKING_HOURS_OPENING = re.compile("(?:白天|平时|平日|工作日|上班时|上班|主业|正职|本职)(?:是|当|做)(?:一名|一位|个)?")
# A bio opening with the author's generation or sex right before the title (90后女刑警, 八零后律师, 女法官)
_GENERATION_OR_SEX = re.compile("(?:[0-9]{2}后|[零〇一二三四五六七八九]{2}后)?(?:女|男)?")
# Someone the author may introduce before a title who is not its holder (一个普通人我觉得医生很辛苦)
_PRONOUNS = frozenset("我你他她它")
# Fields of practice, one to three of which may open a bio's first clause before the title that ends it: the
# author's own practice (婚姻家事律师，…; 知识产权律师，…; 情感心理咨询师，…).
PRACTICE_AREAS = ("婚姻", "家事", "离婚", "刑事", "刑辩", "辩护", "民事", "商事", "民商事", "经济", "知识产权",
                  "劳动", "仲裁", "劳动争议", "工伤", "房产", "房地产", "合同", "债务", "债权", "公司", "企业",
                  "金融", "证券", "涉外", "移民", "交通事故", "医疗纠纷", "建设工程", "拆迁", "继承", "遗产", "税务",
                  "行政", "破产", "股权", "情感", "婚恋", "亲子", "青少年", "儿童", "家庭", "法律援助")
_PRACTICE_AREAS = re.compile("(?:专业|资深|执业|金牌)?(?:" + "|".join(map(re.escape, sorted(PRACTICE_AREAS, key=len,
                                                                                reverse=True))) + "){1,3}")
# Grades and standings a holder puts right before a title or its department (一线民警, 律所合伙人律师, 高级会计师)
_GRADES = (*_GRADED_BEFORE, "合伙人", "资深", "执业", "社区")
# Practising the title as one's work, from the bio's opening (从事律师工作十五年, 我一直从事教师职业)
_PRACTISED_AS_AFTER = ("工作", "职业", "行业")


def _practised_as(canonical: str, hit: TermHit) -> bool:
    """从事 + the title + 工作 from the bio's opening, ending there (not 从事律师工作的朋友, someone else)."""
    opening = canonical[:hit.start].removeprefix("我").removeprefix("本人")
    work = next((word for word in _PRACTISED_AS_AFTER if canonical.startswith(word, hit.end)), None)
    return (work is not None and opening.removeprefix("一直").removeprefix("长期").removeprefix("多年") == "从事"
            and not canonical.startswith("的", hit.end + len(work)))


_KIN_INTRODUCED = re.compile("(?:" + "|".join(map(re.escape, sorted(KIN_BEFORE, key=len, reverse=True))) + ")"
                             "(?:(?:" + "|".join((*INTRODUCED_BY, "个")) + r")\w{0,2}"
                             r"|(?:[0-9一二三四五六七八九十两几]+多?年的?)?(?:(?!我)\w){1,4})$")  # (当了三十年|派出所)


def _kin_introduced(canonical: str, hit: TermHit) -> bool:
    """Kin introduced by what they are right before the title, a word or two of description between (父亲是一名老
    警察, 妈妈是一位儿科医生), or where they work (妻子是小学教师, 我爸是市公安局民警): the author's relative holds
    it, not the author (not 老公是医生，我是护士, where the author's own title follows)."""
    start = max(0, hit.start - 10)
    return (_KIN_INTRODUCED.search(canonical, start, hit.start) is not None
            or _A_HOUSEHOLDS_MEMBER.search(canonical, start, hit.start) is not None)


# A member of the author's household called by a nickname, then what they are or where they work (我家老周是民警,
# 我们家小李在县医院当医生): how a spouse or child is spoken of, as kin are
_A_HOUSEHOLDS_MEMBER = re.compile("(?:我家|我们家)[老小阿][\u4e00-\u9fff](?:是|在)\\w{0,8}$")


# How a bio's first clause describes its author ending with the title: after 的 (守路口的交警, 站了二十年讲台的人民
# 教师) or after 当, 做 or 干 (我在急诊科当护士), a word of up to two characters between (的一线交警)
_DESCRIBED_AS = re.compile(r"(?:的|(?:当|做|干)(?!过)了?)\w{0,2}$")
# Words in such a clause that make the holder someone the author met, fears or likes (给我看病的医生, 最怕的老师), or
# the author once (以前当护士); kin in it hold the title (姐姐在医院当护士)
_MET_OR_FELT = ("以前", "曾", "过去", "当年", "从前", "年前", "前的", *KIN, "给我", "帮我", "救我", "帮过",
                "救过", "帮助过", "遇到", "碰到", "见过", "认识", "讨厌", "害怕", "怕", "最爱", "心中", "眼中",
                "口中", "我的", "你", "他", "她", "剧里", "剧中", "书里", "书中", "小说", "电影", "游戏里", "动漫",
                "想", "梦", "小时候", "玩")  # 做梦都想进央视当记者, 小时候玩过家家永远当医生: a wish, a game


def _described_self(canonical: str, hit: TermHit, original: str) -> bool:
    """The bio's first clause, as written, describes its author and ends with the title (风里雨里守路口的交警; 我在
    急诊科当护士) — not someone the author thanks, watches, met or is related to (给我看病的医生, 我爸是守路口的
    交警), and with 我 only opening it (我的医生 is the author's doctor)."""
    opening = opening_canonical(original)
    if hit.end != len(opening) or not canonical.startswith(opening):
        return False
    before = opening[:hit.start]
    return (bool(before) and _DESCRIBED_AS.search(before) is not None and "我" not in before[1:]
            and not any(word in before for word in (*_NOT_CLAIMED_BEFORE, *_MET_OR_FELT)))


_SAID_BY = re.compile("[说问讲][：:，,\"“「]")


def _said_by(original: str, title: str) -> bool:
    """The bio as sent quotes the title's holder: the title, then 说 (问, 讲) and a colon, comma or quotation mark
    (医生说：多喝热水) — someone else speaking, not the author's own title."""
    return _written_before(original, title, _SAID_BY)


def parted_after(original: str, title: str) -> bool:
    """The text as sent follows the title (or any word) with punctuation, a space or a bar, which the canonical
    text drops: what comes next is a clause of its own (律师，考过司法考试; 深圳市监丨消费提醒), not a word the title
    modifies (律师考过司法考试)."""
    return _written_before(original, title, CLAUSE_END)


def _written_before(original: str, title: str, after: re.Pattern[str]) -> bool:
    """Where the title is first written in the bio as sent, `after` matches right after it."""
    at = original.find(title) if title else -1
    return at >= 0 and after.match(original, at + len(title)) is not None


# A series watched or read again and again (二刷中, 追了三遍, 看了八遍): a fan's bio, whose titles are characters'
_WATCHED_AGAIN = re.compile("[二三四五六七八九十n]刷|(?:追|看|刷|读)了?[0-9一二三四五六七八九十两几]+遍")
# Worlds a joke's body or role belongs to, written right before it: a household's, a dorm's, a class's, a circle of
# friends' or a pet's (家庭财政部长, 宿舍新闻联播, 朋友圈纪委书记, 猫咪派出所所长)
JOKES_WORLDS = ("家庭", "宿舍", "寝室", "卧室", "客厅", "班级", "朋友圈", *PETS)
# Games whose players name themselves after the game's roles (和平精英特种兵, 第五人格医生, 吃鸡特种兵): a player's
# handle, in a name or a bio
GAMES = ("和平精英", "王者荣耀", "第五人格", "吃鸡", "绝地求生", "穿越火线", "使命召唤", "原神", "蛋仔派对", "我的世界",
         "明日方舟", "光遇", "逆战", "三角洲行动", "无畏契约", "英雄联盟", "阴阳师", "剧本杀", "狼人杀", "密室逃脱",
         "gta", "侠盗猎车", "洛圣都", "lol", "模拟人生", "王者峡谷", "开心消消乐", "三国杀")
# A bio that says what it writes is fiction or a fan's work (小说人物：林警官，纯属虚构; 角色同人账号), or lists a
# family (一家三口：派出所民警爸爸、全职妈妈和一只柯基): its titles are characters' or relatives'
FICTION_MARKS = ("纯属虚构", "同人", "角色扮演", "虚构人物", "一家三口", "一家四口", "一家五口", "原创角色", "小说人物",
                 "全系列通关", "全部通关", "二周目", "三周目",  # a game played through (逆转裁判全系列通关，…)
                 "求同好", "同好", "模拟器", "游戏里的",  # fans of a series looking for others, a simulator game
                 "演绎号", "剧情号",  # an account acting scenes (幼儿园小法官，演绎号，萌娃断案)
                 "小说推文", "小说解说",  # a novel's story told (小说推文·霸道警官)
                 "均为虚构", "情节虚构", "剧情虚构", "内容虚构", "虚构故事", "虚构剧", "虚构创作", "虚构作品",
                 "原创小说", "小说连载", "短剧",  # a story said to be made up, a serial, a short drama
                 *GAMES)
# Dressing up as a character (cos法医秦明, cosplay警察): the Latin word alone, not inside another (costco)
_COSPLAYED = re.compile("(?<![a-z])cos(?:play)?(?![a-z])")


def in_a_work(canonical: str) -> bool:
    """The text says its titles are a story's, a game's or a costume's (`FICTION_MARKS`, cos…), not its holder's."""
    return any(mark in canonical for mark in FICTION_MARKS) or _COSPLAYED.search(canonical) is not None


# A bio that says its author has left the post anywhere in it: what it names was held once
FORMER_MARKS = ("已退休", "已辞职", "已离职", "已转行", "辞职了", "离职了", "退休了", "转行了", "退休的", "已经卸任",
                "已卸任", "卸任了", "退休前", "离职前", "辞职前",  # 老爸退休前是法官: what someone was before leaving
                "退休后", "离职后", "辞职后", "退休生活")  # 退休后学书法的老法官: what someone does since


def _held_once(canonical: str) -> bool:
    """The text says its title or role was held once, wherever it says so (民警老王（已退休）, …，已辞职); the
    veterans' bodies are named for a retirement that is not the author's (退役军人事务局工作人员)."""
    canonical = _without_veterans_bodies(canonical)
    return any(word in canonical for word in FORMER_MARKS)


# The words that begin the names of the bodies that serve veterans (退役军人事务局, 退役军人服务站)
_VETERANS_BODIES = re.compile("退役军人(?:事务|服务)")


def _without_veterans_bodies(canonical: str) -> str:
    """`canonical` with the veterans' bodies' names taken out, so that their 退役 says no one retired."""
    return _VETERANS_BODIES.sub("", canonical) if "退役军人" in canonical else canonical


# Who a title after 的 may belong to when it is a figure of speech, not a post: a person the author looks after or a
# pet (娃的私人营养师, 我家狗的律师, 兄弟们的情感咨询师)
_FIGURATIVE_OWNERS = (*KIN, *PETS, "们", "自己", "娃", "孩子", "宝宝", "宝贝", "全家", "大家", "朋友", "闺蜜", "兄弟",
                      "姐妹", "我家", "自家")
# … or the author's own life, named alone or as the author's (生活的记者, 自己人生的主持人; not 热爱生活的检察官, who
# loves life and holds the post)
_FIGURATIVE_LIVES = re.compile("(?:自己|我的|我)?(?:人生|生活|灵魂|心灵|世界)")
# A scene that makes the title a figure of speech: a circle or a field of pastimes (吃货界的首席分析师, 朋友圈的…)
_FIGURATIVE_SCENES = ("界", "圈")
# … or a place named before 里, 上 or 中 that is no workplace (厨房里的主刀医生, 麻将桌上的检察官, 剧本杀里的法官); a
# workplace or a post in the field may stand there (急诊室里的护士, 马路上的交警, 讲台上的老师, 线上的心理咨询师)
_LOCATIVES = ("里", "上", "中")
_WORKPLACES_BEFORE_A_LOCATIVE = (*INSTITUTION_BEFORE, "路", "路口", "街", "街头", "岗", "岗位", "台", "庭", "室",
                                 "线", "网", "院", "所", "局", "队", "站", "科", "校", "病房", "产房", "基层", "社区",
                                 "村", "镇", "乡", "边防", "边境", "高速", "工地", "现场", "法庭", "课堂")
_FIGURE_REACH = 4  # characters a title's own words may take between 的 and it (首席, 私人, 情感)


def a_figure_of_speech(canonical: str, hit: TermHit, original: str, *, owners: bool = True) -> bool:
    """The title follows 的 and an owner or a scene that makes it a figure of speech: someone the author serves in
    play, a pet, the author's own life, a circle or a place of pastimes (娃的私人营养师, 吃货界的首席分析师,
    厨房里的主刀医生) — not the author's practice or workplace (守路口的交警, 急诊室里的护士), and not when the 的
    belongs to a clause of its own or someone else (我是你们的老朋友，律师小杨). `owners`: whether an owner counts (not
    for a body's name, which its own account calls 我们的…)."""
    at = canonical.rfind("的", max(0, hit.start - _FIGURE_REACH), hit.start)
    if at <= 0 or any(word in canonical[at + 1:hit.start] for word in RELATIONS_AFTER) or (
            original and CLAUSE_END.search(written_between(original, at + 1, hit.start))):
        return False
    before = canonical[:at]
    if before.endswith(_FIGURATIVE_SCENES) or (owners and (
            before.endswith(_FIGURATIVE_OWNERS) or _FIGURATIVE_LIVES.fullmatch(before)
            or _FIGURATIVE_LIVES.fullmatch(before.removeprefix("我是")))):
        return True
    return before.endswith(_LOCATIVES) and len(before) >= 2 and not before[:-1].endswith(
        _WORKPLACES_BEFORE_A_LOCATIVE)


# What may open a bio before a role and still open it with the role: a deputy's grade, a place left unnamed (副市长，
# 分管城建; 某区区长，…)
_A_DEPUTY_OR_UNNAMED_PLACE = re.compile("(?:某[省市县区镇乡村])?副?")


def claimed_in_bio(canonical: str, hit: TermHit, original: str = "", reach: int = 12, *,
                   place_before: int | None = None) -> bool:
    """A bio claims the role or title: a claim word shortly before it, a surname right before it, an
    employer or rank right before it (大学教授), the bio opening with it, or a practice right after it
    (医生，擅长…) — unless what follows makes it a modifier of something else (医生的女儿, 律师事务所的前台,
    法官题材电视剧), or the head of a place, business, exam or event name written right after it in
    `original`, the bio as sent (交警路小吃, 警察博物馆, 税务师考试交流群; not 医生，会看病, where the
    punctuation the canonical text drops parts them). `place_before`: where a place's name ending right before
    it starts — its last character, though a surname's, names no holder, and a word of thanks or following may
    stand before the place (关注天津|交警多年)."""
    if original and canonical.startswith(THANKS) and hit.end <= len(opening_canonical(original)):
        return False  # the bio's first clause thanks someone (感谢城关派出所民警帮我找回钱包; not 喜欢写作的律师，…)
    if _held_once(canonical) or _retired_in_the_opening(canonical, hit, original):
        return False  # 已退休的老医生，只聊养花; 原电视台主持人，已辞职; 退休中学教师，…: the author held it once
    if _HELPED_THE_AUTHOR.search(canonical, hit.end, hit.end + _HELPED_REACH) is not None:
        return False  # 派出所民警两个小时就帮我找回来了: someone who helped the author
    if _CAME_TO_THE_AUTHOR.match(canonical, hit.end) is not None and not parted_after(
            original, canonical[hit.start:hit.end]):
        return False  # 记者来我们村采访了; 检察官来学校讲课: someone who came to the author's place
    if any(word in canonical[max(0, hit.start - reach): hit.start] for word in IMPERSONATED_BEFORE) or (
            canonical.endswith(_A_REAL_ONE, 0, hit.start) and _NEVER_DOES.match(canonical, hit.end) is not None):
        return False  # 有人冒充县医院医生卖药; 真警察不会让你转账: a warning about impostors, about every real holder
    if _ADMIRED_BY_THE_AUTHOR.match(canonical, hit.end) is not None or _A_PATIENTS_STAY.search(canonical):
        return False  # 消防员是我心中的英雄; 护士扎针很温柔，住院一周记录: someone the author admires or was treated by
    if in_a_work(canonical) or _WATCHED_AGAIN.search(canonical) or (
            original and only_in_marks(original, canonical[hit.start:hit.end], QUOTED)):
        return False  # a character's title, or someone quoted (“警察叔叔，我捡到一分钱”)
    if _years_in_the_post(canonical, hit):
        return True  # 在洛扎县当交警的第七年, 做律师的第10年: the author counting their own years
    addressed_as = next((word for word in _ADDRESSED_AS if canonical.startswith(word, hit.end)), "")
    modifier = (canonical.startswith(_NOT_CLAIMED_AFTER, hit.end + len(addressed_as)) and not parted_after(
        original, canonical[hit.start:hit.end])) or _said_by(original, canonical[hit.start:hit.end])
    if original and _a_fans_opening(canonical, hit, original):
        return False  # 主持人康辉粉丝，…; 法医秦明全系列书粉: the bio opens with who or what the author is a fan of
    if (modifier or _addressed(canonical, hit, place_before, _NOT_CLAIMED_BEFORE) or _kin_introduced(canonical, hit)
            or _someone_the_holder_has(canonical, hit)
            or a_figure_of_speech(canonical, hit, original) or any(
                word in (original or canonical) for word in _A_PETS_POST)):
        return False
    if compound_head_written(canonical, original, hit.start, hit.end) and not parted_after(
            original, canonical[hit.start:hit.end]):
        return False  # not 副教授，考研辅导: a clause of its own follows the title
    window = canonical[max(0, hit.start - reach): hit.start]
    if (any(word in window for word in CLAIM_BEFORE) or (place_before is None and _a_surname_before(canonical, hit,
                                                                                                original))
            or hit.start == 0 or place_before == 0  # the bio opens with it, or with its place and it (浙江警官，…)
            or _A_DEPUTY_OR_UNNAMED_PLACE.fullmatch(canonical, 0, hit.start) is not None):  # 副市长，…; 某区区长，…
        return True
    opening = canonical[:hit.start]  # what the bio says before the title
    # the department a title's holder works in stands before it or begins it (心内科|副主任医师, 皮肤|科医生,
    # 心|内科医生), and a grade may stand before either (一线民警, 律所合伙人律师)
    departments = department_starts(canonical, hit) or _department_before_a_post(canonical, hit)
    starts = [hit.start, *departments]
    starts += [start - len(grade) for start in starts for grade in _GRADES if canonical.endswith(grade, 0, start)]
    if any(_YEARS_OPENING.fullmatch(canonical[:start]) for start in starts):
        return True  # the bio opens with the author's years in practice (十年执业律师, 十年经验的儿科医生)
    if any(_years_as_the_holder(canonical[:start]) for start in starts):
        return True  # 在县人民医院当了二十年外科大夫: the author counting the years they have held it
    if ((0 in starts[1:] and opening.isalpha()) or opening in _SELF_BEFORE or _practised_as(canonical, hit)
            or _WORKING_HOURS_OPENING.fullmatch(opening) or (opening and _GENERATION_OR_SEX.fullmatch(opening))):
        return True  # 一线民警，…; 本人律师，…; 作为心理咨询师，…; 从事律师工作十五年
    if original and _described_self(canonical, hit, original):
        return True  # 风里雨里守路口的交警，…; 我在急诊科当护士，…
    if (opening.endswith("学") and hit.term in _ACADEMIC_RANKS and hit.start <= _DISCIPLINE_REACH and opening.isalnum()
            and opening[-2:] not in _SCHOOLING and not any(ch in _NOT_IN_AN_EMPLOYER for ch in opening)):
        return True  # the bio opens with the discipline the author teaches (经济学教授, 计算机科学副教授)
    if opening.isascii() and opening.isalpha() and syllable_count(opening) == 1:
        return True  # the bio opens with a surname in pinyin and the title (Dr. Li → li医生)
    lead = next((word for word in _SELF_BEFORE if canonical.startswith(word)), "")  # 作为一名…
    if (canonical.startswith(INTRODUCED_BY, len(lead)) and hit.start <= _INTRODUCTION_REACH + len(lead)
            and opening.isalpha() and not any(ch in _PRONOUNS for ch in opening)
            and not canonical.startswith(RELATIONS_AFTER, hit.end)):
        return True  # 一名基层法官; not 一个律师朋友说, where the friend is the lawyer
    if canonical.startswith(PRACTISED_BY) and any(
            0 < start <= _PRACTICE_REACH and canonical[start - 1] == "的" and canonical[:start].isalpha()
            for start in (hit.start, *departments)):
        return True
    if original and _PRACTICE_AREAS.fullmatch(opening) and (
            opening_canonical(original) == canonical[:hit.end]):
        return True  # the bio's first clause is the author's field of practice and the title (婚姻家事律师，…)
    # the employer may stand before the department or grade (三甲医院皮肤科医生, 协和医院心内科副主任医师,
    # 某律所合伙人律师)
    if any(_posted_at(canonical, start) for start in starts) or (
            original and _posted_with_a_unit_between(canonical, hit, original)):
        return True
    # the school and the subject taught between it and the title (小学数学教师, 中学语文老师 is no title)
    subject = next((w for w in SUBJECTS if canonical.endswith(w, 0, hit.start)), None)
    if subject is not None and (hit.start == len(subject) or canonical[
            max(0, hit.start - len(subject) - 6): hit.start - len(subject)].endswith(INSTITUTION_BEFORE)):
        return True  # or the bio opens with the subject and the title (数学教师，…)
    # a title that begins with its employer's kind (大学教授) after the bio opens with the employer's own
    # name (北京大学教授, 华中科技大学教授): the holder's affiliation — not a phrase about someone else's
    # (我的大学教授, 梦想成为大学教授)
    if (hit.term.startswith(INSTITUTION_BEFORE) and 2 <= hit.start <= _INTRODUCTION_REACH and opening.isalnum()
            and not any(ch in _NOT_IN_AN_EMPLOYER for ch in opening)):
        return True
    if original and _labelled_opening(canonical, hit, original):
        return True  # 乡村教师，…; 执行局法官老陈，…; 幼儿园老师一枚
    if original and _a_clause_of_its_own(canonical, hit, original):
        return True  # 宝妈，律师，爱旅行; 吉林律协会员，专职律师，…: one of the words the author describes themself by
    return canonical.startswith(PRACTICE_AFTER, hit.end)


_ASKED = frozenset("?？")


def _a_clause_of_its_own(canonical: str, hit: TermHit, original: str) -> bool:
    """The title is a clause of the bio of its own, as written between punctuation, with at most a grade or claim word
    or a field before it and the holder's name after it (…，专职律师，…; …｜执业药师｜…): the author lists it among
    what they are."""
    title = canonical[hit.start:hit.end]
    start = 0
    for mark in (*CLAUSE_END.finditer(original), None):
        end = len(original) if mark is None else mark.start()
        part, start = original[start:end], end if mark is None else mark.end()
        if not part or (mark is not None and mark[0] in _ASKED):
            continue  # (律师？不，是龙宫: a question about it)
        piece = normalize(part).canonical
        at = piece.find(title)
        if at < 0:
            continue
        before = piece[:at]
        if (not before or before in _CLAIMED_OR_GRADED or _FIELD_WORDS.fullmatch(before)) and only_the_holder_after(
                piece, at + len(title)):
            return True
    return False


def _a_fans_opening(canonical: str, hit: TermHit, original: str) -> bool:
    """The bio's first clause, as written, holds the title and ends with a fan's word a few characters after it (主持人
    康辉粉丝, 法医秦明全系列书粉): the author is a fan of the holder or of the work the title names."""
    clause = opening_canonical(original)
    return hit.end <= len(clause) and canonical.startswith(clause) and fan_word_ends(clause, hit.end)


# Being the title for a count of years, the way an author dates their bio (当交警的第七年, 做医生的第十个年头)
_YEARS_IN_THE_POST = re.compile("的?第[0-9一二三四五六七八九十两百]+个?(?:年|年头)")  # (做律师第八年了)


# A bio opening with the author's retirement (退休中学教师，…) names a post held once in its first clause — not one
# held since (退役军人，现任交警中队长), nor one kept after retiring (退休不退岗的老教授)
_RETIRED_OPENING = ("退休", "已退休", "退役", "退伍")


def _retired_in_the_opening(canonical: str, hit: TermHit, original: str) -> bool:
    """The bio opens with the author's retirement and the title stands in that first clause (退休中学教师，…)."""
    if not original or not _without_veterans_bodies(canonical).startswith(_RETIRED_OPENING):
        return False
    clause = opening_canonical(original)
    return hit.end <= len(clause) and "不退" not in clause


# Words for passing oneself off as someone, before the title they pass for: a warning about an impostor
IMPERSONATED_BEFORE = ("冒充", "假冒", "假扮", "冒名", "冒用", "伪装成")
# "A real one never does …" (真警察不会…): what every real holder does not do, said in a warning
_A_REAL_ONE = ("真", "真正的")
_NEVER_DOES = re.compile("(?:是)?(?:不会|从不|绝不|从来不|不可能)")


# Someone who helped or did something for the author, within reach after the title (民警两个小时就帮我找回来了)
_HELPED_THE_AUTHOR = re.compile("帮(?:了|过)?我(?![的们])|替我|给我[看治办]|教(?:了|过)?我")  # (not 帮我的当事人维权)
_HELPED_REACH = 12
# Coming to where the author lives or studies, right after the title (记者来我们村, 检察官来学校讲课): a visitor
_CAME_TO_THE_AUTHOR = re.compile("(?:叔叔|阿姨)?们?来了?到?"
                                 "(?:我们|咱们|我家|咱家|我校|我村|学校|村里|班里|家里|幼儿园)")
# What children and the public call the holder after the title (交警叔叔让我靠边停车): what follows it is read as after
# the title itself
_ADDRESSED_AS = ("叔叔", "阿姨", "蜀黍", "姐姐", "哥哥")
# The title is what the author admires, not what they are (消防员是我心中的英雄; not 律师是我的职业)
_ADMIRED_BY_THE_AUTHOR = re.compile("是我(?!的?(?:职业|工作|本职|身份|专业|老本行))")
# The author's own stay in hospital, counted or logged (住院一周记录, 住院第三天, 住院日记): the doctors and nurses in
# the bio are those who treated them
_A_PATIENTS_STAY = re.compile("住院(?:[一二三四五六七八九十两几0-9]+[天周月]|记录|日记|第|期间|的日子)")


# Being the title for a count of years, said right before it (当了二十年, 做了十年的, 干了8年)
_YEARS_AS = re.compile("(?:当|做|干)了?[0-9一二三四五六七八九十两百]+多?年的?$")


def _years_as_the_holder(before: str) -> bool:
    """`before`, all the bio says before a title (or its department), ends with 当了…年 and no one else is named
    in it (not 我爸当了二十年, 梦想当十年)."""
    return _YEARS_AS.search(before) is not None and not _someone_else_in(before)


def _years_in_the_post(canonical: str, hit: TermHit) -> bool:
    """当, 做 or 干 (了) right before the title and 的第…年 right after it, with no one else before it in the bio
    (not 我爸当交警的第十年, 梦想当医生的第三年)."""
    before = canonical[:hit.start].removesuffix("了")
    if not before.endswith(("当", "做", "干")) or _YEARS_IN_THE_POST.match(canonical, hit.end) is None:
        return False
    return not _someone_else_in(before)


def _someone_else_in(before: str) -> bool:
    """What a bio says before a title names someone else whose years these are, or a wish (我爸当…, 梦想当…, 你…)."""
    return any(word in before for word in (*KIN, *ASPIRED_BEFORE, *_MET_OR_FELT, "你", "他", "她"))


# 和 and 同 are surnames, and also "and" and "with" between two words (常演警察和律师)
_ALSO_CONJUNCTIONS = frozenset("和同跟")


def _a_surname_before(canonical: str, hit: TermHit, original: str) -> bool:
    """A surname's character stands right before the title as the bio writes it — not across punctuation or a space
    that the canonical text drops (梦幻西游 医生, 打了疫苗，医生很专业: 游 and 苗 end other words), though an opening
    bracket may stand between (老陈（教授）) — and is not "and" between two words (警察和律师)."""
    before = canonical[hit.start - 1] if hit.start > 0 else ""
    if before not in SURNAMES or (before in _ALSO_CONJUNCTIONS and hit.start >= 2 and is_han(canonical[hit.start - 2])):
        return False
    if not original or CLAUSE_END.search(original) is None:
        return True  # most bios
    # an opening bracket may stand between (老陈（教授）)
    return CLAUSE_END.search(written_between(original, hit.start, hit.start).lstrip("（([【")) is None


# What may stand right before the employer that precedes a title and make the employer someone else's: a passive
# or a visit (被派出所民警教育了一顿, 去医院找医生), or a denial (不是电视台主持人)
_NOT_THE_EMPLOYEES_BEFORE = ("被", "给", "让", "找", "去", "到", "看", "问", "不是", "并非", "非")
_EMPLOYER_REACH = 6


def _posted_at(canonical: str, start: int, words: tuple[str, ...] = _POSTED_BEFORE) -> bool:
    """An employer, grade or registration (`words`: 三甲医院, 派出所, 注册) ends within reach before a title (or its
    department) starting at `start`, and nothing right before it makes it someone else's workplace."""
    window = canonical[max(0, start - _EMPLOYER_REACH): start]
    posted = next((word for word in words if window.endswith(word)), None)
    if posted is None:
        return False
    at = start - len(posted)
    return canonical[:at] not in _FORMER_OPENING and not any(
        word in canonical[max(0, at - 4): at] for word in _NOT_THE_EMPLOYEES_BEFORE)  # (not 原电视台主持人)


# A bio's first clause, as written, that is the title with the field, the kind or the unit of its holder's work
# before it (乡村教师, 经侦民警, 执行局法官, 财经记者, 劳动法律师) and nothing after it but the holder's name, 一枚 or
# the parent they are (执行局法官老陈, 幼儿园老师一枚, 未检检察官妈妈): the author's label for themselves, as a
# display name is. Only a field of work: a word of any kind there makes as many jokes, games and hobbies (游戏主播
# 医生, 心灵医生, 颜值律师, 美食医生) as posts.
_QUALIFIER_REACH = 6
FIELDS_OF_WORK = (
    # police, courts and procuratorates
    "经侦", "刑侦", "户籍", "巡逻", "网安", "交通", "高速", "铁路", "民航", "海关", "缉私", "移民管理", "边防", "边检",
    "出入境", "社区", "反恐", "扫黑除恶", "执行", "民事", "刑事", "行政", "少年", "未检", "公益诉讼", "家事", "知产",
    "审判", "公诉",
    # newsrooms
    "摄影", "财经", "战地", "跑口", "体育", "调查", "特约", "驻站", "时政", "法治", "民生", "出镜", "突发", "新闻",
    # schools
    "乡村", "人民", "支教", "特岗", "在编", "在职", "公办", "农村", "山区", "职高", "985", "211", "双一流",
    # medicine: fields, and 科 after one (急诊科)
    "口腔", "全科", "急诊", "临床", "住院", "主治", "家庭", "基层", "正畸", "种植", "医美", "主刀", "麻醉", "影像",
    "康复", "整形", "针灸", "规培", "科",
    # finance and law
    "黄金", "外汇", "股票", "期货", "债券", "宏观", "行业", "独立", "金融", "投资", "劳动法", "婚姻法", "刑法", "民法",
    "公司法", "纠纷",
    # what any of them may be: full-time, and the level of the body (市电视台新闻主持人, 县法院执行局法官, 乡镇公务员)
    "全职", "省", "市", "县", "区", "乡镇", "街道", "机关")
_FIELD_WORDS = re.compile("(?:" + "|".join(map(re.escape, sorted(
    {*FIELDS_OF_WORK, *PRACTICE_AREAS, *SUBJECTS, *_GRADED_BEFORE, *INSTITUTION_BEFORE, *HELD_BEFORE}
    - {*_FORMER_OPENING, "退休"}, key=len, reverse=True))) + "){1,3}")  # (a former holder is none: 原电视台主持人)
# … or a unit of a body, a firm or a school: two or more characters ending in one of these (执行局, 民事审判庭, 券商
# 研究所, 某部), with none of the characters that make a clause a sentence about someone
_UNIT_ENDS = frozenset("局庭院所队部科站台社委室")  # (手术室护士, 档案室主任)
_NOT_IN_A_UNIT = frozenset("的我你他她它们是为当像做给跟被让请想要梦爱怕玩演看找问谢过了着去来说叫称"
                           "和与及追迷粉非不没无考")
# … or a body's initials written in capitals (RMRB记者, RMJCY检察官)
_INITIALISM = re.compile("[A-Z]{3,}")
_SELF_AFTER = ("一枚", "一名", "本人", "个人号", "个人账号")
_FIELD_AFTER_A_UNIT_REACH = 4  # characters of a field after a unit, beyond `_QUALIFIER_REACH` (司法局|法律援助)


def _labelled_opening(canonical: str, hit: TermHit, original: str) -> bool:
    """The bio's first clause is a field of work or a unit of up to `_QUALIFIER_REACH` characters, the title as
    written or drawn with a look-alike (司法局法律援助侓师), and at most the holder's name, 一枚 or the parent after
    it."""
    if hit.view not in ("canonical", "shape", "near"):
        return False
    clause = opening_canonical(original)
    qualifier = canonical[:hit.start]
    if not (0 < len(qualifier) <= _QUALIFIER_REACH + _FIELD_AFTER_A_UNIT_REACH and hit.end <= len(clause)
            and canonical.startswith(clause)):
        return False
    if qualifier.startswith((*_FORMER_OPENING, "退休")):
        return False
    if len(qualifier) <= _QUALIFIER_REACH and (
            _FIELD_WORDS.fullmatch(qualifier) or _INITIALISM.fullmatch(original.lstrip()[:len(qualifier)])
            or _a_unit(qualifier)):
        return only_the_holder_after(clause, hit.end)
    # a unit and the field the holder works in there (司法局法律援助律师, 人民医院儿童保健科医生)
    return any(_a_unit(qualifier[:cut]) and _FIELD_WORDS.fullmatch(qualifier, cut) is not None
               for cut in range(2, min(len(qualifier) - 2, _QUALIFIER_REACH) + 1)) and only_the_holder_after(
        clause, hit.end)


def _a_unit(words: str) -> bool:
    """`words` are a unit of a body, a firm or a school (`_UNIT_ENDS`), not a clause about someone."""
    return len(words) >= 2 and words[-1] in _UNIT_ENDS and words.isalnum() and not any(
        ch in _NOT_IN_A_UNIT for ch in words)


def only_the_holder_after(clause: str, end: int) -> bool:
    """What follows a title ending at `end` of a bio's first clause (canonical) is nothing, the holder's name, 一枚
    or the parent the holder is, perhaps with 个人号 after it (执行局法官老陈, 幼儿园老师一枚, 未检检察官妈妈: the
    parent's own title)."""
    tail = clause[end:]
    name = next((tail.removesuffix(word) for word in _SELF_AFTER if tail.endswith(word)), tail)
    return not name or name in PARENT_AFTER or name in RANKS or names_the_holder(name)  # (边防武警战士)
