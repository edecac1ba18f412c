import pytest

from pipeline.errors import BitextError
from pipeline.languages import normalize_lang, parse_pair


@pytest.mark.parametrize("code, canonical", [
    ("fr", "fr"), ("fra", "fr"), ("fre", "fr"), ("fra_Latn", "fr"), ("FR", "fr"),
    ("deu", "de"), ("eng", "en"), ("cmn", "zh"), ("zho_Hans", "zh"), ("pt-BR", "pt"),
])
def test_iso_639_1_and_639_3_name_the_same_language(code, canonical):
    assert normalize_lang(code) == canonical


def test_unknown_code_is_a_one_line_error():
    with pytest.raises(BitextError, match="unknown language code 'xx'"):
        normalize_lang("xx")


def test_pairs_are_parsed_and_checked():
    assert parse_pair("deu-eng") == ("de", "en")
    with pytest.raises(BitextError, match="same language"):
        parse_pair("fr-fra")
    with pytest.raises(BitextError, match="must look like"):
        parse_pair("de")
