"""Briefing parameters, money conversions and the analytical tables the notebooks chart.

Conversions
-----------
Money is held as exact integer KRW in nominal 2020 won (the plan's year). For display it is
converted by :class:`MoneyBasis`: first to constant won of ``price_year`` by the consumer
price index (``KRW x CPI[year] / CPI[2020]``), then to the display unit (억원 = 10^8 KRW,
백만원 = 10^6 KRW, KRW, or USD at an exchange rate). Converted values are floats: they are
for display, never stored.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.labels import LANGS, text

__all__ = [
    "JOBS_SPLITS",
    "MONEY_UNITS",
    "BriefingParameters",
    "MoneyBasis",
    "ParameterError",
    "audit_overview",
    "budget_vs_jobs_shares",
    "city_vs_national",
    "display_decimals",
    "jobs_per_budget",
    "national_pillars",
    "national_plan_totals",
    "national_scale",
    "plan_city_share",
    "plan_headline",
    "sector_jobs",
    "sector_summary",
    "split_other_jobs",
    "workers_by_field",
]

MONEY_UNITS: dict[str, int] = {"억원": 10**8, "백만원": 10**6, "KRW": 1, "USD": 1}
JOBS_SPLITS = ("none", "budget", "city_funds")
PLAN_YEAR = 2020


class ParameterError(ValueError):
    """An invalid notebook parameter; the message names it and its allowed values."""


@dataclass(frozen=True)
class BriefingParameters:
    """The parameters every briefing notebook takes, validated.

    Attributes
    ----------
    lang : {"ko", "en"}
    unit : {"억원", "백만원", "KRW", "USD"}
    exchange_rate : float or None
        KRW per USD; None means the 2020 average from ``exchange_rates.csv``.
    price_year : int
        2020 for nominal 2020 won, or a later year with a CPI value for constant won.
    jobs_split : {"none", "budget", "city_funds"}
        How the jobs of the sectors other than 안심 are split for display (an assumption).
    """

    lang: str = "ko"
    unit: str = "억원"
    exchange_rate: float | None = None
    price_year: int = PLAN_YEAR
    jobs_split: str = "none"

    @classmethod
    def validated(cls, cpi_years: list[int] | None = None, **values: object) -> BriefingParameters:
        """Check every parameter; raise :class:`ParameterError` naming the first bad one."""
        params = cls(**values)  # type: ignore[arg-type]
        if params.lang not in LANGS:
            raise ParameterError(f"parameter lang={params.lang!r} is invalid; allowed: 'ko', 'en'")
        if params.unit not in MONEY_UNITS:
            allowed = ", ".join(repr(u) for u in MONEY_UNITS)
            raise ParameterError(f"parameter unit={params.unit!r} is invalid; allowed: {allowed}")
        if params.jobs_split not in JOBS_SPLITS:
            allowed = ", ".join(repr(s) for s in JOBS_SPLITS)
            raise ParameterError(
                f"parameter jobs_split={params.jobs_split!r} is invalid; allowed: {allowed}"
            )
        if params.exchange_rate is not None and (
            isinstance(params.exchange_rate, bool)
            or not isinstance(params.exchange_rate, (int, float))
            or not params.exchange_rate > 0
        ):
            raise ParameterError(
                f"parameter exchange_rate={params.exchange_rate!r} is invalid; "
                "allowed: None (2020 average) or a positive number of KRW per USD"
            )
        years = cpi_years or [PLAN_YEAR]
        if isinstance(params.price_year, bool) or params.price_year not in years:
            raise ParameterError(
                f"parameter price_year={params.price_year!r} is invalid; allowed: "
                f"{', '.join(str(y) for y in years)} (years with a consumer price index)"
            )
        if params.unit == "USD" and params.price_year != PLAN_YEAR:
            raise ParameterError(
                f"parameter price_year={params.price_year!r} is invalid with unit='USD'; "
                f"allowed: {PLAN_YEAR} (there is no US price index in the reference data)"
            )
        return params


@dataclass(frozen=True)
class MoneyBasis:
    """How KRW amounts (nominal 2020) are shown: unit, price basis, exchange rate."""

    unit: str
    price_year: int
    cpi_factor: float
    krw_per_usd: float
    lang: str

    @classmethod
    def from_parameters(
        cls, params: BriefingParameters, cpi: pd.DataFrame, exchange_rates: pd.DataFrame
    ) -> MoneyBasis:
        """Build the basis from validated parameters and the reference tables."""
        by_year = dict(zip(cpi["year"], cpi["cpi"], strict=True))
        factor = by_year[params.price_year] / by_year[PLAN_YEAR]
        usd = exchange_rates[
            (exchange_rates["currency"] == "USD") & (exchange_rates["year"] == 2020)
        ]
        rate = float(params.exchange_rate or usd["krw_per_unit"].iloc[0])
        return cls(params.unit, params.price_year, factor, rate, params.lang)

    def convert(self, krw: pd.Series | float | int) -> pd.Series | float:
        """Convert nominal-2020 KRW to this basis (floats, for display)."""
        value = krw.astype("float64") if isinstance(krw, pd.Series) else float(krw)
        value = value * self.cpi_factor
        if self.unit == "USD":
            return value / self.krw_per_usd
        return value / MONEY_UNITS[self.unit]

    @property
    def unit_name(self) -> str:
        """The unit alone: ``억원`` / ``100 million KRW`` / ``USD`` ..."""
        key = {"억원": "unit_eok", "백만원": "unit_million", "KRW": "unit_krw", "USD": "unit_usd"}
        return text(key[self.unit], self.lang)

    @property
    def basis_name(self) -> str:
        """The price basis: ``2020년 명목`` / ``constant 2025 prices, CPI`` (+ the USD rate)."""
        if self.price_year == PLAN_YEAR:
            basis = text("nominal", self.lang, year=PLAN_YEAR)
        else:
            basis = text("constant", self.lang, year=self.price_year)
        if self.unit == "USD":
            basis += ", " + text("usd_rate", self.lang, rate=self.krw_per_usd)
        return basis

    @property
    def label(self) -> str:
        """Unit and price basis for axis labels and table headers."""
        return f"{self.unit_name}, {self.basis_name}"

    @property
    def jobs_base_krw(self) -> float:
        """The budget (nominal KRW after conversion) that 'jobs per ...' counts against."""
        return 1e6 * self.krw_per_usd if self.unit == "USD" else 1e8

    @property
    def jobs_base_name(self) -> str:
        return text("musd_base" if self.unit == "USD" else "eok_base", self.lang)

    @property
    def jobs_label(self) -> str:
        """Axis label for jobs per budget: ``1억원당 일자리 (2020년 명목)``."""
        return text(
            "jobs_per_budget_basis", self.lang, base=self.jobs_base_name, basis=self.basis_name
        )

    @property
    def per_job_label(self) -> str:
        """Axis label for budget per job: ``일자리 1개(1인)당 예산 (억원, 2020년 명목)``."""
        return text("per_job_basis", self.lang, label=self.label)

    def jobs_per_base(self, jobs: pd.Series | float, krw: pd.Series | float) -> pd.Series | float:
        """Jobs per 1억원 (or per 1 million USD) of budget on this price basis."""
        converted = (
            krw.astype("float64") if isinstance(krw, pd.Series) else float(krw)
        ) * self.cpi_factor
        return jobs / (converted / self.jobs_base_krw)


def plan_headline(figures: pd.DataFrame, plan_id: str) -> dict[str, int]:
    """The plan's stated headline figures: sector_count, project_count, total_budget, jobs."""
    rows = figures[(figures["plan_id"] == plan_id) & (figures["scope"] == "plan")]
    return {m: int(v) for m, v in zip(rows["measure"], rows["value"], strict=True)}


