"""The audit's checks in a reader's words and units, for the briefings."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from analysis.briefing.labels import text
from analysis.briefing.money import MoneyBasis

_AUDIT_UNITS = {
    "items": "unit_items",
    "cases": "unit_items",
    "persons": "unit_persons",
    "jobs": "unit_jobs",
    "months": "unit_months",
}


def _audit_key(check_id: str) -> str:
    return "_".join(p for p in check_id.split(":")[1:] if not p.isdigit())


def audit_overview(
    audit: pd.DataFrame,
    keys: list[str],
    basis: MoneyBasis,
    *,
    plan_ids: Collection[str] | None = None,
) -> pd.DataFrame:
    """Chosen audit checks in plain words, in the order of ``keys``.

    Parameters
    ----------
    audit : pandas.DataFrame
        The processed ``audit`` table (all plans: national checks have their own plan_id).
    keys : list of str
        Check identifiers without plan and year, e.g. ``"project_count"``,
        ``"safety_refresh_workers_by_field"``, ``"total_cost_vs_pillars"``; each needs a
        label ``audit_<key>`` in :mod:`analysis.briefing.labels`.
    basis : MoneyBasis
        Money checks are shown in its unit and price basis.
    plan_ids : collection of str, optional
        Keep only the checks of these plans (e.g. the briefing's plan and the national
        plan); without it every row is kept.

    Returns
    -------
    pandas.DataFrame
        ``key, item, stated, found, difference, unit, stated_value, found_value, verdict_id,
        verdict, paragraphs``; ``stated``, ``found`` and ``difference`` of money rows are on
        the display basis (counts as they are), ``stated_value`` and ``found_value`` are the
        audit's own numbers (KRW, items, persons, jobs).

    Raises
    ------
    ValueError
        If a key names no check, or checks of several plans (pass ``plan_ids``).
    """
    lang = basis.lang
    if plan_ids is not None:
        audit = audit[audit["plan_id"].isin(list(plan_ids))]
    table = audit.assign(key=[_audit_key(c) for c in audit["check_id"]])
    for key in keys:
        plans = sorted(set(table.loc[table["key"] == key, "plan_id"]))
        if len(plans) != 1:
            raise ValueError(
                f"audit check {key!r} found for {len(plans)} plans ({', '.join(plans) or 'none'})"
                + ("; pass plan_ids" if len(plans) > 1 else "")
            )
    rows = table.set_index("key").loc[keys].reset_index()
    money = rows["unit"] == "KRW"
    out = pd.DataFrame(
        {
            "key": rows["key"],
            "item": [text(f"audit_{k}", lang) for k in rows["key"]],
            "stated": rows["stated"].astype("float64"),
            "found": rows["derived"].astype("float64"),
            "difference": rows["difference"].astype("float64"),
            "unit": [
                basis.label if u == "KRW" else text(_AUDIT_UNITS.get(u, "unit_items"), lang)
                for u in rows["unit"]
            ],
            "stated_value": rows["stated"],
            "found_value": rows["derived"],
            "verdict_id": rows["verdict"],
            "verdict": [text(f"verdict_{v}", lang) for v in rows["verdict"]],
            "paragraphs": [
                p.replace(";", ", ") if isinstance(p, str) and p else text("reference_data", lang)
                for p in rows["paragraphs"]
            ],
        }
    )
    for column in ("stated", "found", "difference"):
        out.loc[money, column] = basis.convert(out.loc[money, column])
    return out
