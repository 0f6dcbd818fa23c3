"""Whether a role or title word in a name is used as a person's label (张警官, 刘医生) — D5, D6.

A word that merely appears ("法官大人追剧", "医生的女儿") is not a claim; a word after a surname, at
the end of the name, or after a claim word in a bio is.
"""

from __future__ import annotations

from enforcement.identity import TermHit

# The 120 most common Chinese surnames (single characters), after the Ministry of Public Security's
# published surname rankings; enough to recognise "<surname><role>" labels.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢"
    "安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游"
    "辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应"
    "臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝老小大"
)
# "老王", "小李", "大刘": informal forms that precede a surname
CLAIM_BEFORE = ("本人系", "本人是", "我是", "系", "执业", "持证", "身为", "资深", "知名", "著名", "认证")


def labels_a_person(canonical: str, hit: TermHit) -> bool:
    """The term names the account holder: after a surname, or ending the name."""
    before = canonical[hit.start - 1] if hit.start > 0 else ""
    return before in SURNAMES or hit.end == len(canonical)


def claimed_in_bio(canonical: str, hit: TermHit, reach: int = 12) -> bool:
    """A bio claims the role or title: a claim word shortly before it, or a surname right before it."""
    window = canonical[max(0, hit.start - reach): hit.start]
    before = canonical[hit.start - 1] if hit.start > 0 else ""
    return any(word in window for word in CLAIM_BEFORE) or before in SURNAMES
