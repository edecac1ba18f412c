"""The numbers a sentence states, read the ways translators write them, so that two sides can be compared.

A translation keeps its numbers but not their spelling: "6개월" / "six months", "XIX secolo" / "19th
century", "15.00 Uhr" / "3 p.m.", "9월 29일" / "September 29", "3万" / "30,000". Each number is read as
a `Mention`: the values it may stand for. Digits are firm: a translation that drops or changes one is
not a translation. Words, Roman numerals and month names are soft: they may answer a number of the other
side but never demand one, because they double as ordinary words ("one", "May", "DC"). CJK numerals are
firm where they are surely a number (pipeline/mining/cjk_numbers.py).
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pipeline.mining.cjk_numbers import RUN as CJK_RUN
from pipeline.mining.cjk_numbers import SCALES as CJK_SCALES
from pipeline.mining.cjk_numbers import colloquial, read_run, run_value
from pipeline.mining.native_numerals import korean_counted
from pipeline.mining.number_words import APPROXIMATE, INFLECTED_SCALES, SCALE_WORD, Vocabulary, vocabulary, word_numbers

# A digit group with its thousands / decimal separators: "1,000", "1.000", "1 000" all read 1000. A space
# separates thousands only between groups of three ("15 000"), not two numbers ("October 2012 118,800").
_GROUP = re.compile(r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?!\d)(?:[.,]\d+)*|\d+(?:[.,]\d+)*")
# Clock times: "15:30", "2:13:38" (zero seconds are left out), "15h30", "15.30 Uhr", "3.30pm", "3 p.m.", "21 Uhr",
# "午後3時30分", "11时25分", "3点半" (the dot form only before a clock word; "alle 14.30" is read with the digit
# groups, `_clock_group`).
_AMPM = r"\s*[ap]\.?\s?m\b\.?"
_CLOCK = r"(?:uhr|h\b|heures?\b|hrs?\b|ч\b|утра|вечера|дня|ночи|[ap]\.?\s?m\b)"
_CJK_HOUR = "時|时|点|시"
_TIME = re.compile(
    rf"(?<![\d.,:])(?P<h>\d{{1,2}})(?:(?:[:h]|\.(?=\d{{2}}\s*{_CLOCK}))(?P<m>\d{{2}})(?::(?P<s>\d{{2}}))?(?!\d)(?:{_AMPM})?"
    rf"|\s?(?:{_CJK_HOUR})\s?(?:(?P<cjk_m>\d{{1,2}})\s?(?:分|분)|(?P<half>半|반(?![가-힣])))"
    rf"|{_AMPM}|(?=\s*(?:uhr\b|heures?\b|hrs\b|h\b(?!\.)|{_CJK_HOUR})))", re.IGNORECASE)
# A digit group written where a time is ("alle 14.30", "ore 9.30", "o godz. 15.00", "saat 14.30", "a las 14.30",
# "às 9.30", "в 21.00", "الساعة 14.30", "เวลา 14.30 น.", "14.30 uur") is read as a time; elsewhere "14.30" is a
# number (a rate, a price).
_CLOCK_BEFORE = re.compile(r"(?:\b(?:alle|dalle|ore|godz\.?|godzinie|saat|las|às|das|в)|الساعة|เวลา)\s*$",
                           re.IGNORECASE)
_CLOCK_AFTER = re.compile(r"\s*(?:(?:uur|godz)\b|น\.)", re.IGNORECASE)
# Turkish "17.30'da", "09.00'dan": a time with a period takes its case suffix after an apostrophe (a decimal has
# a comma, "yüzde 8,50'de", and takes the same suffixes)
_TURKISH_CLOCK = re.compile(r"['’](?:[dt][ae]n?|y?[ae])\b", re.IGNORECASE)
_CLOCK_LIKE = re.compile(r"(?P<h>\d{1,2})[.,](?P<m>\d{2})")
# A race time with a period after its minutes and a decimal comma ("1.13,42", Dutch for "1:13.42"): no number, as a
# thousands group has three digits; read as the English time is, minutes and seconds as a clock and the hundredths.
_RACE_TIME = re.compile(r"(?<![\d.,:])(\d{1,2})\.([0-5]\d),(\d{1,3})(?![\d.,]?\d)")
# Dates whose parts a digit-group reading would glue together: 09.05.2019, 9/5/19, 2019-05-09.
_DATE = re.compile(r"(?<![\d.,])(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d{2})(?![\d.,]\d)"
                   r"|(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
# A decade written with its century ("the 1990s", "1990er", "1990年代", "1990년대") is also the decade without it,
# as most languages write it ("anni '90", "lata 90.", "90'lı yıllar", "los años 90").
_DECADE = re.compile(r"(?<![\d.,])(?:1[5-9]|20)([1-9]0|00)(?=s\b|['’]s\b|er\b|\s?(?:年代|년대))")
# A range of years whose second year drops its century ("1656–57", "the 2003/04 season"): the second is also the
# year in full, as other languages write it ("1656-1657", "2003/2004").
_YEAR_RANGE = re.compile(r"(?<![\d.,])(1[0-9]|20)(\d{2})\s?[-–—/]\s?(\d{2})(?![\d.,]?\d)")
# Millions, thousands and what follows them as Arabic writes them: "مليون و855 ألفا و27" (1,855,027), "مليونين
# و400 ألف" (2,400,000; "مليونين" is two million), and "ألفين و500" (2,500; "ألفين" is two thousand).
_ARABIC_MILLIONS = re.compile(r"(?<![\d.,])(?:(\d{1,3})\s?)?(مليونين|مليون\S*|ملايين)\s+و\s?(\d{1,3})\s?(?:ألف\S*|آلاف)"
                              r"(?:\s+و\s?(\d{1,3})(?![\d.,]?\d))?")
_ARABIC_TWO_THOUSAND = re.compile(r"ألفين\s+و\s?(\d{1,3})(?![\d.,]?\d)(?!\s?(?:ألف|آلاف|مليون))")
# Thousands and what follows them as Arabic writes them: "12 ألفًا و500" (12,500).
_ARABIC_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3})\s?(?:ألف|آلاف)\S*\s+و\s?(\d{1,3})(?![\d.,]?\d)"
                               r"(?!\s?(?:ألف|آلاف|مليون|ملايين|مليار))")   # not "5 آلاف و20 ألف" (5,000 and 20,000)
# A count of a scale and what follows it, as Turkish, Spanish, Portuguese, Italian, Polish and Russian news write
# large numbers: "2 bin 200" (2,200), "1 milyon 250 bin" (1,250,000), "85 milyon 372 bin 377", "3 milioni 500 mila",
# "2 mln 500 tys." The
# scale words are the language's (`Vocabulary.scale`); the second count is below the first scale (not "5 bin
# 2019"), nor a count of what follows ("400 tys. 18-latków", 400,000 18-year-olds; "3 milioni 5G"), nor a date after a
# scale and its period ("3 млн. 15 марта", "5 bin 10 Ekim'den"). Not in English or German, which write no number so
# ("$2 million 500 years ago" is two numbers), nor where the language is unknown.
_COMPOUND = re.compile(rf"(?<![\d.,])(\d{{1,3}})\s?({SCALE_WORD.pattern})(\.?)\s+(\d{{1,3}})(?![\d.,]?\d)(?![-\w])"
                       rf"(?:\s?({SCALE_WORD.pattern})\.?(?:\s+(\d{{1,3}})(?![\d.,]?\d)(?![-\w]))?)?")
_COMPOUND_LANGUAGES = {"tr", "es", "pt", "it", "pl", "ru"}
# A knockout round named by the teams left ("the last 16", "the round of 16"), which most languages name by the
# fraction of the final instead ("octavos de final", "8es de finale", "одной восьмой финала", "ottavi di finale"):
# also the half. "last 16" not before what it counts ("the last 16 years", "the last 16 people").
_KNOCKOUT = re.compile(r"\bround of (8|16|32|64)\b"
                       r"|\blast[- ](8|16|32|64)\b(?!\s+(?:[a-z]+s|people|men|women|children)\b)", re.IGNORECASE)
# German names the rounds in one word: "Achtelfinale" (an eighth: the last 16), "Sechzehntelfinale", "Viertelfinale".
_GERMAN_ROUND = re.compile(r"\b(Sechzehntel|Achtel|Viertel)final", re.IGNORECASE)
_ROUND_PARTS = {"sechzehntel": 16, "achtel": 8, "viertel": 4}
# Names with a number that translations often give without it ("COVID-19": "coronapandemie", "新冠"): soft. Not
# names in general: "RM-2" and "Meteor-4" keep their numbers in every language.
_NAMED = re.compile(r"\b(?:COVID|SARS-CoV)-(\d+)\b", re.IGNORECASE)
# First of a ranking ("the world No 1", "die Nr. 1", "le n° 1", "the number 1 firm", "ナンバー1", "1위", "1位"), which
# translations give as a word ("冠军", champion; "the best", "topped"): soft, as "one" is. Any other rank keeps its
# number ("No 2", "2위").
_RANK_ONE = re.compile(r"(?:\b(?:No|Nr|n(?=[°º]))[.°º]?\s?|\b(?:n[úu]mero|numéro|number)\s|ナンバー\s?)1(?![\d.,]?\d)"
                       r"|(?<![\d.,])1(?=\s?위(?:[를에의는가로도와]|[^\uac00-\ud7a3]|$))"
                       r"|(?<![\d.,])1(?=位[にのをでとはが])|(?<=第)1(?=位)", re.IGNORECASE)
# Two one-digit numbers in a row in CJK text: "２、３本", "３，４人" ("two or three", "three or four" where they
# follow each other), else a list ("３、５号線"); a comma between single digits is no decimal or thousands mark there.
_CJK_RANGE_HEAD = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)(?=\s?[-–—~～至到]\s?\d+(?:\.\d+)?\s?([万萬亿億兆만억조]))")
_CJK_PAIR = re.compile(r"(?<![\d.,、])(\d)\s?[、,]\s?(\d)(?![\d.,、])")
# Tenths as Chinese and Japanese news give shares ("逾六成受访者", more than 60% of respondents; "約２割", about
# 20%): the count and its tens; soft in numerals ("八成" is also "probably"), firm in digits.
_TENTHS = re.compile(r"(?<![\d.,一二两三四五六七八九十百千万萬统統唯同第之])(\d{1,2}|[一二两三四五六七八九十])\s?[成割]"
                     r"(?![功为為立员員熟长長果绩績])")      # not "统一成一个机构" (unified into one), "二十三成"
# "Per thousand", "per ten thousand" ("每千人口", per 1,000 people) and Japanese "per one" ("１医療機関あたり", per
# medical institution): soft.
_PER_UNIT = re.compile(r"每([百千万萬亿億兆]+)"
                       r"|(?<![\d.,])1(?![万萬億亿兆千百月時时位等])(?=[^\d\s、。，]{1,8}?(?:あたり|当たり|当り))")
# Korean ten thousands and the thousands after them, as prices are written ("5만 9,800원", 59,800 won).
_KOREAN_MAN = re.compile(r"(?<![\d.,])(\d{1,4})\s?만\s(\d,\d{3})(?![\d.,]?\d)")
# An amount in a currency and its hundredth ("50ドル44セント", "50달러 44센트"): "$50.44".
_MONEY = re.compile(r"(?<![\d.,])(\d+)\s?(?:ドル|ユーロ|ポンド|달러|유로|파운드|美元|欧元|英镑)\s?(\d{1,2})\s?"
                    r"(?:セント|ペンス|센트|펜스|美分|便士)")
# "1" before a unit of time in CJK text ("１ヶ月", "1日に5回", "1年間", "1个月", "1개월") is as often "a month", "five
# times a day" as "one month": soft, as "one" is. Not a date's day ("7月1日").
_ONE_UNIT = re.compile(r"(?<![\d.,月])1(?=\s?(?:ヶ月|か月|カ月|ヵ月|箇月|个月|個月|日|週|年間|時間|天|星期|小时|小時"
                       r"|개월|주|년|시간))")
# A fraction of one in CJK text ("3분의 1", "3分の1", "3分之1") is "a third" as often as "one third": its one is
# soft, as "1" before a unit of time is; the denominator stays firm.
_ONE_PART = re.compile(r"(?<![\d.,])(\d+)\s?(?:분의|分の|分之)\s?1(?![\d.,])")
# The year of a full date ("2017年12月28日"), which a translation often leaves out where the story's year is plain
# ("On December 28"): soft; its month and day stay firm, and a year the other side states otherwise is unanswered.
_CJK_DATE_YEAR = re.compile(r"(?<![\d.,])(\d{4})\s?[年년](?=\s?\d{1,2}\s?[月월]\s?\d{1,2}\s?[日일])")
# A day written again without its month after a date ("新华社马德里1月8日电……库蒂尼奥8日在诺坎普亮相", Korean
# "1월 8일 ... 8일"): a news dateline's day repeated in the story, which a translation states once ("On January
# 8th"); soft, as the date states it firmly. Any other day stays firm ("1月8日……9日").
_CJK_DATE_DAY = re.compile(r"\d{1,2}\s?[月월]\s?(\d{1,2})\s?[日일]")
_CJK_BARE_DAY = re.compile(r"(?<![\d.,月월\s])\s?(\d{1,2})\s?[日일](?!\d)")
# Basis points, which a translation gives as percentage points ("50 نقطة أساس" / "half a percentage point", "250 baz
# puan" / "2.5 percentage points"): the count, and the count in hundredths.
_BASIS_POINTS = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s?(?:basis[- ]points?|bps?\b|baz puan|punti base"
                           r"|pontos?[- ]base|puntos? básicos?|points? de base|basispunt|Basispunkt"
                           r"|базисн\w* пункт|punkt\w* bazow"
                           r"|نقط\w* أساس|نقاط أساس|베이시스\s?포인트)", re.IGNORECASE)
_BASIS_WORDS = ("basis", "bp", "baz", "base", "básico", "basispunt", "базисн", "bazow", "أساس", "베이시스")
# A minute of a football match's second half as Korean, Japanese, Chinese and Portuguese count it ("후반 38분",
# "後半38分", "下半场第38分钟", "aos 43 minutos do segundo tempo"), which English counts from kick-off: "the 83rd
# minute". Both.
_SECOND_HALF = re.compile(r"(?:후반|後半|下半场第?)\s?(\d{1,2})\s?(?:분|分)"
                          r"|(?<![\d.,])(\d{1,2}) minutos do segundo tempo")
# A record written with its unit between the whole and the hundredths ("9秒83", 9.83 seconds; "9\"80"; a height of
# "2m36", "1m80"): the decimal, firm, and its two parts, soft. With an apostrophe ("23'54") it may be seconds and
# hundredths, minutes and seconds or feet and inches: the decimal or the whole part, firm.
_RECORD = re.compile(r"(?<![\d.,])(\d{1,2})(?:秒|초|\"|m|(['’′]))(\d{2})(?![\d.,]?\d)")
_SECOND_HALF_WORDS = ("후반", "後半", "下半场", "segundo tempo")
# A year the text names as the Buddhist Era ("พ.ศ. 2310", the fall of Ayutthaya: 1767), whatever the year.
_BUDDHIST_NAMED = re.compile(r"พ\.\s?ศ\.\s?(\d{3,4})(?![\d.,]?\d)")
# The Rattanakosin Era of Thai history ("ร.ศ. 124", 1905).
_RATTANAKOSIN = re.compile(r"ร\.\s?ศ\.\s?(\d{1,3})(?![\d.,]?\d)")
# A Thai number word and a scale word after it, in unspaced text ("ห้าแสนคน", 500,000 people; "สามหมื่น"): soft. Only
# with the scale: a unit alone sits inside other words (สาม in สามารถ, "can").
_THAI_UNITS = {"หนึ่ง": 1, "สอง": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9, "สิบ": 10}
_THAI_SCALES = {"พัน": 10**3, "หมื่น": 10**4, "แสน": 10**5, "ล้าน": 10**6}
# Not inside a longer number ("ห้าสิบล้าน", 50 million; "สองแสนห้าหมื่น") nor before ธ ("พันธมิตร", ally).
_THAI_WORDS = [*_THAI_UNITS, *_THAI_SCALES, "ยี่", "ร้อย", "เอ็ด"]
_THAI_COUNT = re.compile("".join(f"(?<!{w})" for w in _THAI_WORDS)
                         + f"({'|'.join(_THAI_UNITS)})({'|'.join(_THAI_SCALES)})(?!ธ)(?!{'|'.join(_THAI_WORDS)})")
# Money with its scale as one letter ("$10m", "£150k", "€2bn"; English news): the count, and the amount. Only
# after a currency sign: "10m" alone is ten metres.
_CURRENCY_SCALE = re.compile(r"(?<=[$£€¥₹])(\d+(?:\.\d+)?)([kmb]|bn)\b", re.IGNORECASE)
_LETTER_SCALES = {"k": 10**3, "m": 10**6, "b": 10**9, "bn": 10**9}
# Dutch and German name a half hour by the hour it leads to ("om half drie", "um halb drei", "half drie uur": 2:30):
# soft, that hour less one, on either clock; only after a word that says a time follows ("in the first half three
# players" is no time).
_HALF_HOUR = re.compile(r"\b(?:om|um|tegen|gegen|vanaf|ab|bis|tot|na|nach|voor|vor|rond|omstreeks)\s+"
                        r"(?:half|halb)\s+(\w+)"
                        r"|\b(?:half|halb)\s+(\w+)\s+(?:uur|Uhr)\b", re.IGNORECASE)
# Years of a national calendar, also read as the Gregorian year a translation may write instead: Japanese eras
# (平成30年 is 2018, 令和元年 2019), the Republic of China's (民國107年 is 2018), and the Buddhist Era of Thai and
# Lao text (พ.ศ. 2562 is 2019; Thai news and wiki give years so).
_ERAS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018, "民國": 1911, "民国": 1911}
_ERA_YEAR = re.compile(rf"({'|'.join(_ERAS)})\s?(\d{{1,3}}|[〇一二三四五六七八九十]{{1,4}}|元)\s?年")
_BUDDHIST_SCRIPT = re.compile(r"[\u0e00-\u0eff]")
_BUDDHIST_ERA, _BUDDHIST_YEARS = 543, range(2400, 2701)
# Eastern Arabic decimal and thousands marks (٣٫٥, ١٢٬٥٠٠) as the Latin ones (NFKC leaves them; the digits are
# Unicode digits already)
_ARABIC_MARKS = str.maketrans({"\u066b": ".", "\u066c": ","})
_ROMAN = re.compile(r"\b(?=[MDCLXVI]{2,}\b)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\b")
_ROMAN_PAIR = re.compile(r"[MDCLXVI]{2}")
# A Roman numeral with the French ordinal ending ("entre le XIIe et le XIVe siècle"), or a single letter before a
# century word ("в конце X века", "V secolo"; "XV w." is `_ROMAN`'s): soft, as every Roman numeral.
_ROMAN_ORDINAL = re.compile(r"\b([IVXLC]{2,7})(?:e|er|ème)\b"
                            r"|\b([IVXLC])(?:e|er|ème)?\s(?=век|siècle|secol|wiek|w\.|yüzyıl|s[ée]culo|siglo"
                            r"|Jahrhundert|eeuw)")
# "I" after a capitalised word is a regnal or ordinal one ("Osman I", "World War I") as often as the pronoun
# ("Then I"): soft, like every Roman numeral ("오스만 1세" / "Osman I"); so are "V" and "X" ("Henry V", "Rama X" /
# "รัชกาลที่ ๑๐").
_ROMAN_ONE = re.compile(r"\b[A-Z][a-z]{2,} ([IVX])\b(?!['’])")
_DIGIT = re.compile(r"\d")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_CJK = re.compile(r"[\u3007\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]")   # Han, kana ("50ドル44セント"), Hangul
# Superscript digits (exponents, footnote marks) and the CJK unit signs ("㎡", "㎥", "㎢"), whose NFKC forms hold
# digits no one wrote as a number.
_UNIT_SIGNS = re.compile("[\u00b2\u00b3\u00b9\u2070-\u2079\u3380-\u33ff]")
_UNITS_WITHOUT_DIGITS = {c: re.sub(r"\d", "", unicodedata.normalize("NFKC", chr(c))) for c in
                         [0xB2, 0xB3, 0xB9, *range(0x2070, 0x207A), *range(0x3380, 0x3400)]}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
# what may stand between the two numbers of a range whose scale word follows the second ("12 bis 16 Tausend")
# Digit runs longer than this are codes, phone numbers or lists ("1 2 3 ..." reads as one group), not
# quantities: a float loses their digits and int() refuses past 4300, so their digits are compared as text.
_MAX_DIGITS = 18
_RANGE = re.compile(r"\s*(?:-|–|—|to|bis|до|à|a|al|et|and|und|и|or|oder|или|e|y|i|ve|en)\s*\d+(?:[.,]\d+)?\s*",
                    re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """One number of a text: the values it may stand for; a firm one must be answered by the other side."""

    values: frozenset[int | float | str]   # a str: the digits of a run too long to be a quantity (_MAX_DIGITS)
    firm: bool


def mentions(text: str, lang: str | None = None, words: bool = True) -> tuple[Mention, ...]:
    """Every number of `text`, its words read as `lang` (as any of the default encoder's languages when None).

    `words=False` leaves out the number words and month names, the costly reading that only matters
    where digits alone leave a firm number unanswered."""
    return _mentions(text, lang) + (_words(text, lang) if words else ())


def numbers_agree(a: Iterable[Mention], b: Iterable[Mention]) -> bool:
    """True when each firm number of either side is answered by a number of its own on the other side
    (a value in common; "3 cats and 3 dogs" needs two threes)."""
    a, b = tuple(a), tuple(b)
    return _answered(a, b) and _answered(b, a)


def _answered(a: tuple[Mention, ...], b: tuple[Mention, ...]) -> bool:
    """A matching of a's firm mentions to distinct mentions of b.

    A firm mention of one value first takes a mention of b of that same one value: always safe (a mention
    that could have taken it instead holds that value, so it can take whatever the first one would have),
    and it settles the common case, digits against digits, in linear time. The rest, few, by augmenting
    paths (`_augment`)."""
    firm = [m for m in a if m.firm]
    if not firm:
        return True
    singles: Counter = Counter(next(iter(m.values)) for m in b if len(m.values) == 1)
    rest = []
    for m in firm:
        value = next(iter(m.values)) if len(m.values) == 1 else None
        if singles[value] > 0:
            singles[value] -= 1
        else:
            rest.append(m)
    if not rest:
        return True
    left = [m for m in b if len(m.values) != 1] + [Mention(frozenset({v}), False) for v, n in singles.items()
                                                   for _ in range(n)]
    owner: dict[int, int] = {}
    return all(_augment(i, rest, left, owner) for i in range(len(rest)))


def _augment(start: int, a: list[Mention], b: list[Mention], owner: dict[int, int]) -> bool:
    """Kuhn's augmenting path from a[start] (owner: b index -> a index), with an explicit stack: a line of a
    thousand numbers must not reach Python's recursion limit."""
    seen: set[int] = set()
    stack = [(start, iter(range(len(b))))]
    path: list[tuple[int, int]] = []           # (i, j): a[i] is to take b[j]; one less than the stack
    while stack:
        i, candidates = stack[-1]
        for j in candidates:
            if j not in seen and a[i].values & b[j].values:
                seen.add(j)
                if j not in owner:
                    for taker, taken in [*path, (i, j)]:
                        owner[taken] = taker
                    return True
                path.append((i, j))
                stack.append((owner[j], iter(range(len(b)))))
                break
        else:
            stack.pop()
            if path:
                path.pop()
    return False


def _normalized(text: str) -> str:
    """NFKC, without the digits it makes of exponents and unit signs ("m²" and "㎡" are not "m2": no 2 is stated)."""
    if _UNIT_SIGNS.search(text):
        text = text.translate(_UNITS_WITHOUT_DIGITS)
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=1 << 16)
def _mentions(text: str, lang: str | None) -> tuple[Mention, ...]:
    text = _normalized(text)
    if "\u066b" in text or "\u066c" in text:     # str.translate costs more than the rest of most lines
        text = text.translate(_ARABIC_MARKS)
    found: list[Mention] = []
    if _CJK.search(text):
        text = _take(_ERA_YEAR, text, lambda m: found.append(_era_year(m)))
        text = _take(_CJK_RANGE_HEAD, text, lambda m: found.append(_range_head(m)))
        text = _take(_TENTHS, text, lambda m: found.append(_tenths(m)))
        text = _take(_PER_UNIT, text, lambda m: found.append(Mention(frozenset(
            {run_value("一" + m.group(1)) if m.group(1) else 1}), False)))
        text = _take(_KOREAN_MAN, text, lambda m: found.append(
            Mention(frozenset({int(m.group(1)) * 10**4 + int(m.group(2).replace(",", ""))}), True)))
        text = _take(CJK_RUN, text, lambda m: found.extend(_cjk(text, m)))
        text = _take(_MONEY, text, lambda m: found.append(
            Mention(frozenset({float(f"{m.group(1)}.{int(m.group(2)):02d}"), int(m.group(1))}), True)))
        text = _take(_CJK_PAIR, text, lambda m: found.extend(_cjk_pair(m)))
        text = _take(_CJK_DATE_YEAR, text, lambda m: found.append(Mention(frozenset({int(m.group(1))}), False)))
        text = _day_again(text, found)
        text = _take(_ONE_UNIT, text, lambda m: found.append(Mention(frozenset({1}), False)))
        text = _take(_ONE_PART, text, lambda m: found.extend(
            [Mention(frozenset({int(m.group(1))}), True), Mention(frozenset({1}), False)]))
    if _DIGIT.search(text):   # most sentences have none: the readings below are skipped
        found += _digit_numbers(text, lang)
    if _ROMAN_PAIR.search(text) or " X" in text or " V" in text:
        found += [Mention(frozenset({_roman(m.group())}), False) for m in _ROMAN.finditer(text) if m.group()]
        found += [Mention(frozenset({_roman(m.group(1) or m.group(2))}), False) for m in _ROMAN_ORDINAL.finditer(text)
                  if not m.group(1) or _ROMAN.fullmatch(m.group(1))]     # longer ones before a century: `_ROMAN`
    if " I" in text or " V" in text or " X" in text:    # as for the pairs above: most lines have none
        found += [Mention(frozenset({_ROMAN_VALUES[m.group(1)]}), False) for m in _ROMAN_ONE.finditer(text)]
    return tuple(found)


