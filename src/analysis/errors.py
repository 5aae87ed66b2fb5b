"""Errors shared across the package (kept free of heavy imports so the CLI starts fast)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["BuildError", "RawDataError"]


class RawDataError(ValueError):
    """Bad input in a raw table: names file, row (CSV line), column and value."""

    def __init__(
        self,
        file: str | Path,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        self.file = str(file)
        self.row = row
        self.column = column
        self.value = value
        parts = [f"{self.file}"]
        if row is not None:
            parts.append(f"row {row}")
        if column is not None:
            parts.append(f"column {column!r}")
        if value is not None:
            parts.append(f"value {value!r}")
        super().__init__(", ".join(parts) + f": {message}")


class BuildError(RuntimeError):
    """A configuration or environment problem that stops the whole build."""
