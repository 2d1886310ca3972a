"""Demo content beyond the org chart: each app registers a builder in AppConfig.ready().

`seed_demo` builds the demo city first (org.demo.build_demo), then calls every builder in order
with the demo unit's staff by username, inside the same first start. A builder writes through
services, like a user would, so the demo data is as valid as real data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoBuilder:
    name: str
    build: Callable[[dict], None]  # called with build_demo()'s result: {"staff": {username: Staff}, ...}
    order: int = 100


_builders: list[DemoBuilder] = []


def register_demo(name: str, build: Callable[[dict], None], *, order: int = 100) -> None:
    if any(b.name == name for b in _builders):
        return
    _builders.append(DemoBuilder(name=name, build=build, order=order))


def run_demo_builders(result: dict) -> list[str]:
    done = []
    for builder in sorted(_builders, key=lambda b: b.order):
        builder.build(result)
        done.append(builder.name)
    return done
