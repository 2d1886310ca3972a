"""Demo data of the materials library: about ten items of the demo county, one of them restricted."""

from __future__ import annotations

import datetime

from core.sensitivity import Sensitivity
from materials.models import Category, Material
from materials.services import material_create

# An excerpt of a speech at an all-staff meeting of a county 组织部 (shared/seed).
SPEECH = "\n".join(
    [
        "同志们：",
        "刚才各科室汇报了第三季度工作开展情况，对第四季度工作打算进行了汇报。讲得都比较实在具体，"
        "希望大家继续发扬我们组织部的优良传统，着力为全县高质量发展提供坚强组织保证。下面，提几点要求，"
        "与大家共勉，主要是在六个方面下好功夫。",
        "一是在加强学习，提升能力上下功夫。知识无边界，学习无止境。学习是组工干部的安身立命之本。"
        "现在新知识、新事物层出不穷，我们不懂、不会、不知道的东西很多，可以说大家都面临着知识恐慌、"
        "本领恐慌的危机，不学习思想就会落伍、能力就会掉队、工作就会止步不前。因此，必须毫不放松地抓好学习。",
        "二是在团结协作，凝聚合力上下功夫。团结出效率，团结出成绩，团结出干部。精诚团结是干好各项工作的基础。"
        "大家都要彼此包容，相互尊重、相互信任，多一些相互理解，少一点斤斤计较；多一些团结协作，少一点指责攻击。",
    ]
)

ITEMS = [
    (
        "在组织部机关全体干部会议上的讲话",
        Category.SPEECH,
        "部长 李建国",
        SPEECH,
    ),
    (
        "干部教育培训工作条例（摘要）",
        Category.POLICY,
        "中共中央",
        "第一条 为了推进干部教育培训工作科学化、制度化、规范化，建设忠诚干净担当的高素质干部队伍，"
        "制定本条例。\n第二条 干部教育培训工作坚持党管干部、党管人才，坚持以德为先、注重能力，"
        "坚持按需施教、分级分类。\n第十条 干部应当根据工作需要，参加相应的教育培训。",
    ),
    (
        "党政领导干部考核工作条例学习要点",
        Category.STUDY,
        "干部科",
        "一、考核内容：德、能、勤、绩、廉。\n二、考核方式：平时考核、年度考核、专项考核、任期考核。\n"
        "三、干部考核结果作为干部选拔任用、培养教育、管理监督、激励约束的重要依据。",
    ),
    (
        "推进领导干部能上能下规定（摘要）",
        Category.POLICY,
        "中共中央办公厅",
        "推进领导干部能上能下，以推动高质量发展为导向，树立重实干重实绩的用人导向。"
        "对不适宜担任现职的领导干部，应当进行调整。",
    ),
    (
        "基层党组织建设工作学习笔记",
        Category.STUDY,
        "组织科 刘明",
        "基层党组织是党在社会基层组织中的战斗堡垒。要持续整顿软弱涣散基层党组织，"
        "抓好村（社区）党组织书记队伍建设，推进党支部标准化规范化建设。",
    ),
    (
        "在全县组织工作会议上的讲话（摘要）",
        Category.SPEECH,
        "常务副部长 王志海",
        "今年以来，全县组织系统紧紧围绕中心工作，在干部队伍建设、基层党组织建设、人才工作等方面取得了新成效。"
        "明年要重点抓好干部考核、年轻干部培养和党员教育管理。",
    ),
    (
        "公文处理工作条例学习资料",
        Category.STUDY,
        "办公室",
        "公文种类主要有：决议、决定、命令、公报、公告、通告、意见、通知、通报、报告、请示、批复、议案、函、纪要。"
        "请示应当一文一事，一般只写一个主送机关。",
    ),
    (
        "党员教育管理工作规定（摘要）",
        Category.POLICY,
        "中共中央",
        "党员教育管理工作必须坚持以习近平新时代中国特色社会主义思想为指导，"
        "坚持全面从严治党，坚持分类指导，坚持从严管理与关心关爱相结合。",
    ),
    (
        "年轻干部培养座谈会交流材料",
        Category.OTHER,
        "干部科",
        "围绕年轻干部培养选拔，座谈会交流了实践锻炼、跟班学习、导师帮带等做法，提出要把年轻干部放到基层一线磨砺。",
    ),
]
RESTRICTED_ITEM = (
    "2026年度科级干部调整初步考虑（内部讨论稿）",
    Category.OTHER,
    "干部科",
    "根据工作需要和干部考核情况，拟对部分科级干部岗位进行调整。具体人选待部务会研究。",
)


def build_demo(result: dict) -> None:
    people = result.get("staff") or {}
    uploader = people.get("zuzhike") or people.get("bangongshi") or next(iter(people.values()), None)
    if uploader is None or Material.objects.filter(unit_id=uploader.unit_id).exists():
        return
    day = datetime.date(2026, 11, 20)
    for offset, (title, category, source, body) in enumerate(ITEMS):
        material_create(
            actor=uploader,
            title=title,
            category=category,
            sensitivity=Sensitivity.INTERNAL,
            source=source,
            body=body,
            issued_on=day - datetime.timedelta(days=offset * 9),
        )
    leaders = [people[name] for name in ("buzhang", "changwu") if name in people]
    title, category, source, body = RESTRICTED_ITEM
    material_create(
        actor=uploader,
        title=title,
        category=category,
        sensitivity=Sensitivity.RESTRICTED,
        source=source,
        body=body,
        issued_on=day,
        need_to_know=leaders,
    )
