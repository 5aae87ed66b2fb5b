"""Names of the published briefing pages, shared by the build and by briefings that link to
each other (a briefing never imports :mod:`analysis.site`).

A briefing that runs for each plan is published as ``<briefing>-<plan_id>-<lang>``; one that
is about no single plan (the comparison of plans) as ``<briefing>-<lang>``. A parameter set's
``suffix`` and a command-line variant's token follow the language. Names are ASCII: briefing
slugs and suffixes are words of ``[a-z0-9]`` joined by single hyphens, at most
:data:`MAX_WORD_LENGTH` characters (:func:`is_slug`), plan_ids ``[a-z0-9_]`` (the plan_id is
kept as it is, so a page name says which plan folder it comes from). A page name is a file
name in ``reports/`` and lands in links, so :func:`page_name` refuses any other character.
"""

from __future__ import annotations

import re
from urllib.parse import quote

__all__ = ["MAX_WORD_LENGTH", "SLUG_RULE", "is_slug", "page_name", "source_page"]

#: The longest briefing slug or suffix: page names stay short file names.
MAX_WORD_LENGTH = 60
#: A briefing slug or a parameter set's suffix, in words (for messages).
SLUG_RULE = (
    "words of lowercase ASCII letters and digits joined by single hyphens "
    f"(usd, plan-comparison), at most {MAX_WORD_LENGTH} characters"
)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: Every part of a page name: a slug, a plan_id, a language, a suffix or a variant token.
_PART = re.compile(r"[a-z0-9_]+(?:-[a-z0-9_]+)*")


def is_slug(value: object) -> bool:
    """Whether ``value`` is a valid briefing slug or parameter-set suffix (:data:`SLUG_RULE`).

    Examples
    --------
    >>> is_slug("plan-comparison"), is_slug("../x"), is_slug("X"), is_slug("a--b"), is_slug(1)
    (True, False, False, False, False)
    """
    return (
        isinstance(value, str)
        and len(value) <= MAX_WORD_LENGTH
        and _SLUG.fullmatch(value) is not None
    )


def page_name(briefing: str, plan: str, lang: str, suffix: str = "") -> str:
    """The name of a briefing page (its file is ``reports/<name>.html``).

    Parameters
    ----------
    briefing : str
        The briefing's slug in ``briefings.yml`` (``overview``).
    plan : str
        The plan_id, or ``""`` for a briefing about no single plan.
    lang : str
        The page's language.
    suffix : str, optional
        What tells apart several pages of one briefing, plan and language.

    Raises
    ------
    ValueError
        If a part holds anything but ``[a-z0-9_]`` words joined by single hyphens (a name
        must never leave ``reports/`` nor carry markup).

    Examples
    --------
    >>> page_name("overview", "incheon_nd_2020", "en")
    'overview-incheon_nd_2020-en'
    >>> page_name("plan-comparison", "", "ko", "usd")
    'plan-comparison-ko-usd'
    >>> page_name("../../x", "", "en")
    Traceback (most recent call last):
    ...
    ValueError: page name part '../../x' is not made of [a-z0-9_] words joined by hyphens
    """
    parts = [part for part in (briefing, plan, lang, suffix) if part]
    for part in parts:
        if not (isinstance(part, str) and _PART.fullmatch(part)):
            raise ValueError(
                f"page name part {part!r} is not made of [a-z0-9_] words joined by hyphens"
            )
    return "-".join(parts)


def source_page(plan_id: str, source_id: str) -> str:
    """Where the site ships the text of one source of a plan, relative to ``reports/`` (its
    paragraph n is the anchor ``#p-<n>``); a source_id is an identifier within its plan.

    Examples
    --------
    >>> source_page("p1", "press_2020")
    'sources/p1/press_2020.html'
    """
    return f"sources/{quote(str(plan_id))}/{quote(str(source_id))}.html"
