"""The error of the HPC file readers: a :class:`ValueError` naming the file, the line as a user
sees it in the file (the header is line 1), the column, the bad value and what was expected."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

__all__ = ["InputFileError", "Rows"]


class InputFileError(ValueError):
    """A value the HPC readers cannot use.

    Attributes
    ----------
    source : str
        What was read, e.g. ``"sacct file jobs.txt"``.
    line : int or None
        1-based line in the file (header = 1); None for an in-memory table (then ``row`` names
        the row's index label).
    column : str or None
        The column, when one is at fault.
    """

    def __init__(self, source: str, message: str, *, line: int | None = None,
                 row: object = None, column: str | None = None) -> None:
        self.source, self.line, self.row, self.column = source, line, row, column
        where = source
        if line is not None:
            where += f", line {line}"
        elif row is not None:
            where += f", row {row!r}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")


class Lookup(Protocol):
    """Anything indexed by a row position giving an int: a list, an integer array, or the file
    lines a :class:`~footprintlab.hpc._text.LazyLines` computes on first use."""

    def __getitem__(self, position: int, /) -> int: ...


class Rows:
    """Where each row of a table came from: file lines (``lines``) or a DataFrame's labels."""

    def __init__(self, source: str, lines: Lookup | None = None,
                 labels: Sequence[object] | None = None,
                 positions: Lookup | None = None) -> None:
        self.source = source
        self.lines = lines
        self.labels = labels
        self.positions = positions  # rows kept after filtering -> rows as read

    def error(self, position: int, message: str, column: str | None = None) -> InputFileError:
        """The error for the row at ``position`` (0-based among the rows kept)."""
        if self.positions is not None:
            position = int(self.positions[position])
        if self.lines is not None:
            return InputFileError(self.source, message, line=int(self.lines[position]),
                                  column=column)
        label = self.labels[position] if self.labels is not None else position
        return InputFileError(self.source, message, row=label, column=column)

    def header_error(self, message: str) -> InputFileError:
        """An error about the header (line 1 of a file)."""
        return InputFileError(self.source, message, line=1 if self.lines is not None else None)

    def take(self, positions: Sequence[int] | np.ndarray) -> Rows:
        """The locations of a subset of the rows (after filtering), lines looked up lazily."""
        if self.positions is not None:
            positions = [self.positions[i] for i in positions]
        return Rows(self.source, self.lines, self.labels, positions)
