"""Chinese, Japanese and Korean numbers: 三 3, 十九 19, 二〇一九 2019, 五点二亿 520000000, 3万 30000, 2万5千 25000.

Digits with a CJK scale ("1.6亿", "3万") are firm, as digits always are. Numerals alone are firm when they
are a number for sure (with a unit: 十九, 三百; three numerals or more: 二〇一八; one before a counter:
三天, 九月, 十架), soft otherwise: 一 is also the article, two numerals are often a guess (一两个 "one or
two", 三四天), 数十 is "dozens", a weekday is a name (周二起 "from Tuesday"), and numerals sit inside words and
names (十分 "very", 四川, 九三学社).
"""

import math
import re

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "千": 1000, "천": 1000, "백": 100}      # Korean "5천1백만": 51 million
SCALES = {"万": 10**4, "萬": 10**4, "億": 10**8, "亿": 10**8, "兆": 10**12, "만": 10**4, "억": 10**8, "조": 10**12}
_HANGUL = set("천백만억조")
_SOME = set("数數几幾何")
_WEEK = set("周週期拜")         # the day of the week follows: 周二, 星期二, 礼拜二
_D = "".join(_DIGITS)
_UNIT = "[" + "".join(_UNITS) + "".join(SCALES) + "]"
_DIGIT_RUN = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"          # "1,200万" is 12 million
_NUM = rf"(?:(?:{_DIGIT_RUN})(?:\s(?![{''.join(_HANGUL)}]))?|[{_D}]+(?:点[{_D}]+)?)"    # "5 亿", not "19 백신"
# a run with a unit ("十九", "3万", "五点二亿"; from a number on, Korean "1조 2천억" and "3만 5천" with a space
# between groups, not "노조 3만"), or numerals alone ("二〇一九", "三")
_GROUPS = rf"{_NUM}{_UNIT}(?:{_NUM}?{_UNIT})*"
RUN = re.compile(rf"{_GROUPS}(?:\s{_GROUPS})*{_NUM}?|(?:{_NUM}?{_UNIT})+{_NUM}?|[{_D}]+(?:点[{_D}]+)?")
_TOKEN = re.compile(rf"{_DIGIT_RUN}|[{_D}]+(?:点[{_D}]+)?|{_UNIT}")
_COUNTERS = set("年月日号號時时点個个人次届屆歳岁倍天週周期名位家件%％"
                "架辆輛台只隻条條张張本项項种種座起例场場米元块塊公")


def read_run(text: str, m: re.Match) -> tuple[int | float, bool] | None:
    """(value, firm) of a CJK run found by RUN, or None where it is no number (Hangul units without digits)."""
    run = m.group()
    has_digits = any(ch.isdigit() and ch.isascii() for ch in run)
    if not has_digits and (any(ch in _HANGUL for ch in run) or not any(ch in _DIGITS or ch == "十" for ch in run)):
        return None      # 百度, 千万 ("by all means"): units alone are words; 十 alone is ten
    value = run_value(run)
    if value is None:
        return None
    nxt, before = text[m.end():m.end() + 1], text[max(m.start() - 1, 0):m.start()]
    if before in _SOME and not has_digits:
        return value, False    # 数十 / 几十 / 何十: "dozens", "tens of", not ten
    if before in _WEEK and len(run) == 1:
        return value, False    # 周二 / 星期二 / 礼拜二: Tuesday, a number in no translation
    numerals = sum(ch in _DIGITS for ch in run)
    with_unit = numerals < len(run)
    firm = has_digits or (set(run) != {"一"} and ((with_unit and len(run) > 1) or numerals >= 3
                                                  or (len(run) == 1 and nxt in _COUNTERS)))
    return value, firm


def colloquial(run: str) -> set[int]:
    """Chinese drops the unit after a numeral that ends a run ("一百二" 120, "三千五" 3500, "两万三" 23000);
    read literally they are 102, 3005, 20003 (as Japanese reads 百二), so this is a second reading."""
    dropped = {"百": 100, "千": 1000, "万": 10**4, "萬": 10**4}
    if len(run) < 2 or run[-1] not in _DIGITS or run[-2] not in dropped or any(c.isdigit() for c in run):
        return set()
    value, unit = run_value(run), dropped[run[-2]]
    return set() if not isinstance(value, int) else {value + _DIGITS[run[-1]] * (unit // 10 - 1)}


def run_value(run: str) -> int | float | None:
    """The run's value ("六点一" 6.1, "1.2万亿" 1.2 trillion: a scale right after a smaller one multiplies it);
    None for a run too long for a float (hundreds of numerals: no quantity)."""
    total, section, num, last_scale = 0.0, 0.0, None, 0
    for token in _TOKEN.findall(run):
        if token in _UNITS:
            section += (1 if num is None else num) * _UNITS[token]
            num = None
        elif token in SCALES:
            scale = SCALES[token]
            if section == 0 and num is None and 0 < last_scale < scale:
                total *= scale
            else:
                total += ((section + (num or 0)) or 1) * scale
            section, num, last_scale = 0.0, None, scale
        else:
            num = _number(token)
    value = total + section + (num or 0)
    if not math.isfinite(value):
        return None
    # 1.07兆 is 1070000000000.0001 in floats: whole within a relative tolerance
    return round(value) if abs(value - round(value)) <= 1e-9 * max(1.0, abs(value)) else value


def _number(token: str) -> float:
    if token[0].isdigit():
        return float(token.replace(",", ""))
    whole, _, frac = token.partition("点")
    digits = "".join(str(_DIGITS[ch]) for ch in whole)
    return float(digits + ("." + "".join(str(_DIGITS[ch]) for ch in frac) if frac else ""))
