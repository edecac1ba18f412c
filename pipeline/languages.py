"""Language codes: ISO 639-1, 639-3 and BCP 47 forms all name the same language."""

from functools import lru_cache

import langcodes

from pipeline.errors import BitextError


@lru_cache(maxsize=4096)
def normalize_lang(code: str) -> str:
    """Canonical code for a language: the shortest ISO 639 form, macrolanguage folded.

    `fr`, `fra`, `fre` and `fra_Latn` give `fr`; `cmn` and `zho_Hans` give `zh`.
    The canonical form is what fastText's lid.176 labels use, so labels compare directly.
    """
    raw = code.strip().replace("_", "-")
    if not raw or not langcodes.tag_is_valid(raw):
        raise BitextError(f"unknown language code {code!r} (use ISO 639-1 like 'fr' or 639-3 like 'fra')")
    return langcodes.Language.get(langcodes.standardize_tag(raw, macro=True)).language


def parse_pair(pair: str) -> tuple[str, str]:
    """`de-en`, `deu-eng` or `deu_Latn-eng_Latn` to a pair of canonical codes."""
    parts = pair.split("-")
    if len(parts) != 2:
        raise BitextError(f"language pair {pair!r} must look like 'de-en'")
    src, tgt = (normalize_lang(p) for p in parts)
    if src == tgt:
        raise BitextError(f"language pair {pair!r} names the same language twice")
    return src, tgt
