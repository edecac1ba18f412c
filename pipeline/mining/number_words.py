"""Numbers spelled in words, per language: "six", "neunzehnten", "шести", "twenty-five", "thirty thousand".

num2words spells numbers in 55 languages; its cardinals and ordinals for 0-100 and the hundreds, and its
words for thousand, million and billion, inverted, are a language's vocabulary. Month names come from
dateparser's locale data, with their inflected forms ("września", "сентября"). An inflected number word
("шести", "neunzehnten") is found by its stem. Both load lazily, once per language.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipeline.mining.native_numerals import arabic_forms, korean_native, polish_oblique

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Languages read when a text's language is not given: those of the default encoder that num2words spells.
DEFAULT_LANGUAGES = ("ar", "de", "en", "es", "fr", "it", "ko", "nl", "pl", "pt", "ru", "th", "tr")
# Scale abbreviations num2words does not spell ("5 mln", "3 Mrd.", "2 млрд", "10 тыс.").
SCALE_ABBREVIATIONS = {"bn": 10**9, "tn": 10**12, "mln": 10**6, "mio": 10**6, "mrd": 10**9, "mld": 10**9, "mds": 10**9,
                       "млн": 10**6, "млрд": 10**9, "тыс": 10**3, "tys": 10**3}
# Clock halves and quarters ("a las dos y media" / "at 2:30"), any language: they answer a time's minutes, and
# half and quarter hours answer 30 and 15 minutes ("elk halfuur" / "every 30 minutes", "mezz'ora", "yarım saat").
_CLOCK_WORDS = {"half": 30, "halb": 30, "halbe": 30, "media": 30, "demie": 30, "demi": 30, "mezza": 30, "meia": 30,
                "половина": 30, "halfuur": 30, "mezz'ora": 30, "yarım": 30, "pół": 30, "نصف": 30,
                "quarter": 15, "viertel": 15, "cuarto": 15, "quart": 15, "quarto": 15, "четверть": 15,
                "kwartier": 15, "viertelstunde": 15, "kwart": 15, "ربع": 15}
# Half and quarter, the words that are also a part of a whole: "half a percentage point" / "50 basis points" (0.5),
# "a quarter of a point" / "0.25%포인트", "pół miliarda" (half a billion), "dwa i pół" (2.5). Not 50 and 25 (per
# cent): "las dos y media" would answer "2:50".
_HALVES = {"half", "halb", "halbe", "media", "demie", "demi", "mezza", "meia", "половина", "pół", "yarım", "نصف"}
_QUARTERS = {"quarter", "viertel", "cuarto", "quart", "quarto", "четверть", "kwart", "ربع"}
_FRACTIONS = {**{w: {0.5} for w in _HALVES}, **{w: {0.25} for w in _QUARTERS}}
# Noon and midnight, any language: they answer a time's hour ("fino alle 12:00" / "until noon", "06.00-24.00" /
# "from 6 a.m. to midnight"). Midnight is 0 and 24 ("00:00", "24.00"). Read only as written, and not the words that
# are also ordinary ones: French "midi" ("après-midi", afternoon), Italian "mezzogiorno" and Polish "południe" and
# "północ" (the south, the north).
_HOUR_WORDS = {"noon": {12}, "midday": {12}, "midnight": {0, 24}, "mittag": {12}, "mitternacht": {0, 24},
               "minuit": {0, 24}, "mediodía": {12}, "medianoche": {0, 24}, "mezzanotte": {0, 24}, "meio-dia": {12},
               "meia-noite": {0, 24}, "middernacht": {0, 24}, "полдень": {12}, "полночь": {0, 24}}
# Italian names its centuries by their hundreds ("l'Ottocento", the 1800s: the 19th century).
_ITALIAN_CENTURIES = {"duecento": 13, "trecento": 14, "quattrocento": 15, "cinquecento": 16, "seicento": 17,
                      "settecento": 18, "ottocento": 19, "novecento": 20}
# A quantity grown so many times ("doubled", "has tripled"), as CJK and Korean write it with a digit ("２倍以上",
# "3배"): the times, soft.
_MULTIPLIED = {f"{stem}{ending}": times for stem, times in (("doubl", 2), ("tripl", 3), ("quadrupl", 4))
               for ending in ("e", "ed", "es", "ing")}
# Ages in decades ("a teenage activist", "in her late twenties"), as Japanese writes them with a digit
# ("１０代の活動家", "20代後半"), which stays firm: "50代" is no teenager.
_AGES = {**{w: 10 for w in ("teen", "teens", "teenage", "teenaged", "teenager", "teenagers")},
         **{f"{tens}ties": 10 * n
            for n, tens in enumerate(("twen", "thir", "for", "fif", "six", "seven", "eigh", "nine"), 2)}}
# A day and a night in one word, which English gives as 24 hours ("w ciągu doby" / "within 24 hours", "за сутки").
_DAY_AND_NIGHT = {"pl": {w: 24 for w in ("doba", "doby", "dobę", "dobie", "dobą", "dób", "dobach")},
                  "ru": {w: 24 for w in ("сутки", "суток", "суткам", "сутками", "сутках")}}
# Number words num2words does not spell, read as written (not by stem): "both", "trio" ("三人组"), English
# "hundred" and German "hundert" (num2words writes "one hundred", "einhundert": 100 only with its count), and "a
# couple", "a pair", "a dozen", "two decades" (multipliers, like "thousand": "two dozen" 24, "three decades"
# 30). Soft, like every word: they answer a number ("20年" / "two decades"), never demand one. Only words that
# are nothing else in the default languages (they are read in all of them where a text's language is unknown):
# not "par", "para"; "once" is also Spanish eleven, and so reads 1 or 11 there, soft either way.
_MORE_WORDS = {"en": {"both": 2, "twice": 2, "once": 1, "thrice": 3, "duo": 2, "trio": 3, "quartet": 4,
                      "hundred": 100, "hundreds": 100, **_MULTIPLIED, **_AGES},
               "de": {"beide": 2, "beiden": 2, "hundert": 100, "hunderte": 100, "hunderten": 100},
               "es": {"ambos": 2, "ambas": 2},
               "it": {"entrambi": 2, "entrambe": 2, **_ITALIAN_CENTURIES}, "pt": {"ambos": 2, "ambas": 2},
               "nl": {"beide": 2},
               "pl": {"oba": 2, "obie": 2, "obaj": 2, **polish_oblique(), **_DAY_AND_NIGHT["pl"]},
               "ru": {"оба": 2, "обе": 2, "обоих": 2, **_DAY_AND_NIGHT["ru"]},
               "ko": korean_native(), "ar": arabic_forms()}       # pipeline/mining/native_numerals.py
# Turkish scale words with a case ending, written without an apostrophe ("800 binin üzerine", above 800,000)
_TURKISH_CASES = {f"{base}{ending}": scale for base, scale, endings in (
    ("bin", 10**3, "i in e de den le"), ("milyon", 10**6, "u un a da dan la"),
    ("milyar", 10**9, "ı ın a da dan la"), ("trilyon", 10**12, "u un a da dan la")) for ending in endings.split()}
INFLECTED_SCALES = frozenset(_TURKISH_CASES)      # a count before one of them is the whole number, not its head
_MORE_SCALES = {
    "en": {"couple": 2, "couples": 2, "pair": 2, "pairs": 2, "dozen": 12, "dozens": 12, "decade": 10, "decades": 10},
    "de": {"dutzend": 12, "jahrzehnt": 10, "jahrzehnte": 10, "jahrzehnten": 10},
    "fr": {"paire": 2, "paires": 2, "douzaine": 12, "douzaines": 12, "décennie": 10, "décennies": 10,
           "centaine": 100, "centaines": 100, "millier": 10**3, "milliers": 10**3},
    "es": {"docena": 12, "docenas": 12, "década": 10, "décadas": 10, "centenar": 100, "centenares": 100,
           "millar": 10**3, "millares": 10**3},
    "it": {"paio": 2, "dozzina": 12, "decennio": 10, "decenni": 10, "mila": 10**3, "centinaio": 100, "centinaia": 100,
           "migliaio": 10**3, "migliaia": 10**3},
    "pt": {"dúzia": 12, "década": 10, "décadas": 10, "centena": 100, "centenas": 100, "milhar": 10**3,
           "milhares": 10**3},
    "nl": {"dozijn": 12, "decennium": 10, "decennia": 10, "ton": 10**5,    # "ruim 6 ton": 600,000 (or six tonnes)
           "kwartier": 15},                                                 # "drie kwartier": 45 minutes
    "pl": {"tuzin": 12, "dekada": 10, "dekady": 10, "dekad": 10, "tysiąc": 10**3, "tysiąca": 10**3, "milion": 10**6,
           "miliona": 10**6, "miliard": 10**9, "miliarda": 10**9, "bilion": 10**12, "biliona": 10**12},
    "ru": {"дюжина": 12, "десятилетие": 10, "десятилетия": 10, "десятилетий": 10},
    # Scale words num2words spells only inside a longer word or in another form: Italian "25mila", Polish
    # singulars and the genitive of fractions ("2,5 miliona"), Arabic singulars ("25 ألف", "11 مليون"), and
    # Thai's ten and hundred thousands ("3 แสน" 300,000; "2.5 หมื่นล้าน" 25 billion), written before the noun
    # with no space ("ล้านบาท", `Vocabulary.scale`).
    "ar": {"ألف": 10**3, "ألفا": 10**3, "مليون": 10**6, "مليونا": 10**6, "مليار": 10**9, "مليارا": 10**9,
           "بليون": 10**9, "تريليون": 10**12},
    "tr": _TURKISH_CASES,
    "th": {"พัน": 10**3, "หมื่น": 10**4, "แสน": 10**5, "ล้าน": 10**6, "พันล้าน": 10**9, "หมื่นล้าน": 10**10,
           "แสนล้าน": 10**11, "ล้านล้าน": 10**12},
}
# The Arabic article, with a conjunction or preposition before it ("وال", "بال", "لل"), which a number word takes.
_ARABIC_ARTICLE = re.compile(r"^(?:[وفبكل]?ال|لل)(?=\w\w)")
# Thai letters and marks: Thai writes no space between words, so a scale word runs into the noun after it
# ("ล้านบาท"). The word after a number that may scale it is a Thai run read whole, with the vowel and tone marks
# `WORD` would cut at, or a word (`Vocabulary.scale` finds a Thai run's scale at its start).
_THAI = "\u0e01-\u0e4e"
_THAI_START = re.compile(f"[{_THAI}]")
SCALE_WORD = re.compile(rf"[{_THAI}]+|{WORD.pattern}")
# Words for a few ("a few", "several", "ein paar"): they answer only a number written as about so many ("２、３本",
# numbers.APPROXIMATE), never a digit.
APPROXIMATE = "~"
_FEW_WORDS = {"en": ("few", "several"), "de": ("paar", "einige", "mehrere"), "fr": ("quelques", "plusieurs"),
              "es": ("varios", "varias", "unos", "unas"), "it": ("alcuni", "alcune", "qualche"),
              "pt": ("alguns", "algumas", "vários", "várias"), "nl": ("paar", "enkele", "enige"),
              "pl": ("kilka", "kilku"), "ru": ("несколько", "нескольких")}
# How many times, in one word: "fourfold", "tenfold"; German "dreimal", "vierfach"; Dutch "tweemaal", "viervoudig"
# (Korean "4배" / "about fourfold"). A word with such an ending stands for the number word before it.
# Dutch "dertigtal", "tiental" (about thirty, about ten) are read the same way.
_TIMES = ("fold", "mal", "fach", "maal", "voudig", "tal")
# An age in one word, a number's combining form before "-year-old": Polish "trzydziestolatek", "dwudziestoletni",
# Russian "тридцатилетний" (a 30-year-old, 20-year-old, thirty-year).
_AGED = re.compile(r"(\w{4,}?)[oiои](?:lat|let|лет)\w*")
# Words that join the words of one number ("twenty and five", "cuarenta y seis", "vijfentwintig" needs none).
_JOINERS = {"and", "und", "et", "y", "e", "i", "и", "en", "ve"}
# Articles that stand between a half or quarter and what it is of ("half a billion", "half an hour").
_FRACTION_LINKS = {"a", "an"}
# Languages that capitalise month names, where "may" / "march" in lower case is a verb, not a month.
_CAPITAL_MONTHS = {"en", "de", None}
# What may stand between two words of one spelled number: spaces (an ASCII hyphen is inside a word, `WORD`).
_SPACE_ONLY = re.compile(r"[\s\u2010\u2011]*")      # and the Unicode hyphens ("twenty‐five")
_MIN_STEM = 4
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


@dataclass(frozen=True)
class Vocabulary:
    """One language's number words: word -> values; stems (a word less its last one or two letters); scales."""

    words: dict[str, frozenset[int]]
    stems: dict[str, frozenset[int]]
    scales: dict[str, frozenset[int]]      # words that multiply the number before them
    months: dict[str, int]
    capital_months: bool
    scale_suffixes: tuple[str, ...] = ()       # the scale words of 4 letters or more, longest first

    def lookup(self, token: str) -> list[frozenset[int]]:
        """The numbers a word stands for (its values each), also in an inflected form ("шести", "neunzehnten");
        a hyphenated word not known whole, by its parts ("six-years-old", "two-thirds": 2 and 3; "mid-September":
        9)."""
        folded = _fold(token)
        if month := self._month(token):
            return [month]
        values = self._word(folded)
        if not values and ("'" in folded or "’" in folded):     # Italian "vent'anni", "trent'anni": elided;
            parts = re.split("['’]", folded)                    # "dell'Ottocento": after an elided article
            values = self._elided(parts[0]) or self._word(parts[-1])
        if values or "-" not in folded:
            return [values] if values else []
        return [v for v in (self._month(part) or self._word(_fold(part)) for part in token.split("-")) if v]

    def month(self, token: str) -> bool:
        """Whether a word is a month name, also with a suffix after an apostrophe (Turkish "Ekim'den")."""
        return bool(self.months.get(_fold(re.split("['’]", token)[0])))

    def _month(self, token: str) -> frozenset[int]:
        """A month name's number, also as part of a word ("mid-September"); in English and German only
        capitalised ("may" is a verb)."""
        month = self.months.get(_fold(token))
        return frozenset({month}) if month and (token[:1].isupper() or not self.capital_months) else frozenset()

    def _elided(self, part: str) -> frozenset[int]:
        """A number word less its last vowel ("vent'", "trent'", "quarant'")."""
        return self._word(part) or (self.stems.get(part, frozenset()) if len(part) >= _MIN_STEM else frozenset())

    def _word(self, token: str) -> frozenset[int]:
        found = self._inflected(token) or self._times(token) or self._aged(token) or self._combined(token)
        if not found and token[:1] in "وفبكلا" and (bare := _ARABIC_ARTICLE.sub("", token)) != token:
            found = self._inflected(bare)           # "التاسع عشر" (the nineteenth), "الثانية" (the second)
        if not found and token[:1] in "وبفلك" and len(token) > 3:
            found = self._inflected(token[1:])      # "وعشر دقائق": and ten minutes; "بثلاثة أهداف": by three goals
        return found

    def _aged(self, token: str) -> frozenset[int]:
        """An age in one word: Italian "ventunenne" (21-year-old; "trentenne", "diciottenne"), the number word it is
        made of less its last vowel; Polish "trzydziestolatek", Russian "тридцатилетний" (`_AGED`), the number whose
        combining form (the genitive less its ending: "pięciu") comes first."""
        if ("lat" in token or "let" in token or "лет" in token) and (aged := _AGED.fullmatch(token)):
            head = aged.group(1)
            return self._inflected(head) or self.words.get(head + "u", frozenset())
        head = token[:-4] if token.endswith("enne") else ""
        if len(head) < 4:
            return frozenset()
        return next((self.words[head + v] for v in ("", "o", "a", "e", "i") if head + v in self.words), frozenset())

    def _combined(self, token: str) -> frozenset[int]:
        """A count and a scale in one word ("centomila", 100,000; "hunderttausend"): their product."""
        if not token.endswith(self.scale_suffixes):
            return frozenset()
        suffix = next(w for w in self.scale_suffixes if token.endswith(w))
        counts = self.words.get(token[:-len(suffix)])
        # the count's largest reading: "trecento" is also the 14th century, which no count of thousands is
        return frozenset({max(counts) * min(self.scales[suffix])}) if counts else frozenset()

    def _times(self, token: str) -> frozenset[int]:
        """A number word with an ending that counts times ("fourfold", "dreimal") or about so many ("dertigtal"):
        the number word's values."""
        ending = next((e for e in _TIMES if token.endswith(e)), None)
        head = token[:-len(ending)] if ending else ""
        return self.words.get(head, frozenset()) if len(head) >= 3 else frozenset()     # not "un" + "fold"

    def _inflected(self, token: str) -> frozenset[int]:
        if token in self.words:
            return self.words[token]
        for cut in (1, 2):   # an inflected form: "thirds" is "third" and more, "шести" shares "шест" with "шесть"
            stem = token[:-cut]
            if len(stem) >= _MIN_STEM and (stem in self.words or stem in self.stems):
                return self.words.get(stem) or self.stems[stem]
        return frozenset()

    def scale(self, token: str) -> frozenset[int]:
        """What a word multiplies the number before it by; in Thai, its longest beginning that is a scale word."""
        folded = _fold(token)
        found = self.scales.get(folded) or frozenset({SCALE_ABBREVIATIONS[folded]} if folded in SCALE_ABBREVIATIONS
                                                     else ())
        if found or not _THAI_START.match(folded):
            return found
        return next((self.scales[folded[:n]] for n in range(len(folded) - 1, 0, -1) if folded[:n] in self.scales),
                    frozenset())


