"""Fill a gettext catalog from a {msgid: msgstr} table kept beside it (translations.py).

    .venv/bin/python scripts/po_fill.py approvals

Developer tool: run `makemessages` in the app, add the new strings' translations to
`<app>/locale/zh_Hans/translations.py` (or a `translations_<part>.py` beside it), run this.
The suite checks every catalog is complete.
"""

import importlib.util
import sys
from pathlib import Path

import polib


def fill(app: str) -> int:
    base = Path(app) / "locale" / "zh_Hans"
    po_path = base / "LC_MESSAGES" / "django.po"
    # translations.py, plus any translations_<part>.py kept by whoever owns that part of the app.
    table: dict = {}
    for path in sorted(base.glob("translations*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        table.update(module.T)
    po = polib.pofile(str(po_path))
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    missing = 0
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        value = table.get(entry.msgid)
        if entry.msgid_plural:
            value = value or table.get(entry.msgid_plural)
            if value:
                entry.msgstr_plural = {0: value}
            else:
                missing += 1
                print(f"missing: {entry.msgid!r}")
        elif value:
            entry.msgstr = value
        else:
            missing += 1
            print(f"missing: {entry.msgid!r}")
    po.save(str(po_path))
    return missing


if __name__ == "__main__":
    sys.exit(1 if sum(fill(app) for app in sys.argv[1:]) else 0)
