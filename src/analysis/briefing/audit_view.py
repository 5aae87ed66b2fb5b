"""The audit's checks in a reader's words and units, for the briefings.

The processed audit says what each check is about as data (``topic`` and ``entity``, see
:data:`analysis.data.audit.TOPICS`); :func:`audit_subject` writes it in the page's language
with the plan's own names (:class:`AuditNames`), and :func:`audit_findings` writes one
sentence for each check that does not add up.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.briefing.labels import TEXT, text
from analysis.briefing.money import MoneyBasis
from analysis.briefing.numbers import column_format, format_number, is_missing, with_particle

__all__ = [
    "NOT_FINDINGS",
    "AuditNames",
    "audit_findings",
    "audit_in_words",
    "audit_overview",
    "audit_subject",
    "figures_as_written",
    "named_in_text",
]

_AUDIT_UNITS = {
    "items": "unit_items",
    "cases": "unit_items",
    "persons": "unit_persons",
    "jobs": "unit_jobs",
    "months": "unit_months",
}
#: Verdicts that are no arithmetic finding: the figures agree, a value is derived, or the
#: check is about sources or about what the plan does not state (shown elsewhere).
NOT_FINDINGS = frozenset(
    {
        "match",
        "consistent",
        "derived",
        "by_construction",
        "match_at_stated_precision",
        "consistent_lower_bound",
        "sources_disagree",
        "sources_agree_at_precision",
        "not_stated",
        "not_checked",
    }
)
#: Verdicts that are findings about counts (stated vs named) and about sums.
_COUNT_VERDICTS = {"fewer_named", "more_named"}
_SUM_VERDICTS = {"mismatch", "below_lower_bound", "parts_exceed_whole", "inconsistent"}


@dataclass(frozen=True)
class AuditNames:
    """The names an audit row's ``entity`` stands for, in one language.

    Attributes
    ----------
    lang : {"ko", "en"}
    sectors, projects : mapping of id to name
        The plan's sector and project (and programme) names in ``lang``.
    own_term : str
        The plan's own funds in ``lang`` (시비 / "city funds"); the generic words when the
        plan states none.
    """

    lang: str
    sectors: Mapping[str, str]
    projects: Mapping[str, str]
    own_term: str

    @classmethod
    def for_plan(
        cls, plan: pd.Series, sectors: pd.DataFrame, lang: str, *named: pd.DataFrame
    ) -> AuditNames:
        """Names from one plan's row of ``plans``, its ``sectors``, and tables of named
        things with ``project_id`` and ``name_<lang>`` (projects, programmes)."""
        term = plan.get(f"own_funds_term_{lang}")
        projects = {
            pid: name
            for table in named
            for pid, name in zip(table["project_id"], table[f"name_{lang}"], strict=True)
        }
        return cls(
            lang,
            dict(zip(sectors["sector_id"], sectors[f"sector_{lang}"], strict=True)),
            projects,
            term if isinstance(term, str) and term else text("audit_own_funds_generic", lang),
        )

    def sector(self, sector_id: str) -> str:
        """A sector's name; ``plan`` is the whole plan."""
        if sector_id == "plan":
            return text("audit_whole_plan", self.lang)
        return self.sectors[sector_id]


def audit_subject(topic: str, entity: str, names: AuditNames) -> str:
    """What a check is about, in ``names.lang``.

    Examples
    --------
    >>> names = AuditNames("en", {"green": "Green"}, {}, "city funds")
    >>> audit_subject("sector_own_funds", "green", names)
    'city funds of Green'
    >>> audit_subject("national_measure", "2025:jobs", names)
    'Korean New Deal jobs (to 2025)'
    """
    lang, values = names.lang, {"term": names.own_term}
    if topic.startswith("sector_"):
        values["name"] = ", ".join(names.sector(s) for s in entity.split(";"))
    elif topic.startswith(("project_", "programme_")):
        values["name"] = names.projects[entity]
    elif topic == "figure_sources":
        scope, measure = entity.split(":")
        values |= {"name": names.sector(scope), "measure": text(f"measure_{measure}", lang)}
    elif topic.startswith("national_"):
        horizon, _, measure = entity.partition(":")
        values["horizon"] = horizon
        if measure:
            values["measure"] = text(f"measure_{measure}", lang)
    return text(f"audit_topic_{topic}", lang, **values)


