"""The audit: does each plan's own arithmetic add up, and do its sources agree?

Each check compares a figure the text states with what can be derived from other
figures or from what the text names, and yields one row: what was compared, the stated
value, the derived value, the difference (derived - stated), a verdict, the source
paragraphs and a note. Checks are driven by the data (scopes and measures), so every plan
is audited by the same code; what a plan does not state is skipped, with one row saying so
where a reader would expect the check. The audit runs after validation and never raises on
missing data.

Sums are compared at the precision the whole was written in (``5조3800억원``: to the nearest
100억원); a whole ending in 여 ("a little over") or 이상 ("at least") is a lower bound.

Verdicts
--------
``match``                      stated total equals the sum of its stated parts
``match_at_stated_precision``  equal once the sum is rounded to the whole's last written
                               digit; the note names the step and the difference
``mismatch``                   stated total differs from the sum of its stated parts
``parts_exceed_whole``         a part alone, or the stated parts of an incomplete set,
                               exceed the stated whole
``parts_incomplete``           some parts are not stated; the note says how much the stated
                               ones cover
``consistent_lower_bound``     the whole is a lower bound (여, 이상) and the parts reach it
``below_lower_bound``          the whole is a lower bound and the parts fall short of it
``consistent``                 a part stays within its whole (e.g. 시비 <= total)
``inconsistent``               a part exceeds its whole
``fewer_named``                the text states a count and names fewer items
``more_named``                 the text states a count and names more items
``sources_disagree``           a figure is stated with different values by different
                               sources (or passages); the note lists each value, its
                               sources, and the preferred one with its reason
``sources_agree_at_precision`` values differ as written, but each allows the preferred one
                               when read at its own stated precision (or as a lower bound)
``not_stated``                 the check a reader would expect, but the plan gives no figures
``not_checked``                counts not compared with named projects: the plan's list of
                               projects is not declared complete
``derived``                    not a check: a figure the text implies but never states
``by_construction``            not a check: a sum that holds because one of its parts was
                               itself derived from the total (the national safety-net 국비)

Identical values from several sources are no finding and get no row.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.audit.counts import named_count_checks, project_checks, sector_count_check
from analysis.data.audit.national import field_checks, reference_checks
from analysis.data.audit.rows import AUDIT_COLUMNS, TOPICS, VERDICTS, AuditRow, audit_frame
from analysis.data.audit.sources import source_disagreements
from analysis.data.audit.sums_checks import PlanData, budget_checks, jobs_checks, task_checks

__all__ = ["AUDIT_COLUMNS", "TOPICS", "VERDICTS", "AuditRow", "audit_tables"]


def audit_tables(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Run every check over the processed tables.

    Parameters
    ----------
    tables : dict of DataFrame
        Processed tables (:func:`analysis.data.clean.build_processed`): ``plans``,
        ``figures`` and ``sectors`` are used for every plan; ``projects``, ``tasks``,
        ``refresh_programme``, ``refresh_workers_by_field`` and ``reference_figures``
        where present.

    Returns
    -------
    pandas.DataFrame
        One row per check, columns :data:`AUDIT_COLUMNS`; ``difference`` is
        ``derived - stated`` (empty where either is).
    """
    rows: list[AuditRow] = []
    for _, plan_row in tables["plans"].iterrows():
        data = PlanData(plan_row["plan_id"], tables, plan_row)
        rows += sector_count_check(data)
        rows += budget_checks(data)
        rows += jobs_checks(data)
        rows += named_count_checks(data)
        rows += project_checks(data)
        rows += field_checks(data.programme, data.workers)
        rows += task_checks(data)
        rows += source_disagreements(data.plan, data.figures)
    reference = tables.get("reference_figures")
    if reference is not None and not reference.empty:
        rows += reference_checks(reference)
    return audit_frame(rows)
