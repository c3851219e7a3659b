import logging

import pandas as pd
import pytest

from engines.linkage import api
from engines.linkage.tests.test_api import FAMILY

# py4j logs "Closing down clientserver connection" from a finaliser at interpreter exit, after
# pytest has closed its streams, which prints a logging traceback below the test summary.
logging.getLogger("py4j").setLevel(logging.WARNING)


@pytest.mark.spark
def test_spark_gives_the_same_pairs_as_duckdb() -> None:
    pytest.importorskip("pyspark")
    records = pd.DataFrame(FAMILY).fillna("").astype(str)
    duck = api.dedupe(records, backend="duckdb")
    spark = api.dedupe(records, backend="spark")
    assert list(zip(spark["id_l"], spark["id_r"], strict=True)) == list(
        zip(duck["id_l"], duck["id_r"], strict=True)
    )
    assert spark["match_probability"].tolist() == pytest.approx(
        duck["match_probability"].tolist(), abs=1e-3
    )
