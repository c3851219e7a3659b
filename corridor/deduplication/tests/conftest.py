"""Deduplication fixtures: the registry people of the tracing fixtures (deduplication and tracing
compare the same people), and the worker run in-process."""

from __future__ import annotations

from corridor.tracing.tests.conftest import (  # noqa: F401 (fixtures)
    duplicates,
    filler,
    officer,
    other_officer,
    tracing_request,
)
