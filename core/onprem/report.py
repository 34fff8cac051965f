"""Validation problems and the report that lists all of them."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_STORED_PROBLEMS = 100_000  # beyond this only the count grows (memory stays bounded)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    Attributes
    ----------
    row : int or None
        1-based data row (the header is not counted; row 1 is the file's second line when the
        file has no blank lines); None for a problem with the whole file.
    column : str
    value : str
        The cell as read.
    expected : str
        What a valid cell looks like.
    line : int or None
        1-based line of the file (as an editor numbers them) for a problem found before rows
        are told apart, such as a byte that does not decode; None otherwise.
    """

    row: int | None
    column: str
    value: str
    expected: str
    line: int | None = None

    def __str__(self) -> str:
        if self.row is not None:
            where = f"row {self.row}"
        else:
            where = f"line {self.line}" if self.line is not None else "file"
        return f"{where}, column {self.column!r}: got {self.value!r}; expected {self.expected}"


@dataclass
class ValidationReport:
    """Every problem found in an input, plus counts.

    Attributes
    ----------
    problems : list of Problem
        At most ``MAX_STORED_PROBLEMS`` are kept; ``n_problems`` counts all.
    n_rows, n_invalid_rows : int
    skipped_rows : list of int
        Rows left out of the estimate (with ``skip_invalid=True``).
    bad_lines : list of int
        Rows whose line has more or fewer fields than the header.
    source : str
        The file checked ("" for data given in memory); named in :meth:`summary`.
    """

    problems: list[Problem] = field(default_factory=list)
    n_problems: int = 0
    n_rows: int = 0
    n_invalid_rows: int = 0
    skipped_rows: list[int] = field(default_factory=list)
    bad_lines: list[int] = field(default_factory=list)
    source: str = ""

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return self.n_problems == 0

    @property
    def file_problems(self) -> list[Problem]:
        """Problems with the whole file (missing columns, unreadable lines)."""
        return [p for p in self.problems if p.row is None]

    def add(self, problem: Problem) -> None:
        """Record a problem (kept if fewer than MAX_STORED_PROBLEMS are stored)."""
        self.n_problems += 1
        if len(self.problems) < MAX_STORED_PROBLEMS:
            self.problems.append(problem)

    def sort(self) -> None:
        """Order problems: the whole file's first, then by row (check order within a row)."""
        self.problems.sort(key=lambda p: -1 if p.row is None else p.row)

    def to_frame(self):
        """Problems as a pandas DataFrame with columns row, column, value, expected."""
        import pandas as pd

        return pd.DataFrame(
            [(p.row, p.column, p.value, p.expected) for p in self.problems],
            columns=["row", "column", "value", "expected"],
        )

    def summary(self, limit: int | None = 50) -> str:
        """Readable text: counts, then one line per problem (the first ``limit``)."""
        if self.ok:
            return f"Input is valid: {self.n_rows} rows."
        lines = [
            (f"{self.source}: " if self.source else "")
            + f"{self.n_problems} problem(s) in {self.n_invalid_rows} of {self.n_rows} rows"
            + (" (and in the file itself)" if self.file_problems else "") + ":"
        ]
        shown = self.problems if limit is None else self.problems[:limit]
        lines += [f"  {p}" for p in shown]
        if self.n_problems > len(shown):
            lines.append(f"  ... and {self.n_problems - len(shown)} more")
        if self.skipped_rows:
            rows = ", ".join(map(str, self.skipped_rows[:50]))
            more = f" and {len(self.skipped_rows) - 50} more" if len(self.skipped_rows) > 50 else ""
            lines.append(f"Skipped rows: {rows}{more}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


class OnPremInputError(ValueError):
    """Raised when the input has problems and invalid rows are not skipped.

    Attributes
    ----------
    report : ValidationReport
    """

    def __init__(self, report: ValidationReport):
        super().__init__(report.summary())
        self.report = report
