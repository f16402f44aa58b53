"""Arabic: alef forms and alef maqsura fold together, vowel marks (tashkīl) and the tatweel are
ignored inside words, and one-word terms match with their proclitics and enclitics (خمر in والخمر,
كلب in كلبك)."""

from __future__ import annotations

from . import LanguageProfile

PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ول", "وب")
ENCLITICS = ("", "ك", "ه", "ها", "ي", "نا", "كم", "هم")
MARKS = (*range(0x064B, 0x0660), 0x0670, 0x0640)  # tashkil, superscript alef, tatweel


def clitic_forms(term: str) -> list[str]:
    """A one-word term with the proclitics (و، ف، ب، ل، ال …) and, without the article, the
    possessive enclitics (ـك، ـه، ـها …) that attach to it. A phrase takes the conjunctions و and ف
    on its first word."""
    if not term:
        return [term]
    if " " in term:  # ولحم الخنزير
        return [term, "و" + term, "ف" + term]
    bare = term[2:] if term.startswith("ال") and len(term) > 3 else term
    forms = {prefix + bare for prefix in PROCLITICS}
    forms |= {
        prefix + bare + suffix for prefix in ("", "و", "ف", "ب", "ل") for suffix in ENCLITICS if not bare.endswith("ة")
    }
    return sorted(forms | {term})


PROFILE = LanguageProfile(
    "ar",
    latin_script=False,
    # alef with hamza or madda and alef maqsura are written interchangeably in copy
    fold_chars={"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي"},
    ignore_chars=MARKS,
    term_forms=clitic_forms,
)
