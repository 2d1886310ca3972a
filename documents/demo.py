"""Demo documents in the demo county, written through the services: one issued (示组发〔2026〕N号),
one in review with a reviewer's edit in place, one restricted personnel plan with a need-to-know
list, and one draft."""

from __future__ import annotations

from approvals.models import Approval
from documents.models import Document
from documents.services import (
    document_create,
    document_decide,
    document_issue,
    document_submit,
    document_update,
    number_prefixes,
)
from org.models import Section, Staff

CHECKLIST = {"basis": True, "policy": True, "consultation": True, "form": True}

NOTICE_BODY = (
    "为深入学习贯彻党的二十大精神，压紧压实基层党建工作责任，经研究，"
    "决定开展2026年度基层党组织书记抓基层党建工作述职评议考核。现将有关事项通知如下。\n"
    """一、述职范围
各乡镇（街道）党（工）委书记，县直各党（工）委书记。
二、时间安排
（一）自查总结。12月15日前，各述职对象对照年初责任清单形成述职报告。
（二）集中述职。12月下旬召开述职评议会议，每人述职不超过8分钟。
三、有关要求
（一）突出问题导向。述职报告要直面问题，不讲成绩套话。
（二）严格评议程序。评议结果作为年度考核的重要依据。"""
)

PLAN_BODY = """为进一步加强后备干部队伍建设，结合全县科级领导班子运行情况，提出本次干部调整方案如下。
一、调整原则
坚持党管干部原则，坚持好干部标准，注重在基层一线考察识别干部。
二、调整范围
（一）乡镇领导班子空缺职位。
（二）县直部门到龄退出领导岗位人员的接替人选。
三、工作步骤
（一）动议酝酿。
（二）民主推荐和考察。
1.召开推荐会议。
2.组织考察。
（三）部务会研究后提交县委常委会。"""

REVIEW_BODY = """为做好2027年度发展党员工作，现就计划申报有关事项通知如下。
一、申报原则
坚持控制总量、优化结构、提高质量、发挥作用的总要求。
二、申报要求
各基层党委要认真摸排入党积极分子情况，于12月20日前报送计划。"""


def _approve_through(document: Document, *, stop_before_office: bool = False) -> None:
    """Approve every open step with a real opinion (the office with its checklist)."""
    opinions = {
        "section_head": "已核对述职范围和时间安排，与县委年度考核方案一致，建议按此报送。",
        "countersign": "已会签，与本科室年度工作安排无冲突，述职时间建议与干部考核统筹。",
        "office_head": "已按条例第二十条审核，依据充分，文种格式正确，日期数字规范，同意印发。",
        "supervisor": "同意印发。请组织科提前做好评议会议准备，评议结果及时运用到年度考核中。",
        "principal": "同意印发。述职评议要动真碰硬，对排名靠后的书记进行约谈。",
    }
    approval = Approval.objects.get(target_type="documents.document", target_id=document.pk)
    while approval.status == Approval.Status.PENDING:
        step = approval.steps.get(order=approval.current_order)
        if stop_before_office and step.node == "office_head":
            return
        for assignment in list(step.assignments.filter(is_open=True).select_related("assignee")):
            document_decide(
                actor=assignment.assignee,
                document_id=document.pk,
                decision="approve",
                opinion=opinions.get(step.node, opinions["supervisor"]),
                checklist=CHECKLIST,
            )
        approval.refresh_from_db()


def build_demo(result: dict) -> None:
    staff: dict[str, Staff] = result["staff"]
    clerk, org_head, office_head = staff["keyuan"], staff["zuzhike"], staff["bangongshi"]
    principal, executive = staff["buzhang"], staff["changwu"]
    unit = clerk.unit
    sections = {s.name: s for s in Section.objects.filter(unit=unit).select_related("head")}
    cadre = sections.get("干部科")
    prefix = number_prefixes(unit)[0]

    # 1. Issued: 示组发〔2026〕1号.
    issued = document_create(
        actor=clerk,
        fields={
            "doc_type": "notice",
            "title": "关于开展2026年度基层党组织书记抓基层党建工作述职评议考核的通知",
            "recipients": "各乡镇（街道）党（工）委，县直各党（工）委：",
            "body": NOTICE_BODY,
            "sensitivity": "internal",
            "issuer_mark": "中共示例县委组织部文件",
            "printer": "中共示例县委组织部办公室",
        },
        countersign_sections=[cadre] if cadre and cadre.head_id else [],
    )
    document_submit(actor=clerk, document_id=issued.pk)
    _approve_through(issued)
    document_issue(actor=office_head, document_id=issued.pk, prefix=prefix)

    # 2. In review: the section head edited in place, now with the office.
    in_review = document_create(
        actor=clerk,
        fields={
            "doc_type": "notice",
            "title": "关于做好2027年度发展党员计划申报工作的通知",
            "recipients": "各基层党（工）委：",
            "body": REVIEW_BODY,
            "sensitivity": "internal",
        },
    )
    document_submit(actor=clerk, document_id=in_review.pk)
    document_update(
        actor=org_head,
        document_id=in_review.pk,
        fields={
            "title": in_review.title,
            "recipients": in_review.recipients,
            "body": REVIEW_BODY.replace("认真摸排", "逐村逐社区摸排").replace("报送计划。", "以书面形式报送计划。"),
        },
    )
    _approve_through(in_review, stop_before_office=True)

    # 3. Restricted: a personnel arrangement only the leaders named may see.
    drafter = cadre.head if cadre and cadre.head_id else clerk
    document_create(
        actor=drafter,
        fields={
            "doc_type": "plan",
            "title": "2026年第四季度科级干部调整方案",
            "body": PLAN_BODY,
            "sensitivity": "restricted",
            "is_important": True,
        },
        need_to_know=[principal, executive],
    )

    # 4. A draft.
    document_create(
        actor=clerk,
        fields={
            "doc_type": "summary",
            "title": "示例县委组织部2026年度组织工作总结",
            "body": "2026年，县委组织部坚持以习近平新时代中国特色社会主义思想为指导。\n一、主要工作\n（一）",
            "sensitivity": "internal",
        },
    )
