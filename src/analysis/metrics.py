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

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analysis.labels import LANGS, text, wrap

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
    "fixed_decimals",
    "jobs_per_budget",
    "national_pillars",
    "national_plan_totals",
    "national_scale",
    "plan_city_share",
    "plan_headline",
    "record_dict",
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
    rate_is_default: bool = True

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
        default = params.exchange_rate is None
        rate = float(usd["krw_per_unit"].iloc[0] if default else params.exchange_rate)
        return cls(params.unit, params.price_year, factor, rate, params.lang, default)

    @property
    def rate_name(self) -> str:
        """The exchange rate and where it comes from (the 2020 average, or the parameter)."""
        key = "usd_rate" if self.rate_is_default else "usd_rate_custom"
        return text(key, self.lang, rate=self.krw_per_usd)

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
            basis += ", " + self.rate_name
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


def split_other_jobs(sectors: pd.DataFrame, how: str, plan_jobs: int | None = None) -> pd.DataFrame:
    """Jobs per sector: stated where the text states them, the rest of the plan's jobs
    left unsplit or split across the sectors without stated jobs (an assumption).

    Parameters
    ----------
    sectors : pandas.DataFrame
        The processed ``sectors`` table (``sector_id``, ``jobs``, budgets).
    how : {"none", "budget", "city_funds"}
        ``"none"`` leaves the sectors without stated jobs empty (NaN); ``"budget"`` and
        ``"city_funds"`` split the remainder in proportion to their total budget or city funds.
    plan_jobs : int, optional
        The plan's stated jobs; default ``sectors.attrs["plan_jobs"]``. Needed unless
        ``how="none"``.

    Returns
    -------
    pandas.DataFrame
        ``sector_id, jobs, jobs_is_assumption``, one row per sector in table order.
    """
    if how not in JOBS_SPLITS:
        raise ParameterError(f"parameter jobs_split={how!r} is invalid; allowed: {JOBS_SPLITS}")
    if plan_jobs is None:
        plan_jobs = sectors.attrs.get("plan_jobs")
    stated = sectors["jobs"].astype("Float64")
    out = pd.DataFrame(
        {"sector_id": sectors["sector_id"], "jobs": stated, "jobs_is_assumption": False}
    )
    missing = stated.isna()
    if how == "none" or not missing.any():
        return out
    if plan_jobs is None:
        raise ValueError("pass plan_jobs (or set sectors.attrs['plan_jobs']) to split jobs")
    remainder = plan_jobs - float(stated.sum())
    weights = sectors.loc[missing, "total_budget_krw" if how == "budget" else "city_budget_krw"]
    out.loc[missing, "jobs"] = remainder * weights / weights.sum()
    out.loc[missing, "jobs_is_assumption"] = True
    return out


def sector_jobs(sectors: pd.DataFrame, how: str, plan_jobs: int, basis: MoneyBasis) -> pd.DataFrame:
    """Jobs and jobs per budget by sector, split by :func:`split_other_jobs`.

    Parameters
    ----------
    sectors : pandas.DataFrame
        The processed ``sectors`` table.
    how : {"none", "budget", "city_funds"}
        The ``jobs_split`` parameter (see :func:`split_other_jobs`).
    plan_jobs : int
        The plan's stated jobs.
    basis : MoneyBasis
        Display unit, price basis and language.

    Returns
    -------
    pandas.DataFrame
        ``sector_id, sector, label, jobs, jobs_is_assumption, budget, jobs_per_base``;
        ``label`` carries "(가정)" / "(assumed)" where the jobs are an assumption,
        ``budget`` is on the display basis.
    """
    split = split_other_jobs(sectors, how, plan_jobs)
    names = sectors[f"sector_{basis.lang}"]
    out = split.assign(
        sector=names.to_numpy(),
        label=[
            text("assumed", basis.lang, label=n) if a else n
            for n, a in zip(names, split["jobs_is_assumption"], strict=True)
        ],
        budget=basis.convert(sectors["total_budget_krw"]).to_numpy(),
    )
    jobs = out["jobs"].astype("float64")
    out["jobs_per_base"] = basis.jobs_per_base(jobs, sectors["total_budget_krw"]).to_numpy()
    return out[
        ["sector_id", "sector", "label", "jobs", "jobs_is_assumption", "budget", "jobs_per_base"]
    ]


