import numpy as np
import pytest

from pipeline.encoders import canonical_encoder_name, get_encoder
from pipeline.errors import BitextError

EN = ["The train to the airport leaves every twenty minutes.", "My sister grows tomatoes in her garden."]
DE = ["Meine Schwester baut in ihrem Garten Tomaten an.", "Der Zug zum Flughafen fährt alle zwanzig Minuten."]


def test_muse_embeds_translations_closest(muse):
    en, de = muse.encode(EN), muse.encode(DE)
    assert en.shape == (2, 512) and en.dtype == np.float32
    assert np.allclose(np.linalg.norm(en, axis=1), 1.0, atol=1e-5)
    sims = en @ de.T
    assert sims[0, 1] > sims[0, 0] and sims[1, 0] > sims[1, 1]
    assert sims[0, 1] > 0.6


def test_muse_handles_empty_input_lists_and_strings(muse):
    assert muse.encode([]).shape == (0, 512)
    assert np.isfinite(muse.encode(["", "   "])).all()


def test_encoder_names():
    assert get_encoder("muse") is get_encoder("muse")
    assert canonical_encoder_name("labse") == "sentence-transformers:sentence-transformers/LaBSE"
    assert canonical_encoder_name("st:/models/e5") == "sentence-transformers:/models/e5"
    with pytest.raises(BitextError, match="unknown encoder 'laser9'; available: muse, labse"):
        get_encoder("laser9")
