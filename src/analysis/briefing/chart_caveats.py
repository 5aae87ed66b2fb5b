"""Caveats a chart must carry inside its image, derived from the data (never from a plan's ids).

A chart of jobs per budget misleads where a sector's stated jobs could be, for the most
part, the workers of a short public-jobs programme: a bar of "20.73 jobs per 억원" reads as
lasting jobs. :func:`short_programme_caveat` finds such sectors and words the caveat that
:func:`analysis.briefing.charts.finish` draws under the chart (``caveat=``).
"""

from __future__ import annotations

import pandas as pd

from analysis.briefing.labels import text
from analysis.briefing.numbers import format_number, format_share

__all__ = [
    "MIN_SHARE_OF_JOBS",
    "SHORT_MONTHS",
    "short_programme_caveat",
    "short_programmes",
    "workers_approximate",
    "workers_as_announced",
]

#: A public-jobs programme running at most this many months is short (under a year's work).
SHORT_MONTHS = 12
#: Share of a sector's stated jobs that a programme's workers must reach to drive its bar.
MIN_SHARE_OF_JOBS = 0.5


def workers_as_announced(programme: pd.Series, lang: str) -> str:
    """A programme's announced workers (``workers_announced``) as its source states them:
    ``9,300여`` / ``some 9,300`` where the number is approximate
    (``workers_announced_approx``), else ``9,300``.

    Examples
    --------
    >>> workers_as_announced(pd.Series({"workers_announced": 9300,
    ...     "workers_announced_approx": True}), "ko")
    '9,300여'
    >>> workers_as_announced(pd.Series({"workers_announced": 9300,
    ...     "workers_announced_approx": None}), "en")
    '9,300'
    """
    count = format_number(float(programme["workers_announced"]), 0)
    return text("workers_approx", lang, count=count) if workers_approximate(programme) else count


def workers_approximate(programme: pd.Series) -> bool:
    """Whether a programme's source states its workers approximately (``9,300여``): its
    ``workers_announced_approx``, a missing flag counting as exact."""
    flag = programme.get("workers_announced_approx", False)
    return False if pd.isna(flag) else bool(flag)


def short_programmes(sectors: pd.DataFrame, programme: pd.DataFrame) -> pd.DataFrame:
    """The programmes whose workers could be most of their sector's stated jobs.

    A programme qualifies when it runs at most :data:`SHORT_MONTHS` months and its announced
    workers are at least :data:`MIN_SHARE_OF_JOBS` of its sector's (``programme.sector_id``)
    stated jobs.

    Returns
    -------
    pandas.DataFrame
        The qualifying rows of ``programme`` with ``sector_jobs`` (the sector's stated jobs)
        and ``share_of_sector_jobs`` (workers / those jobs) added.

    Examples
    --------
    >>> s = pd.DataFrame({"sector_id": ["a", "b"], "jobs": [1000, None]})
    >>> p = pd.DataFrame({"sector_id": ["a", "b"], "duration_months": [3, 3],
    ...     "workers_announced": [800, 800]})
    >>> short_programmes(s, p)[["sector_id", "share_of_sector_jobs"]].to_dict("records")
    [{'sector_id': 'a', 'share_of_sector_jobs': 0.8}]
    """
    jobs_of = dict(zip(sectors["sector_id"], sectors["jobs"], strict=True))
    keep, jobs, shares = [], [], []
    for _, prog in programme.iterrows():
        sector_jobs = jobs_of.get(prog["sector_id"])
        months, workers = prog["duration_months"], prog["workers_announced"]
        if pd.isna(sector_jobs) or not sector_jobs or pd.isna(months) or pd.isna(workers):
            continue
        share = float(workers) / float(sector_jobs)
        if int(months) <= SHORT_MONTHS and share >= MIN_SHARE_OF_JOBS:
            keep.append(prog.name)
            jobs.append(float(sector_jobs))
            shares.append(share)
    return programme.loc[keep].assign(sector_jobs=jobs, share_of_sector_jobs=shares)


def short_programme_caveat(sectors: pd.DataFrame, programme: pd.DataFrame, lang: str) -> str:
    """The caveat for the sectors whose stated jobs could be mostly a short programme's workers.

    A sector qualifies when a programme of its own qualifies (:func:`short_programmes`). The
    plan need not say that the workers are among the jobs; the caveat says so.

    Parameters
    ----------
    sectors, programme : pandas.DataFrame
        The processed ``sectors`` and ``refresh_programme`` tables of one plan.
    lang : {"ko", "en"}

    Returns
    -------
    str
        One sentence per qualifying programme, joined by spaces; empty when none qualifies.

    Examples
    --------
    >>> s = pd.DataFrame({"sector_id": ["a", "b"], "sector_en": ["Care", "Roads"],
    ...     "jobs": [1000, None]})
    >>> p = pd.DataFrame({"sector_id": ["a"], "name_en": ["Summer jobs"],
    ...     "duration_months": [3], "workers_announced": [800],
    ...     "workers_announced_approx": [False]})
    >>> short_programme_caveat(s, p, "en")[:64]
    'Caution: Summer jobs, a 3-month public-jobs programme, had 800 w'
    >>> short_programme_caveat(s, p.assign(duration_months=[24]), "en")
    ''
    """
    name_of = dict(zip(sectors["sector_id"], sectors[f"sector_{lang}"], strict=True))
    sentences = []
    for _, prog in short_programmes(sectors, programme).iterrows():
        jobs, months = prog["sector_jobs"], prog["duration_months"]
        share = prog["share_of_sector_jobs"]
        sentences.append(
            text(
                "caveat_short_programme",
                lang,
                sector=name_of[prog["sector_id"]],
                jobs=format_number(float(jobs), 0),
                months=int(months),
                programme=prog[f"name_{lang}"],
                workers=workers_as_announced(prog, lang),
                share=format_share(share, decimals=0),
            )
        )
    return " ".join(sentences)