def _entity_rows(
    sectors: pd.DataFrame, programme: pd.DataFrame, plan_jobs: int, plan_budget_krw: int, lang: str
) -> list[dict[str, object]]:
    city = text("city", lang)
    with_jobs = sectors[sectors["jobs"].notna()]
    others = sectors[sectors["jobs"].isna()]
    rows: list[dict[str, object]] = [
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
                "entity": f"{city}: {sec[f'sector_{lang}']}",
                "jobs": int(sec["jobs"]),
                "budget_krw": int(sec["total_budget_krw"]),
                "months": None,
            }
        )
    if not others.empty:
        rows.append(
            {
                "entity_id": "other_sectors",
                "entity": f"{city}: " + " + ".join(others[f"sector_{lang}"]),
                "jobs": plan_jobs - int(with_jobs["jobs"].sum()),
                "budget_krw": int(others["total_budget_krw"].sum()),
                "months": None,
            }
        )
    for _, prog in programme[programme["national_funding_krw"].notna()].iterrows():
        months = None if pd.isna(prog["duration_months"]) else int(prog["duration_months"])
        rows.append(
            {
                "entity_id": prog["project_id"],
                "entity": f"{city}: {prog[f'name_{lang}']} ({text('programme_basis', lang)})",
                "jobs": int(prog["workers_announced"]),
                "budget_krw": int(prog["national_funding_krw"]),
                "months": months,
            }
        )
    return rows


def _national_rows(
    national: pd.DataFrame, national_totals: dict[str, int], lang: str
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {
            "entity_id": "national_plan",
            "entity": text("national_plan", lang),
            "jobs": int(national_totals["jobs"]),
            "budget_krw": int(national_totals["total_cost"]),
            "months": None,
        }
    ]
    for _, pil in national.iterrows():
        rows.append(
            {
                "entity_id": f"national_{pil['pillar_id']}",
                "entity": f"{text('national', lang)}: {pil[f'pillar_name_{lang}']}",
                "jobs": int(pil["jobs"]),
                "budget_krw": int(pil["total_cost"]),
                "months": None,
            }
        )
    return rows


def jobs_per_budget(
    sectors: pd.DataFrame,
    programme: pd.DataFrame,
    plan_jobs: int,
    plan_budget_krw: int,
    basis: MoneyBasis,
    national: pd.DataFrame | None = None,
    national_totals: dict[str, int] | None = None,
) -> pd.DataFrame:
    """Jobs per budget for the whole plan, the sectors with stated jobs, the other sectors
    together, each public-jobs programme (per worker and per worker-month) and, if given,
    the national plan and its pillars.

    Parameters
    ----------
    sectors, programme : pandas.DataFrame
        The processed ``sectors`` and ``refresh_programme`` tables.
    plan_jobs, plan_budget_krw : int
        The plan's stated jobs and total budget (nominal KRW).
    basis : MoneyBasis
        Display unit and price basis.
    national : pandas.DataFrame, optional
        :func:`national_pillars` (``pillar_id``, ``pillar_name_*``, ``jobs``, ``total_cost``).
    national_totals : dict, optional
        :func:`national_plan_totals` (``jobs``, ``total_cost``); needed with ``national``.

    Returns
    -------
    pandas.DataFrame
        One row per entity: ``entity_id, entity, label, group ("city"/"national"), jobs,
        budget_krw, months, budget, jobs_per_base, jobs_per_100m_krw, budget_per_job,
        budget_per_job_krw, worker_months, budget_per_worker_month,
        budget_per_worker_month_krw``. ``budget``, ``jobs_per_base`` and ``budget_per_*``
        are on the display basis; ``jobs_per_100m_krw`` (jobs per 1억원) and ``*_krw`` are
        nominal 2020 KRW, whatever the basis.
        For a programme, ``jobs`` are its workers and ``budget_krw`` its 국비.
    """
    rows = _entity_rows(sectors, programme, plan_jobs, plan_budget_krw, basis.lang)
    group = ["city"] * len(rows)
    if national is not None:
        if national_totals is None:
            raise ValueError("national_totals is needed with national")
        extra = _national_rows(national, national_totals, basis.lang)
        rows += extra
        group += ["national"] * len(extra)
    out = pd.DataFrame(rows)
    out.insert(2, "label", [wrap(e, 30) for e in out["entity"]])
    out.insert(3, "group", group)
    out["months"] = out["months"].astype("Float64")
    out["budget"] = basis.convert(out["budget_krw"])
    out["jobs_per_base"] = basis.jobs_per_base(out["jobs"].astype("float64"), out["budget_krw"])
    out["jobs_per_100m_krw"] = out["jobs"] / (out["budget_krw"] / 1e8)
    out["budget_per_job"] = out["budget"] / out["jobs"]
    out["budget_per_job_krw"] = out["budget_krw"] / out["jobs"]
    out["worker_months"] = out["jobs"] * out["months"]
    out["budget_per_worker_month"] = out["budget"] / out["worker_months"]
    out["budget_per_worker_month_krw"] = out["budget_krw"] / out["worker_months"]
    return out


