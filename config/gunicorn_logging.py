"""gunicorn's logger for Corridor: an access log line never carries a query string.

Query strings can hold personal data (an API search by name, phone or document number; an old
bookmark of a list), and so can the Referer (the previous page's address). Whatever
`access_log_format` an operator sets, the atoms it may use are cut here: the request line and
the Referer lose their query string, and the query atoms (%(q)s, {query_string}e, {raw_uri}e)
are emptied."""

from __future__ import annotations

from gunicorn.glogging import Logger as GunicornLogger


def _without_query(value: str) -> str:
    head, _sep, _query = value.partition("?")
    return head


class Logger(GunicornLogger):
    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["r"] = " ".join((environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""),
                               environ["SERVER_PROTOCOL"]))
        atoms["q"] = atoms["{query_string}e"] = "-"
        for name in list(atoms):
            if name in ("f", "{referer}i", "{http_referer}e") or name.endswith("uri}e"):
                atoms[name] = _without_query(str(atoms[name]))
        return atoms
