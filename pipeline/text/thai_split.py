"""Thai sentences: PyThaiNLP's CRF sentence model (crfcut) read with Thai grammar.

Thai writes no full stop and puts spaces between phrases as well as between sentences. crfcut weighs the
words around each space, but it learned from TED talks, where "and", "which" and "by" open new sentences;
in written text they continue one, and its cuts there split a translated sentence into fragments. So a
space is a sentence end where crfcut gives it at least `THRESHOLD` and Thai grammar allows one: never
before a word that continues a clause (`CONTINUES`), never after one that needs what follows (`DANGLES`)
or a number (`COUNTS`: "percent", "about"), never one that leaves a piece of fewer than `MIN_WORDS`
words, or a subordinate clause alone ("เมื่อวันจันทร์ที่ผ่านมา", "last Monday", opens the sentence after
it). A word ending in . ! ? before a space ends a sentence, unless it is an abbreviation. Measured in
`benchmarks/thai_split.py`.

The model and the word list ship inside the pythainlp wheel, so it works offline; they load on first use.
"""

import re
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate

THRESHOLD = 0.25
POSSIBLE = 0.05               # the probability an end the alignment shows needs (`possible_ends`)
MIN_WORDS = 5
# "which", "and", "by", "causing", "so that", "hence", "that", "of", "or", "with", "to", "including",
# "namely", "such as", "as well as", "until", "is" (a list subject, then its verb: "อาชญากรรม การย้ายถิ่นฐาน
# และค่าครองชีพ เป็นประเด็นหลัก")
CONTINUES = frozenset("ซึ่ง และ โดย ทำให้ เพื่อ จึง ว่า ของ หรือ กับ แก่ รวมถึง รวมทั้ง ได้แก่ เช่น ตลอดจน จนถึง "
                      "เป็น คือ ๆ ครับ ค่ะ กล่าวว่า".split())
# "that", "which", "and", "or", "of", "in", "from", "by", "with", "to", "in order to", "is", "will",
# "when", "between", "according to", "towards", "until", "since", "such as", "namely", "said that" (the tokenizer
# reads "กล่าวว่า" as one word: 'ผู้ว่าฯ กล่าวว่า “...”', 'the governor said, "..."', neither ends nor opens a sentence)
DANGLES = frozenset("ว่า ที่ ซึ่ง และ หรือ ของ ใน จาก โดย กับ แก่ เพื่อ คือ จะ เมื่อ ระหว่าง ตาม สู่ ถึง ตั้งแต่ "
                    "เช่น ได้แก่ กล่าวว่า".split())
# A piece of one phrase opening with a subordinating word is a clause without its main clause, not a sentence:
# "if", "when", "since", "besides" open the sentence that follows ("หากท่านตั้งใจจะพักแรม ท่านจะต้องลงทะเบียน", "if you
# plan to camp, you must register"); "because", "especially", "while", "until" close the one before; "after",
# "before", "from", "during", "although" do either ("แม้จะมีความพยายามเหล่านี้ ผู้เชี่ยวชาญ...", "despite these
# efforts, experts..."; "..., although steep hills can be tiring"), so the weaker of the two cuts beside them goes.
LEADS = frozenset("หาก ถ้า เมื่อ นับตั้งแต่ นอกจาก".split())
TRAILS = frozenset("เนื่องจาก เพราะ โดยเฉพาะ ขณะที่ ในขณะที่ จนกระทั่ง".split())
EITHER = frozenset("หลังจาก หลัง ก่อน ก่อนที่ ก่อนที่จะ ตั้งแต่ ระหว่าง ระหว่างที่ แม้ แม้ว่า".split())
# "however", "moreover", "in this regard", "meanwhile", "later", "today", "for this reason", "previously",
# "most recently": words that open a sentence of written Thai (a space before one is a sentence end
# crfcut, which learned from talks, often gives a low probability)
OPENS_SENTENCE = frozenset("อย่างไรก็ตาม นอกจากนี้ ทั้งนี้ ขณะเดียวกัน ในขณะเดียวกัน ต่อมา ปัจจุบัน ด้วยเหตุนี้ "
                           "ก่อนหน้านี้ อนึ่ง ล่าสุด".split())
