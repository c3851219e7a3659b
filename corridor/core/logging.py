"""A log filter that keeps personal data out of logs.

- Query strings (which carry searched names) are cut from request lines.
- The request Django attaches to error records (its repr carries GET and POST) is dropped.
- An exception's message is never written: database, validation and parsing errors quote the
  values they refused (a name, a date of birth, a document number). A logged exception keeps its
  type and where it happened (the traceback's frames, which are code); this holds for every
  exception type, chained causes included, since no list of "safe" types could be kept honest.
  Exceptions passed as log arguments are reduced to their type name likewise.
"""

from __future__ import annotations

import logging
import re
import traceback

_QUERY = re.compile(r"\?[^\s\"']*")
_CAUSE = "The above exception was the direct cause of the following exception:"
_CONTEXT = "During handling of the above exception, another exception occurred:"


def _type_name(exc: BaseException) -> str:
    kind = type(exc)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def exception_without_message(exc: BaseException) -> str:
    """The traceback of `exc` and of its causes, as Python prints it, less every message."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, _CONTEXT
        else:
            current = None
    parts = []
    # Oldest first, as Python prints a chain; each later one is introduced by how it followed.
    for position, (item, _link) in enumerate(reversed(chain)):
        if position:
            parts.append(f"\n\n{chain[len(chain) - position][1]}\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.append("".join(traceback.format_tb(item.__traceback__)))
        parts.append(f"{_type_name(item)} (message withheld: it may quote personal data)")
    return "".join(parts)


class RedactPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub("?…", record.msg)
        if record.args and not isinstance(record.args, dict):
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(_QUERY.sub("?…", a) if isinstance(a, str)
                                else _type_name(a) if isinstance(a, BaseException) else a
                                for a in args)
        if record.exc_info and record.exc_info[1] is not None:
            # Formatters write exc_text when it is set, instead of formatting exc_info again.
            record.exc_text = exception_without_message(record.exc_info[1])
        # Django attaches the request to error records; its repr carries GET and POST.
        if hasattr(record, "request"):
            record.request = None
        return True
