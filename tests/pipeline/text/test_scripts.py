import pytest

from pipeline.text.scripts import expected_scripts, script_share


@pytest.mark.parametrize("lang, scripts", [("ru", {"Cyrl"}), ("zh", {"Hans"}), ("ja", {"Jpan"}), ("hi", {"Deva"}),
                                           ("sr", {"Cyrl", "Latn"})])
def test_expected_scripts_come_from_cldr(lang, scripts):
    assert expected_scripts(lang) == scripts


@pytest.mark.parametrize("lang, text, share", [
    ("ru", "privet kak dela", 0.0),                # transliterated: no Cyrillic at all
    ("ru", "Я люблю Tom и Mary", 0.6),             # words, not letters: 3 of 5
    ("zh", "我叫Jack。", 2 / 3),                    # a Latin name is one word against two characters
    ("hi", "नमस्ते दुनिया hello", 2 / 3),            # vowel signs (marks) stay inside their word
    ("hi", "namaste duniya", 0.0),
    ("en", "12 + 7 = 19", 1.0),                    # nothing to judge
])
def test_script_share_counts_words_and_characters_of_unspaced_scripts(lang, text, share):
    assert script_share(text, expected_scripts(lang)) == pytest.approx(share)
