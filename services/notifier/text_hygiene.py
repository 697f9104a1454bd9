"""Text hygiene (pure): what we render to Slack or a terminal carries no control characters and no
bidirectional overrides, so a record cannot hide or reorder what an analyst reads.

Only rendering is cleaned; the alert (and its dead letter) keeps the original text.
"""

from __future__ import annotations

import re
from typing import Any

# C0 and C1 controls except the newline we format with; DEL; bidi embeddings, overrides,
# isolates and marks; line/paragraph separators; BOM; interlinear annotation characters.
_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ufeff\ufff9-\ufffb]"
)


def clean_text(text: str) -> str:
    """`text` without control characters (newlines kept) and bidirectional formatting."""
    return _UNSAFE.sub("", text)


def clean_blocks(value: Any) -> Any:
    """Block Kit structures with every `text` string cleaned (button values left as they are)."""
    if isinstance(value, list):
        return [clean_blocks(item) for item in value]
    if isinstance(value, dict):
        return {
            key: clean_text(item) if key == "text" and isinstance(item, str) else clean_blocks(item)
            for key, item in value.items()
        }
    return value