def sector_summary(sectors: pd.DataFrame, basis: MoneyBasis) -> pd.DataFrame:
    """Budgets by sector on the display basis, with shares of the plan.

    Returns one row per sector: label, total, city, non-city (display unit), the sector's
    share of the plan budget, its city share, and named/brand project counts.
    """
    lang = basis.lang
    out = pd.DataFrame(
        {
            "sector_id": sectors["sector_id"],
            "sector": sectors[f"sector_{lang}"],
            "total": basis.convert(sectors["total_budget_krw"]),
            "city": basis.convert(sectors["city_budget_krw"]),
            "non_city": basis.convert(sectors["non_city_budget_krw"]),
            "share_of_plan": sectors["share_of_plan_budget"],
            "city_share": sectors["city_share_of_sector"],
            "non_city_share": sectors["non_city_share_of_sector"],
            "named_projects": sectors["named_project_count"],
            "brand_projects": sectors["brand_project_count"],
        }
    )
    return out.reset_index(drop=True)


def split_other_jobs(sectors: pd.DataFrame, how: str) -> pd.DataFrame:
    """Jobs per sector: stated where the text states them; the rest of the plan's jobs
    either left unsplit (``how="none"``) or split across the sectors without stated jobs in
    proportion to their total budget (``"budget"``) or city funds (``"city_funds"``).

    Returns columns ``sector_id, jobs, jobs_is_assumption``; with ``"none"``, the sectors
    without stated jobs get NaN.
    """
    if how not in JOBS_SPLITS:
        raise ParameterError(f"parameter jobs_split={how!r} is invalid; allowed: {JOBS_SPLITS}")
    plan_jobs = sectors.attrs.get("plan_jobs")
    stated = sectors["jobs"].astype("Float64")
    out = pd.DataFrame(
        {"sector_id": sectors["sector_id"], "jobs": stated, "jobs_is_assumption": False}
    )
    missing = stated.isna()
    if how == "none" or not missing.any():
        return out
    if plan_jobs is None:
        raise ValueError("sectors.attrs['plan_jobs'] must hold the plan's stated jobs")
    remainder = plan_jobs - float(stated.sum())
    weights = sectors.loc[missing, "total_budget_krw" if how == "budget" else "city_budget_krw"]
    out.loc[missing, "jobs"] = remainder * weights / weights.sum()
    out.loc[missing, "jobs_is_assumption"] = True
    return out