def _day_again(text: str, found: list[Mention]) -> str:
    """The text with each day that repeats a date's day read as a soft mention (`_CJK_BARE_DAY`) and blanked."""
    days = {int(m.group(1)) for m in _CJK_DATE_DAY.finditer(text)}
    if not days:
        return text
    return _take(_CJK_BARE_DAY, text, lambda m: found.append(Mention(frozenset({int(m.group(1))}), False)),
                 where=lambda m: int(m.group(1)) in days)


def _digit_numbers(text: str, lang: str | None) -> list[Mention]:
    found: list[Mention] = []
    buddhist = bool(_BUDDHIST_SCRIPT.search(text))
    text = _take(_TIME, text, lambda m: found.extend(_time(m)))
    text = _take(_DATE, text, lambda m: found.extend(_date(m, buddhist)))
    text = _take(_RACE_TIME, text, lambda m: found.extend(
        [*_clock(int(m.group(1)), int(m.group(2))), Mention(frozenset({int(m.group(3))}), True)]))
    text = _take(_DECADE, text, lambda m: found.append(Mention(frozenset({int(m.group()), int(m.group(1))}), True)))
    text = _take(_YEAR_RANGE, text, lambda m: found.extend(_year_range(m)))
    text = _take(_ARABIC_MILLIONS, text, lambda m: found.append(Mention(frozenset({_arabic_millions(m)}), True)))
    text = _take(_ARABIC_TWO_THOUSAND, text, lambda m: found.append(
        Mention(frozenset({2000 + int(m.group(1))}), True)))
    text = _take(_ARABIC_THOUSANDS, text, lambda m: found.append(
        Mention(frozenset({int(m.group(1)) * 1000 + int(m.group(2))}), True)))
    text = _take(_NAMED, text, lambda m: found.append(Mention(frozenset({int(m.group(1))}), False)))
    text = _take(_RANK_ONE, text, lambda m: found.append(Mention(frozenset({1}), False)))
    text = _counted_otherwise(text, found)
    text = _take(_KNOCKOUT, text, lambda m: found.append(_knockout(m)))
    vocab = vocabulary(lang)
    if lang in _COMPOUND_LANGUAGES:
        read: dict[int, int | None] = {}
        text = _take(_COMPOUND, text, lambda m: found.extend(_compound_mentions(m, read[m.start()])),
                     where=lambda m: read.setdefault(m.start(), _compound(m, vocab)) is not None)
    for m in _GROUP.finditer(text):
        scales = _scale_after(text, m.end(), vocab)
        clock = None if scales else _clock_group(text, m)
        if clock:
            found += _clock(*clock)
        else:
            found.append(Mention(_buddhist_years(_group_values(m.group(), scales), buddhist), True))
    return found


