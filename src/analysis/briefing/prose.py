"""Prose of a briefing: Markdown that cannot carry markup, with data values shown literally.

A briefing's prose is Markdown written in the notebook, but the values it quotes (sector,
project and field names, translations) come from ``data/raw/`` and must be treated as
hostile. Two walls:

* :func:`render_prose` renders Markdown with raw HTML escaped (mistune's ``escape=True``)
  and links restricted to ``http:``, ``https:``, ``mailto:`` and relative URLs
  (``javascript:``, ``data:`` and other schemes become ``#harmful-link``); Markdown images
  become their alt text, since figures come through :meth:`Briefing.figure` only;
* :func:`fill` puts data values into ``{placeholders}`` escaped by :func:`literal`, so that
  a value such as ``**x**`` or ``[x](javascript:alert(1))`` shows as those characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import mistune

from analysis.briefing.labels import sentence_start

__all__ = ["HANGUL_RUN", "fill", "literal", "render_prose"]

# ``**bold**`` is marked before parsing, because CommonMark does not close emphasis between
# punctuation and Hangul (``**56.9%**를``); the marks are private-use characters that
# become <strong> tags after rendering.
_OPEN, _CLOSE = "\ue000", "\ue001"
# Runs of Hangul in data values are marked too, and become <span lang="ko"> (a Korean name
# on an English page is announced as Korean, and the page's own words can be checked apart).
_KO_OPEN, _KO_CLOSE = "\ue002", "\ue003"
_MARKS = str.maketrans("", "", _OPEN + _CLOSE + _KO_OPEN + _KO_CLOSE)
HANGUL_RUN = re.compile(r"[가-힣](?:[가-힣·\s]*[가-힣])?")
_ASCII_PUNCTUATION = r"!-/:-@\[-`{-~"
_ESCAPABLE = re.compile(f"([{_ASCII_PUNCTUATION}])")
_ESCAPE_OR_STRONG = re.compile(f"\\\\[{_ASCII_PUNCTUATION}]|\\*\\*")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(!c)?\}")


class _ProseRenderer(mistune.HTMLRenderer):
    """mistune's HTML renderer with no data URLs and no images."""

    SAFE_PROTOCOLS = ("http:", "https:", "mailto:")
    GOOD_DATA_PROTOCOLS = ()

    def image(self, text: str, url: str, title: str | None = None) -> str:
        return text


_MARKDOWN = mistune.create_markdown(
    escape=True,
    renderer=_ProseRenderer(escape=True),
    plugins=["strikethrough", "footnotes", "table"],
)


def literal(value: object) -> str:
    r"""``value`` as Markdown that shows exactly its characters (on one line).

    Every ASCII punctuation character is backslash-escaped (CommonMark allows that for all
    of them), line breaks become spaces and the private bold marks are dropped.

    Examples
    --------
    >>> literal("[x](javascript:alert(1))")
    '\\[x\\]\\(javascript\\:alert\\(1\\)\\)'
    >>> render_prose(literal("**x** <b>"))
    '<p>**x** &lt;b&gt;</p>\n'
    >>> render_prose("Sector " + literal("Safety (안심)"))
    '<p>Sector Safety (<span lang="ko">안심</span>)</p>\n'
    """
    text = str(value).translate(_MARKS)
    escaped = _ESCAPABLE.sub(r"\\\1", " ".join(text.splitlines()))
    return HANGUL_RUN.sub(lambda m: _KO_OPEN + m[0] + _KO_CLOSE, escaped)


def placeholders(template: str) -> set[str]:
    """The names of the ``{name}`` and ``{name!c}`` placeholders in ``template``.

    Examples
    --------
    >>> sorted(placeholders("{term!c} are {share} of {who}'s plan; {not a name}"))
    ['share', 'term', 'who']
    """
    return {m[1] for m in _PLACEHOLDER.finditer(template)}


def fill(
    template: str, values: Mapping[str, object], escape: Callable[[object], str] = literal
) -> str:
    r"""Put each ``values[name]``, escaped by :func:`literal`, where ``{name}`` stands;
    where ``{name!c}`` stands, the value beginning with a capital as a sentence does
    (:func:`analysis.briefing.labels.sentence_start`, as :func:`~analysis.briefing.labels.text`
    writes it).

    Braces whose name is not in ``values`` are left as they are; inserted values are not
    scanned again.

    Parameters
    ----------
    template : str
        Markdown with ``{name}`` placeholders.
    values : mapping
        Data values by placeholder name.
    escape : callable, default :func:`literal`
        How a value becomes text; ``str`` for plain text that is escaped later.

    Raises
    ------
    KeyError
        If a value is given whose placeholder is not in ``template`` (a misspelt name).

    Examples
    --------
    >>> fill("The largest sector is **{sector}**.", {"sector": "Green*"})
    'The largest sector is **Green\\***.'
    >>> fill("{term!c} are 19.3% of the budget.", {"term": "city funds"})
    'City funds are 19.3% of the budget.'
    """
    unused = set(values) - placeholders(template)
    if unused:
        raise KeyError(f"no placeholder for {', '.join(sorted(unused))} in {template[:60]!r}")

    def put(m: re.Match[str]) -> str:
        if m[1] not in values:
            return m[0]
        value = values[m[1]]
        return escape(sentence_start(str(value)) if m[2] else value)

    return _PLACEHOLDER.sub(put, template)


def _mark_strong(line: str) -> str:
    """Replace unescaped ``**`` pairs on one line by the private bold marks."""
    marks = [m.start() for m in _ESCAPE_OR_STRONG.finditer(line) if m[0] == "**"]
    pairs = [(a, b) for a, b in zip(marks[::2], marks[1::2], strict=False) if b > a + 2]
    for start, end in reversed(pairs):
        line = line[:start] + _OPEN + line[start + 2 : end] + _CLOSE + line[end + 2 :]
    return line


def render_prose(source: str, *, mark_korean: bool = True) -> str:
    r"""Markdown prose -> HTML in which no raw HTML and no unsafe link survives.

    Hangul runs of data values (marked by :func:`literal`) become ``<span lang="ko">``,
    unless ``mark_korean`` is false (a Korean page, whose language is Korean already).

    Examples
    --------
    >>> render_prose("**56.9%**를 <script>x</script> [a](javascript:alert(1))")
    '<p><strong>56.9%</strong>를 &lt;script&gt;x&lt;/script&gt; <a href="#harmful-link">a</a></p>\n'
    """
    marked = "\n".join(_mark_strong(line) for line in source.split("\n"))
    rendered = _MARKDOWN(marked)
    assert isinstance(rendered, str)
    rendered = rendered.replace(_OPEN, "<strong>").replace(_CLOSE, "</strong>")
    if not mark_korean:
        return rendered.replace(_KO_OPEN, "").replace(_KO_CLOSE, "")
    return rendered.replace(_KO_OPEN, '<span lang="ko">').replace(_KO_CLOSE, "</span>")