# "said", "stated", "revealed", "told", "explained", "announced": the last word of an attribution, which ends
# the sentence of the quotation before it ('"…" ดร.อนันต์ หัวหน้าแผนงาน กล่าว', '"…," said Dr Anan')
SAYS = frozenset("กล่าว ระบุ เผย บอก ชี้แจง แถลง".split())
# "percent", "about", "some", "aged", "a number of", "more than", "almost", "year", "time", "number",
# "article", "section": words a number follows in the same phrase ("ลดลงร้อยละ 3.2", "fell 3.2 percent")
COUNTS = frozenset("ร้อยละ ประมาณ ราว อายุ จำนวน กว่า เกือบ ปี เวลา หมายเลข ข้อ มาตรา".split())
_OPENING_QUOTES = ('"', "“", "«")
_QUOTED_CHUNKS = 8               # phrases a quotation held whole may have
_CUE = 0.5                       # the probability of an end before a word that opens sentences, at least
_CLOSING_QUOTE = re.compile(r"[\"'”’»]\W*$")
_ATTRIBUTION_CHUNKS = 8          # phrases between a quotation and the word that says who said it (a number is one)
_ENDS = (".", "!", "?")
# One to three Thai letters and a period: an abbreviation ("ม.ค." January, "พ.ศ." Buddhist Era, "ดร." Dr.,
# "น." o'clock), never a sentence end; a longer word with a period ends a sentence of web text that
# borrows the full stop.
_ABBREVIATION = re.compile(r"(?:^|[./])[\u0e01-\u0e4e]{1,3}\.$")      # also "กม./ชม." (km/h)
# A phrase of abbreviations alone after a number is its unit ("37.5 มคก./ลบ.ม.", µg/m³; "18.5 กม.", "06.00 น."), which
# crfcut may take for a sentence's opening (0.95 before "มคก."); a title runs into its name ("ผศ.ดร.ปิยะพงษ์").
_UNIT = re.compile(r"(?:[\u0e01-\u0e4e]{1,4}\.)+(?:/(?:[\u0e01-\u0e4e]{1,4}\.)+)*")


_TAGGER = threading.Lock()


@cache
def _model():
    """pythainlp's word tokenizer, and crfcut's features and tagger (not public: pythainlp is pinned below 6, and
    the tests split Thai with them)."""
    from pythainlp.tokenize import crfcut, word_tokenize  # heavy (the CRF model): only when Thai is split
    return word_tokenize, crfcut._extract_features, crfcut._tagger


def split_thai(text: str) -> list[str]:
    """Sentences of one Thai paragraph (stripped, in order)."""
    tokens = _model()[0](text)
    pieces, start = [], 0
    for cut in _cuts(tokens):
        pieces.append("".join(tokens[start:cut + 1]))
        start = cut + 1
    pieces.append("".join(tokens[start:]))
    return [s for s in (p.strip() for p in pieces) if s]


def _cuts(tokens: list[str]) -> list[int]:
    """Token indices a sentence ends at: crfcut's likely ends that grammar allows, no piece too short."""
    words = [i for i, t in enumerate(tokens) if t.strip()]
    return [c.token for c in _repaired(_candidates(tokens, words, THRESHOLD), words, tokens)] if words else []


def _candidates(tokens: list[str], words: list[int], threshold: float, abbreviations: bool = False) -> list["_Cut"]:
    """The spaces grammar allows a sentence end at whose probability is at least `threshold` (read with the
    cues below); after an abbreviation only with `abbreviations`, and then wherever grammar allows one and no
    number follows (a date or an era and its year: "15 ม.ค. 2567", "ค.ศ. 79"); an end after . ! ? always."""
    probability = _end_probabilities(tokens)
    chunks = _chunks(tokens, words)
    attributed, said = _attributions(chunks, tokens)
    held = _inside_quotations(chunks) | attributed
    cuts = []
    for c, (n, i, text) in enumerate(chunks[:-1]):
        abbreviation = bool(_ABBREVIATION.search(text))
        if (abbreviation and not abbreviations) or c in held or _unit_follows(text, chunks[c + 1][2]):
            continue
        stop = text.endswith(_ENDS) and not abbreviation
        following = tokens[words[n + 1]]
        p = 1.0 if c in said else probability[i + 1]
        if following in OPENS_SENTENCE or following[:1] in _OPENING_QUOTES:
            p = max(p, _CUE)
        if abbreviation:       # crfcut learned from talks without periods: after one its probability says little
            p = 0.0 if following[:1].isdigit() else 1.0
        if stop or (p >= threshold and _grammar_allows(tokens[i], following)):
            cuts.append(_Cut(n, i + 1, p, stop))
    return cuts