def jobs_per_budget(
    sectors: pd.DataFrame,
    programme: pd.DataFrame,
    plan_jobs: int,
    plan_budget_krw: int,
    basis: MoneyBasis,
) -> pd.DataFrame:
    """Jobs per budget for the whole plan, the sectors with stated jobs, the other sectors
    together, and each public-jobs programme (per worker and per worker-month).

    Returns one row per entity: ``entity_id, entity, jobs, budget_krw, budget, jobs_per_base,
    budget_per_job, months, budget_per_worker_month, note``; ``budget`` and the per-job
    figures are on the display basis.
    """
    lang = basis.lang
    with_jobs = sectors[sectors["jobs"].notna()]
    others = sectors[sectors["jobs"].isna()]
    rows = [
        {
            "entity_id": "plan",
            "entity": text("plan", lang),
            "jobs": plan_jobs,
            "budget_krw": plan_budget_krw,
            "months": None,
        }
    ]
    for _, sec in with_jobs.iterrows():
        rows.append(
            {
                "entity_id": sec["sector_id"],
                "entity": sec[f"sector_{lang}"],
                "jobs": int(sec["jobs"]),
                "budget_krw": int(sec["total_budget_krw"]),
                "months": None,
            }
        )
    if not others.empty:
        joined = " + ".join(others[f"sector_{lang}"])
        rows.append(
            {
                "entity_id": "other_sectors",
                "entity": joined,
                "jobs": plan_jobs - int(with_jobs["jobs"].sum()),
                "budget_krw": int(others["total_budget_krw"].sum()),
                "months": None,
            }
        )
    for _, prog in programme.iterrows():
        if pd.isna(prog["national_funding_krw"]):
            continue
        rows.append(
            {
                "entity_id": prog["project_id"],
                "entity": prog[f"name_{lang}"],
                "jobs": int(prog["workers_announced"]),
                "budget_krw": int(prog["national_funding_krw"]),
                "months": None
                if pd.isna(prog["duration_months"])
                else int(prog["duration_months"]),
            }
        )
    out = pd.DataFrame(rows)
    out["budget"] = basis.convert(out["budget_krw"])
    out["jobs_per_base"] = basis.jobs_per_base(out["jobs"].astype("float64"), out["budget_krw"])
    out["budget_per_job"] = out["budget"] / out["jobs"]
    months = out["months"].astype("Float64")
    out["budget_per_worker_month"] = out["budget_per_job"] / months
    return out


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
    over the compared rows.
    """
    city = sectors[["sector_id", f"sector_{lang}", "total_budget_krw", "jobs"]].rename(
        columns={
            f"sector_{lang}": "sector",
            "total_budget_krw": "city_budget_krw",
            "jobs": "city_jobs",
        }
    )
    nat = national.rename(
        columns={
            "city_sector_id": "sector_id",
            f"pillar_name_{lang}": "pillar",
            "total_cost": "national_cost_krw",
            "jobs": "national_jobs",
        }
    )[["sector_id", "pillar", "national_cost_krw", "national_jobs", "mapping_note"]]
    out = city.merge(nat, on="sector_id", how="left")
    out["city_share"] = out["city_budget_krw"] / out["city_budget_krw"].sum()
    out["national_share"] = out["national_cost_krw"] / out["national_cost_krw"].sum()
    out["has_counterpart"] = out["national_cost_krw"].notna()
    return out