def _record(m: re.Match) -> list[Mention]:
    """"9秒83": 9.83 (and, soft, 9 and 83); "23'54": 23.54 or 23 (and, soft, 54)."""
    whole, hundredths = int(m.group(1)), int(m.group(3))
    firm = {float(f"{whole}.{m.group(3)}")} | ({whole} if m.group(2) else set())
    return [Mention(frozenset(firm), True), *(Mention(frozenset({v}), False) for v in (whole, hundredths))]


def _tenths(m: re.Match) -> Mention:
    """"六成" / "２割": 6 / 2, and 60 / 20 (per cent)."""
    count = m.group(1)
    value = int(count) if count.isdigit() else run_value(count)
    return Mention(frozenset({value, value * 10}), count.isdigit())


def _counted_otherwise(text: str, found: list[Mention]) -> str:
    """Basis points, a second half's minutes, named Thai eras, records, money with a scale letter: most patterns run
    only where a substring test says the text may hold one (most hold none, and a pattern costs microseconds)."""
    lowered = text.lower()
    if any(word in lowered for word in _BASIS_WORDS):
        text = _take(_BASIS_POINTS, text, lambda m: found.append(Mention(frozenset(
            {_exact(v) for r in _readings(m.group(1)) for v in (r, r / 100)}), True)))
    if any(word in text for word in _SECOND_HALF_WORDS):
        text = _take(_SECOND_HALF, text, lambda m: found.append(Mention(frozenset(
            {int(m.group(1) or m.group(2)), int(m.group(1) or m.group(2)) + 45}), True)))
    if "พ." in text:
        text = _take(_BUDDHIST_NAMED, text, lambda m: found.append(Mention(frozenset(
            {int(m.group(1)), int(m.group(1)) - _BUDDHIST_ERA}), True)))
    if "ร." in text:
        text = _take(_RATTANAKOSIN, text, lambda m: found.append(Mention(frozenset(
            {int(m.group(1)), int(m.group(1)) + 1781}), True)))
    text = _take(_RECORD, text, lambda m: found.extend(_record(m)))
    if any(sign in text for sign in "$£€¥₹"):
        text = _take(_CURRENCY_SCALE, text, lambda m: found.append(Mention(frozenset(
            {_exact(float(m.group(1))), round(float(m.group(1)) * _LETTER_SCALES[m.group(2).lower()])}), True)))
    return text


