import pytest

from pipeline.config import ShardConfig
from pipeline.text.filters import SentenceFilter, count_letters

CLEAN = "The council approved the new budget on Monday."


@pytest.mark.parametrize("text, reason", [
    (CLEAN, None),
    ("Tickets cost 12.50 EUR, see page 3.", None),
    ("OK", "too_short"),
    ("word " * 250, "too_long"),
    # a real sentence of 580 characters (newstest 2020 ja-en has six over 500) is no noise
    ("Amid all the sound, fury and swings of the constitutional wrecking-ball that have accompanied the latest "
     "episode in the crisis, one question has been nagging at the back of my mind: what exactly happened on the "
     "morning of 28 August, when the Lord President of the Council flew to the castle where the Queen was taking "
     "her customary late summer holiday, to present her with the order to prorogue Parliament, and whether her "
     "advisers, who must have known how the courts would see it, told her that she could refuse, or at least ask "
     "for time to consider a request that nobody in living memory had made of a sovereign in quite this way.", None),
    ("Anmelden", "too_few_words"),
    ("https://shop.example/de/angebote?id=12", "url_or_email_only"),
    ("Contact: info@example.org", None),            # letters besides the address
    ("info@example.org www.example.org", "url_or_email_only"),
    ("12.03.2024 - 14:00", "no_letters"),
    ("Sooooooo good, you must see this!", "repeated_chars"),
    ("Call now!!!!!!!! Great offers", "repeated_chars"),
    ("The price is 1000000 dollars today.", None),   # digit runs are numbers, not noise
    ("🔥🔥 Deal 🔥 of 🔥 the 🔥 day 🎉🎉", "mostly_symbols"),
    ("Tel. 030/1234567, Fax 030/7654321, ab 9.00", "digits_punctuation"),
    # a long number is one number: a sentence of large figures is a sentence
    ("Saied won 2,777,931 votes, compared with 1,042,894 for Karoui.", None),
    ("He jumped 136.5 and 139 metres, scoring 281.4 points.", None),
    ("Goals: 3-1 (2-0), 12' 45' 67' 89'", "digits_punctuation"),
    ("Views: 12,345 | Likes: 678", "digits_punctuation"),
    ("Mo-Fr 9:00-18:00, Sa 10:00-14:00", "digits_punctuation"),
    ("Menu \ue001\ue002\ue003\ue009\ue00a Search \ue004\ue005\ue006\ue007\ue008\ue00b", "low_alpha"),  # icon fonts
])
def test_each_rule_names_its_drop(text, reason):
    assert SentenceFilter("en", ShardConfig()).problem(text) == reason


def test_thresholds_come_from_the_config():
    assert SentenceFilter("en", ShardConfig(min_words=1)).problem("Anmelden") is None
    assert SentenceFilter("en", ShardConfig(max_char_run=0)).problem("Sooooooo good, you must see this!") is None
    assert SentenceFilter("en", ShardConfig(max_words=5)).problem(CLEAN) == "too_many_words"


def test_words_are_not_counted_for_scripts_written_without_spaces():
    assert SentenceFilter("zh", ShardConfig()).problem("今天天气很好。") is None
    assert SentenceFilter("th", ShardConfig()).problem("วันนี้อากาศดีมาก") is None
    assert SentenceFilter("de", ShardConfig()).problem("Wetterbericht.") == "too_few_words"


@pytest.mark.parametrize("lang, text, reason", [
    ("zh", "谢谢。", None), ("ja", "はい、", None), ("ko", "감사합니다", None), ("zh", "好", "too_short"),
    ("en", "Yes.", "too_short"), ("th", "ครับ", "too_short"),
    ("ja", "2019年3月5日10時30分", "digits_punctuation"), ("zh", "🔥🔥优惠🔥🔥", "mostly_symbols")])
def test_dense_scripts_count_a_letter_as_the_characters_of_english_it_stands_for(lang, text, reason):
    """A Chinese character stands for about 3.5 of English: a three-character thanks is a sentence, and its
    full stop is not a third of it; a date and time is still mostly digits."""
    assert SentenceFilter(lang, ShardConfig(min_words=1)).problem(text) == reason


def test_combining_marks_count_as_letters():
    assert SentenceFilter("hi", ShardConfig()).problem("आज मौसम अच्छा है।") is None


@pytest.mark.parametrize("text, letters", [("Hello, World 123!", 10), ("Café naïve", 9), ("नमस्ते", 6),
                                           ("12:30 - 14:45", 0)])
def test_letters_are_counted_alike_on_the_ascii_fast_path_and_the_unicode_path(text, letters):
    assert count_letters(text) == letters