def _fold(token: str) -> str:
    """Case-folded; Turkish "İkinci" as "ikinci" (casefold gives "i" and a combining dot)."""
    return token.casefold().replace("i\u0307", "i")


def word_numbers(text: str, vocab: Vocabulary) -> Iterator[frozenset[int]]:
    """The values of each number word and month name, and of each run of number words as the number it
    spells ("twenty five" 25, "one hundred and fifty thousand" 150000)."""
    run: list[tuple[frozenset, bool, bool]] = []    # each word's values, whether it multiplies ("thousand"), and
    #                                                 whether a joiner stands before it ("dwa i pół")
    pending_joiner, end = False, 0
    for m in WORD.finditer(text):
        if run and not _SPACE_ONLY.fullmatch(text, end, m.start()):     # "$500 million, four decades": two numbers
            if len(run) > 1:
                yield _spelled(run)
            run, pending_joiner = [], False
        end = m.end()
        found = vocab.lookup(m.group())
        if found == [frozenset({APPROXIMATE})]:   # "few": answers an approximate number, is no part of one
            yield found[0]
        elif found:
            yield from found
            scales = _multiplies(m.group(), found, vocab)
            run += [(values, scale, pending_joiner) for values, scale in zip(found, scales)]
            pending_joiner = False
        elif run and not pending_joiner and m.group().casefold() in _JOINERS:
            pending_joiner = True
        elif run and m.group().casefold() in _FRACTION_LINKS and any(0 < v < 1 for v in run[-1][0]):
            continue
        else:
            if len(run) > 1:
                yield _spelled(run)
            run, pending_joiner = [], False
    if len(run) > 1:
        yield _spelled(run)


