"""The learned features and the pair filters read numbers through one definition, so they agree."""

import numpy as np
import pytest

from pipeline.config import PairFilterConfig
from pipeline.mining.cues import numbers, urls
from pipeline.mining.features import FEATURES, pair_features
from pipeline.mining.filters import pair_rule

# every rule but numbers_differ off (identical cannot be, so no case below is identical)
NUMBERS_ONLY = PairFilterConfig(min_chars=0, max_length_ratio=None, max_similarity=None, urls_match=False,
                                language_check=False, dedup=False, max_pairs_per_sentence=None)


def same_numbers_feature(src: str, tgt: str) -> float:
    f = pair_features(np.array([0]), np.array([0]), np.array([0.8]), np.array([0.4]), np.array([0.4]), [src], [tgt])
    return float(f[0, FEATURES.index("same_numbers")])


@pytest.mark.parametrize("src, tgt, feature", [
    ("Es kostet 1000 Euro.", "It costs 1,000 euros.", 1.0),          # a thousands separator is not a second number
    ("Das Haus kostet 250.000 Euro.", "The house costs 250,000 euros.", 1.0),
    ("Es kostet １，０００ Yen.", "It costs 1000 yen.", 1.0),          # full-width digits and comma fold
    ("Zimmer ２０ und 3 Betten", "3 beds, room 20", 1.0),             # order does not matter
    ("Das Haus kostet 250.000 Euro.", "The house costs 205,000 euros.", 0.0),
    ("Ich habe 3 Katzen.", "I have 4 cats.", 0.0),
    ("Ich habe 3 Katzen.", "I have cats.", 0.0),
    ("Guten Morgen.", "Good morning.", 0.5),                           # neither side has numbers
])
def test_features_and_filters_agree_on_numbers(src, tgt, feature):
    assert same_numbers_feature(src, tgt) == feature
    assert (pair_rule(src, tgt, NUMBERS_ONLY) == "numbers_differ") == (feature == 0.0)


def test_numbers_read_digit_groups_with_their_separators():
    assert numbers("1,000 and 2") == numbers("２ und 1.000") == ("1000", "2")
    assert numbers("no digits") == ()


def test_urls_ignore_case_and_the_sentence_mark_after_them():
    assert urls("See https://Example.org/a.") == urls("Siehe https://example.org/a") != urls("https://example.org/b")