def _unit_follows(text: str, following: str) -> bool:
    """Whether the phrase `following` is the unit of the number `text` ends with."""
    return text[-1:].isdigit() and bool(_UNIT.fullmatch(following))


def _grammar_allows(last: str, following: str) -> bool:
    """Whether a sentence may end after the word `last` when `following` opens the next phrase."""
    counted = last in COUNTS and following[:1].isdigit()
    return last not in DANGLES and following not in CONTINUES and not counted


def end_allowed(before: str, after: str) -> bool:
    """Whether Thai grammar allows a sentence end at the space between two phrases (space-separated runs of
    words), as the splitter's rules read it: for a cut the alignment moves (`pipeline/mining/recut.py`), which
    would otherwise open a sentence with "ซึ่ง" ("which") where muse scores it a little higher, or with the unit
    of the number before it ("18.5 | กม.")."""
    return (bool(before) and bool(after) and not _unit_follows(before, after)
            and _grammar_allows(_edge_tokens(before)[1], _edge_tokens(after)[0]))


@lru_cache(maxsize=65536)
def _edge_tokens(phrase: str) -> tuple[str, str]:
    """A phrase's first and last word, as the splitter's tokenizer reads them."""
    tokens = [t for t in _model()[0](phrase) if t.strip()] or [phrase]
    return tokens[0], tokens[-1]


def possible_ends(text: str) -> list[tuple[int, int]]:
    """The ends a sentence within `text` may have, as (character offset, words before it): each space where
    grammar allows one and crfcut gives at least `POSSIBLE` (a fifth of what the splitter needs), and after an
    abbreviation where grammar allows one and no number follows ("...ที่ความลึก 18.5 กม. ผู้เสียชีวิต...", "...at a
    depth of 18.5 km. Most of the deaths..."; "...หลังเวลา 15:00 น. ผู้มาเยือน...", "...after 15:00. Foreign
    visitors..."); then the text's own end. For an alignment that shows two sentences the splitter left joined
    (`pipeline/mining/resplit.py`); a clause crfcut sees no end before ("...ราว 5% โดยส่วนใหญ่มาจาก...", "about
    5%, mostly from...": 0.02) stays joined. The rules that judge a piece, not a place (`LEADS`, `TRAILS`,
    `EITHER`, `MIN_WORDS`), are the caller's: there the alignment judges the parts. Words as `MIN_WORDS` counts
    them."""
    tokens = _model()[0](text)
    words = [i for i, t in enumerate(tokens) if t.strip()]
    if not words:
        return [(len(text), 0)]
    offsets = list(accumulate(len(t) for t in tokens))
    inner = [(offsets[c.token - 1], _word_count(tokens, words, 0, c.word))
             for c in _candidates(tokens, words, POSSIBLE, abbreviations=True)]
    return inner + [(len(text), _word_count(tokens, words, 0, len(words) - 1))]


def _chunks(tokens: list[str], words: list[int]) -> list[tuple[int, int, str]]:
    """The runs of words between spaces: (its last word's number, that word's token index, its text)."""
    out, start = [], 0
    for n, i in enumerate(words):
        if i + 1 == len(tokens) or tokens[i + 1].isspace():
            out.append((n, i, "".join(tokens[words[start]:i + 1])))
            start = n + 1
    return out


def _inside_quotations(chunks: list[tuple[int, int, str]]) -> set[int]:
    """Chunks after which a quotation is still open: its quoted sentence is one sentence of the translation
    ('"ไม่มีใครอยู่เหนือกฎหมาย ไม่ว่าจะมีอำนาจมากเพียงใดก็ตาม" ผู้พิพากษา... กล่าว'). Only a quotation that closes
    within `_QUOTED_CHUNKS` chunks: an unbalanced quote holds nothing."""
    inside: set[int] = set()
    for c, (_, _, text) in enumerate(chunks):
        if text[:1] in _OPENING_QUOTES and not _CLOSING_QUOTE.search(text[1:]):
            close = next((d for d in range(c + 1, min(c + 1 + _QUOTED_CHUNKS, len(chunks)))
                          if _CLOSING_QUOTE.search(chunks[d][2])), None)
            if close is not None:
                inside.update(range(c, close))
    return inside


