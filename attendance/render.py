"""The monthly sheet's body as HTML, built in Python.

A 50-person month is some 1,600 cells; through the template language each cell
costs a loop step and two variable lookups, which made the page's rendering
slower than deriving the month. Every value is escaped here as the template
would escape it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from attendance import derivation as d
from attendance.selectors import SectionGroup

TOTAL_COLUMNS = 9


def _number(value) -> str:
    """1 → "1", 1.5 → "1.5", Decimal("10.0") → "10", 0 → "" (a blank cell, as offices print zeroes)."""
    if not value:
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def sheet_rows(groups: Sequence[SectionGroup], day_count: int, month_param: str) -> SafeString:
    m, lm = d.marks(), d.leave_marks()
    colour = {code: "m-" + d.colour(code) for code in d.STATUSES}
    colspan = day_count + 2 + TOTAL_COLUMNS
    person_url = reverse("attendance:person_days", args=[0]).replace("/0/", "/{}/")
    parts: list[str] = []
    if not any(group.rows for group in groups):
        empty = escape(_("Nobody on this sheet."))
        return mark_safe(f'<tr><td colspan="{colspan}"><div class="empty-state">{empty}</div></td></tr>')
    for group in groups:
        if len(groups) > 1:
            name = group.section.name if group.section else _("Department leaders")
            parts.append(f'<tr class="group"><td colspan="{colspan}">{escape(name)}</td></tr>')
        for number, row in enumerate(group.rows, start=1):
            f = row.figures
            url = person_url.format(row.staff.pk) + f"?month={month_param}"
            cells = "".join(f'<td class="{colour[day.status]}">{d.day_mark(day, m, lm)}</td>' for day in row.days)
            totals = "".join(
                f"<td>{_number(value)}</td>"
                for value in (
                    f.present,
                    f.late,
                    f.early,
                    f.missing,
                    f.absent,
                    f.leave,
                    f.going_out,
                    f.trip,
                    row.overtime,
                )
            )
            parts.append(
                f'<tr><td>{number}</td><td class="name"><a href="{escape(url)}">{escape(row.staff.name)}</a></td>'
                f"{cells}{totals}</tr>"
            )
    return mark_safe("\n".join(parts))
