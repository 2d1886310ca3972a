"""Fill org's Chinese catalog (developer tool): `.venv/bin/python org/locale/zh_Hans/fill.py`.

org needs message contexts ("position", "staff", "org") because the same English words
mean different things elsewhere (approvals' step "Section head" is 科室负责人审批, a
position "Section head" is 科长), so the table is keyed by (context, msgid).
"""

from pathlib import Path

import polib

T: dict[tuple[str | None, str], str] = {
    (None, "Organization chart"): "组织架构",
    (None, "Staff directory"): "干部名册",
    (None, "Import staff"): "人员导入",
    (None, "Sections and supervision"): "科室与分管",
    (None, "Delegation"): "委托代理",
    (None, "Section"): "科室",
    (None, "All"): "全部",
    (None, "Position"): "职务",
    (None, "Search"): "查询",
    (None, "Name, or pinyin such as zsf / zhang"): "姓名，或拼音如 zsf / zhang",
    (None, "None (department leader)"): "无（部领导）",
    ("staff", "Title"): "职务名称",
    (None, "Grade"): "职级",
    (None, "Mobile phone"): "手机号",
    (None, "ID number"): "身份证号",
    (None, "not recorded"): "未登记",
    (None, "Now: %(value)s. Leave empty to keep it."): "当前：%(value)s。不修改请留空。",
    (None, "Excel file (.xlsx)"): "Excel 文件（.xlsx）",
    (None, "The file is %(size)s MB; files up to %(limit)s MB are accepted."): (
        "文件大小为 %(size)s MB，超过了 %(limit)s MB 的上限。"
    ),
    (
        None,
        "Only Excel files in .xlsx format are accepted. For an .xls or .csv file, "
        "open it in Excel and save it as .xlsx, or start from the template.",
    ): "只能上传 .xlsx 格式的 Excel 文件。如果是 .xls 或 .csv 文件，请在 Excel 中另存为 .xlsx，或下载模板重新填写。",
    ("org", "Section head"): "科室负责人",
    ("org", "Supervising leader"): "分管领导",
    ("org", "Principal leader"): "主要领导",
    ("org", "Executive deputy"): "常务副部长",
    (None, "Members of the affairs meeting"): "部务会成员",
    (None, "Delegate"): "被委托人",
    (None, "From"): "开始日期",
    (None, "To"): "结束日期",
    (None, "The end date must not be before the start date."): "结束日期不能早于开始日期。",
    (None, "The period cannot start in the past."): "开始日期不能早于今天。",
    (None, "The file is too large once unpacked."): "文件解压后过大，无法处理。",
    (None, "The file cannot be read as an Excel workbook (.xlsx). Please use the template."): (
        "无法读取该 Excel 文件（.xlsx），请使用下载的模板填写。"
    ),
    (None, "The heading row lacks these required columns: %(columns)s."): "表头缺少必填列：%(columns)s。",
    (None, "No heading row (姓名, 用户名, ...) was found. Please use the template."): (
        "没有找到表头行（姓名、用户名……），请使用下载的模板填写。"
    ),
    (None, "The file contains no staff."): "文件中没有人员数据。",
    (None, "At most %(max)s people can be imported at a time."): "一次最多导入 %(max)s 人，请分批导入。",
    (None, "name is missing"): "未填写姓名",
    (None, "name is longer than 50 characters"): "姓名超过 50 字",
    (None, "username is missing"): "未填写用户名",
    (None, "username may contain only letters, digits and _ . - (2 to 150 characters)"): (
        "用户名只能包含字母、数字和 _ . -（2 至 150 个字符）"
    ),
    (None, "username %(name)s also appears in row %(row)s"): "用户名 %(name)s 与第 %(row)s 行重复",
    (None, "gender is missing"): "未填写性别",
    (None, "gender must be 男 or 女, not “%(value)s”"): "性别只能填“男”或“女”，不能填“%(value)s”",
    (None, "section “%(value)s” does not exist in this unit"): "本单位没有“%(value)s”这个科室",
    (None, "position “%(value)s” is not one of the listed positions"): "职务“%(value)s”不在可选范围内",
    (None, "title is longer than 50 characters"): "职务名称超过 50 字",
    (None, "grade “%(value)s” is not a civil-service grade"): "职级“%(value)s”不是公务员职级",
    (None, "date started work is missing"): "未填写参加工作时间",
    (None, "date started work “%(value)s” is not a date (write e.g. 2016-07-01)"): (
        "参加工作时间“%(value)s”不是有效日期（请写成 2016-07-01 这样的格式）"
    ),
    (None, "date started work is in the future"): "参加工作时间晚于今天",
    (None, "date started work is before 1950"): "参加工作时间早于 1950 年",
    (None, "phone: %(reason)s"): "手机号：%(reason)s",
    (None, "ID number was stored as a number and has lost digits; format the column as text"): (
        "身份证号被 Excel 存成了数字，末几位已丢失，请把该列设为文本格式后重新填写"
    ),
    (None, "ID number: %(reason)s"): "身份证号：%(reason)s",
    (None, "ID number also appears in row %(row)s"): "身份证号与第 %(row)s 行重复",
    (None, "affairs meeting member must be 是 or 否"): "部务会成员只能填“是”或“否”",
    (None, "username %(name)s is already taken"): "用户名 %(name)s 已被占用",
    (None, "a person with this ID number is already in the system"): "系统中已有该身份证号的人员",
    (None, "City department"): "市委组织部",
    (None, "County department"): "县（区）委组织部",
    (None, "name"): "名称",
    (None, "short name"): "简称",
    (None, "level"): "层级",
    (None, "parent"): "上级单位",
    (None, "order"): "排序",
    (None, "principal leader"): "主要领导",
    (None, "executive deputy"): "常务副部长",
    (None, "require two-factor login for everyone"): "全员启用双因素登录",
    (None, "unit"): "单位",
    (None, "units"): "单位",
    (None, "is the office (办公室)"): "是否办公室",
    (None, "section head"): "科室负责人",
    (None, "supervising leader"): "分管领导",
    (None, "section"): "科室",
    (None, "sections"): "科室",
    ("position", "Staff member"): "工作人员",
    ("position", "Deputy section head"): "副科长",
    ("position", "Section head"): "科长",
    ("position", "Deputy head of department"): "副部长",
    ("position", "Executive deputy head"): "常务副部长",
    ("position", "Head of department"): "部长",
    (None, "—"): "—",
    (None, "Level-1 researcher"): "一级调研员",
    (None, "Level-2 researcher"): "二级调研员",
    (None, "Level-3 researcher"): "三级调研员",
    (None, "Level-4 researcher"): "四级调研员",
    (None, "Level-1 principal clerk"): "一级主任科员",
    (None, "Level-2 principal clerk"): "二级主任科员",
    (None, "Level-3 principal clerk"): "三级主任科员",
    (None, "Level-4 principal clerk"): "四级主任科员",
    (None, "Level-1 clerk"): "一级科员",
    (None, "Level-2 clerk"): "二级科员",
    (None, "Male"): "男",
    (None, "Female"): "女",
    (None, "account"): "账号",
    (None, "position"): "职务",
    ("staff", "title"): "职务名称",
    (None, "grade"): "职级",
    (None, "gender"): "性别",
    (None, "date started work"): "参加工作时间",
    (None, "phone (encrypted)"): "手机号（加密）",
    (None, "ID number (encrypted)"): "身份证号（加密）",
    (None, "member of the affairs meeting"): "部务会成员",
    (None, "staff member"): "干部",
    (None, "staff"): "干部",
    (None, "leader"): "委托人",
    (None, "delegate"): "被委托人",
    (None, "from"): "开始日期",
    (None, "to"): "结束日期",
    (None, "delegation"): "委托",
    (None, "delegations"): "委托",
    (None, "These usernames already exist: %(names)s."): "以下用户名已存在：%(names)s。",
    (None, "These people are already in the system (same ID number): %(names)s."): (
        "以下人员已在系统中（身份证号相同）：%(names)s。"
    ),
    (None, "Row %(row)s: the section is not in this unit."): "第 %(row)s 行：该科室不属于本单位。",
    (None, "The section is not in this person's unit."): "该科室不属于此人所在单位。",
    (None, "Unknown position."): "职务不正确。",
    (None, "Unknown grade."): "职级不正确。",
    (None, "%(name)s heads %(section)s. Name another head on the sections page before moving them."): (
        "%(name)s 是%(section)s负责人，请先在“科室与分管”中另行指定负责人，再调整其科室。"
    ),
    (None, "Another person in the system has this ID number."): "系统中已有其他人员使用该身份证号。",
    (None, "Nothing was changed."): "没有修改任何内容。",
    (None, "%(label)s must be a member of this unit."): "%(label)s必须是本单位人员。",
    (None, "%(label)s must be a department leader (deputy head or above)."): "%(label)s必须是部领导（副部长及以上）。",
    (None, "%(name)s is not a member of %(section)s. Move them to the section first."): (
        "%(name)s 不是%(section)s的人员，请先把其调入该科室。"
    ),
    (None, "The supervising leader"): "分管领导",
    (None, "The principal leader"): "主要领导",
    (None, "The executive deputy"): "常务副部长",
    (None, "The principal leader and the executive deputy must be different people."): (
        "主要领导和常务副部长不能是同一人。"
    ),
    (None, "Members of the affairs meeting must be members of this unit."): "部务会成员必须是本单位人员。",
    (None, "You can only name a delegate for yourself."): "只能为本人设置委托。",
    (None, "Only section heads and department leaders can name a delegate."): "只有科室负责人和部领导可以设置委托。",
    (None, "You cannot name yourself as your delegate."): "不能委托给自己。",
    (None, "The delegate must be a member of your unit."): "被委托人必须是本单位人员。",
    (None, "This period overlaps your delegation to %(name)s (%(period)s). Cancel that one first."): (
        "该期间与您对 %(name)s 的委托（%(period)s）重叠，请先取消原委托。"
    ),
    (None, "You can only cancel your own delegation."): "只能取消本人设置的委托。",
    (None, "This delegation has already ended."): "该委托已结束。",
    (None, "Supervises %(n)s section"): "分管 %(n)s 个科室",
    (None, "Name"): "姓名",
    (None, "Gender"): "性别",
    (None, "Years worked"): "工龄",
    (None, "Actions"): "操作",
    (None, "Member of the affairs meeting"): "部务会成员",
    ("org", "Affairs meeting"): "部务会",
    (None, "Department leaders"): "部领导",
    (None, "%(n)s year"): "%(n)s 年",
    (None, "View"): "查看",
    (None, "Edit"): "编辑",
    (None, "No one matches. Try fewer letters, or clear the filters."): (
        "没有符合条件的人员。可以少输几个字母，或清除筛选条件。"
    ),
    (None, "No staff yet."): "暂无人员。",
    (None, "Import staff from Excel"): "从 Excel 导入人员",
    (None, "%(n)s record in total"): "共 %(n)s 条",
    (None, "Pages"): "分页",
    (None, "Previous"): "上一页",
    (None, "Next"): "下一页",
    (None, "%(n)s person"): "%(n)s 人",
    (None, "Head"): "负责人",
    (None, "vacant"): "空缺",
    (None, "Switch unit"): "切换单位",
    (None, "Unit"): "单位",
    (None, "No staff have been entered for this unit yet."): "本单位尚未录入人员。",
    (None, "Principal leader not named"): "主要领导未设置",
    (None, "Directly under the principal leader"): "主要领导直接分管",
    (None, "No supervised sections"): "暂无分管科室",
    (None, "Supervising leader not named"): "未明确分管领导",
    (None, "Other staff"): "其他人员",
    (
        None,
        "While a delegation is in force, approval steps that would come to you go to your delegate, "
        "and are recorded as decided on your behalf (代).",
    ): "委托期间，应由您审批的事项将转给被委托人办理，并记录为“代”。",
    (None, "Name a delegate"): "设置委托",
    (None, "Save"): "保存",
    (None, "My delegations"): "我设置的委托",
    (None, "Period"): "委托期间",
    (None, "Status"): "状态",
    (None, "In force"): "生效中",
    (None, "Not started"): "未开始",
    (None, "Ended"): "已结束",
    (None, "Cancel this delegation? From today, your approvals come to you again."): (
        "确定取消该委托？从今天起，审批事项将重新交由您本人办理。"
    ),
    (None, "Cancel"): "取消",
    (None, "You have not named a delegate."): "您还没有设置委托。",
    (None, "Delegated to me"): "委托给我的",
    (None, "On behalf of"): "委托人",
    (None, "No one has named you as their delegate."): "目前没有人委托您代为审批。",
    (None, "Export to Excel"): "导出 Excel",
    (None, "Reset"): "重置",
    (
        None,
        "Approvals are routed from these settings: a request goes to the section head, "
        "then the supervising leader, then the principal leader.",
    ): "审批流程按这里的设置确定：申请依次送科室负责人、分管领导、主要领导审批。",
    (None, "Unit leaders and affairs meeting"): "单位领导与部务会",
    ("org", "Office"): "办公室",
    (None, "This unit has no sections yet."): "本单位还没有科室。",
    (None, "Show the full phone number and ID number? This view will be recorded."): (
        "显示完整的手机号和身份证号？本次查看将被记录。"
    ),
    (None, "Show full numbers"): "显示完整号码",
    (None, "Started work"): "参加工作时间",
    (None, "Leadership"): "领导职务",
    (None, "Heads"): "负责科室",
    (None, "Supervises"): "分管科室",
    (None, "Delegate today"): "今日委托",
    (None, "Full numbers are shown on this page only. Leaving or reloading the page hides them again."): (
        "完整号码只在本页显示，离开或刷新页面后将重新隐藏。"
    ),
    (None, "Phone and ID numbers are partly hidden. Only the person and the staff-records office see them in full."): (
        "手机号和身份证号已部分隐藏，只有本人和负责人事档案的工作人员可以查看完整号码。"
    ),
    (None, "Edit %(name)s"): "编辑 %(name)s 的信息",
    (None, "Download the template"): "下载模板",
    (
        None,
        "%(total)s rows checked; %(n)s row has problems. Nobody was imported. "
        "Correct the row and upload the file again.",
    ): "共检查 %(total)s 行，其中 %(n)s 行有问题，未导入任何人员。请改正后重新上传。",
    (None, "Row"): "行号",
    (None, "Problem"): "问题",
    (None, "Row %(n)s"): "第 %(n)s 行",
    (None, "Upload"): "上传文件",
    (None, "Download the template and fill in one person per row."): "下载模板，每行填写一人。",
    (
        None,
        "Upload it here. Every row is checked first; if any row is wrong, "
        "nothing is imported and every problem is listed.",
    ): "在此上传。系统先逐行检查；只要有一行不符合要求，就不会导入任何人员，并列出全部问题。",
    (
        None,
        "New accounts cannot log in until the system administrator sets a first password; "
        "each person must change it at first login.",
    ): "新账号在系统管理员设置初始密码前不能登录；本人首次登录时须修改密码。",
    (None, "Upload and check"): "上传并检查",
    (None, "Columns of the template"): "模板各列说明",
    (None, "Column"): "列名",
    (None, "Required"): "必填",
    (None, "How to fill it in"): "填写要求",
    (None, "Yes"): "是",
    (None, "No"): "否",
    (None, "Import result"): "导入结果",
    (None, "Import another file"): "继续导入",
    (
        None,
        "These accounts cannot log in yet: the system administrator must set a first password for each. "
        "At first login each person must change it.",
    ): "这些账号暂不能登录：须由系统管理员逐一设置初始密码，本人首次登录时须修改密码。",
    (None, "Login name"): "登录用户名",
    (None, "%(n)s person imported"): "已导入 %(n)s 人",
    (None, "No import in this session."): "本次登录期间没有导入记录。",
    (None, "Enter an 11-digit mobile number starting with 1."): "请填写以 1 开头的 11 位手机号码。",
    (None, "An ID number has 18 characters."): "身份证号应为 18 位。",
    (None, "An ID number is 17 digits followed by a digit or X."): "身份证号应为 17 位数字加 1 位数字或 X。",
    (None, "The date of birth in this ID number is not a real date."): "身份证号中的出生日期不是有效日期。",
    (None, "The check digit of this ID number is wrong; please check the number."): (
        "身份证号校验位不正确，请核对号码。"
    ),
    (None, "From %(start)s to %(end)s, %(name)s will decide your approvals on your behalf."): (
        "已设置委托：%(start)s至%(end)s期间，您的审批事项由 %(name)s 代为办理。"
    ),
    (None, "The delegation has been cancelled."): "已取消委托，审批事项将重新交由您本人办理。",
    (None, "Imported %(count)s people."): "已导入 %(count)s 人。",
    (None, "Saved the head and supervising leader of %(section)s."): "已保存%(section)s的负责人和分管领导。",
    (None, "Saved the unit's leaders and the affairs meeting."): "已保存单位领导和部务会成员。",
    (None, "The full phone number and ID number are shown below. This view has been recorded."): (
        "下方已显示完整的手机号和身份证号，本次查看已记录。"
    ),
    (None, "Saved the changes to %(name)s."): "已保存 %(name)s 的信息。",
}


def fill() -> int:
    po_path = Path(__file__).parent / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    missing = 0
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        value = T.get((entry.msgctxt, entry.msgid))
        if value is None:
            missing += 1
            print(f"missing: {(entry.msgctxt, entry.msgid)!r}")
        elif entry.msgid_plural:
            entry.msgstr_plural = {0: value}
        else:
            entry.msgstr = value
    po.save(str(po_path))
    return missing


if __name__ == "__main__":
    raise SystemExit(1 if fill() else 0)
