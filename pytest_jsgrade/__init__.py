"""pytest-jsgrade: grade student JavaScript with pytest, one QuickJS sandbox per case."""

from __future__ import annotations

__version__ = "0.1.0"
