"""The closed set of check types: every module of this package that names a `CHECK`.

See `base` for what a check-type module holds. The registry, the `Rule` union that
rubrics are validated with and `CHECK_TYPES` are derived from the modules found here, so
a new check type is one new module (and its YAML cases).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Annotated, Union

from pydantic import Field

from ..i18n import register


def _discover() -> dict[str, ModuleType]:
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "CHECK"):
            found[module.CHECK] = module
    return found


REGISTRY: dict[str, ModuleType] = _discover()
CHECK_TYPES: tuple[str, ...] = tuple(REGISTRY)
for _check, _module in REGISTRY.items():
    register(_check, _module.MESSAGES)

Rule = Annotated[Union[tuple(m.RULE for m in REGISTRY.values())], Field(discriminator="check")]
