# ruff: noqa: E501
"""Chinese for the accounts catalog; `scripts/po_fill.py accounts` writes it into django.po."""

T = {
    # Models
    "System administrator": "系统管理员",
    "Security administrator": "安全管理员",
    "Audit administrator": "审计管理员",
    "name": "姓名",
    "administrator role": "管理员角色",
    "must change password": "须修改密码",
    "password changed at": "密码修改时间",
    "two-factor login enabled": "已启用双因素登录",
    "account": "账号",
    "accounts": "账号",
    "Business settings (approval routes, thresholds)": "业务设置（审批流程、阈值）",
    "Staff records (import, edit)": "人员信息维护（导入、编辑）",
    "Attendance keeping": "考勤管理",
    "Document register": "公文登记",
    "Task supervision office": "督查督办",
    "duty": "职责",
    "granted by": "授予人",
    "granted at": "授予时间",
    "duty grant": "职责授权",
    "duty grants": "职责授权",
    # Validators
    "Use at least %(n)d kind of character: lower-case, upper-case, digits, symbols.": (
        "密码须至少包含小写字母、大写字母、数字、符号中的 %(n)d 种。"
    ),
    "Use at least %(n)d kinds of characters: lower-case, upper-case, digits, symbols.": (
        "密码须至少包含小写字母、大写字母、数字、符号中的 %(n)d 种。"
    ),
    # Separation of duties
    "An account with a staff profile cannot be an administrator.": "有人员档案的账号不能担任管理员。",
    "An account holding duties cannot be an administrator.": "持有业务职责的账号不能担任管理员。",
    "Administrators cannot be granted business duties.": "管理员不能被授予业务职责（三员分立）。",
    "An administrator account cannot have a staff profile.": "管理员账号不能关联人员档案（三员分立）。",
    # Services
    "Two-factor login is already enabled for this account.": "该账号已启用双因素登录。",
    "Two-factor login is required for this account and cannot be turned off.": "该账号必须使用双因素登录，不能关闭。",
    "Two-factor login is not enabled.": "尚未启用双因素登录。",
    "You cannot do this to your own account.": "不能对本人账号执行此操作。",
    "Administrator accounts cannot be changed here.": "管理员账号不能在此修改。",
    "This account is already disabled.": "该账号已是停用状态。",
    "This account is already enabled.": "该账号已是启用状态。",
    "Enable the account before resetting its password.": "请先启用该账号，再重置密码。",
    "This account is not locked.": "该账号未被锁定。",
    "This account has no authenticator app bound.": "该账号未绑定动态口令。",
    "This administrator already exists.": "该管理员已存在。",
    "The username %(username)s is taken.": "用户名 %(username)s 已被占用。",
    "Only staff members can be granted duties.": "只能向工作人员（有人员档案的业务账号）授予职责。",
    "This account is disabled.": "该账号已停用。",
    "Choose a valid duty.": "请选择有效的职责。",
    "%(name)s already holds this duty.": "%(name)s 已持有该职责。",
    "You were granted the duty: %(duty)s": "您已被授予职责：%(duty)s",
    "This duty was already revoked.": "该职责已被撤销。",
    "Your duty was revoked: %(duty)s": "您的职责已被撤销：%(duty)s",
    "The setting is already in force.": "该设置已经生效，无需重复操作。",
    # Forms
    "Username": "用户名",
    "Password": "密码",
    "Code": "动态口令",
    "Enter the 6 digits shown in your authenticator app.": "请输入验证器应用中显示的 6 位数字。",
    "The new password must differ from the current one.": "新密码不能与当前密码相同。",
    "All": "全部",
    "Enabled": "已启用",
    "Active": "正常",
    "Disabled": "已停用",
    "Must change password": "待修改密码",
    "Name or username": "姓名或用户名",
    "Status": "状态",
    "Staff member": "工作人员",
    "Choose a staff member from the list.": "请从列表中选择工作人员。",
    "Duty": "职责",
    "Name": "姓名",
    "All duties": "全部职责",
    # Security settings
    "Yes": "是",
    "No": "否",
    "Minimum password length": "密码最小长度",
    "%(n)d characters": "%(n)d 个字符",
    "Kinds of characters required": "密码字符种类",
    "%(n)d of 4 (lower-case, upper-case, digits, symbols)": "至少 %(n)d 种（小写字母、大写字母、数字、符号）",
    "Common passwords refused": "拒绝常见弱密码",
    "Password valid for": "密码有效期",
    "%(n)d days": "%(n)d 天",
    "No limit": "不限",
    "Login failures before lock": "登录失败处理",
    "%(n)d failures lock the account for %(m)d minutes": "连续失败 %(n)d 次锁定账号 %(m)d 分钟",
    "Idle session timeout": "会话空闲超时",
    "%(n)d minutes": "%(n)d 分钟",
    "Longest session": "会话最长有效期",
    "%(n)d hours": "%(n)d 小时",
    "Session ends when the browser closes": "关闭浏览器即结束会话",
    "Cookies sent over HTTPS only": "Cookie 仅通过 HTTPS 传输",
    "Password storage": "密码存储",
    "PBKDF2-HMAC-SM3, %(n)d iterations": "PBKDF2-HMAC-SM3，迭代 %(n)d 次",
    "Two-factor login (TOTP)": "双因素登录（动态口令）",
    "Always for the three administrators; for everyone in a unit that requires it": (
        "三员始终需要；开启“全员双因素”的单位所有人员需要"
    ),
    # Views and messages
    "Accounts": "账号管理",
    "The account of %(name)s is disabled.": "已停用 %(name)s 的账号。",
    "The account of %(name)s is enabled.": "已启用 %(name)s 的账号。",
    "The account of %(name)s is unlocked.": "已解除 %(name)s 的登录锁定。",
    "The authenticator app of %(name)s is unbound.": "已解除 %(name)s 的动态口令绑定，其下次登录时重新绑定。",
    "The password of %(name)s was reset.": "已重置 %(name)s 的密码。",
    "Reset password": "重置密码",
    "Duty grants": "职责授权",
    "%(name)s now holds the duty: %(duty)s": "已授予 %(name)s 职责：%(duty)s",
    "Grant a duty": "授予职责",
    "The duty %(duty)s of %(name)s is revoked.": "已撤销 %(name)s 的职责：%(duty)s",
    "Security policy": "安全策略",
    "Choose whether to require two-factor login.": "请选择是否要求双因素登录。",
    "Everyone in %(unit)s must now log in with two factors (from their next login).": (
        "已要求 %(unit)s 全员使用双因素登录（各人下次登录时生效）。"
    ),
    "%(unit)s no longer requires two-factor login for everyone.": "%(unit)s 已不再要求全员使用双因素登录。",
    "Wrong username or password.": "用户名或密码错误。",
    "You have logged out.": "您已安全退出。",
    "Too many wrong codes. Wait a moment and try again.": "动态口令错误次数过多，请稍候再试。",
    "The code is wrong or has expired. Enter the code now shown in the app.": "动态口令错误或已过期，请输入应用中当前显示的口令。",
    "Two-factor login is already enabled.": "已启用双因素登录。",
    "Two-factor login is enabled. From now on, log in with a code as well.": "已启用双因素登录，今后登录时还需输入动态口令。",
    "The code does not match. Check the phone's time and enter the current code.": (
        "动态口令不匹配，请检查手机时间是否准确，并输入当前显示的口令。"
    ),
    "Your password was changed.": "密码已修改。",
    "Two-factor login is turned off for your account.": "已关闭本人账号的双因素登录。",
    # Templates
    "Home": "首页",
    "Workbench": "工作台",
    "Grant": "授予",
    "Cancel": "取消",
    "Search": "查询",
    "Reset": "重置",
    "Unit / section": "单位 / 科室",
    "Granted by": "授予人",
    "Granted at": "授予时间",
    "Actions": "操作",
    "Revoke the duty %(duty)s of %(name)s?": "确定撤销 %(name)s 的职责“%(duty)s”吗？",
    "Revoke": "撤销",
    "No duty has been granted yet.": "暂无职责授权。",
    "Duties are given only to staff members. Administrators never hold a business duty, and roles such as section head come from the organization chart, not from here.": (
        "职责只授予工作人员；管理员不持有任何业务职责。科长、分管领导等角色来自组织架构，不在此授予。"
    ),
    "Initial password": "初始密码",
    "This password is shown only this once. Give it to the person in person or through a secure channel; they must change it at their first login.": (
        "此密码仅显示这一次。请当面或通过安全渠道告知本人，首次登录时须修改密码。"
    ),
    "Back to accounts": "返回账号管理",
    "Two-factor login for everyone in a unit": "单位全员双因素登录",
    "Unit": "单位",
    "Two-factor login": "双因素登录",
    "Required for everyone": "全员必须",
    "Optional": "自愿开启",
    "Stop requiring two-factor login for everyone in %(unit)s?": "确定不再要求 %(unit)s 全员使用双因素登录吗？",
    "Stop requiring": "取消要求",
    "Require two-factor login for everyone in %(unit)s? At their next login each person must bind an authenticator app.": (
        "确定要求 %(unit)s 全员使用双因素登录吗？每个人下次登录时须绑定验证器应用。"
    ),
    "Require": "要求全员",
    "No unit has been set up yet.": "尚未建立单位。",
    "Settings in force": "当前生效的安全参数",
    "These values are set in the server configuration (environment variables) when the system is deployed; they are shown here read-only.": (
        "以上参数在部署时通过服务器配置（环境变量）设定，此处只读显示。"
    ),
    "Accounts of staff members are created with their staff profile in Organization; the three administrators by the create_admins command. Here you disable, enable and unlock accounts, give a new initial password and unbind a lost phone.": (
        "工作人员的账号随人员档案在“组织”中建立，三员账号由 create_admins 命令建立。"
        "此处可停用、启用、解锁账号，设置新的初始密码，以及解除丢失手机的动态口令绑定。"
    ),
    "Role": "角色",
    "Last login": "最近登录",
    "Locked": "已锁定",
    "No password yet": "未设置密码",
    "Unlock": "解锁",
    "Unbind the authenticator app of %(name)s? They bind a new one at their next login.": (
        "确定解除 %(name)s 的动态口令绑定吗？其下次登录时需重新绑定。"
    ),
    "Reset two-factor": "重置双因素",
    "Reset the password of %(name)s? The old password stops working; the new initial password is shown once.": (
        "确定重置 %(name)s 的密码吗？原密码将失效，新的初始密码只显示一次。"
    ),
    "Set initial password": "设置初始密码",
    "Disable the account of %(name)s? They can no longer log in.": "确定停用 %(name)s 的账号吗？停用后将无法登录。",
    "Disable": "停用",
    "Enable": "启用",
    "No account matches. Change the search words or reset the filter.": "没有符合条件的账号，请修改查询条件或重置。",
    "Zugongtong": "组工通",
    "Work platform of the organization department": "组织部工作平台",
    "Classified (涉密) material must never be put into this system.": "严禁在本系统中存储、处理、传输涉密信息。",
    "Account locked": "账号已锁定",
    "Too many failed logins: the account is locked for %(minutes)s minutes.": "登录失败次数过多，账号已锁定 %(minutes)s 分钟。",
    "Try again when the time is up, or ask the system administrator to unlock the account.": (
        "请到时后再试，或联系系统管理员解锁。"
    ),
    "Back to login": "返回登录",
    "Log in": "登录",
    "You were logged out after a long time without activity. Please log in again.": "长时间未操作，已自动退出，请重新登录。",
    "Forgot your password or locked out? Ask the system administrator of your unit to reset or unlock your account.": (
        "忘记密码或账号被锁定？请联系本单位系统管理员重置密码或解锁。"
    ),
    "Two-factor login (dynamic code)": "双因素登录（动态口令）",
    "Enter the dynamic code": "输入动态口令",
    "%(name)s, your password is correct. Open the authenticator app on your phone and enter the 6-digit code shown for 组工通.": (
        "%(name)s，密码验证通过。请打开手机上的验证器应用，输入“组工通”显示的 6 位动态口令。"
    ),
    "Verify and log in": "验证并登录",
    "Log in as someone else": "切换账号",
    "Lost or replaced your phone? Ask the system administrator to reset your two-factor login.": (
        "手机丢失或更换？请联系系统管理员重置双因素登录。"
    ),
    "Change password": "修改密码",
    "Set a new password": "设置新密码",
    "Your password is more than %(days)s days old. Set a new one to continue.": "您的密码已使用超过 %(days)s 天，请设置新密码后继续。",
    "This is an initial password. Set your own password to continue.": "您正在使用初始密码，请设置自己的密码后继续。",
    "Log out": "退出登录",
    "Account security": "账号安全",
    "Password last set": "密码设置时间",
    "Password valid until": "密码有效期至",
    "Not enabled": "未启用",
    "With two-factor login, logging in needs your password and a 6-digit code from an authenticator app on your phone, so a stolen password alone is not enough.": (
        "启用双因素登录后，登录需要密码和手机验证器应用中的 6 位动态口令，密码被盗也无法登录。"
    ),
    "Two-factor login is required for your account and cannot be turned off.": "您的账号必须使用双因素登录，不能关闭。",
    "Turn off two-factor login? Logging in will then need only the password.": "确定关闭双因素登录吗？关闭后登录只需密码。",
    "Turn off": "关闭",
    "Enable two-factor login": "启用双因素登录",
    "Bind your authenticator app": "绑定验证器应用",
    "This account must log in with two factors: the password and a dynamic code from an app on your phone. Bind the app once now.": (
        "本账号须使用双因素登录：密码加手机应用中的动态口令。请现在完成一次绑定。"
    ),
    "Install an authenticator app that supports TOTP on your phone (for example the one built into 政务钉钉 / 政务微信, or any TOTP app).": (
        "在手机上安装支持 TOTP 的验证器应用（如政务钉钉 / 政务微信内置的验证器，或其他 TOTP 应用）。"
    ),
    "In the app, add an account by scanning this QR code.": "在应用中扫描下方二维码添加账号。",
    "Enter the 6-digit code the app then shows.": "输入应用随后显示的 6 位动态口令。",
    "Cannot scan? Enter this key in the app by hand (time-based):": "无法扫码？可在应用中手动输入以下密钥（基于时间）：",
    "Confirm and enable": "确认并启用",
}
T["This password is too short. It must contain at least %d character."] = "密码长度太短，至少需要 %d 个字符。"
T["This password is too short. It must contain at least %d characters."] = "密码长度太短，至少需要 %d 个字符。"
