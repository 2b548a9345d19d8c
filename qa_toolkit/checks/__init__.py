"""The closed set of check types, one module each, and their registry."""

from __future__ import annotations

from . import forbid, pattern, require

REGISTRY = {module.CHECK: module for module in (require, forbid, pattern)}
