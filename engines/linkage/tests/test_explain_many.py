"""explain_many: every pair of a cross product explained in one pass, as explain does one."""

import pandas as pd

from engines.linkage import api
from engines.linkage.tests.test_api import FAMILY


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows).fillna("").astype(str)


def test_each_pair_is_explained_as_explain_would() -> None:
    left, right = _frame(FAMILY[:2]), _frame(FAMILY[2:4] + FAMILY[1:2])
    explained = {(e.id_l, e.id_r): e for e in api.explain_many(left, right)}
    assert set(explained) == {(a["id"], b["id"]) for a in FAMILY[:2]
                              for b in FAMILY[2:4] + FAMILY[1:2]}
    one = api.explain(FAMILY[0], FAMILY[1])
    many = explained[("a1", "a2")]
    assert abs(many.match_probability - one.match_probability) < 1e-9
    assert [(f.field, f.category) for f in many.fields] == [(f.field, f.category)
                                                             for f in one.fields]
    # The brothers stay apart however much they share.
    assert explained[("a1", "b1")].match_probability < 0.5


def test_an_empty_side_explains_nothing() -> None:
    assert api.explain_many(_frame(FAMILY[:1]), _frame(FAMILY[:0])) == []