def _compound(m: re.Match, vocab: Vocabulary) -> int | None:
    """The number "2 bin 200", "1 milyon 250 bin" or "2 mil 500 millones" spells; None where the first word is no
    scale of a thousand or more in its bare form ("5 binin 300'ü", 300 of the 5,000), or where a period after it
    and no scale after the second count say the number ended there ("3 млн. 15 марта"), or a month follows."""
    first, count, after = vocab.scale(m.group(2)), int(m.group(1)), m.group(5)
    if not first or min(first) < 1000 or m.group(2).casefold() in INFLECTED_SCALES:
        return None
    second = vocab.scale(after) if after else frozenset()
    if not second and (m.group(3) or (after and vocab.month(after))):
        return None
    head, tail = count * min(first), int(m.group(4))
    if not second:
        return head + tail
    return head + tail * min(second) if min(second) < min(first) else (head + tail) * min(second)


def _compound_mentions(m: re.Match, value: int) -> list[Mention]:
    """The compound; with a count after its second scale, that count as part of it ("85 milyon 372 bin 377") or as
    a number of its own ("2 milyon 400 bin 65 yaş üstü", 65 and over; "1 milyon 200 bin 15 Mart'ta"): both readings
    of the compound firm, the count alone soft."""
    if not m.group(6):
        return [Mention(frozenset({value}), True)]
    third = int(m.group(6))
    return [Mention(frozenset({value, value + third}), True), Mention(frozenset({third}), False)]


