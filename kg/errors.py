"""The exceptions kg raises: one base class, one kind per failure a user can act on."""

from __future__ import annotations

from pathlib import Path

__all__ = ["KgError", "InputError", "QueryError", "ValidationError", "OutputError", "FetchError", "MappingError"]


class KgError(Exception):
    """Base class of every error kg raises on purpose.

    The CLI prints ``str(error)`` as one line and exits non-zero; it never shows a traceback.
    """


class InputError(KgError):
    """An input file that kg cannot read, with the file and line at fault.

    Example:
        >>> str(InputError("data/page.txt", 3, "expected a '# <title>' line"))
        "data/page.txt:3: expected a '# <title>' line"
    """

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, int | None, str]]:
        return InputError, (self.path, self.line, self.message)  # pickled whole (kg.build.parallel)


class QueryError(KgError):
    """A SPARQL query that cannot run: unknown name, missing parameter, or a syntax error."""


class ValidationError(KgError):
    """A graph that does not conform to the SHACL shapes."""


class OutputError(KgError):
    """An output that cannot be written (or a previous build that cannot be found)."""


class FetchError(KgError):
    """A download that failed: the page or file, and what went wrong."""


class MappingError(KgError):
    """kg produced a triple its own RDF parser rejects: a bug in kg, reported instead of a traceback."""