def _audit_key(check_id: str) -> str:
    return "_".join(p for p in check_id.split(":")[1:] if not p.isdigit())


def audit_overview(
    audit: pd.DataFrame,
    basis: MoneyBasis,
    *,
    plan_ids: Collection[str] | None = None,
    keys: Sequence[str] | None = None,
    names: AuditNames | None = None,
) -> pd.DataFrame:
    """Audit checks in plain words and the display unit.

    Parameters
    ----------
    audit : pandas.DataFrame
        The processed ``audit`` table (all plans: national checks have their own plan_id).
    basis : MoneyBasis
        Money checks are shown in its unit and price basis; words in its language.
    plan_ids : collection of str, optional
        Keep only the checks of these plans (e.g. the briefing's plan and the national
        plan); without it every row is kept.
    keys : sequence of str, optional
        Check identifiers without plan and year (``"project_count"``,
        ``"safety_refresh_workers_by_field"``), in the order wanted; by default every check,
        in the audit's order.
    names : AuditNames, optional
        The plan's names in the page's language: each check is then named from its
        ``topic`` and ``entity``; without it, from the audit's English ``subject``.

    Returns
    -------
    pandas.DataFrame
        ``key, plan_id, topic, entity, item, stated, found, difference, unit, unit_id,
        stated_value, found_value, stated_raw, verdict_id, verdict, paragraphs,
        paragraph_refs``; ``stated``, ``found`` and ``difference`` of money rows are on the
        display basis (counts as they are), ``stated_value`` and ``found_value`` are the
        audit's own numbers (KRW, items, persons, jobs); ``paragraph_refs`` as the audit
        writes them (``16;17``).

    Raises
    ------
    ValueError
        If a key names no check, or checks of several plans (pass ``plan_ids``).
    """
    lang = basis.lang
    if plan_ids is not None:
        audit = audit[audit["plan_id"].isin(list(plan_ids))]
    table = audit.assign(key=[_audit_key(c) for c in audit["check_id"]])
    for key in keys or []:
        plans = sorted(set(table.loc[table["key"] == key, "plan_id"]))
        if len(plans) != 1:
            raise ValueError(
                f"audit check {key!r} found for {len(plans)} plans ({', '.join(plans) or 'none'})"
                + ("; pass plan_ids" if len(plans) > 1 else "")
            )
    rows = table.set_index("key").loc[list(keys)].reset_index() if keys else table
    rows = rows.reset_index(drop=True)
    money = rows["unit"] == "KRW"
    out = pd.DataFrame(
        {
            "key": rows["key"],
            "plan_id": rows["plan_id"],
            "topic": rows["topic"],
            "entity": rows["entity"],
            "item": [_item(row, names, lang) for row in rows.itertuples()],
            "stated": rows["stated"].astype("float64"),
            "found": rows["derived"].astype("float64"),
            "difference": rows["difference"].astype("float64"),
            "unit": [
                basis.label if u == "KRW" else text(_AUDIT_UNITS.get(u, "unit_items"), lang)
                for u in rows["unit"]
            ],
            "unit_id": rows["unit"],
            "stated_value": rows["stated"],
            "found_value": rows["derived"],
            "stated_raw": rows["stated_raw"],
            "verdict_id": rows["verdict"],
            "verdict": [text(f"verdict_{v}", lang) for v in rows["verdict"]],
            "paragraphs": [
                p.replace(";", ", ") if isinstance(p, str) and p else text("reference_data", lang)
                for p in rows["paragraphs"]
            ],
            "paragraph_refs": rows["paragraphs"].fillna(""),
        }
    )
    for column in ("stated", "found", "difference"):
        out.loc[money, column] = basis.convert(out.loc[money, column])
    return out


#: The figure columns of :func:`audit_overview`, written by :func:`figures_as_written`.
FIGURE_COLUMNS = ("stated", "found", "difference")


