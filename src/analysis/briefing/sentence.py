"""A piece of a briefing's prose in both languages, with the data values it names.

Prose functions (:mod:`analysis.briefing.national_prose`, :mod:`analysis.briefing.jobs_prose`)
return a :class:`Sentence`; the notebook shows it with
``brief.say(s.ko, s.en, **s.values)`` (or ``brief.note``), so names from the tables stay
values, shown literally, never part of the Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Caption", "Sentence", "caption"]


@dataclass(frozen=True)
class Sentence:
    """``(ko, en)`` Markdown templates and the values of their ``{placeholders}``.

    Numbers are already written into the templates (by the one number rule); ``values``
    holds names and other data text, filled in and escaped by
    :func:`analysis.briefing.prose.fill` when the briefing shows the sentence.

    Examples
    --------
    >>> s = Sentence("{who}의 계획.", "{who}'s plan.", {"who": "Uijeongbu"})
    >>> s.en.format(**s.values)
    "Uijeongbu's plan."
    """

    ko: str
    en: str
    values: dict[str, object] = field(default_factory=dict)


#: A chart's caption as keywords of :meth:`analysis.briefing.session.Briefing.figure`.
Caption = dict[str, str]


def caption(ko: str, en: str) -> Caption:
    """``caption_ko`` and ``caption_en`` for ``brief.figure(fig, name, **caption, ...)``.

    Examples
    --------
    >>> caption("분야 구성.", "Sector mix.")
    {'caption_ko': '분야 구성.', 'caption_en': 'Sector mix.'}
    """
    return {"caption_ko": ko, "caption_en": en}