def _multiplies(token: str, found: list[frozenset[int]], vocab: Vocabulary) -> list[bool]:
    """Which of a word's numbers multiply the ones before ("thousand"; "two-decades-old": the decades)."""
    parts = [token] if len(found) == 1 else [p for p in token.split("-") if vocab.lookup(p)]
    if len(parts) != len(found):
        return [False] * len(found)
    return [bool(vocab.scale(p)) for p in parts]


def _spelled(run: list[tuple[frozenset, bool, bool]]) -> frozenset[int]:
    total, current, last_scale = 0, 0, 0
    for i, (values, scale, joined) in enumerate(run):
        v = _part(values, joined or (i + 1 < len(run) and (run[i + 1][1] or min(run[i + 1][0]) == 100)))
        if scale or v >= 1000:
            if scale and total and not current and v < last_scale:    # "fifty thousand couples": it ended
                break
            total += (current or 1) * v                     # "pół miliarda": half of it
            current, last_scale = 0, v if scale else last_scale
        elif v == 100 and 0 < current < 100:
            current *= 100
        else:
            current += v
    value = total + current
    return frozenset({int(value) if float(value).is_integer() else value})


def _part(values: frozenset, as_fraction: bool) -> int | float:
    """A word's value in a spelled number: a half or quarter as 0.5 or 0.25 only after a joiner or before a scale
    or a hundred ("dwa i pół", "pół miliarda", "half a billion"), else its smallest whole value ("décimo quarto" is
    14, not 10.25)."""
    whole = [v for v in values if v >= 1]
    fractions = [v for v in values if 0 < v < 1]
    if fractions and (as_fraction or not whole):
        return min(fractions)
    return min(whole) if whole else min(values)


