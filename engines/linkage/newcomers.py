"""New records against the rest of their table: the likely duplicates of each newcomer.

What a registry's duplicate check of new registrations needs (one registration, or the 100,000
of an import): the pairs the engine's blocking rules propose over the whole table (newcomers and
the pool they are compared with), kept where at least one side is new, scored on the engine's
integer codes (engines.linkage.scoring) in one pass. One pass costs about what `dedupe` of the
table costs, where scoring each newcomer alone cost a fixed start-up per person.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from engines.linkage import scoring
from engines.linkage.api import DEFAULT_MODEL, FileScores, _features, _scored
from engines.linkage.model import PREDICTION_RULES, Model

MATCH_COLUMNS = ["new_id", "record_id", "match_probability"]


def best_matches(
    records: pd.DataFrame,
    new_ids: Iterable[str],
    *,
    model: Model | Path | str | None = None,
    top: int = 5,
    floor: float = 0.5,
) -> pd.DataFrame:
    """For each record of `new_ids`, at most `top` other records of `records` (CSV columns or
    features) with a match probability of at least `floor`, best first: new_id, record_id,
    match_probability. Two newcomers may match each other (a person registered twice in one file).

    Scored by the model alone, without term frequencies: the table is a pool chosen for sharing
    names with the newcomers, so how often a name occurs in it says nothing of how common the name
    is, and a true duplicate's score must not fall with the size of the pool."""
    wanted = {str(i) for i in new_ids}
    if len(records) < 2 or not wanted:
        return pd.DataFrame(columns=MATCH_COLUMNS)
    features = _features(records)
    chosen = model if isinstance(model, Model) else Model.load(model or DEFAULT_MODEL)
    coded = scoring.encode(features)
    ids = pd.Index(features["unique_id"].astype(str))
    scores = FileScores(ids=ids, coded=coded, model=chosen, use_tf=False, dependence={},
                        joint=[])
    keys = scoring.candidate_pairs(coded, PREDICTION_RULES)
    new = ids.isin(wanted)
    n = coded.size
    keys = keys[new[keys // n] | new[keys % n]]
    if len(keys) == 0:
        return pd.DataFrame(columns=MATCH_COLUMNS)
    scored = _scored(scores, keys, floor)
    scored = scored[scored["match_probability"] >= floor]
    left = scored["unique_id_l"].astype(str).to_numpy()
    right = scored["unique_id_r"].astype(str).to_numpy()
    probability = scored["match_probability"].to_numpy(dtype=float)
    # Each pair counts for each of its sides that is new.
    both = pd.DataFrame({
        "new_id": np.r_[left, right], "record_id": np.r_[right, left],
        "match_probability": np.r_[probability, probability]})
    both = both[both["new_id"].isin(wanted)]
    both = both.sort_values(["new_id", "match_probability", "record_id"],
                            ascending=[True, False, True], kind="stable")
    return both.groupby("new_id", sort=False).head(top).reset_index(drop=True)