def figures_as_written(checks: pd.DataFrame) -> pd.DataFrame:
    """``checks`` (:func:`audit_overview`) with its figures (:data:`FIGURE_COLUMNS`) as the
    page writes them: by the rule of a table's number column
    (:func:`analysis.briefing.numbers.column_format`), applied to the amounts (``unit_id``
    ``KRW``, converted to the page's unit) and to the counts, jobs, persons and months
    apart, so a whole count stays whole; a missing figure stays missing.

    A column of amounts and counts together took one number of decimals for both: in a USD
    briefing a count of 4 sectors read ``4.00``.

    Examples
    --------
    >>> checks = pd.DataFrame({"unit_id": ["items", "KRW"], "stated": [4.0, 124.9978],
    ...                        "found": [4.0, 125.0], "difference": [0.0, 0.0022]})
    >>> figures_as_written(checks)[["stated", "difference"]].values.tolist()
    [['4', '0'], ['125', '0.0022']]
    """
    out = checks.copy()
    money = checks["unit_id"] == "KRW"
    for column in FIGURE_COLUMNS:
        write = {kind: column_format(checks.loc[money == kind, column]) for kind in (True, False)}
        out[column] = [
            None if is_missing(value) else write[kind](value)
            for value, kind in zip(checks[column], money, strict=True)
        ]
    return out


def _item(row: object, names: AuditNames | None, lang: str) -> str:
    kind_key = "audit_kind_" + "_".join(str(row.check).split())  # type: ignore[attr-defined]
    if str(row.verdict).startswith("sources_"):  # type: ignore[attr-defined]
        kind_key = "audit_kind_sources_disagree"
    kind = text(kind_key, lang) if kind_key in TEXT else str(row.check)  # type: ignore[attr-defined]
    missing = f"audit_not_stated_{_audit_key(str(row.check_id))}"  # type: ignore[attr-defined]
    if row.verdict == "not_stated" and missing in TEXT:  # type: ignore[attr-defined]
        subject = text(missing, lang)  # what is missing, not the topic the plan does state
    elif names is not None:
        subject = audit_subject(row.topic, row.entity, names)  # type: ignore[attr-defined]
    else:
        subject = str(row.subject)  # type: ignore[attr-defined]
    return f"{kind}: {subject}"


