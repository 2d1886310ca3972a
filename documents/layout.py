"""What a document says, independent of how it is stored: the input of the format check
(documents/checks.py) and of the GB/T 9704-2012 export (documents/export.py).

The body is plain text, one paragraph per line. Heading levels are the ones 公文 writers type
themselves — "一、" / "（一）" / "1." / "（1）" at the start of a paragraph — so the drafter's
editor needs no markup, the check can verify the sequence, and the export can set each level in
its font (黑体 / 楷体 / 仿宋 / 仿宋).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass
class DocumentContent:
    doc_type: str  # code of the 文种 or everyday text, e.g. "notice", "request", "speech"
    doc_type_label: str  # its Chinese name as it ends a title: "通知", "请示", "讲话稿"
    title: str  # 标题
    issuer_mark: str = ""  # 发文机关标志, e.g. "中共示例县委组织部文件" or "中共示例县委组织部"
    number: str = ""  # 发文字号, e.g. "示组发〔2026〕7号" (empty until issued)
    copy_number: str = ""  # 份号
    sensitivity_label: str = ""  # printed top left when not public: "内部" / "限定范围"
    urgency: str = ""  # 紧急程度: "" / "加急" / "特急"
    signer: str = ""  # 签发人 — printed on upward documents (上行文) only
    is_upward: bool = False  # 上行文 (e.g. 请示, 报告 to the higher level)
    recipients: str = ""  # 主送机关, ends with a full-width colon "："
    body: str = ""  # 正文: paragraphs, one per line
    attachments: list[str] = field(default_factory=list)  # 附件说明 items, in order
    signature: str = ""  # 发文机关署名
    date: datetime.date | None = None  # 成文日期
    note: str = ""  # 附注 (without the brackets)
    cc: str = ""  # 抄送机关
    printer: str = ""  # 印发机关
    print_date: datetime.date | None = None  # 印发日期

    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]
