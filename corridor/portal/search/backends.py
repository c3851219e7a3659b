"""The two full-text indexes behind one interface: which items' entries match the terms, with a
rank (lower is better). The index is kept by `reindex_entries` for both; the rest of search (facets,
filters, sort, snippets) is the same ORM code on both databases.

SQLite: an FTS5 table `portal_search_fts` with an "ascii" tokenizer (every non-ASCII character is
part of a word, so a term is one token whatever its script), kept in step by triggers on
portal_searchentry. PostgreSQL: a tsvector column `vector` filled with array_to_tsvector (no
parser: a term is one lexeme) under a GIN index. The terms contain only letters and digits, and
each is quoted, so no query reaches either index's operators (ADR 0091)."""

from __future__ import annotations

from django.db import connection


def vendor() -> str:
    return connection.vendor


# An entry's id is its item's id times SLOTS plus its language's place in the settings' list, so
# that the full-text index alone answers which items match (rowid / SLOTS), without a join.
SLOTS = 16


def _groups_text(groups: list[list[str]]) -> str:
    if vendor() == "postgresql":
        return " | ".join("(" + " & ".join(f"'{t}'" for t in group) + ")" for group in groups)
    return " OR ".join("(" + " AND ".join(f'"{t}"' for t in group) + ")" for group in groups)


def ids_sql(groups: list[list[str]], limit: int | None = None) -> tuple[str, list]:
    """A SELECT of the ids of the items with an entry holding every term of at least one group
    (one group per language): what filters and facets need, no rank computed. With `limit`, the
    first that many entries in the index's order (a sample the index gives without reading the
    rest)."""
    tail, params = ("", []) if limit is None else (" LIMIT %s", [limit])
    if vendor() == "postgresql":
        return ("SELECT e.item_id FROM portal_searchentry e WHERE e.vector @@ %s::tsquery" + tail,  # noqa: S608
                [_groups_text(groups), *params])
    return (f"SELECT rowid / {SLOTS} FROM portal_search_fts WHERE portal_search_fts MATCH %s"  # noqa: S608
            + tail, [_groups_text(groups), *params])


def top_sql(groups: list[list[str]], limit: int) -> tuple[str, list]:
    """The best `limit` entries, (item_id, rank), best first: no grouping, so the index's top-N
    sort applies."""
    if vendor() == "postgresql":
        return ("SELECT e.item_id, -ts_rank(e.vector, q.q) AS rank FROM portal_searchentry e, "
                "(SELECT %s::tsquery AS q) q WHERE e.vector @@ q.q ORDER BY rank, e.item_id LIMIT %s",
                [_groups_text(groups), limit])
    return (f"SELECT rowid / {SLOTS}, rank FROM portal_search_fts WHERE portal_search_fts "  # noqa: S608
            "MATCH %s ORDER BY rank LIMIT %s", [_groups_text(groups), limit])


def match_sql(groups: list[list[str]]) -> tuple[str, list]:
    """A SELECT of (item_id, rank) for the matching items, lower rank first."""
    if vendor() == "postgresql":
        return ("SELECT e.item_id AS item_id, -max(ts_rank(e.vector, q.q)) AS rank "
                "FROM portal_searchentry e, (SELECT %s::tsquery AS q) q "
                "WHERE e.vector @@ q.q GROUP BY e.item_id", [_groups_text(groups)])
    return (f"SELECT rowid / {SLOTS} AS item_id, min(rank) AS rank FROM portal_search_fts "  # noqa: S608
            f"WHERE portal_search_fts MATCH %s GROUP BY rowid / {SLOTS}", [_groups_text(groups)])


def after_write(entry_ids: list[int]) -> None:
    """Fill the PostgreSQL vector of new entries (SQLite's triggers keep FTS5 in step)."""
    if vendor() == "postgresql" and entry_ids:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE portal_searchentry SET vector = "
                           "array_to_tsvector(string_to_array(terms, ' ')) WHERE id = ANY(%s)",
                           [entry_ids])


SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE portal_search_fts USING fts5(terms, content='portal_searchentry', "
    "content_rowid='id', tokenize='ascii')",
    "CREATE TRIGGER portal_searchentry_ai AFTER INSERT ON portal_searchentry BEGIN "
    "INSERT INTO portal_search_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER portal_searchentry_ad AFTER DELETE ON portal_searchentry BEGIN "
    "INSERT INTO portal_search_fts(portal_search_fts, rowid, terms) "
    "VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER portal_searchentry_au AFTER UPDATE ON portal_searchentry BEGIN "
    "INSERT INTO portal_search_fts(portal_search_fts, rowid, terms) "
    "VALUES ('delete', old.id, old.terms); "
    "INSERT INTO portal_search_fts(rowid, terms) VALUES (new.id, new.terms); END",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS portal_searchentry_au",
               "DROP TRIGGER IF EXISTS portal_searchentry_ad",
               "DROP TRIGGER IF EXISTS portal_searchentry_ai",
               "DROP TABLE IF EXISTS portal_search_fts"]
POSTGRES_CREATE = [
    "ALTER TABLE portal_searchentry ADD COLUMN vector tsvector",
    "CREATE INDEX portal_searchentry_vector ON portal_searchentry USING GIN (vector)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS portal_searchentry_vector",
                 "ALTER TABLE portal_searchentry DROP COLUMN IF EXISTS vector"]


def create_index(apps, schema_editor) -> None:
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def drop_index(apps, schema_editor) -> None:
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)
