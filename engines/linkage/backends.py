"""The SQL engines Splink runs on: DuckDB in-process by default, Spark for size."""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from typing import Any, Literal

Backend = Literal["duckdb", "spark"]
MEMORY_ENV = "CORRIDOR_LINKAGE_MEMORY"
DEFAULT_MEMORY_LIMIT = "1.5GB"


def database_api(backend: Backend = "duckdb") -> Any:
    if backend == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        # A bounded engine: past the limit DuckDB spills joins and sorts to disk instead of
        # growing until the machine kills it (a 1M-record dedupe has ~10M candidate pairs).
        connection = duckdb.connect(
            config={
                "memory_limit": os.environ.get(MEMORY_ENV, DEFAULT_MEMORY_LIMIT),
                "temp_directory": tempfile.gettempdir(),
            }
        )
        return DuckDBAPI(connection=connection)
    if backend == "spark":
        from splink import SparkAPI

        # "persist" keeps intermediate tables in memory: far cheaper than checkpoints to disk
        # for the sizes one machine handles.
        return SparkAPI(
            spark_session=spark_session(),
            break_lineage_method="persist",
            num_partitions_on_repartition=2,
        )
    raise ValueError(f"unknown backend {backend!r} (duckdb or spark)")


@lru_cache(maxsize=1)
def spark_session() -> Any:
    """A local Spark session configured the three ways Splink needs."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise RuntimeError("the spark backend needs PySpark: install the project with its "
                           "'spark' group (uv sync --group spark)") from None
    from splink.backends.spark import similarity_jar_location

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("corridor-linkage")
        # Splink's JARO_WINKLER and friends are Java UDFs shipped in this jar.
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "3g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # Splink checkpoints intermediate tables to cut Spark's query lineage.
    spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="corridor-spark-"))
    return spark
