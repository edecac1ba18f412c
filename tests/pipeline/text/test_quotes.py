"""A quotation the splitter cut at its inner sentence ends is recognised from its marks."""

import pytest

from pipeline.text.quotes import holds_quotation, one_quotation
from pipeline.text.split import split_sentences


@pytest.mark.parametrize("lang, text", [
    ("en", '"The season was a success by all measures. No epidemic diseases were recorded," the minister said.'),
    ("en", "“Rent, bills, groceries, etc. The wage runs out before the middle of the month,” said Fatma Yilmaz."),
    ("en", 'The minister said: "The season was a success. No epidemic diseases were recorded."'),
    ("en", '"We lost. We will be back. We always are," the captain said after the final.'),
    ("en", '"He told me "no" twice. I left," she said.'),
    ("de", "„Die Saison war ein Erfolg. Es wurden keine Seuchen gemeldet“, sagte der Minister."),
    ("fr", "« La saison a été un succès. Aucune épidémie n'a été signalée », a déclaré le ministre."),
    ("fr", "« Il a dit “non”. Nous sommes partis », a-t-elle raconté."),
    ("pl", "„Marzyłem o tej chwili. Wciąż nie mogę w to uwierzyć” – powiedział Kot."),
])
def test_the_parts_of_a_quotation_the_splitter_cut_are_one_quotation(lang, text):
    parts = split_sentences(lang, text)
    assert len(parts) >= 2 and one_quotation(parts)


def test_cjk_quotation_parts_are_one_quotation():
    assert one_quotation(["「今日の仕事は終わった。", "明日の朝まで飲むつもりだ」と監督は語った。"])
    assert one_quotation(["監督は「今日の『仕事』は終わった。", "明日の朝まで飲む」と語った。"])
    assert one_quotation(["部长说：“这个赛季很成功。", "没有发生疫情。”"])


@pytest.mark.parametrize("texts", [
    ['"We lost," the captain said.', "We will be back."],              # the first closes its own quotation
    ['"We lost.', 'He said "soon.', 'We will be back," he said.'],     # one left open between
    ['"We lost.', 'He added: "We will be back.'],                      # the last opens another
    ["We lost.", 'We will be back," he said.'],                        # nothing opened
    ['"The rookie is tall.', "He stands 5'11\" and weighs 190 pounds."],   # an inch mark closes nothing
    ["The players' union met.", "Don't go, it said."],                # apostrophes are no quotation marks
    ['"We lost.'],                                                     # one sentence
])
def test_sentences_that_are_not_one_cut_quotation(texts):
    assert not one_quotation(texts)


def test_a_sentence_that_holds_a_whole_quotation():
    assert holds_quotation("وقال الوزير إن «الموسم كان ناجحا. لم يمرض أحد».")
    assert holds_quotation("Aksoy, “Baş iyi korunmuş. En önemli buluntu” dedi.")
    assert not holds_quotation("قال الوزير إن الموسم كان ناجحا.")          # reported speech without marks
    assert not holds_quotation('"The season was a success.')
    assert holds_quotation("部长说：“这个赛季很成功。没有发生疫情。”")
    # a quotation of one sentence: its translator closed it where the English goes on (newstest2013 ru)
    assert not holds_quotation('По словам Софи Помье, это тревожно, т. к. "люди не избраны и не имеют легитимности".')
