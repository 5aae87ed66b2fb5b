"""The build's progress lines on standard output (silenced by ``--quiet``)."""

from __future__ import annotations

__all__ = ["log_progress"]


def log_progress(message: str, quiet: bool) -> None:
    """Print ``message`` (flushed at once, for schedulers' logs) unless ``quiet``."""
    if not quiet:
        print(message, flush=True)
