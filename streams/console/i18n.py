"""UI text: Chinese by default, English on request (the `qlc_lang` cookie). Keys are the English text."""

from __future__ import annotations

LANGS = ("zh", "en")

ZH: dict[str, str] = {
    "Review console": "审核台", "Review queue": "审核队列", "Activity": "操作记录", "Account id": "账号 ID",
    "Look up": "查询", "Sign out": "退出", "Sign in": "登录", "User": "用户", "Password": "密码",
    "reviewer": "审核员", "supervisor": "主管", "Back": "返回",
    "The console cannot read the review topics right now": "审核台暂时无法读取审核主题",
    "Still reading the review topics; the queue may be incomplete.": "正在读取审核主题，队列可能不完整。",
    "Nothing waiting for review.": "没有待审核的条目。", "Status": "状态", "open": "待审", "decided": "已决定",
    "Reason": "原因", "any": "全部", "Requirement": "要求", "Older than (hours)": "早于（小时）", "Filter": "筛选",
    "Age": "等待时长", "Rule": "规则", "Account": "账号", "Claimed by": "认领人", "Decision": "决定", "Open": "打开",
    "No items match.": "没有符合条件的条目。", "Showing the oldest": "显示最早的", "of": "/",
    "uncertain": "置信度不足", "breaker": "熔断", "closure_cap": "关闭上限", "referral": "移送公安",
    "mass_report": "集中举报", "registry_burst": "名录批量变更", "owner_blacklisted": "主体已列入黑名单",
    "Review item": "审核条目", "refer to": "移送", "public_security": "公安机关", "Raised at": "提交时间",
    "Owner blacklisted through": "主体因以下账号列入黑名单", "Field": "字段", "Text": "文本",
    "matched only after normalising": "仅在规范化后匹配", "Normalisation steps": "规范化步骤",
    "Text after normalising": "规范化后的文本", "view": "视图", "Protected identity": "受保护身份",
    "Confidence": "置信度", "severity": "严重程度", "Violation": "违规", "Other evidence": "其他证据",
    "The account now": "账号当前状态", "Decided": "已决定", "by": "由", "Pipeline": "流水线",
    "applied": "已执行", "not applied yet": "尚未执行", "expires in": "剩余",
    "Only they can decide it until the claim expires.": "认领到期前只有认领人可以决定。",
    "You hold this item": "你已认领此条目，剩余", "Note": "备注",
    "Confirm: apply the strike": "确认：记入违规", "Dismiss: allow this rule and identity": "驳回：对该规则与身份放行",
    "Release the claim": "释放认领", "Claim this item": "认领此条目", "Rung": "处置等级",
    "points in window": "分（窗口内）", "Name": "名称", "Bio": "简介", "Owner": "账号主体", "blacklisted": "已列入黑名单",
    "known, not blacklisted": "已知，未列入黑名单", "unknown": "未知", "Strike time": "记录时间", "Points": "分值",
    "Rung after": "之后等级", "No strikes in the window.": "窗口内没有违规记录。",
    "The ledger cannot be read right now": "暂时无法读取账本", "Latest sanctions": "最近处置",
    "Review items": "审核条目", "No review items for this account.": "该账号没有审核条目。", "Appeals": "申诉",
    "Uphold": "维持", "Overturn: remove the strike": "撤销：移除该违规记录", "Only a supervisor resolves appeals.": "只有主管可以处理申诉。",
    "No strike to appeal.": "没有可申诉的违规记录。", "Audit trail": "审计记录", "Event time": "事件时间", "Kind": "类型",
    "Detail": "详情", "Nothing recorded for this account.": "该账号没有记录。",
    "Every decision and appeal resolution sent from this console, newest first, with who sent it.":
        "本审核台发出的每个决定和申诉处理，最新在前，并注明操作人。",
    "Sent at": "发送时间", "Who": "操作人", "What": "操作", "Subject": "对象", "Nothing sent yet.": "尚无操作。",
    "confirm": "确认", "dismiss": "驳回", "upheld": "维持", "overturned": "撤销", "review.decided": "审核决定",
    "appeal.resolved": "申诉处理", "strike": "违规记录", "action": "处置",
    "name": "名称", "new_name": "新名称", "bio": "简介", "avatar": "头像",
    "critical": "严重", "high": "高", "medium": "中", "low": "低",
    "notice": "提醒", "warning": "警告", "mute": "禁言", "close": "关闭", "blacklist": "黑名单",
    "Not found": "未找到", "Forbidden": "禁止访问", "Bad request": "请求有误", "Conflict": "冲突",
    "Something went wrong": "出错了", "Service unavailable": "服务不可用", "Method not allowed": "方法不允许",
    "canonical": "规范形", "sound": "读音", "symbol": "符号", "pinyin": "拼音", "initials": "首字母",
    "t2s": "繁转简", "lookalike": "形近字", "width": "全角", "zero_width": "零宽字符",
    "The console could not finish this request; the details are in its log.": "审核台未能完成此请求，详情见其日志。",
    "Your session has ended; sign in again.": "会话已结束，请重新登录。",
    "The form was refused: its security token is missing or stale. Reload the page and try again.": "表单被拒绝：安全令牌缺失或已过期。请刷新页面后重试。",
    "Unknown user or wrong password.": "用户不存在或密码错误。",
    "The decision is on review.decision; the pipeline applies it next.": "决定已写入 review.decision，流水线将随后执行。",
    "This item had already been decided; nothing new was sent.": "该条目已有决定，未发送新的决定。",
    "You hold this item now.": "你已认领此条目。", "Another reviewer holds this item.": "其他审核员已认领此条目。",
    "The claim is released.": "认领已释放。",
    "The appeal resolution is on account.appeal; the pipeline applies it next.": "申诉处理已写入 account.appeal，流水线将随后执行。",
    "This appeal had already been resolved; nothing new was sent.": "该申诉已处理，未发送新的处理。",
    "An account id is 1 to 128 characters.": "账号 ID 为 1 到 128 个字符。", "Status is open or decided.": "状态只能是待审或已决定。",
    "Unknown reason": "未知原因", "Unknown requirement": "未知要求", "Older than is a whole number of hours.": "“早于”须为整数小时。",
    "No review item with this id (yet): the console may still be reading qinglang.review.": "（暂时）没有此 ID 的审核条目：审核台可能仍在读取 qinglang.review。",
    "Another reviewer holds this item": "其他审核员已认领此条目",
    "The decision could not be sent to Kafka; nothing was decided. Try again.": "决定未能发送到 Kafka，未作出任何决定。请重试。",
    "The resolution could not be sent to Kafka; nothing was decided. Try again.": "申诉处理未能发送到 Kafka，未作出任何决定。请重试。",
    "Choose a violation of this account.": "请选择该账号的一条违规。", "This account has no strike for that violation.": "该账号没有这条违规的记录。",
}


def translate(text: str, lang: str) -> str:
    """`text` in `lang`; unknown text (ids, rule names) stays as it is."""
    return text if lang == "en" else ZH.get(text, text)
