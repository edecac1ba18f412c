"""Number words num2words does not spell, in languages whose news writes them beside digits.

Korean counts people, things and years of age with its native numerals ("세 명" three people, "스무 살"
twenty years old, "열두 개" twelve things), which num2words does not spell (it spells the Sino-Korean ones:
삼, 이십). Arabic and Polish inflect their numbers for case (and Arabic for gender: "ثلاث سنوات" three
years, "عشرين" twenty; "dziesięciu", of ten), and num2words spells one form each.
"""

import re

_KOREAN_UNITS = {1: ("하나", "한"), 2: ("둘", "두"), 3: ("셋", "세", "석"), 4: ("넷", "네", "넉"), 5: ("다섯",),
                 6: ("여섯",), 7: ("일곱",), 8: ("여덟",), 9: ("아홉",)}
# One-syllable forms that are also other words ("한" did, "네" yes, "세" tax, "열" open): numbers only
# before a counter ("세 명" three people, "한 달" a month, "열 번" ten times).
_KOREAN_AMBIGUOUS = {"한": 1, "두": 2, "세": 3, "석": 3, "네": 4, "넉": 4, "열": 10}
_KOREAN_COUNTED = re.compile(rf"(?<![가-힣])({'|'.join(_KOREAN_AMBIGUOUS)})\s?"
                             r"(?=명|개|살|번|마리|권|대|가지|차례|곳|시간|시|달|주|잔|척|채|군데|배|병|편|장|벌|켤레|분|해|사람)")
_KOREAN_TENS = {10: ("열",), 20: ("스물", "스무"), 30: ("서른",), 40: ("마흔",), 50: ("쉰",), 60: ("예순",),
                70: ("일흔",), 80: ("여든",), 90: ("아흔",)}
# Forms besides the one num2words spells: feminine or masculine, and the -ين case of the tens; not "ست"
# (also "lady") or "سبع" (also "lion").
_ARABIC = {1: ("واحدة",), 2: ("اثنين", "اثنتان", "اثنتين", "اثنا", "اثنتا", "اثني", "اثنتي"), 3: ("ثلاث",),
           4: ("أربع", "أربعة"),
           5: ("خمس", "خمسة"), 6: ("ستة",), 7: ("سبعة",), 8: ("ثماني", "ثمان"), 9: ("تسع", "تسعة"),
           10: ("عشر",), 20: ("عشرين",), 30: ("ثلاثين",), 40: ("أربعين",), 50: ("خمسين",), 60: ("ستين",),
           70: ("سبعين",), 80: ("ثمانين",), 90: ("تسعين",), 100: ("مئة",),
           200: ("مئتان", "مئتين", "مئتي", "مئتا", "مائتان", "مائتين", "مائتي"),   # and the hundreds spelled with مئة
           **{h * 100: (f"{stem}مئة",) for h, stem in ((3, "ثلاث"), (4, "أربع"), (5, "خمس"), (6, "ست"), (7, "سبع"),
                                                        (8, "ثمان"), (9, "تسع"))},
           2000: ("ألفي", "ألفين"), 2_000_000: ("مليوني", "مليونين")}     # the dual: two thousand, two million
# Decades ("ستينيات القرن العشرين", the sixties of the twentieth century: the 1960s), which answer "the 1960s" as
# "anni Sessanta" does.
_ARABIC_DECADES = {20: "عشرينيات", 30: "ثلاثينيات", 40: "أربعينيات", 50: "خمسينيات", 60: "ستينيات", 70: "سبعينيات",
                   80: "ثمانينيات", 90: "تسعينيات"}

# Polish numerals in the oblique cases ("zginęło dziesięciu górników", ten miners died; "ponad stu osób"),
# which the stems of num2words' nominatives ("dziesięć", "sto") do not reach.
_POLISH = {2: ("dwóch", "dwu", "dwom"), 3: ("trzech", "trzem"), 4: ("czterech", "czterem"), 5: ("pięciu",),
           6: ("sześciu",), 7: ("siedmiu",), 8: ("ośmiu",), 9: ("dziewięciu",), 10: ("dziesięciu",),
           11: ("jedenastu",), 12: ("dwunastu",), 13: ("trzynastu",), 14: ("czternastu",), 15: ("piętnastu",),
           16: ("szesnastu",), 17: ("siedemnastu",), 18: ("osiemnastu",), 19: ("dziewiętnastu",), 20: ("dwudziestu",),
           30: ("trzydziestu",), 40: ("czterdziestu",), 50: ("pięćdziesięciu",), 60: ("sześćdziesięciu",),
           70: ("siedemdziesięciu",), 80: ("osiemdziesięciu",), 90: ("dziewięćdziesięciu",),
           100: ("stu",), 200: ("dwustu",), 300: ("trzystu",), 400: ("czterystu",), 500: ("pięciuset",)}


def korean_native() -> dict[str, int]:
    """1-99 as Korean writes them before a counter: "세" 3, "열두" 12, "스물다섯" 25 (a compound is one word)."""
    words = {form: value for table in (_KOREAN_UNITS, _KOREAN_TENS) for value, forms in table.items()
             for form in forms if form not in _KOREAN_AMBIGUOUS}
    for ten, ten_forms in _KOREAN_TENS.items():
        for unit, unit_forms in _KOREAN_UNITS.items():
            for ten_form in ten_forms[:1]:          # "스물다섯": the full form of the ten before a unit
                words.update({ten_form + unit_form: ten + unit for unit_form in unit_forms})
    return words


def korean_counted(text: str) -> list[int]:
    """The one-syllable numerals of `text` that stand before a counter (`_KOREAN_AMBIGUOUS`)."""
    return [_KOREAN_AMBIGUOUS[m.group(1)] for m in _KOREAN_COUNTED.finditer(text)]


def arabic_forms() -> dict[str, int]:
    return {**{form: value for value, forms in _ARABIC.items() for form in forms},
            **{word: value for value, word in _ARABIC_DECADES.items()}}


def polish_oblique() -> dict[str, int]:
    return {form: value for value, forms in _POLISH.items() for form in forms}
