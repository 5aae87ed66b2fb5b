"""The city plan beside the national Korean New Deal: pillars, scale, shares."""

from __future__ import annotations

import pandas as pd

from analysis.briefing.labels import text, wrap
from analysis.briefing.money import MoneyBasis


def national_pillars(
    reference: pd.DataFrame, pillars: pd.DataFrame, horizon: int = 2025
) -> pd.DataFrame:
    """The national plan's pillars at a horizon: total cost, 국비 and jobs, one row each."""
    ref = reference[(reference["horizon_year"] == horizon) & (reference["scope"] != "plan")]
    wide = ref.pivot_table(
        index=["plan_id", "scope"], columns="measure", values="value", aggfunc="first"
    )
    wide = wide.reset_index().rename(columns={"scope": "pillar_id"})
    out = pillars.merge(wide, on=["plan_id", "pillar_id"], how="left")
    return out


def city_vs_national(sectors: pd.DataFrame, national: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Sector mix of the city plan next to the national pillars.

    One row per city sector and per national pillar matched to it; culture (no national
    counterpart) keeps a row with an empty national side. Shares are of each plan's total
    over the compared rows. ``pair_label`` names both sides ("안심뉴딜 ↔ 안전망 강화") for
    charts, ``counterpart`` the national pillar or "대응 국가 분야 없음" for tables;
    ``national_treasury_krw`` (국비) is kept when ``national`` has it.
    """
    columns = ["sector_id", f"sector_{lang}", "total_budget_krw", "jobs", "pillar_id"]
    city = sectors[[*columns, "pillar_note"]].rename(
        columns={
            f"sector_{lang}": "sector",
            "total_budget_krw": "city_budget_krw",
            "jobs": "city_jobs",
            "pillar_note": "mapping_note",
        }
    )
    nat = national.rename(
        columns={
            f"pillar_name_{lang}": "pillar",
            "total_cost": "national_cost_krw",
            "jobs": "national_jobs",
        }
    )
    keep = ["pillar_id", "pillar", "national_cost_krw", "national_jobs"]
    if "national_treasury" in nat.columns:
        nat = nat.rename(columns={"national_treasury": "national_treasury_krw"})
        keep.append("national_treasury_krw")
    # The sector -> pillar mapping (sectors.pillar_id, "none" = no counterpart) is editorial.
    out = city.merge(nat[keep], on="pillar_id", how="left").drop(columns="pillar_id")
    out["city_share"] = out["city_budget_krw"] / out["city_budget_krw"].sum()
    out["national_share"] = out["national_cost_krw"] / out["national_cost_krw"].sum()
    out["has_counterpart"] = out["national_cost_krw"].notna()
    out["counterpart"] = out["pillar"].fillna(text("no_counterpart", lang))
    out["pair_label"] = [
        wrap(f"{s} ↔ {p}", 26) if has else s
        for s, p, has in zip(out["sector"], out["pillar"], out["has_counterpart"], strict=True)
    ]
    return out


def plan_city_share(sectors: pd.DataFrame) -> float:
    """The plan's average city share: sum of sector 시비 over sum of sector totals.

    The text states no plan-level 시비, so this is derived from the four sectors.
    """
    return float(sectors["own_funds_krw"].sum() / sectors["total_budget_krw"].sum())


def national_plan_totals(reference: pd.DataFrame, horizon: int = 2025) -> dict[str, int]:
    """The national plan's whole-plan figures at a horizon (``total_cost``,
    ``national_treasury``, ``local_government``, ``private``, ``jobs``), as integers."""
    rows = reference[(reference["scope"] == "plan") & (reference["horizon_year"] == horizon)]
    return {m: int(v) for m, v in zip(rows["measure"], rows["value"], strict=True)}


def national_scale(
    comparison: pd.DataFrame,
    city_total_krw: int,
    national_totals: dict[str, int],
    basis: MoneyBasis,
) -> pd.DataFrame:
    """How big the city plan is next to the national plan, per matched sector and overall.

    Parameters
    ----------
    comparison : pandas.DataFrame
        :func:`city_vs_national`.
    city_total_krw : int
        The city plan's stated total budget.
    national_totals : dict
        :func:`national_plan_totals`.
    basis : MoneyBasis
        Display unit, price basis and language.

    Returns
    -------
    pandas.DataFrame
        One row per city sector (culture with an empty national side) and a last row
        ``plan`` for the two whole plans: ``row_id, label`` (for charts), ``sector,
        counterpart`` (for tables), ``city_budget_krw, national_cost_krw,
        national_treasury_krw, has_counterpart``, the same amounts on the display basis
        (``city_budget, national_cost, national_treasury``), ``city_fraction`` (city /
        national), ``city_percent`` (the same x 100) and ``national_multiple`` (national / city).
    """
    lang = basis.lang
    rows = comparison.assign(
        row_id=comparison["sector_id"],
        label=comparison["pair_label"],
        counterpart=comparison["pillar"].fillna(text("no_counterpart", lang)),
    )
    whole = {
        "row_id": "plan",
        "label": wrap(f"{text('whole_plan', lang)} ↔ {text('national_plan', lang)}", 26),
        "sector": text("whole_plan", lang),
        "counterpart": text("national_plan", lang),
        "city_budget_krw": city_total_krw,
        "national_cost_krw": national_totals["total_cost"],
        "national_treasury_krw": national_totals.get("national_treasury"),
        "has_counterpart": True,
    }
    out = pd.concat([rows[list(whole)], pd.DataFrame([whole])], ignore_index=True)
    for name in ("city_budget", "national_cost", "national_treasury"):
        out[f"{name}_krw"] = out[f"{name}_krw"].astype("float64")
        out[name] = basis.convert(out[f"{name}_krw"])
    out["city_fraction"] = out["city_budget_krw"] / out["national_cost_krw"]
    out["city_percent"] = 100 * out["city_fraction"]
    out["national_multiple"] = out["national_cost_krw"] / out["city_budget_krw"]
    return out
