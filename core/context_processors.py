from django.conf import settings

from core import nav
from core.access import is_business_user


def shell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"shell": {}}
    from notify.selectors import unread_count

    staff = getattr(user, "staff", None) if not user.admin_role else None
    if staff is not None:
        from org.roles import role_label

        unit_name = staff.unit.name
        label = role_label(staff)
    else:
        unit_name = ""
        label = user.get_admin_role_display()
    return {
        "shell": {
            "unit_name": unit_name,
            "role_label": label,
            "unread_count": unread_count(user),
            "nav": nav.build(user, request.path),
            "idle_timeout_seconds": settings.SESSION_IDLE_TIMEOUT_MINUTES * 60,
            "can_search_staff": is_business_user(user),
        }
    }
