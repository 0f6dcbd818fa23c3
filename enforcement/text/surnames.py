"""Chinese surnames: what a personal name begins with, for the detectors and the English step alike."""

from __future__ import annotations

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
# The surnames proper, without those informal forms: what a sound-alike of a role or title must follow to be read
# as disguised after a name (李老师张伟 hears 师张 as 市长 after 老, which is no surname).
FAMILY_NAMES = SURNAMES - frozenset("老小大")
