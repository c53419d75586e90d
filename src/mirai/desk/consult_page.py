"""What the consultation form adds to a survey-style form (mirai.forms.render): the fields
sealed on the phone (message, contact), the rule on who may use the desk, the desk's public
key for seal.js and the panel that shows the case secret after sending."""
from __future__ import annotations

import os
from pathlib import Path

from .eligibility import load_eligibility
from .keys import PUBLIC_KEY_SETTING, load_public_key
from .texts import load_texts

SCRIPTS = ("assets/mirai/seal.js", "assets/mirai/cases.js", "assets/mirai/consult.js")
SCRIPT_KEYS = ("sealing", "seal_failed", "no_key", "case_waiting", "copied")
CHECK_KEYS = ("contact_needed", "code_required", "code_unknown")


def consultation_parts(lang: str) -> dict:
    """Words, config and scripts for the consultation form in `lang`. The public key comes
    from MIRAI_DESK_PUBLIC_KEY (set by `mirai build`); without it the page says the desk
    is not set up and sends nothing."""
    texts = load_texts(lang)["consult"]
    setting = os.environ.get(PUBLIC_KEY_SETTING)
    eligibility = load_eligibility()
    return {
        "texts": texts,
        "eligibility": eligibility,
        "scripts": SCRIPTS,
        "seal": {"key": load_public_key(Path(setting)) if setting else None,
                 "open": eligibility.is_open, "companies": sorted(eligibility.companies),
                 "ui": {key: texts[key] for key in SCRIPT_KEYS}},
        "messages": {key: texts[key] for key in CHECK_KEYS},
    }
