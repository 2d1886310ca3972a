"""One line per figure of a benchmark's JSON output, against its target: the summary bench/all.sh prints.

    .venv/bin/python bench/summary.py LABEL EXIT_STATUS [FILE.json ...]

Reads the shapes the benchmarks write (bench/measure.py's list of figures; the `p95_ms`/`target_p95_ms`,
`target_s` and `ratio`/`target_ratio` figures of the *_bench.py scripts) without knowing each script, so a
new benchmark that writes figures of the same shape is summarised too. Never fails: a file it cannot read
becomes a line saying so, because the summary is printed after an hour of benchmarks.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

VERDICT = {True: "ok", False: "MISSED", None: "n/a"}


def _line(label: str, value: str, target: str, ok: bool | None) -> str:
    return f"  {label[:38]:38} {value[:30]:30} {target[:16]:16} {VERDICT.get(ok, '?')}"


def _figure(label: str, data: dict[str, Any]) -> str | None:
    """The line of one figure, or None when `data` is not a figure (then its contents are searched)."""
    ok = data.get("ok")
    if "label" in data and "value" in data and "target" in data:  # bench/measure.py
        return _line(data["label"], str(data["value"]), str(data["target"]), ok)
    if "ok" not in data:
        return None
    if "target_p95_ms" in data and "p95_ms" in data:
        return _line(label, f"p95 {data['p95_ms']} ms", f"≤ {data['target_p95_ms']:g} ms", ok)
    if "worst_p95_ms" in data and "target_ms" in data:
        return _line(label, f"worst p95 {data['worst_p95_ms']} ms", f"≤ {data['target_ms']:g} ms", ok)
    if "target_s" in data:
        if "max_s" in data:
            value = f"max {data['max_s']} s"
        else:
            value = f"first {data.get('first_s')} s, best {data.get('best_s')} s"
        return _line(label, value, f"≤ {data['target_s']:g} s", ok)
    if "target_ratio" in data:
        return _line(label, f"ratio {data.get('ratio')}", f"≥ {data['target_ratio']:g}", ok)
    return _line(label, "", "", ok)


def figure_lines(data: Any, label: str = "") -> Iterator[str]:
    """Every figure found in `data`, depth first, labelled with its path of keys."""
    if isinstance(data, dict):
        line = _figure(label or "(all)", data)
        if line is not None:
            yield line
            return
        for key, value in data.items():
            yield from figure_lines(value, f"{label}.{key}" if label else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from figure_lines(value, f"{label}[{index}]")


def main(argv: list[str]) -> int:
    label, status, files = argv[0], argv[1], argv[2:]
    head = f"{label}: " + ("finished" if status == "0" else f"exit status {status}")
    if not files:
        print(f"{head} — no figures written")
        return 0
    print(head)
    for name in files:
        try:
            data = json.loads(Path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"  could not read {name}: {exc}")
            continue
        lines = list(figure_lines(data))
        print("\n".join(lines) if lines else f"  no figures with a target in {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
