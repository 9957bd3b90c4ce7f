"""User text shown literally where Qt would read it as rich text, a mnemonic or a title placeholder.

Qt shows tooltips, and labels left at `Qt.TextFormat.AutoText` (QInputDialog's, QToolTip's), as
HTML as soon as the text looks like it (`Qt.mightBeRichText`): a title such as
`<b>Breaking</b> <img src=x>` would be rendered as markup, and `a &lt; b` as `a < b`.
"""

from __future__ import annotations

import html


def plain(text: str) -> str:
    """Rich text that Qt shows as exactly `text`: escaped, with spaces and line breaks kept."""
    if not text:
        return ""  # an empty string hides a tooltip; "<qt></qt>" would show an empty box
    body = html.escape(text, quote=False).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
    # Always rich (the <qt> tag), so Qt never guesses; pre-wrap keeps runs of spaces and still wraps.
    return f'<qt style="white-space:pre-wrap">{body}</qt>'


def menu_text(text: str) -> str:
    """Text for a QAction or menu entry: `&` shown as itself, not as a shortcut marker."""
    return text.replace("&", "&&")


def window_title(text: str) -> str:
    """Text for setWindowTitle: a literal `[*]` kept, not taken as the modified-marker placeholder."""
    # Qt removes an odd run of "[*]" and turns "[*][*]" into one literal "[*]".
    return text.replace("[*]", "[*][*]")