def audit_findings(
    checks: pd.DataFrame,
    money: Callable[[float], str],
    lang: str,
    *,
    with_paragraphs: bool,
    named: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """One plain sentence per check of ``checks`` (rows of :func:`audit_overview`).

    Counts read "stated ..., ... named", sums "the parts add up to ... (n short)"; other
    verdicts "stated → found (verdict)". ``with_paragraphs`` adds the paragraphs cited
    (only meaningful for a plan with one source, where a number names one paragraph);
    ``named`` maps a check's ``key`` to the names the text gives (e.g. the brand projects).

    Examples
    --------
    >>> row = {"key": "x", "item": "Projects", "verdict_id": "fewer_named", "unit_id": "items",
    ...        "stated_value": 42, "found_value": 36, "verdict": "fewer named",
    ...        "paragraph_refs": "2"}
    >>> audit_findings(pd.DataFrame([row]), str, "en", with_paragraphs=True)
    ['Projects: 42 stated, 36 named (paragraph 2)']
    """
    out = []
    for row in checks.itertuples():
        unit = str(row.unit_id)

        def show(value: object, unit: str = unit) -> str:
            if is_missing(value):
                return "–"
            if unit == "KRW":
                return money(float(value))  # type: ignore[arg-type]
            number = format_number(float(value))  # type: ignore[arg-type]
            return number + text(f"audit_counter_{unit}", lang)

        refs = ""
        if with_paragraphs and row.paragraph_refs:
            many = ";" in str(row.paragraph_refs)
            refs = text(
                "audit_refs_many" if many else "audit_refs",
                lang,
                paragraphs=str(row.paragraph_refs).replace(";", ", "),
            )
        values = {"subject": row.item, "stated": show(row.stated_value), "refs": refs,
                  "found": show(row.found_value), "verdict": row.verdict}  # fmt: skip
        if row.verdict_id in _COUNT_VERDICTS:
            sentence = text(f"audit_finding_{row.verdict_id}", lang, **values)
        elif row.verdict_id in _SUM_VERDICTS and not is_missing(row.found_value):
            gap = float(row.found_value) - float(row.stated_value)  # type: ignore[arg-type]
            word = "audit_gap_short" if gap < 0 else "audit_gap_over"
            values["gap"] = text(word, lang, gap=show(abs(gap)))
            found = values["found"]
            values["found_to"] = with_particle(found, "으로/로") if lang == "ko" else found
            sentence = text("audit_finding_sum", lang, **values)
        else:
            sentence = text("audit_finding_other", lang, **values)
        if named and named.get(row.key):
            sentence += "; " + text("audit_named", lang, names=", ".join(named[row.key]))
        out.append(sentence)
    return out


def named_in_text(projects: pd.DataFrame, lang: str) -> dict[str, list[str]]:
    """What the text names for a count check, by check key: the brand projects, each with
    its sector (``brand_projects``), in ``lang``; empty when none is named.

    Examples
    --------
    >>> p = pd.DataFrame({"sector_en": ["Culture", "Green"], "name_en": ["X", "Y"],
    ...                   "is_component": [False, False], "is_brand": [True, False]})
    >>> named_in_text(p, "en")
    {'brand_projects': ['X – Culture']}
    """
    top = projects[~projects["is_component"].astype(bool)]
    brand = top[top["is_brand"].astype(bool)]
    pairs = zip(brand[f"name_{lang}"], brand[f"sector_{lang}"], strict=True)
    names = [f"{name} – {sector}" for name, sector in pairs]
    return {"brand_projects": names} if names else {}


def audit_in_words(tables: Mapping[str, pd.DataFrame], lang: str) -> pd.DataFrame:
    """The whole audit for readers of ``lang`` (the data package's ``audit_<lang>.csv``).

    One row per check, in the audit's order: ``check_id, plan_id``, the kind of check and
    what it is about in ``lang`` (with the plans' own names), the stated figure as written,
    the numbers in the audit's own units (exact KRW, items, persons, jobs, months), the
    verdict in ``lang``, the paragraphs and the audit's note (in English).

    Parameters
    ----------
    tables : mapping of DataFrame
        Processed ``audit``, ``plans``, ``sectors``, ``projects`` and ``refresh_programme``.
    """
    audit = tables["audit"]
    plans = tables["plans"].set_index("plan_id")
    words = {"ko": ("점검", "대상", "판정", "단위", "비고(영문)"),
             "en": ("check", "subject", "verdict", "unit", "note")}[lang]  # fmt: skip
    items, units = [], []
    names_of: dict[str, AuditNames] = {}  # one plan's names serve all its checks
    for row in audit.itertuples():
        plan_id = str(row.plan_id)
        if plan_id not in names_of:

            def of(name: str, plan: str = plan_id) -> pd.DataFrame:
                frame = tables[name]
                return frame[frame["plan_id"] == plan]

            plan = plans.loc[plan_id] if plan_id in plans.index else pd.Series(dtype=object)
            names_of[plan_id] = AuditNames.for_plan(
                plan, of("sectors"), lang, of("projects"), of("refresh_programme")
            )
        items.append(_item(row, names_of[plan_id], lang))
        unit = str(row.unit)
        units.append("KRW" if unit == "KRW" else text(_AUDIT_UNITS.get(unit, "unit_items"), lang))
    kind, subject = zip(*(item.split(": ", 1) for item in items), strict=True)
    return pd.DataFrame(
        {
            "check_id": audit["check_id"],
            "plan_id": audit["plan_id"],
            words[0]: kind,
            words[1]: subject,
            "stated_raw": audit["stated_raw"],
            "stated": audit["stated"],
            "derived": audit["derived"],
            "difference": audit["difference"],
            words[3]: units,
            words[2]: [text(f"verdict_{v}", lang) for v in audit["verdict"]],
            "paragraphs": audit["paragraphs"],
            words[4]: audit["note"],
        }
    )
