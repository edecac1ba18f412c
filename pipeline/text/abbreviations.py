"""Words after which a period does not end a sentence, per language.

The base lists are Moses' non-breaking prefixes (the lists WMT-era corpora were split with), read from
the `sentence-splitter` wheel, which ships them for 24 European languages. Ours add what news text
needs and they lack ("ok. 300" and "tys." in Polish, "Mio." in German, "vb." in Turkish) and remove
what they get wrong. Languages that write ordinals as a number and a period ("14. minucie",
"17. yüzyıl", "3. Oktober", "XV. század") never end a sentence after a short number or Roman numeral.
"""

from dataclasses import dataclass
from functools import cache
from importlib import resources

_NUMERIC_ONLY = "#NUMERIC_ONLY#"
_MOSES_PACKAGE = "sentence_splitter"
_MOSES = frozenset("ca cs da de el en es fi fr hu is it lt lv nl no pl pt ro ru sk sl sv tr".split())
_SAME_LIST = {"nb": "no", "nn": "no"}

# Never a sentence end before a capital either (titles, units, "namely").
_EXTRA_ALWAYS = {
    "pl": "tys mln mld ppłk mjr wg ds tzw im św ul al prof dr hab inż mgr ks gen płk kpt por mec red",
    "tr": "Yrd vb vs Sn Org Sok Mah Cad Bul Apt Doç Alb Yzb Bşk Dz Hv Ecz Öğr Gör",
    "de": "Jh Tsd inkl Mio Mrd bzw ca vgl evtl ggf usw Nr Hr Fr Dr Prof St Str",
    "it": "On pag Sig Sigg Dott Avv Ing Geom Mons Sen",
    "nl": "ca blz o.a resp evt jl dhr mevr mr drs ir ing prof bijv nr",
    "pt": "Sra Srs Dra Exmo Exma nº",
    "es": "Sra Srta Sres Ud Uds Dña Sta Av aprox",
    "fr": "Mme Mmes Mlle Mlles Ste MM",
    "ru": "т.д т.п др млн млрд тыс проф акад им ул пр гг",
}
# A sentence end before a capital unless a digit follows ("ok. 300", "godz. 15", "No. 5").
_EXTRA_BEFORE_NUMBER = {
    "pl": "ok godz nr",
    "nl": "ca",
    "pt": "n",
}
# Wrong for news text: Italian "class." (classifica) ends sentences.
_NOT_ABBREVIATIONS = {"it": {"class"}}
ORDINAL_LANGS = frozenset("de pl tr cs sk sl hr sr bs hu fi et da no nb nn is lv lt fo".split())


@dataclass(frozen=True)
class Abbreviations:
    always: frozenset[str]
    before_number: frozenset[str]
    ordinals: bool


@cache
def abbreviations(lang: str) -> Abbreviations:
    """Moses' list for `lang` (empty where it has none) with our additions and removals."""
    always, before_number = set(), set()
    for word, numeric in _moses(_SAME_LIST.get(lang, lang)):
        (before_number if numeric else always).add(word)
    always |= set(_EXTRA_ALWAYS.get(lang, "").split())
    before_number |= set(_EXTRA_BEFORE_NUMBER.get(lang, "").split())
    removed = _NOT_ABBREVIATIONS.get(lang, set())
    return Abbreviations(frozenset(always - removed), frozenset(before_number - removed - always),
                        lang in ORDINAL_LANGS)


def has_list(lang: str) -> bool:
    """Whether we know this language's abbreviations (Moses' list or ours)."""
    return _SAME_LIST.get(lang, lang) in _MOSES or lang in _EXTRA_ALWAYS or lang in ORDINAL_LANGS


def _moses(lang: str) -> list[tuple[str, bool]]:
    """(word, only before a number) of Moses' list; comments and blank lines skipped."""
    if lang not in _MOSES:
        return []
    text = resources.files(_MOSES_PACKAGE).joinpath("non_breaking_prefixes", f"{lang}.txt").read_text("utf-8")
    out = []
    for line in text.splitlines():
        word = line.replace(_NUMERIC_ONLY, "").strip()
        if word and not word.startswith("#"):
            out.append((word.split()[0], _NUMERIC_ONLY in line))
    return out
