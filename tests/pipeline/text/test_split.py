import pytest

from pipeline.text.split import split_sentences


@pytest.mark.parametrize("lang, paragraph, sentences", [
    ("de", "Das Treffen ist z. B. am Montag. Dr. Weber kommt auch.",
     ["Das Treffen ist z. B. am Montag.", "Dr. Weber kommt auch."]),
    # sentencex's own rules: CJK full stops and the Indic danda
    ("zh", "今天天气很好。我们去公园吧！你来吗？", ["今天天气很好。", "我们去公园吧！", "你来吗？"]),
    ("ja", "今日はいい天気です。公園に行きましょう！", ["今日はいい天気です。", "公園に行きましょう！"]),
    ("hi", "आज मौसम अच्छा है। चलो पार्क चलते हैं।", ["आज मौसम अच्छा है।", "चलो पार्क चलते हैं।"]),
    ("bn", "আজ আবহাওয়া ভালো। চলো পার্কে যাই।", ["আজ আবহাওয়া ভালো।", "চলো পার্কে যাই।"]),
    # our fallbacks, where sentencex leaves the paragraph whole
    ("th", "วันนี้อากาศดีมาก เราไปสวนสาธารณะกันเถอะ", ["วันนี้อากาศดีมาก", "เราไปสวนสาธารณะกันเถอะ"]),
    ("km", "ថ្ងៃនេះអាកាសធាតុល្អ។ តោះទៅសួនច្បារ។", ["ថ្ងៃនេះអាកាសធាតុល្អ។", "តោះទៅសួនច្បារ។"]),
    ("bo", "དེ་རིང་གནམ་གཤིས་ཡག་པོ་འདུག། ང་ཚོ་ལྡུམ་ར་ལ་འགྲོ།", ["དེ་རིང་གནམ་གཤིས་ཡག་པོ་འདུག།", "ང་ཚོ་ལྡུམ་ར་ལ་འགྲོ།"]),
])
def test_sentences_are_split_per_language(lang, paragraph, sentences):
    assert split_sentences(lang, paragraph) == sentences
