"""The sidebar: each app registers its own entries in AppConfig.ready(), so the menu
shows only what exists and only what the user may open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise


@dataclass
class NavItem:
    title: str | Promise
    url_name: str
    visible: Callable = lambda user: True
    badge: Callable | None = None
    order: int = 0


@dataclass
class NavGroup:
    key: str
    title: str | Promise
    icon: str
    order: int
    items: list[NavItem] = field(default_factory=list)


_groups: dict[str, NavGroup] = {}


def register_group(key: str, title, icon: str, order: int) -> None:
    _groups.setdefault(key, NavGroup(key=key, title=title, icon=icon, order=order))


def register(group: str, title, url_name: str, *, visible: Callable = lambda user: True, badge=None, order=0) -> None:
    _groups[group].items.append(NavItem(title=title, url_name=url_name, visible=visible, badge=badge, order=order))


def build(user, current_path: str) -> list[dict]:
    menu = []
    for group in sorted(_groups.values(), key=lambda g: g.order):
        items = []
        for item in sorted(group.items, key=lambda i: i.order):
            if not item.visible(user):
                continue
            url = reverse(item.url_name)
            items.append(
                {
                    "title": item.title,
                    "url": url,
                    "active": current_path == url or (url != "/" and current_path.startswith(url)),
                    "badge": item.badge(user) if item.badge else None,
                }
            )
        if items:
            menu.append({"title": group.title, "icon": group.icon, "items": items})
    # Only the longest matching link is active.
    active = [i for g in menu for i in g["items"] if i["active"]]
    if len(active) > 1:
        best = max(active, key=lambda i: len(i["url"]))
        for i in active:
            i["active"] = i is best
    return menu