def _knockout(m: re.Match) -> Mention:
    """"the last 16": 16, and 8 as "octavos de final" counts it."""
    teams = int(m.group(1) or m.group(2))
    return Mention(frozenset({teams, teams // 2}), True)


def _arabic_millions(m: re.Match) -> int:
    millions = int(m.group(1)) if m.group(1) else 2 if m.group(2) == "مليونين" else 1
    return millions * 10**6 + int(m.group(3)) * 1000 + int(m.group(4) or 0)


def _year_range(m: re.Match) -> list[Mention]:
    """"1656–57": 1656, and 57 also as 1657 ("1999/00": 2000)."""
    century, first, last = int(m.group(1)), int(m.group(2)), int(m.group(3))
    full = (century + (last < first)) * 100 + last
    return [Mention(frozenset({century * 100 + first}), True), Mention(frozenset({last, full}), True)]


def _date(m: re.Match, buddhist: bool) -> list[Mention]:
    """Day, month and year; a two-digit year ("29.09.19") also as the year in full."""
    found = [Mention(_buddhist_years(frozenset({int(g)}), buddhist), True) for g in m.groups() if g and g.isdigit()]
    if m.group(4) and len(m.group(4)) == 2:
        year = int(m.group(4))
        full = {year + (2000 if year < 50 else 1900)} | ({2500 + year - _BUDDHIST_ERA} if buddhist else set())
        found[-1] = Mention(frozenset({year} | full), True)          # Thai "29/09/62": 2562 BE, 2019
    return found


def _clock_group(text: str, m: re.Match) -> tuple[int, int] | None:
    """(hour, minutes) of a digit group written where a time is ("alle 14.30"), else None."""
    c = _CLOCK_LIKE.fullmatch(m.group())
    if c is None:
        return None
    hour, minutes = int(c["h"]), int(c["m"])
    if not (hour <= 24 and minutes < 60):           # "0.48 uur": 12:48 a.m.
        return None
    cue = (_CLOCK_BEFORE.search(text[max(0, m.start() - 12):m.start()]) or _CLOCK_AFTER.match(text, m.end())
           or ("." in m.group() and _TURKISH_CLOCK.match(text, m.end())))
    return (hour, minutes) if cue else None


@lru_cache(maxsize=1 << 16)
def _words(text: str, lang: str | None) -> tuple[Mention, ...]:
    text = _normalized(text)
    found: list[Mention] = []
    if lang in ("nl", "de") and _HALF_HOUR.search(text):
        read: dict[int, list[Mention]] = {}
        text = _take(_HALF_HOUR, text, lambda m: found.extend(read[m.start()]),
                     where=lambda m: bool(read.setdefault(m.start(), _half_hour(m, vocabulary(lang)))))
    found += [Mention(values, False) for values in word_numbers(text, vocabulary(lang))]
    if "final" in text.lower():
        found += [Mention(frozenset({_ROUND_PARTS[m.group(1).lower()]}), False) for m in _GERMAN_ROUND.finditer(text)]
    if lang in (None, "th") and _BUDDHIST_SCRIPT.search(text):
        found += [Mention(frozenset({_THAI_UNITS[m.group(1)] * _THAI_SCALES[m.group(2)]}), False)
                  for m in _THAI_COUNT.finditer(text)]
    if lang in (None, "ko") and _HANGUL.search(text):
        found += [Mention(frozenset({value}), False) for value in korean_counted(text)]
    return tuple(found)


def _half_hour(m: re.Match, vocab: Vocabulary) -> list[Mention]:
    """"half drie": the hour before three (2 and 14) and its 30 minutes; nothing where no hour follows "half"."""
    word = m.group(1) or m.group(2)
    hours = {v for values in vocab.lookup(word) for v in values if isinstance(v, int) and 1 <= v <= 12}
    if not hours:
        return []
    return [*(Mention(frozenset({h - 1 or 12, h + 11}), False) for h in hours), Mention(frozenset({30}), False)]


def _take(pattern: re.Pattern, text: str, read, where=None) -> str:
    """Read each match of `pattern` (that `where` accepts), then blank it out so that later readings do not
    count it again."""
    matches = [m for m in pattern.finditer(text) if m.group() and (where is None or where(m))]
    for m in matches:
        read(m)
    for m in reversed(matches):
        text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    return text


def _time(m: re.Match) -> list[Mention]:
    hour, minutes = int(m.group("h")), int(m.group("m") or m.group("cjk_m") or (30 if m.group("half") else 0))
    seconds = int(m.group("s") or 0)                 # "2:13:38" (a race), not "14:30:00"
    if hour > 24 or minutes > 59:                    # "70时", "45:13:38" are no hour: read as written
        return [Mention(frozenset({v}), True) for v in (hour, minutes, seconds) if v]
    return _clock(hour, minutes) + ([Mention(frozenset({seconds}), True)] if seconds else [])


def _clock(hour: int, minutes: int) -> list[Mention]:
    """A time: its hour on either clock (15:30 is 3:30 pm), its minutes unless on the hour; each also as the
    time written as one number (1530 or 330), so that a time written so answers it, while "dos y media"
    still answers "2:30" word by word."""
    hours = {hour, hour % 12, hour % 12 + 12}
    whole = {h * 100 + minutes for h in hours if h}
    found = [Mention(frozenset(hours | whole), True)]
    if minutes:
        found.append(Mention(frozenset({minutes} | whole), True))
    return found


def _era_year(m: re.Match) -> Mention:
    year = m.group(2)
    year = 1 if year == "元" else int(year) if year[0].isdigit() else run_value(year)
    return Mention(frozenset({year, _ERAS[m.group(1)] + year}), True)


def _buddhist_years(values: frozenset[int | float | str], buddhist: bool) -> frozenset[int | float | str]:
    """In Thai or Lao text a number that may be a Buddhist Era year (2400-2700) may also be the Gregorian one."""
    if not buddhist:
        return values
    return values | {v - _BUDDHIST_ERA for v in values if isinstance(v, int) and v in _BUDDHIST_YEARS}


def _cjk_pair(m: re.Match) -> list[Mention]:
    """"2、3": about two or three ("two or three", "a couple", "a few"), or a list of two numbers."""
    a, b = int(m.group(1)), int(m.group(2))
    if b == a + 1:
        return [Mention(frozenset({a, b, APPROXIMATE}), True)]
    return [Mention(frozenset({a}), True), Mention(frozenset({b}), True)]


def _cjk(text: str, m: re.Match) -> list[Mention]:
    read = read_run(text, m)
    return [] if read is None else [Mention(frozenset({read[0], *colloquial(m.group())}), read[1])]


def _range_head(m: re.Match) -> Mention:
    """The first number of a range whose scale follows the second ("600-700万卢布": 6 to 7 million)."""
    value = float(m.group(1))
    return Mention(frozenset({_exact(value), _exact(value * CJK_SCALES[m.group(2)])}), True)


def _group_values(group: str, scales: frozenset[int]) -> frozenset[int | float | str]:
    """A digit group as the numbers it may be (separators differ between languages: 250.000 / 250,000, 3,5 /
    3.5, but 3,5 is never 35), and, before a scale word ("1.5 million", "12 bis 16 Tausend"), also the number
    it scales to."""
    digits = re.sub(r"\D", "", group)
    if len(digits) > _MAX_DIGITS:
        return frozenset({digits})
    readings = _readings(group)
    return frozenset({_exact(v) for v in readings} | {round(v * s) for v in readings for s in scales})


def _readings(group: str) -> set[int | float]:
    """'1,5' and '1.5' read 1.5; '1 500' and '250.000,00' read 1500 and 250000; '1,500' and '44.069' read either
    (thousands or decimals), but '10.000' only ten thousand. A whole reading is an int: a float would make
    two 17-digit codes one number."""
    parts = re.split(r"[.,\u00a0\u202f ]", group)
    whole = int("".join(parts))
    if len(parts) == 1:
        return {whole}
    decimal = float("".join(parts[:-1]) + "." + parts[-1])
    if len(parts[-1]) != 3:
        return {decimal}
    thousands_only = len(parts) > 2 or group[len(group) - 4] not in ".," or parts[-1] == "000"
    return {whole} if thousands_only else {whole, decimal}


def _exact(value: int | float) -> int | float:
    """An integral reading as an int, as every other reading of a whole number is."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _scale_after(text: str, end: int, vocab: Vocabulary) -> frozenset[int]:
    """The scale word after a number, or after the range it opens; empty if none."""
    rest = text[end:end + 40]
    after_range = _RANGE.match(rest)
    for after in (rest, rest[after_range.end():] if after_range else ""):
        word = SCALE_WORD.match(after.lstrip())
        if word and (scale := vocab.scale(word.group())):
            return scale
    return frozenset()


def _roman(numeral: str) -> int:
    total = 0
    for ch, nxt in zip(numeral, numeral[1:] + " "):
        value = _ROMAN_VALUES[ch]
        total += -value if _ROMAN_VALUES.get(nxt, 0) > value else value
    return total
