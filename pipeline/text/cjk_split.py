"""Sentence ends in Chinese and Japanese, written without spaces: 。！？ (and their half-width forms; not
an ellipsis, a pause inside a sentence there), with any closing quotes or brackets after them. ASCII !
and ? end a sentence only before a space: in Chinese text a bare "?" is as often a mangled name dot
(斯蒂芬?米勒).

Like the rules for spaced scripts, a quoted passage of several sentences is split, and a closing
quote stays with the sentence it closes. It is not an end where the sentence goes on after the quote:
a comma or colon follows (“……。”，他说), or, in Japanese, a particle (「……。」と言った).
"""

import regex

_END = regex.compile(r"(?:[。！？｡]+[!?]*|[!?]+(?=\s|$))[」』”’）)】〕\"'\p{Pf}]*")
_STOPS = frozenset("。！？!?｡")
_GOES_ON = frozenset("，、,：:；;）)」』”’》〉")        # 》〉: a title (《……？》) goes on
_HIRAGANA = regex.compile(r"\p{Hiragana}")


def split_cjk(text: str, lang: str) -> list[str]:
    """Sentences of one paragraph (stripped, in order)."""
    out, start = [], 0
    for m in _END.finditer(text):
        nxt = text[m.end():m.end() + 1]
        if not nxt or nxt in _GOES_ON:
            continue
        quoted = m.group()[-1] not in _STOPS
        if quoted and lang == "ja" and _HIRAGANA.match(nxt):
            continue
        out.append(text[start:m.end()].strip())
        start = m.end()
    tail = text[start:]
    if out and tail.strip() and not any(ch.isalnum() for ch in tail):
        out[-1] = (out[-1] + tail).strip()          # a stray mark at the end ("……的。“") is no sentence
    else:
        out.append(tail.strip())
    return [s for s in out if s]