@lru_cache(maxsize=64)
def vocabulary(lang: str | None) -> Vocabulary:
    """The number words of `lang` (of every default language when None)."""
    words: dict[str, set[int]] = {w: {v, *_FRACTIONS.get(w, ())} for w, v in _CLOCK_WORDS.items()}
    scales: dict[str, set[int]] = {}
    months: dict[str, int] = {}
    for code in DEFAULT_LANGUAGES if lang is None else (lang,):
        for word, value in _spellings(code):
            words.setdefault(word, set()).add(value)
        for word, value in _scale_words(code):
            scales.setdefault(word, set()).add(value)
            words.setdefault(word, set()).add(value)
        months.update(_month_names(code))
    stems: dict[str, set[int]] = {}
    for word, values in words.items():
        for cut in (1, 2):
            if len(word) - cut >= _MIN_STEM:
                stems.setdefault(word[:-cut], set()).update(values)
    words.update((w, set(v)) for w, v in _HOUR_WORDS.items())         # as written: no stems ("minuit", "minute")
    for code in DEFAULT_LANGUAGES if lang is None else (lang,):
        for word, value in [*_MORE_WORDS.get(code, {}).items(), *_MORE_SCALES.get(code, {}).items(),
                            *((w, APPROXIMATE) for w in _FEW_WORDS.get(code, ()))]:
            words.setdefault(word, set()).add(value)
        for word, value in _MORE_SCALES.get(code, {}).items():
            scales.setdefault(word, set()).add(value)
    suffixes = tuple(sorted((w for w in scales if len(w) >= 4), key=len, reverse=True))
    return Vocabulary(_frozen(words), _frozen(stems), _frozen(scales), months, lang in _CAPITAL_MONTHS, suffixes)