def _attributions(chunks: list[tuple[int, int, str]], tokens: list[str]) -> tuple[set[int], set[int]]:
    """Chunks after which an attribution is still open, from a closing quotation mark to the first word that
    says who said it ('"…" ฮัสซัน เกษตรกรวัย 54 ปี ... 4 คน กล่าว', '"…," said Hassan, a 54-year-old farmer who...':
    crfcut ends a sentence after the name); and the chunks ending in such a word, after which the sentence of
    the quotation ends. Both within `_ATTRIBUTION_CHUNKS` phrases of the quotation mark."""
    inside: set[int] = set()
    said: set[int] = set()
    for q, (_, _, text) in enumerate(chunks):
        if _CLOSING_QUOTE.search(text):
            says = [d for d in range(q + 1, min(q + 1 + _ATTRIBUTION_CHUNKS, len(chunks)))
                    if tokens[chunks[d][1]] in SAYS]
            if says:
                inside.update(range(q, says[0]))
                said.update(says)
    return inside, said


@dataclass(frozen=True)
class _Cut:
    word: int              # the last word of the sentence it ends (index into the paragraph's words)
    token: int             # the space it is at
    probability: float
    stop: bool             # after . ! ?: always stays


def _repaired(cuts: list[_Cut], words: list[int], tokens: list[str]) -> list[_Cut]:
    """Cuts without pieces that are no sentence: one of fewer than MIN_WORDS words (the weaker cut beside it
    goes), a subordinate clause alone (joined to the sentence it opens or closes), or who said the quotation
    before it ('"…" ดร.เอเลนา โมราเลส หัวหน้าคณะนักวิจัยกล่าว', '"…," said the lead researcher'). One pass, a
    step back after each removal (the piece before may now be whole): linear in the paragraph."""
    cuts, k = list(cuts), 0
    while k <= len(cuts):
        side = _weak_side(k, cuts, words, tokens)
        if side:
            del cuts[min(side, key=lambda j: cuts[j].probability)]
            k = max(k - 1, 0)
        else:
            k += 1
    return cuts


def _weak_side(k: int, cuts: list[_Cut], words: list[int], tokens: list[str]) -> list[int]:
    """The cuts (their positions in `cuts`) one of which must go for piece k to be a sentence; none if it is."""
    first = cuts[k - 1].word + 1 if k else 0
    last = cuts[k].word if k < len(cuts) else len(words) - 1
    before = [k - 1] if k and not cuts[k - 1].stop else []
    after = [k] if k < len(cuts) and not cuts[k].stop else []
    opener = tokens[words[first]] if _one_phrase(tokens, words, first, last) else ""
    if k and tokens[words[last]] in SAYS and _CLOSING_QUOTE.search(tokens[words[first - 1]]):
        return before
    if opener in LEADS:
        return after or before
    if opener in TRAILS:
        return before or after
    if opener in EITHER or _word_count(tokens, words, first, last) < MIN_WORDS:
        return before + after
    return []


def word_count(text: str) -> int:
    """Words in a text as `MIN_WORDS` counts them (the tokenizer alone: no crfcut)."""
    tokens = _model()[0](text)
    words = [i for i, t in enumerate(tokens) if t.strip()]
    return _word_count(tokens, words, 0, len(words) - 1) if words else 0


def _word_count(tokens: list[str], words: list[int], first: int, last: int) -> int:
    """Words first..last that hold a letter or digit: quotation marks and brackets are no words ('“ปีที่ไร้ฤดูร้อน”',
    "the year without a summer", is four words and the object of the sentence before it)."""
    return sum(any(ch.isalnum() for ch in tokens[i]) for i in words[first:last + 1])


def _one_phrase(tokens: list[str], words: list[int], first: int, last: int) -> bool:
    """Whether words first..last have no space between them."""
    return not any(t.isspace() for t in tokens[words[first]:words[last] + 1])


def _end_probabilities(tokens: list[str]) -> list[float]:
    """crfcut's marginal probability that each token ends a sentence (one tagger, held by one thread at a
    time: shard units run on threads)."""
    _, features, tagger = _model()
    with _TAGGER:
        tagger.set(features(tokens))
        return [tagger.marginal("E", i) for i in range(len(tokens))]
