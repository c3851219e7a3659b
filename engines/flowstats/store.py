"""The engine's DuckDB store: open it, load validated inputs into it, answer the query modules.

The store holds records the Django app hands over (flow counts, anonymous surveys, assessment
rounds). It deliberately has no public method that returns stored rows: everything leaving the
engine goes through the query modules, which aggregate and suppress small cells.
"""

# ruff: noqa: S608 -- SQL names come from schema.py and validated dimensions; values are bound
# parameters or quoted with _quote_literal, never pasted from input.

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from engines.flowstats.errors import FlowDataError, Problem
from engines.flowstats.gazetteer import Gazetteer
from engines.flowstats.schema import (
    ASSESSMENTS,
    DIMENSION_VALUES_DDL,
    FLOW_COUNTS,
    FLOW_SURVEYS,
    LOADS_DDL,
    SPECS,
    TableSpec,
    table_ddl,
)
from engines.flowstats.validation import Source, Staged, stage, typed_expression


@dataclass(frozen=True)
class LoadReport:
    """What one source added: `replaced` rows already had the same natural key."""

    batch_id: str
    kind: str
    source: str
    rows: int
    replaced: int


class FlowStore:
    """A DuckDB database file (or `":memory:"`) holding flows, surveys and assessments."""

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False) -> None:
        self._path = str(path)
        self._con = duckdb.connect(self._path, read_only=read_only)
        # dictionary -> labels indexed by code (index 0 unused); dropped whenever a load writes.
        self._labels: dict[str, list[str | None]] = {}
        if not read_only:
            for spec in SPECS.values():
                self._con.execute(table_ddl(spec))
            self._con.execute(LOADS_DDL)
            self._con.execute(DIMENSION_VALUES_DDL)

    @classmethod
    def open_existing(cls, path: str | Path, *, read_only: bool = True) -> FlowStore:
        """Open a store that must already exist (the console's query commands use this)."""
        if str(path) != ":memory:" and not Path(path).is_file():
            raise FileNotFoundError(f"no flow store at {path}")
        return cls(path, read_only=read_only)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> FlowStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- loading -------------------------------------------------------------------------

    def load_counts(self, *sources: Source, **options: Any) -> tuple[LoadReport, ...]:
        """Load daily flow counts; see `load` for the options."""
        return self.load(FLOW_COUNTS.kind, *sources, **options)

    def load_surveys(self, *sources: Source, **options: Any) -> tuple[LoadReport, ...]:
        return self.load(FLOW_SURVEYS.kind, *sources, **options)

    def load_assessments(self, *sources: Source, **options: Any) -> tuple[LoadReport, ...]:
        return self.load(ASSESSMENTS.kind, *sources, **options)

    def load(
        self,
        kind: str,
        *sources: Source,
        gazetteer: Gazetteer | None = None,
        today: dt.date | None = None,
        names: Sequence[str] | None = None,
    ) -> tuple[LoadReport, ...]:
        """Validate every source as a whole, then write them all in one transaction.

        Sources are CSV or Parquet paths, Arrow tables or pandas DataFrames. If any source has
        a problem, `FlowDataError` lists every problem of every source and nothing is written.
        A row whose natural key is already stored replaces it, so a reload never doubles counts.
        """
        if kind not in SPECS:
            raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(SPECS)}")
        if not sources:
            raise ValueError("nothing to load")
        spec = SPECS[kind]
        today = today or dt.date.today()
        staged: list[Staged] = []
        problems: list[Problem] = []
        try:
            for slot, source in enumerate(sources):
                name = names[slot] if names else None
                result, found = stage(
                    self._con, spec, source, slot=slot, gazetteer=gazetteer, today=today, name=name
                )
                problems += found
                if result is not None:
                    staged.append(result)
            if problems:
                raise FlowDataError(problems)
            return self._write(spec, staged)
        finally:
            for item in staged:
                self._con.execute(f"DROP TABLE IF EXISTS {item.text_table}")
                self._con.execute(f"DROP TABLE IF EXISTS {item.text_table}_typed")

    def _write(self, spec: TableSpec, staged: list[Staged]) -> tuple[LoadReport, ...]:
        columns = ", ".join(spec.names)
        # Key columns that are never empty can use plain equality (a faster join).
        match = " AND ".join(
            f"t.{k} = s.{k}" if spec.column(k).required else f"t.{k} IS NOT DISTINCT FROM s.{k}"
            for k in spec.natural_key
        )
        order = " ORDER BY date" if "date" in spec.names else ""
        reports = []
        self._labels.clear()
        self._con.execute("BEGIN TRANSACTION")
        try:
            for item in staged:
                rows = self._typed(spec, item.text_table)
                replaced = self._con.execute(
                    f"DELETE FROM {spec.table} t USING {rows} s WHERE {match}"
                ).fetchone()[0]
                self._con.execute(
                    f"INSERT INTO {spec.table} ({columns}, batch_id) SELECT {columns}, ? FROM {rows}{order}",
                    [item.batch_id],
                )
                self._con.execute(
                    "INSERT INTO loads VALUES (?, ?, ?, ?, ?, now())",
                    [item.batch_id, spec.kind, item.source, item.rows, replaced],
                )
                reports.append(LoadReport(item.batch_id, spec.kind, item.source, item.rows, replaced))
            self._con.execute("COMMIT")
        except Exception:
            self._con.execute("ROLLBACK")
            raise
        return tuple(reports)

    def _typed(self, spec: TableSpec, text: str) -> str:
        """Type the checked text rows and replace dictionary text by codes (adding new values
        to the dictionaries); return the temporary table to insert from."""
        coded_columns = [c for c in spec.columns if c.dictionary]
        for dictionary in sorted({c.dictionary for c in coded_columns}):
            sources = " UNION ".join(
                f"SELECT {c.name} AS value FROM {text} WHERE {c.name} IS NOT NULL"
                for c in coded_columns
                if c.dictionary == dictionary
            )
            self._con.execute(
                f"""INSERT INTO dimension_values
                    SELECT ?, value, (SELECT coalesce(max(code), 0) FROM dimension_values
                                      WHERE dictionary = ?) + row_number() OVER (ORDER BY value)
                    FROM (({sources}) EXCEPT
                          SELECT value FROM dimension_values WHERE dictionary = ?)""",
                [dictionary, dictionary, dictionary],
            )
        selects, joins = [], []
        for number, column in enumerate(spec.columns):
            if column.dictionary:
                alias = f"d{number}"
                joins.append(
                    f"LEFT JOIN dimension_values {alias} ON {alias}.dictionary = "
                    f"'{column.dictionary}' AND {alias}.value = s.{column.name}"
                )
                selects.append(f"{alias}.code AS {column.name}")
            else:
                selects.append(f"{typed_expression(column, 's.')} AS {column.name}")
        typed = f"{text}_typed"
        self._con.execute(f"DROP TABLE IF EXISTS {typed}")
        self._con.execute(
            f"CREATE TEMP TABLE {typed} AS SELECT {', '.join(selects)} FROM {text} s " + " ".join(joins)
        )
        return typed

    def _dictionary_labels(self, dictionary: str) -> list[str | None]:
        """Labels of one dictionary, position = code. Dictionaries are small (hundreds of
        values), so they are kept in memory rather than joined in every query."""
        if dictionary not in self._labels:
            rows = self._con.execute(
                "SELECT code, value FROM dimension_values WHERE dictionary = ?", [dictionary]
            ).fetchall()
            labels: list[str | None] = [None] * (max((c for c, _ in rows), default=0) + 1)
            for code, value in rows:
                labels[code] = value
            self._labels[dictionary] = labels
        return self._labels[dictionary]

    def _codes(self, dictionary: str, values: Sequence[str], *, prefix: bool) -> list[int]:
        """Codes of stored values equal to (or, for areas, starting with) any of `values`."""
        labels = self._dictionary_labels(dictionary)
        if prefix:
            return [
                code
                for code, label in enumerate(labels)
                if label is not None and any(label.startswith(v) for v in values)
            ]
        wanted = set(values)
        return [code for code, label in enumerate(labels) if label in wanted]

    # -- what the store holds (counts of loads, not records) -----------------------------

    def load_history(self) -> tuple[LoadReport, ...]:
        rows = self._con.execute(
            "SELECT batch_id, kind, source, rows, replaced FROM loads ORDER BY loaded_at"
        ).fetchall()
        return tuple(LoadReport(*row) for row in rows)

    # -- for the query modules of this package only --------------------------------------

    def _aggregate(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        """Run an aggregate query. Private: callers must suppress before anything leaves."""
        return self._con.execute(sql, list(params)).fetch_arrow_table()
