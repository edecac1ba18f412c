"""Words after which a period does not end a sentence, per language.

The base lists are Moses' non-breaking prefixes (the lists WMT-era corpora were split with), read from
the `sentence-splitter` wheel, which ships them for 24 European languages. Ours add what news text
needs and they lack ("ok. 300" and "tys." in Polish, "Mio." in German, "vb." in Turkish) and remove
what they get wrong. Languages that write ordinals as a number and a period ("14. minucie",
"17. yüzyıl", "3. Oktober", "XV. század") never end a sentence after a short number or Roman numeral.
"""

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_NUMERIC_ONLY = "#NUMERIC_ONLY#"
_MOSES_PACKAGE = "sentence_splitter"
_MOSES = frozenset("ca cs da de el en es fi fr hu is it lt lv nl no pl pt ro ru sk sl sv tr".split())
_SAME_LIST = {"nb": "no", "nn": "no"}

# Never a sentence end before a capital either (titles, units, "namely").
_EXTRA_ALWAYS = {
    "en": "Assoc Dept Univ Inst Govt Mt Ft Lieut Pres Det Calif",
    "pl": "tys mln mld ppłk mjr wg ds tzw im św ul al prof dr hab inż mgr ks gen płk kpt por mec red",
    "tr": "Yrd vb vs Sn Org Sok Mah Cad Bul Apt Doç Alb Yzb Bşk Dz Hv Ecz Öğr Gör",
    "de": "Jh Tsd inkl Mio Mrd bzw ca vgl evtl ggf usw Nr Hr Fr Dr Prof St Str",
    "it": "On pag Sig sig Sigg sigg Dott dott Avv avv Ing ing Geom Mons Sen prof gen sen cav arch mons geom",
    "nl": "ca blz o.a resp evt jl dhr mevr mr drs ir ing prof bijv nr",
    "pt": "Sra Srs Dra Exmo Exma nº aprox cel pres inc",
    "es": "Sra Srta Sres Ud Uds Dña Sta Av aprox",
    "fr": "Mme Mmes Mlle Mlles Ste MM",
    "ru": "т.д т.п др млн млрд тыс проф акад им ул пр гг",
}
# A sentence end before a capital unless a number follows ("ok. 300", "godz. 15", "No. 5", "approx. US$56").
_EXTRA_BEFORE_NUMBER = {
    "en": "Vol Sec Ch approx est c ca",      # "c. 1450", "ca. 2 m" (circa)
    "pl": "ok godz nr",
    "nl": "ca art",
    "it": "art cap ca",
    "pt": "n c",
    "es": "c",
    "tr": "yakl md",
}
# Wrong for news text: Italian "class." (classifica) ends sentences, and so does English "no." ("And no.";
# "No. 5" stays: Moses also lists "No" before a number).
_NOT_ABBREVIATIONS = {"it": {"class", "post"}, "en": {"no", "No"}, "tr": {"hayır"}}   # "post": a social-media post;
# "Hayır." (no) is a whole sentence
# Roman numerals end sentences where the language writes no ordinal period ("no século XIX. O"); Moses' Portuguese
# list has them (and "vi", "I saw"). Languages that write "XIV." as an ordinal read them as ordinals instead.
_ROMAN = re.compile(r"(?i:X{0,3}(?:IX|IV|V?I{0,3}))")
# Eras written after the year ("753 a.C."): a sentence end before any word, as after a plain word; a digit after
# "A.D." is its year. Moses lists them as abbreviations, and a dotted capital would make them acronyms.
# "a.m.", "p.m.": a sentence end unless a time zone or a day follows ("5:57 p.m. UAE time", "9 a.m. Monday")
CLOCK_SUFFIXES = frozenset({"a.m", "p.m"})
ERAS = frozenset("a.C d.C a.c d.c B.C A.D e.Kr f.Kr".split())
# Abbreviations that also end sentences ("… und so weiter usw. Wie haben Sie …", "в 2001 г. Они …"):
# before a word that begins sentences they end one; before anything else they do not.
_TERMINAL = {
    "en": "etc Inc Ltd Co Corp Jr Bros Ave Blvd Rd",
    "de": "usw etc Chr Jh Art ff",
    "fr": "etc",
    "es": "etc",
    "it": "ecc etc sec feb mar apr mag giu lug ott nov dic",   # lower-case months ("in gen. 2017"); not "set", "ago"
    "pt": "etc jan fev mai jun jul ago out nov dez",           # (a set, a needle), "mar" (the sea)
    "nl": "enz etc jan feb mrt apr jun jul aug sep sept okt nov dec",
    "ru": "г гг н.э т.д т.п др",
    "pl": "itd itp r br im",                                   # "br." this year; "im." named after, or "them"
    "tr": "vb vs",
}
# Abbreviations that close a list ("etc.", "usw.", "и т. д."): a capitalised word after one opens a sentence, as
# nothing but a sentence follows a list's end with a capital ("...a towel, soap, etc. New metro line opens..."); the
# other terminal ones ("Inc.", "Jr.", "Art.") may stand before a name. Not Turkish "vs.", which is also "versus",
# nor German, which writes its nouns with a capital ("Brot usw. Kuchen": starters only, as before).
_CLOSES_LIST = {
    "en": ("etc",), "fr": ("etc",), "es": ("etc",), "it": ("ecc", "etc"), "pt": ("etc",),
    "nl": ("enz", "etc"), "ru": ("т.д", "т.п", "т. д", "т. п"), "pl": ("itd", "itp"), "tr": ("vb",),
}
# Capitalised words that begin sentences but never follow an ordinal or an initial inside one: after
# "36." or "B." they mean the sentence ended ("durch Artikel 36. Dieses Wort", "in Group B. The weekend"),
# where a noun or a name means it goes on ("am 14. Juni", "John F. Kennedy").
_STARTERS = {
    "en": "The A An This That These Those It He She They We I You His Her Its Their Our My In On At For But And Or "
          "So If When While After Before As There Here What Who Why How Some Many Most All No Not Both Each Such "
          "Then Now However Also Yet Since Although Though Because",
    "de": "Der Die Das Den Dem Des Ein Eine Einen Einem Einer Dies Diese Dieser Dieses Diesen Er Sie Es Wir Ich Ihr "
          "Man Im In Am An Auf Aus Bei Mit Nach Von Vor Zu Zum Zur Und Aber Doch Denn Da Dann Auch Noch Nur Als Wenn "
          "Wie Was Wer Wo Warum Dass Seit Für Gegen Über Unter Nicht Kein Keine Jetzt Heute Damit Deshalb So Sein "
          "Seine Ihre Unser Mehr Viele Alle",
    "fr": "Le La Les Un Une Des Ce Cette Ces Il Elle Ils Elles On Nous Je Vous En Dans Pour Mais Et Ou Si Quand Au "
          "Aux Du De Sur Selon Depuis Avec Après Avant Son Sa Ses Leur Leurs Cela Ceci Plus Tous",
    "es": "El La Los Las Un Una Unos Unas Este Esta Estos Estas Ese Esa Eso Esto Él Ella Ellos Ellas Se En Con Por "
          "Para Pero Y Si Cuando Al Del De Según Desde Tras Su Sus No Sin También Además Hay Lo Luego Después Ahora "
          "Hoy Ayer Entonces",
    "it": "Il Lo La Gli Le Un Una Uno Questo Questa Questi Queste Quel Quella Egli Lui Lei Loro Noi Si Ci In Con Per "
          "Ma Se Quando Al Del Della Dei Nel Nella Secondo Dopo Prima Suo Sua Non Anche Poi Oggi Ieri Inoltre "
          "Tuttavia",
    "pt": "O A Os As Um Uma Uns Umas Este Esta Isto Esse Essa Isso Ele Ela Eles Elas Se Em No Na Nos Nas Com Por Para "
          "Mas Ou Quando Ao Do Da Dos Das Segundo Depois Antes Seu Sua Não Também Hoje Ontem Agora Então",
    "nl": "De Het Een Dit Dat Deze Die Hij Zij Ze Wij We Ik Jij Er In Op Aan Met Voor Van Bij Na Maar En Of Als Toen "
          "Omdat Ook Niet Geen Zijn Haar Hun Daarna Nu Vandaag Gisteren Later Echter",
    "ru": "В На По Но И А Это Этот Эта Эти Он Она Они Мы Я Вы Его Ее Её Их Как Когда Если Так После До При Для Не "
          "Также Однако Тогда Здесь Там Все",
    "pl": "W Na Z Do Od Po Za Przez Dla Nie To Ten Ta Te Ci Jest Był Była Było Są On Ona Oni Ono My Ja Wy Jak Ale "
          "Gdy Jeśli Tak Także Jednak Według Podczas Już Potem Następnie Wtedy Teraz Dziś Wczoraj Później Ponadto "
          "Natomiast Dlatego Tymczasem Obecnie",
    "tr": "Bu Şu Bir Ve Ama Fakat Ancak Daha Bunun Bunu Bunlar Onun Onlar Biz Ben Sen Her Çünkü Eğer Şimdi Böylece "
          "Ayrıca Sonra Bugün Dün",
}
# Languages whose quotation is part of the sentence that says it: '김 연구원은 “A. B”고 말했다.' (a quotative
# particle), 'وقال الوزير إن «A. B».' (the minister said that "A. B"). Cut inside it, its first half holds the
# speaker, which the English translation ('"A. B," said Kim.') puts after the quotation: neither half has one.
EMBEDS_QUOTATIONS = frozenset({"ko", "ar", "fa", "ur", "tr"})
ORDINAL_LANGS = frozenset("de pl tr cs sk sl hr sr bs hu fi et da no nb nn is lv lt fo".split())
# A sentence may start in lower case after a plain word of five letters or more (rule_split): English, whose
# list holds its few abbreviations that long ("approx."); German and others shorten many words that far
# ("einschl.", "zuzügl.", "insbes.") and no list holds them all.
LOWER_CASE_STARTS = frozenset({"en"})


