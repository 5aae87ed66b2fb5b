"""Where a page's figures come from, in the reader's words: each source named by its
publisher (from ``sources.csv``), each paragraph number a link to that paragraph of the copy
of the source's text the site ships (:func:`analysis.page_names.source_page`, anchor
``#p-<n>``). The site writes that copy for every source of ``sources.csv`` (the refresh
requires each source's text), so a paragraph is linked where the text has it (``1`` to
``paragraph_count``) and shown as plain text otherwise.

Tables get :class:`analysis.briefing.html_tables.Linked` cells: as text (the CSV download,
the workbook) they read ``서울경제 문단 1``; on the page the publisher and the number link.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandas as pd

from analysis.briefing.audit_view import AuditNames
from analysis.briefing.funding import preferred_only
from analysis.briefing.html_tables import Linked
from analysis.briefing.labels import text
from analysis.page_names import source_page

__all__ = [
    "audit_paragraphs",
    "chart_sources",
    "cited_paragraphs",
    "cited_reference",
    "figures_stated_differently",
    "paragraphs_cell",
    "source_line",
]


def _paragraph(value: object) -> int | None:
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if number > 0 else None


def _number_text(value: object) -> str:
    """A paragraph number as written (``1``, never ``1.0``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _paragraph_word(count: int, lang: str) -> str:
    """``문단``; ``paragraph`` or ``paragraphs`` by ``count``."""
    return text("source_paragraphs" if count > 1 else "source_paragraph", lang)


def _dated(name: str, dates: Sequence[object]) -> str:
    """``name (date, date)``; ``name`` alone where no date is known (some press extracts
    give none): never empty brackets."""
    known = sorted({str(d).strip() for d in dates if not pd.isna(d) and str(d).strip()})
    return f"{name} ({', '.join(known)})" if known else name


def cited_paragraphs(
    figures: pd.DataFrame, sources: pd.DataFrame, measures: Collection[str], lang: str
) -> list[str]:
    """Each source of the preferred statements of ``measures`` (the whole plan's and its
    sectors') with its paragraphs, as a chart's source line names them (:func:`source_line`),
    in the order of ``source_id``.

    Parameters
    ----------
    figures, sources : pandas.DataFrame
        The plan's rows of ``figures`` and ``sources``.
    measures : collection of str
        The ``measure`` of the plan's figures the chart draws.
    lang : str
        ``"ko"`` or ``"en"``.

    Examples
    --------
    >>> figures = pd.DataFrame({"measure": ["jobs", "jobs", "total_budget"],
    ...     "source_id": ["a", "b", "a"], "source_paragraph": [3, 1, 2],
    ...     "preferred": [True, True, True]})
    >>> sources = pd.DataFrame({"source_id": ["a", "b"], "publisher": ["의정부시", "서울경제"],
    ...     "date": ["2020", None]})
    >>> cited_paragraphs(figures, sources, ("jobs", "total_budget"), "en")
    ['의정부시 (2020) paragraphs 2, 3', '서울경제 paragraph 1']
    >>> cited_paragraphs(figures, sources, ("jobs",), "ko")
    ['의정부시 (2020) 문단 3', '서울경제 문단 1']
    """
    rows = preferred_only(figures[figures["measure"].isin(list(measures))])
    cited: dict[str, set[int]] = {}
    for source_id, paragraph in zip(rows["source_id"], rows["source_paragraph"], strict=True):
        cited.setdefault(str(source_id), set()).add(int(paragraph))
    by_id = sources.set_index("source_id")
    named = []
    for source_id in sorted(cited):
        numbers = sorted(cited[source_id])
        name = _dated(str(by_id.loc[source_id, "publisher"]), [by_id.loc[source_id, "date"]])
        named.append(f"{name} {_paragraph_word(len(numbers), lang)} {', '.join(map(str, numbers))}")
    return named


def cited_reference(rows: pd.DataFrame, lang: str) -> str:
    """The national reference figures ``rows`` (the rows of ``reference_figures`` a chart
    draws, :func:`analysis.briefing.national_comparison.drawn_national_rows`), as a chart's
    source line names them (:func:`source_line`): each publisher with the dates of its
    reports, in the order of the rows.

    Examples
    --------
    >>> rows = pd.DataFrame({"source_publisher": ["조선비즈", "조선비즈", "여성경제신문"],
    ...     "source_date": ["2020-07-14", "2020-07-14", "2020-07-14"]})
    >>> cited_reference(rows, "en")
    'Korean New Deal as reported by 조선비즈 (2020-07-14), 여성경제신문 (2020-07-14)'
    >>> cited_reference(rows.head(1), "ko")
    '한국판 뉴딜 보도: 조선비즈 (2020-07-14)'
    """
    if rows.empty:
        raise ValueError("no national reference figure to cite")
    named = [
        _dated(str(publisher), list(group["source_date"]))
        for publisher, group in rows.groupby("source_publisher", sort=False)
    ]
    return text("national_sources", lang, publishers=", ".join(named))


def chart_sources(
    figures: pd.DataFrame,
    sources: pd.DataFrame,
    measures: Collection[str],
    lang: str,
    national: pd.DataFrame | None = None,
) -> str:
    """A chart's source line (:func:`source_line`): the plan's sources and paragraphs of
    what it draws (:func:`cited_paragraphs`) and, if given, the national reference rows it
    draws (:func:`cited_reference`).

    Examples
    --------
    >>> figures = pd.DataFrame({"measure": ["total_budget"], "source_id": ["a"],
    ...     "source_paragraph": [2], "preferred": [True]})
    >>> sources = pd.DataFrame({"source_id": ["a"], "publisher": ["의정부시"], "date": ["2020"]})
    >>> national = pd.DataFrame({"source_publisher": ["조선비즈"], "source_date": ["2020-07-14"]})
    >>> chart_sources(figures, sources, ["total_budget"], "en", national=national)
    'Sources: 의정부시 (2020) paragraph 2; Korean New Deal as reported by 조선비즈 (2020-07-14)'
    """
    cited = cited_paragraphs(figures, sources, measures, lang)
    if national is not None:
        cited.append(cited_reference(national, lang))
    return source_line(cited, lang)


def source_line(cited: Sequence[str], lang: str) -> str:
    """A chart's source line: ``자료: a; b``, ``Source: a`` or ``Sources: a; b``.

    Examples
    --------
    >>> source_line(["의정부시 (2020) paragraph 2"], "en")
    'Source: 의정부시 (2020) paragraph 2'
    >>> source_line(["a", "b"], "en"), source_line(["a", "b"], "ko")
    ('Sources: a; b', '자료: a; b')
    """
    if not cited:
        raise ValueError("a source line needs a source")
    lead = text("chart_sources" if len(cited) > 1 else "chart_source", lang)
    return f"{lead}: {'; '.join(cited)}"


def _source_pieces(
    source: pd.Series | None, source_id: str, numbers: list[str], lang: str
) -> list[tuple[str, str]]:
    """``publisher paragraph(s) 1, 2`` as linked pieces (the publisher to the source's page,
    each number to its paragraph); an unknown source is named by its id, unlinked."""
    word = _paragraph_word(len(numbers), lang)
    if source is None:
        return [(f"{source_id} {word} {', '.join(numbers)}", "")]
    page = source_page(source["plan_id"], source["source_id"])
    count = _paragraph(source.get("paragraph_count")) or 0
    pieces: list[tuple[str, str]] = [(str(source["publisher"]), page), (f" {word} ", "")]
    for i, n in enumerate(numbers):
        if i:
            pieces.append((", ", ""))
        number = _paragraph(n)
        pieces.append((n, f"{page}#p-{number}" if number and number <= count else ""))
    return pieces


def paragraphs_cell(refs: object, sources: pd.DataFrame, lang: str) -> Linked | object:
    """The paragraphs an audit check cites (``fnnews:1;fnnews:2;koscaj:1``, or ``2;3`` for
    a plan with one source), named by publisher and linked; ``refs`` that is not text (a
    check of the national reference data) is returned as it is.

    Parameters
    ----------
    refs : str
        The audit's ``paragraphs``: ``source_id:n`` items, or bare numbers where the plan
        has one source, joined by ``;``.
    sources : pandas.DataFrame
        The plan's rows of ``sources``.

    Examples
    --------
    >>> src = pd.DataFrame({"plan_id": ["p"], "source_id": ["s"], "publisher": ["서울경제"],
    ...                     "paragraph_count": [3]})
    >>> cell = paragraphs_cell("s:1;s:3", src, "en")
    >>> str(cell), cell.parts[0], cell.parts[2]
    ('서울경제 paragraphs 1, 3', ('서울경제', 'sources/p/s.html'), ('1', 'sources/p/s.html#p-1'))
    >>> str(paragraphs_cell("2", src, "ko"))
    '서울경제 문단 2'
    """
    if not isinstance(refs, str) or not refs.strip():
        return refs
    by_id = {str(row["source_id"]): row for _, row in sources.iterrows()}
    only = next(iter(by_id)) if len(by_id) == 1 else ""
    cited: dict[str, list[str]] = {}
    for item in refs.split(";"):
        source_id, _, number = item.strip().rpartition(":")
        cited.setdefault(source_id or only, []).append(number)
    pieces: list[tuple[str, str]] = []
    for source_id, numbers in cited.items():
        if pieces:
            pieces.append(("; ", ""))
        pieces += _source_pieces(by_id.get(source_id), source_id, numbers, lang)
    return Linked(pieces)


def audit_paragraphs(checks: pd.DataFrame, sources: pd.DataFrame, lang: str) -> list[object]:
    """The ``paragraphs`` column of :func:`analysis.briefing.audit_view.audit_overview` for
    the page: each check of the plan of ``sources`` names its sources and paragraphs, linked
    (:func:`paragraphs_cell`), a check citing none (what the plan does not state) is blank
    (shown ``–``); other checks (the national reference data) keep their words."""
    plans = set(sources["plan_id"])
    return [
        (paragraphs_cell(refs, sources, lang) if refs else "") if plan in plans else shown
        for plan, refs, shown in zip(
            checks["plan_id"], checks["paragraph_refs"], checks["paragraphs"], strict=True
        )
    ]


def _scope_name(scope: str, names: AuditNames, tasks: pd.DataFrame | None) -> str:
    """The name of what a figure is about: the whole plan, a sector, a project or a task."""
    if scope == "plan" or scope in names.sectors:
        return names.sector(scope)
    if scope in names.projects:
        return names.projects[scope]
    if tasks is not None and scope in set(tasks["task_id"]):
        return str(tasks.loc[tasks["task_id"] == scope, f"task_{names.lang}"].iloc[0])
    return scope


def figures_stated_differently(
    figures: pd.DataFrame,
    sources: pd.DataFrame,
    names: AuditNames,
    tasks: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every statement of each figure the plan's sources state with different values, for
    readers of ``names.lang``: ``figure`` (what it is, in words), ``as_written`` (the amount
    as the source wrote it), ``source`` (publisher and paragraph, linked), ``used`` (whether
    the briefings use this statement: the preferred one).

    Parameters
    ----------
    figures, sources : pandas.DataFrame
        The plan's rows of ``figures`` and ``sources``.
    names : AuditNames
        The plan's names in the page's language.
    tasks : pandas.DataFrame, optional
        The plan's ``tasks`` (``task_id``, ``task_<lang>``), for figures about a task.
    """
    lang = names.lang
    stated = figures.groupby(["scope", "measure"])["value"].nunique()
    differ = stated[stated > 1].index
    rows = figures[
        [key in differ for key in zip(figures["scope"], figures["measure"], strict=True)]
    ]
    # the whole plan's figures first, then the others in the order the data states them
    rows = rows.assign(_later=rows["scope"] != "plan").sort_values("_later", kind="stable")
    by_id = sources.set_index("source_id", drop=False)

    def what(scope: str, measure: str) -> str:
        words = text(
            "audit_topic_figure_sources",
            lang,
            name=_scope_name(scope, names, tasks),
            measure=text(f"measure_{measure}", lang),
        )
        return words[:1].upper() + words[1:]

    return pd.DataFrame(
        {
            "figure": [what(s, m) for s, m in zip(rows["scope"], rows["measure"], strict=True)],
            "as_written": rows["value_raw"].astype(str).tolist(),
            "source": [
                Linked(
                    _source_pieces(
                        by_id.loc[s] if s in by_id.index else None, str(s), [_number_text(p)], lang
                    )
                )
                for s, p in zip(rows["source_id"], rows["source_paragraph"], strict=True)
            ],
            "used": [
                text("figure_used" if bool(p) else "figure_not_used", lang)
                for p in rows["preferred"]
            ],
        }
    )
