"""Errors shared across the package (kept free of heavy imports so the CLI starts fast)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["BuildError", "OutputError", "RawDataError"]


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
    """A configuration or environment problem that stops the whole build (exit code 2)."""

    exit_code = 2


class OutputError(BuildError):
    """The file system refused a write (disk full, read-only folder, permissions): exit 3.

    The message names the path and the OS error; published pages are left as they were.
    """

    exit_code = 3
