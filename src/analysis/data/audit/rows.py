"""One audit finding (:class:`AuditRow`), the verdicts, and the audit table's columns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pandas as pd

__all__ = [
    "AUDIT_COLUMNS",
    "TOPICS",
    "VERDICTS",
    "AuditRow",
    "audit_frame",
    "bound_verdict",
    "count_verdict",
    "paragraphs",
]

#: Every verdict the audit gives; see the package docstring for their meaning.
VERDICTS = (
    "match",
    "mismatch",
    "consistent",
    "inconsistent",
    "fewer_named",
    "more_named",
    "derived",
    "by_construction",
    "match_at_stated_precision",
    "parts_exceed_whole",
    "parts_incomplete",
    "consistent_lower_bound",
    "below_lower_bound",
    "sources_disagree",
    "sources_agree_at_precision",
    "not_stated",
    "not_checked",
)


#: What a check is about, as a key a briefing turns into words in its language (the label
#: ``audit_topic_<topic>``); ``entity`` names the sector, project, figure or horizon it is about.
TOPICS = (
    "plan_sectors",  # entity: "plan"
    "plan_total_budget",  # "plan"
    "plan_own_funds",  # "plan"
    "sector_own_funds",  # sector_id
    "plan_jobs",  # "plan"
    "sector_jobs",  # sector ids, ";"-separated
    "plan_projects",  # "plan"
    "brand_projects",  # "plan"
    "sector_projects",  # sector_id
    "sector_tasks",  # sector_id
    "sector_contest_selections",  # sector_id
    "sector_total_budget",  # sector_id (its tasks' sum)
    "project_budget",  # project_id
    "project_national_funding",  # project_id
    "project_workers",  # project_id
    "project_duration",  # project_id
    "programme_workers_by_field",  # project_id
    "figure_sources",  # "scope:measure"
    "national_measure",  # "horizon:measure"
    "national_funding_sources",  # horizon
)


@dataclass(frozen=True)
class AuditRow:
    """One finding of the audit (``derived`` is empty where nothing is derived).

    ``subject`` is the check's subject in English words (for the CSV reader); ``topic`` and
    ``entity`` say the same as data (see :data:`TOPICS`), so a briefing can write it in its
    own language.
    """

    check_id: str
    plan_id: str
    check: str
    subject: str
    compared: str
    stated: int | None
    stated_raw: str
    derived: int | None
    unit: str
    verdict: str
    paragraphs: str
    note: str = ""
    topic: str = ""
    entity: str = "plan"

    def __post_init__(self) -> None:
        if self.topic not in TOPICS:
            raise ValueError(f"audit row {self.check_id}: unknown topic {self.topic!r}")

    @property
    def difference(self) -> int | None:
        """``derived - stated``, or None when either is missing."""
        if self.stated is None or self.derived is None:
            return None
        return self.derived - self.stated


AUDIT_COLUMNS = [
    "check_id",
    "plan_id",
    "check",
    "subject",
    "topic",
    "entity",
    "compared",
    "stated",
    "stated_raw",
    "derived",
    "difference",
    "unit",
    "verdict",
    "paragraphs",
    "note",
]


def paragraphs(*values: object) -> str:
    """The source paragraphs of a finding, sorted and ``;``-separated.

    Each value is a paragraph number, a ``"3;4"`` text, a list of numbers, or a text
    ``"source_id:n"`` (used when a plan has several sources); empty values are skipped.

    Examples
    --------
    >>> paragraphs(15, "3;4", [2, 3], None)
    '2;3;4;15'
    >>> paragraphs("b:2", "a:10;a:9")
    'a:9;a:10;b:2'
    """
    found: set[tuple[str, int]] = set()

    def add(token: str) -> None:
        source, _, number = token.strip().rpartition(":")
        found.add((source, int(number)))

    for value in values:
        if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
            continue
        if isinstance(value, str):
            for token in value.split(";"):
                if token.strip():
                    add(token)
        elif isinstance(value, (list, tuple, set, pd.Series)):
            for item in value:
                if isinstance(item, str):
                    add(item)
                elif pd.notna(item):
                    found.add(("", int(item)))
        else:
            found.add(("", int(value)))  # type: ignore[call-overload]
    return ";".join(f"{s}:{n}" if s else str(n) for s, n in sorted(found))


def count_verdict(stated: int, named: int) -> str:
    """``match``, ``fewer_named`` or ``more_named`` for a stated count and a named one."""
    if named == stated:
        return "match"
    return "fewer_named" if named < stated else "more_named"


def bound_verdict(part: int, whole: int, precision: int = 1) -> str:
    """``consistent`` when ``part`` stays within ``whole`` read at its stated precision.

    A whole written to the nearest ``precision`` stands for anything up to half a step
    above it.

    Examples
    --------
    >>> bound_verdict(5, 4), bound_verdict(104, 100, precision=10)
    ('inconsistent', 'consistent')
    """
    return "consistent" if 2 * (part - whole) <= precision else "inconsistent"


def audit_frame(rows: Iterable[AuditRow]) -> pd.DataFrame:
    """The audit table: one row per finding, columns :data:`AUDIT_COLUMNS`.

    Raises
    ------
    ValueError
        If two findings share a ``check_id``.
    """
    records = [asdict(r) | {"difference": r.difference} for r in rows]
    out = pd.DataFrame.from_records(records, columns=AUDIT_COLUMNS)
    for col in ("stated", "derived", "difference"):
        out[col] = out[col].astype("Int64")
    duplicated = out.loc[out["check_id"].duplicated(), "check_id"].tolist()
    if duplicated:
        raise ValueError(f"duplicate audit check ids: {duplicated}")
    return out