def _frozen(d: dict[str, set[int]]) -> dict[str, frozenset[int]]:
    return {k: frozenset(v) for k, v in d.items()}


def _num2words(value: int, lang: str, to: str = "cardinal") -> str | None:
    from num2words import num2words

    try:
        return num2words(value, lang=lang, to=to)
    except Exception:   # noqa: BLE001 - a converter that cannot spell a value (pl ordinal 0) spells nothing
        return None


def _spellings(lang: str) -> list[tuple[str, int]]:
    """(word, value) for 0-100 and the hundreds, cardinal and ordinal, where num2words spells one word."""
    out = []
    for value in [*range(101), *range(200, 1001, 100)]:
        for to in ("cardinal", "ordinal"):
            tokens = WORD.findall(_num2words(value, lang, to) or "")
            if len(tokens) == 1:
                out.append((tokens[0].casefold(), value))
    return out


def _scale_words(lang: str) -> list[tuple[str, int]]:
    """Thousand, million, billion, trillion in singular and plural ('Millionen', 'тысяч'), also where num2words writes
    them into one word with their count ('zweitausend', 'ikimilyon': the ending both spellings share). Only
    spellings whose words `WORD` reads whole: Thai "สองพัน" would give its last letters, "น", as a scale."""
    out = []
    for scale in (10**3, 10**6, 10**9, 10**12):
        spelled = [_whole_words(_num2words(k * scale, lang) or "") for k in (1, 2, 5)]
        for tokens in spelled:
            if len(tokens) > 1:
                out.append((tokens[-1], scale))
        two, five = spelled[1], spelled[2]
        if len(two) == 1 and len(five) == 1:
            suffix = _common_suffix(two[0], five[0])
            if len(suffix) >= 3:
                out.append((suffix, scale))
    return out


def _whole_words(text: str) -> list[str]:
    words = text.replace(",", " ").casefold().split()
    return words if all(WORD.fullmatch(w) for w in words) else []


def _common_suffix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n:]


def _month_names(lang: str) -> dict[str, int]:
    from dateparser.languages import default_loader

    try:
        info = default_loader.get_locale(lang).info
    except (ValueError, KeyError):
        return {}
    return {name.casefold(): i for i, key in enumerate(_MONTHS, 1) for name in info.get(key, [])
            if len(name) >= 3 and WORD.fullmatch(name)}
