"""A quotation the splitter cut at its inner sentence ends is recognised from its marks."""

import pytest

from pipeline.text.quotes import one_quotation
from pipeline.text.split import split_sentences


@pytest.mark.parametrize("lang, text", [
    ("en", '"The season was a success by all measures. No epidemic diseases were recorded," the minister said.'),
    ("en", "“Rent, bills, groceries, etc. The wage runs out before the middle of the month,” said Fatma Yilmaz."),
    ("fr", "« La saison a été un succès. Aucune épidémie n'a été signalée », a déclaré le ministre."),
    ("en", '"We lost. We will be back. We always are," the captain said after the final.'),
])
def test_the_parts_of_a_quotation_the_splitter_cut_are_one_quotation(lang, text):
    parts = split_sentences(lang, text)
    assert len(parts) >= 2 and one_quotation(parts)


def test_cjk_quotation_parts_are_one_quotation():
    assert one_quotation(["「今日の仕事は終わった。", "明日の朝まで飲むつもりだ」と監督は語った。"])


@pytest.mark.parametrize("texts", [
    ['"We lost," the captain said.', "We will be back."],              # the first closes its own quotation
    ['"We lost.', 'He said "soon" twice.', 'We will be back," he said.'],  # marks between
    ['"We lost.', '"We will be back," he said.'],                      # the last opens another
    ["We lost.", 'We will be back," he said.'],                        # nothing opened
    ['"We lost.'],                                                     # one sentence
])
def test_sentences_that_are_not_one_cut_quotation(texts):
    assert not one_quotation(texts)
