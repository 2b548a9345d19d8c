"""Scorecards for a period: tables built once (`tables`), written as XLSX, CSV or JSON."""

from __future__ import annotations

from .tables import build_tables

FORMATS = ("xlsx", "csv", "json")

__all__ = ["FORMATS", "build_tables"]