def display_decimals(value: float, significant: int = 3) -> int:
    """Decimals that show ``value`` with at least ``significant`` significant digits.

    Examples
    --------
    >>> display_decimals(1475.0), display_decimals(0.0404), display_decimals(6.71)
    (0, 4, 2)
    """
    if not value or pd.isna(value):
        return 0
    digits_before = math.floor(math.log10(abs(value))) + 1
    return max(0, significant - digits_before)


def workers_by_field(fields: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Workers of a public-jobs programme by field.

    Parameters
    ----------
    fields : pandas.DataFrame
        The processed ``refresh_workers_by_field`` table.
    lang : {"ko", "en"}

    Returns
    -------
    pandas.DataFrame
        ``field_id, field`` (wrapped for chart labels), ``workers, share``; ``share`` is of
        the sum over fields, which need not equal the announced total.
    """
    return pd.DataFrame(
        {
            "field_id": fields["field_id"],
            "field": [wrap(f, 24) for f in fields[f"field_{lang}"]],
            "workers": fields["workers"].astype("int64"),
            "share": fields["share_of_field_sum"],
        }
    ).reset_index(drop=True)


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
    )
    keep = ["sector_id", "pillar", "national_cost_krw", "national_jobs", "mapping_note"]
    if "national_treasury" in nat.columns:
        nat = nat.rename(columns={"national_treasury": "national_treasury_krw"})
        keep.append("national_treasury_krw")
    out = city.merge(nat[keep], on="sector_id", how="left")
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
    return float(sectors["city_budget_krw"].sum() / sectors["total_budget_krw"].sum())


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


def budget_vs_jobs_shares(sectors: pd.DataFrame, plan_jobs: int, lang: str) -> pd.DataFrame:
    """Each sector's share of the budget next to its share of the plan's jobs.

    Sectors without stated jobs get no jobs share; their jobs together (plan jobs minus the
    stated sector jobs) form an extra part ``other_sectors`` with no budget share of its own
    (its budget is that of the sectors it joins). Parts are ordered: sectors without stated
    jobs, ``other_sectors``, sectors with stated jobs.

    Parameters
    ----------
    sectors : pandas.DataFrame
        The processed ``sectors`` table.
    plan_jobs : int
        The plan's stated jobs.
    lang : {"ko", "en"}

    Returns
    -------
    pandas.DataFrame
        ``part_id, part, members, budget_krw, budget_share, jobs, jobs_share``; ``members``
        names the sectors a part stands for.
    """
    total = sectors["total_budget_krw"].sum()
    has_jobs = sectors["jobs"].notna()
    part = pd.DataFrame(
        {
            "part_id": sectors["sector_id"],
            "part": sectors[f"sector_{lang}"],
            "members": sectors[f"sector_{lang}"],
            "budget_krw": sectors["total_budget_krw"].astype("float64"),
            "budget_share": sectors["total_budget_krw"] / total,
            "jobs": sectors["jobs"].astype("float64"),
        }
    )
    others = sectors.loc[~has_jobs, f"sector_{lang}"]
    joined = {
        "part_id": "other_sectors",
        "part": text("other_sectors_together", lang),
        "members": " + ".join(others),
        "budget_krw": float("nan"),
        "budget_share": float("nan"),
        "jobs": float(plan_jobs - sectors.loc[has_jobs, "jobs"].sum()),
    }
    out = pd.concat(
        [part[~has_jobs.to_numpy()], pd.DataFrame([joined]), part[has_jobs.to_numpy()]],
        ignore_index=True,
    )
    out["jobs_share"] = out["jobs"] / plan_jobs
    return out


_AUDIT_UNITS = {
    "items": "unit_items",
    "cases": "unit_items",
    "persons": "unit_persons",
    "jobs": "unit_jobs",
    "months": "unit_months",
}


def _audit_key(check_id: str) -> str:
    return "_".join(p for p in check_id.split(":")[1:] if not p.isdigit())


def audit_overview(audit: pd.DataFrame, keys: list[str], basis: MoneyBasis) -> pd.DataFrame:
    """Chosen audit checks in plain words, in the order of ``keys``.

    Parameters
    ----------
    audit : pandas.DataFrame
        The processed ``audit`` table (all plans: national checks have their own plan_id).
    keys : list of str
        Check identifiers without plan and year, e.g. ``"project_count"``,
        ``"safety_refresh_workers_by_field"``, ``"total_cost_vs_pillars"``; each needs a
        label ``audit_<key>`` in :mod:`analysis.labels`.
    basis : MoneyBasis
        Money checks are shown in its unit and price basis.

    Returns
    -------
    pandas.DataFrame
        ``key, item, stated, found, difference, unit, stated_value, found_value, verdict_id,
        verdict, paragraphs``; ``stated``, ``found`` and ``difference`` of money rows are on
        the display basis (counts as they are), ``stated_value`` and ``found_value`` are the
        audit's own numbers (KRW, items, persons, jobs).
    """
    lang = basis.lang
    table = audit.assign(key=[_audit_key(c) for c in audit["check_id"]]).set_index("key")
    rows = table.loc[keys].reset_index()
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


def fixed_decimals(frame: pd.DataFrame, decimals: dict[str, int]) -> pd.DataFrame:
    """A copy of ``frame`` with the named number columns as text: thousands separators, a
    real minus sign, the given decimals, empty for missing values (for tables whose values
    span orders of magnitude, where one rounding for the whole column would hide them).

    Examples
    --------
    >>> fixed_decimals(pd.DataFrame({"x": [1234.5, -0.04, None]}), {"x": 2})["x"].tolist()
    ['1,234.50', '−0.04', '']
    """
    out = frame.copy()
    for column, places in decimals.items():
        out[column] = [
            "" if pd.isna(v) else f"{v:,.{places}f}".replace("-", "\u2212") for v in out[column]
        ]
    return out


def record_dict(keys: Iterable[object], values: Iterable[object]) -> dict[str, object]:
    """``dict(zip(keys, values))`` for ``values.json``: numpy scalars become Python numbers,
    missing values (NaN, NA) become None (JSON ``null``, not the invalid ``NaN``).

    Examples
    --------
    >>> record_dict(["a", "b"], [1.5, float("nan")])
    {'a': 1.5, 'b': None}
    """
    out: dict[str, object] = {}
    for key, value in zip(keys, values, strict=True):
        if value is None or pd.isna(value):
            out[str(key)] = None
        else:
            out[str(key)] = value.item() if hasattr(value, "item") else value
    return out
