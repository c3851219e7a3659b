"""Search over the portal's content: one service (service.py) over two indexes, SQLite FTS5 and
PostgreSQL full-text search (backends.py), both fed the same stems computed in Python (text.py)."""