@dataclass(frozen=True)
class Abbreviations:
    always: frozenset[str]
    before_number: frozenset[str]
    ordinals: bool
    starters: frozenset[str]
    terminal: frozenset[str]
    embeds_quotations: bool = False     # Korean: a quotation is one part of the sentence that says it
    closes_list: tuple[str, ...] = ()   # before a capital, a sentence end
    lower_case_starts: bool = False     # a period after a plain long word ends a sentence before a lower-case one


@cache
def abbreviations(lang: str) -> Abbreviations:
    """Moses' list for `lang` (empty where it has none) with our additions and removals."""
    always, before_number = set(), set()
    for word, numeric in _moses(_SAME_LIST.get(lang, lang)):
        (before_number if numeric else always).add(word)
    always |= set(_EXTRA_ALWAYS.get(lang, "").split())
    before_number |= set(_EXTRA_BEFORE_NUMBER.get(lang, "").split())
    terminal = frozenset(_TERMINAL.get(lang, "").split())
    always |= terminal - before_number          # Polish "r." stays a sentence end unless a number follows
    always -= _NOT_ABBREVIATIONS.get(lang, set()) | ERAS
    if lang not in ORDINAL_LANGS:
        always -= {w for w in always if len(w) > 1 and _ROMAN.fullmatch(w)}
    return Abbreviations(frozenset(always), frozenset(before_number - always),
                        lang in ORDINAL_LANGS, frozenset(_STARTERS.get(lang, "").split()), terminal,
                        lang in EMBEDS_QUOTATIONS, _CLOSES_LIST.get(lang, ()), lang in LOWER_CASE_STARTS)


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
