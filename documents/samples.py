"""A realistic three-page 通知 of the county 组织部: the sample for the export tests, the benchmark
(bench/documents_export_bench.py) and the demo. Headings on all four levels, two attachments."""

from __future__ import annotations

import datetime

from documents.layout import DocumentContent

SAMPLE_BODY = "\n".join(
    [
        (
            "为深入贯彻落实新时代党的组织路线，进一步加强全县干部队伍建设，提高干部教育培训的针对性和实"
            "效性，经部务会研究，决定在全县范围内开展2026年度干部教育培训工作。现将有关事项通知如下"
            "。"
        ),
        "一、总体要求",
        (
            "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届历次全会精神，坚持党管"
            "干部原则，紧扣全县中心工作，分级分类开展培训，着力建设高素质干部队伍。"
        ),
        "二、主要内容",
        (
            "（一）强化政治理论教育。把学习贯彻习近平新时代中国特色社会主义思想作为干部教育培训的首要任"
            "务，引导干部深刻领悟“两个确立”的决定性意义。"
        ),
        (
            "1.抓好集中轮训。各乡镇、县直各单位要结合实际制定轮训计划，确保年内科级干部轮训全覆盖，每"
            "名干部参加集中学习不少于40学时。"
        ),
        (
            "2.抓好专题辅导。围绕党的创新理论、党纪学习教育等内容，每季度至少组织1次专题辅导讲座，邀"
            "请县委党校教师和业务骨干授课。"
        ),
        (
            "（二）强化专业能力培训。聚焦推动高质量发展、基层治理、乡村振兴、安全生产等重点领域，精准设"
            "置培训课程，帮助干部补齐知识短板、能力弱项。"
        ),
        (
            "1.分级分类施训。按照干部层级和岗位特点，分别举办科级干部进修班、中青年干部培训班、新录用"
            "公务员初任培训班和村（社区）党组织书记示范培训班。"
        ),
        "（1）科级干部进修班由县委组织部牵头，县委党校具体承办，于2026年5月举办，为期10天。",
        ("（2）中青年干部培训班采取集中授课与实践锻炼相结合的方式，于2026年9月举办，为期1个月。"),
        "2.创新培训方式。综合运用专题讲授、案例教学、现场教学等方式，推动线上线下融合。",
        "三、工作要求",
        (
            "（一）加强组织领导。各乡镇、县直各单位要高度重视干部教育培训工作，主要负责同志要亲自过问、"
            "亲自部署，明确分管领导和具体经办人员，确保各项任务落到实处。"
        ),
        ("（二）强化考核评估。建立健全培训考核评估制度，将干部参加教育培训情况作为干部考核、任用的重要依据。"),
        (
            "（三）按时报送材料。请各乡镇、县直各单位于2026年12月10日前将本单位年度培训计划和参"
            "训人员名单报县委组织部干部教育科，联系人：刘明，联系电话：0571—8888 6601。"
        ),
    ]
)


def sample_notice() -> DocumentContent:
    return DocumentContent(
        doc_type="notice",
        doc_type_label="通知",
        title="中共示例县委组织部关于做好2026年度全县干部教育培训工作的通知",
        issuer_mark="中共示例县委组织部文件",
        number="示组发〔2026〕7号",
        copy_number="000123",
        sensitivity_label="内部",
        urgency="加急",
        recipients="各乡镇党委，县直各单位党组（党委、党支部）：",
        body=SAMPLE_BODY,
        attachments=["2026年度干部教育培训计划模板", "2026年度参训人员名单汇总表"],
        signature="中共示例县委组织部",
        date=datetime.date(2026, 11, 25),
        note="此件发至乡镇党委、县直单位",
        cc="县委办公室，县人大常委会办公室，县政府办公室，县政协办公室。",
        printer="中共示例县委组织部办公室",
        print_date=datetime.date(2026, 11, 25),
    )


def sample_request() -> DocumentContent:
    """A short upward 请示 (签发人 on the first page)."""
    return DocumentContent(
        doc_type="request",
        doc_type_label="请示",
        title="中共示例县委组织部关于举办全县中青年干部培训班的请示",
        issuer_mark="中共示例县委组织部",
        number="示组报〔2026〕3号",
        is_upward=True,
        signer="李建国",
        recipients="中共示例市委组织部：",
        body=(
            "为加强年轻干部培养，拟于2026年9月举办全县中青年干部培训班，为期1个月，参训学员50名，"
            "所需经费从干部教育培训专项经费中列支。\n妥否，请批示。"
        ),
        signature="中共示例县委组织部",
        date=datetime.date(2026, 11, 25),
        printer="中共示例县委组织部办公室",
        print_date=datetime.date(2026, 11, 25),
    )
