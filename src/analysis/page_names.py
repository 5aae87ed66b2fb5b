"""Names of the published briefing pages, shared by the build and by briefings that link to
each other (a briefing never imports :mod:`analysis.site`).

A briefing that runs for each plan is published as ``<briefing>-<plan_id>-<lang>``; one that
is about no single plan (the comparison of plans) as ``<briefing>-<lang>``. A parameter set's
``suffix`` and a command-line variant's token follow the language. Names are ASCII: briefing
slugs are ``[a-z0-9-]``, plan_ids ``[a-z0-9_]`` (the plan_id is kept as it is, so a page
name says which plan folder it comes from).
"""

from __future__ import annotations

__all__ = ["page_name"]


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

    Examples
    --------
    >>> page_name("overview", "incheon_nd_2020", "en")
    'overview-incheon_nd_2020-en'
    >>> page_name("plan-comparison", "", "ko", "usd")
    'plan-comparison-ko-usd'
    """
    return "-".join(part for part in (briefing, plan, lang, suffix) if part)
