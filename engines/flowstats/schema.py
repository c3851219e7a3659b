"""What each kind of input holds: its columns, how each is checked and typed, its natural key.

The natural key makes loads idempotent: a row whose key is already stored replaces the stored
row (so reloading a file changes nothing, and a corrected file corrects the counts).
"""

from __future__ import annotations

from dataclasses import dataclass

SEXES = ("female", "male", "unknown")
AGE_GROUPS = ("0-4", "5-17", "18-59", "60+", "unknown")
DIRECTIONS = ("in", "out")
ASSESSMENT_TYPES = ("baseline", "site")
POPULATION_TYPES = ("idp", "returnee", "migrant")


@dataclass(frozen=True)
class Column:
    name: str
    # One of: date, count, code, iso3, pcode, direction, sex, age_group, consent, round,
    # assessment_type, population_type. The kind decides the check and the stored type.
    kind: str
    required: bool = False
    # Flow counts (the big table) store low-cardinality text as integer codes from the
    # `dimension_values` table: grouping and filtering integers is several times faster than
    # text (ADR 0030). Columns sharing a dictionary share codes (origin and destination).
    dictionary: str | None = None


@dataclass(frozen=True)
class TableSpec:
    kind: str  # the name users type: counts, surveys, assessments
    table: str  # the DuckDB table
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


SQL_TYPES = {
    "date": "DATE",
    "count": "BIGINT",
    "round": "INTEGER",
    "consent": "BOOLEAN",
}


def sql_type(column: Column) -> str:
    if column.dictionary:
        return "INTEGER"
    return SQL_TYPES.get(column.kind, "VARCHAR")


_MOVEMENT_COLUMNS = (
    Column("date", "date", required=True),
    Column("point", "code", required=True, dictionary="point"),
    Column("direction", "direction", required=True, dictionary="direction"),
    Column("nationality", "iso3", required=True, dictionary="nationality"),
    Column("sex", "sex", required=True, dictionary="sex"),
    Column("age_group", "age_group", required=True, dictionary="age_group"),
    Column("mode", "code", dictionary="mode"),
    Column("reason", "code", dictionary="reason"),
    Column("origin", "pcode", dictionary="area"),
    Column("destination", "pcode", dictionary="area"),
)

FLOW_COUNTS = TableSpec(
    kind="counts",
    table="flow_counts",
    columns=(*_MOVEMENT_COLUMNS, Column("count", "count", required=True)),
    natural_key=tuple(c.name for c in _MOVEMENT_COLUMNS),
)

# A survey is one anonymous interview; its id comes from the collection tool (ODK/Kobo uuid).
# The survey columns are optional because a respondent may decline a question.
FLOW_SURVEYS = TableSpec(
    kind="surveys",
    table="flow_surveys",
    columns=(
        Column("survey_id", "code", required=True),
        Column("date", "date", required=True),
        Column("point", "code", required=True),
        Column("direction", "direction", required=True),
        Column("nationality", "iso3"),
        Column("sex", "sex"),
        Column("age_group", "age_group"),
        Column("mode", "code"),
        Column("reason", "code"),
        Column("origin", "pcode"),
        Column("destination", "pcode"),
        Column("consent", "consent", required=True),
    ),
    natural_key=("survey_id",),
)

# Baseline (per admin area) and site assessments of one round: people present by where they
# came from, why and when they were displaced, and sex/age where known.
ASSESSMENTS = TableSpec(
    kind="assessments",
    table="assessments",
    columns=(
        Column("round", "round", required=True),
        Column("assessment_type", "assessment_type", required=True),
        Column("date", "date", required=True),
        Column("admin_pcode", "pcode", required=True),
        Column("site_id", "code"),
        Column("population_type", "population_type", required=True),
        Column("origin_pcode", "pcode"),
        Column("reason", "code"),
        Column("period", "code"),
        Column("sex", "sex"),
        Column("age_group", "age_group"),
        Column("individuals", "count", required=True),
        Column("households", "count"),
    ),
    natural_key=(
        "round",
        "assessment_type",
        "admin_pcode",
        "site_id",
        "population_type",
        "origin_pcode",
        "reason",
        "period",
        "sex",
        "age_group",
    ),
)

SPECS = {spec.kind: spec for spec in (FLOW_COUNTS, FLOW_SURVEYS, ASSESSMENTS)}


def table_ddl(spec: TableSpec) -> str:
    columns = ", ".join(f"{c.name} {sql_type(c)}" for c in spec.columns)
    return f"CREATE TABLE IF NOT EXISTS {spec.table} ({columns}, batch_id VARCHAR NOT NULL)"


DIMENSION_VALUES_DDL = (
    "CREATE TABLE IF NOT EXISTS dimension_values "
    "(dictionary VARCHAR NOT NULL, value VARCHAR NOT NULL, code INTEGER NOT NULL)"
)

LOADS_DDL = (
    "CREATE TABLE IF NOT EXISTS loads (batch_id VARCHAR, kind VARCHAR, source VARCHAR, "
    "rows BIGINT, replaced BIGINT, loaded_at TIMESTAMP)"
)
