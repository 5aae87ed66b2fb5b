"""Contracts across rows of the raw tables (what a per-column schema cannot say).

* units fit measures: one map, :data:`MEASURE_UNITS`, for ``figures.csv``,
  ``programme_workers.csv`` and the national figures; a money amount may leave out 원 when it
  is written in 억 or 조 (``2조7천억``);
* one statement per figure: two ``figures.csv`` rows with the same plan, scope and measure
  are an error naming both rows, unless exactly one is marked ``preferred=true`` with a
  ``preferred_reason``;
* reference tables cover what the briefings' parameters offer: no header-only table, a CPI
  for every price year, the default exchange rate;
* a stated horizon is a quoted figure: ``horizon_year`` and ``horizon_source_id`` go together,
  and that source states the year in a plan-wide ``period_end_year`` figure of
  ``figures.csv`` (whose quote the provenance check holds to the source);
* a plan is announced in the year whose won the briefings read its amounts in
  (:data:`~analysis.data.money_year.MONEY_YEAR`);
* population rows map to plans one to one: exactly one row for the nation (blank
  ``plan_ids``), every plan named by exactly one row, of the plan's own government, and
  every plan named exists (README, "Adding a plan": add the government's population).
"""

from __future__ import annotations

from collections import Counter

from analysis.data.korean_amounts import AmountParseError, parse_korean_amount
from analysis.data.money_year import MONEY_YEAR
from analysis.data.raw import RAW_TABLES, RawData, RawDataError
from analysis.data.raw_schemas import MONEY_MEASURES, PLAN_TABLES_OPTIONAL

__all__ = [
    "COST_UNITS",
    "MEASURE_UNITS",
    "REQUIRED_CPI_YEARS",
    "REQUIRED_EXCHANGE_RATES",
    "check_contracts",
    "check_coverage",
    "check_horizon",
    "check_one_statement_per_figure",
    "check_plan_years",
    "check_population_plans",
    "check_units",
    "preferred_rows",
]

COST_UNITS = ("원",)
_JOBS = ("개", "명", "")  # national figures write jobs as a bare count (90.3만)
_COUNT = ("개", "대")  # 4개 분야, 4대 분야

#: Measure -> the unit suffixes (as written in the source) its amount may carry.
MEASURE_UNITS: dict[str, tuple[str, ...]] = {
    # figures.csv
    "sector_count": _COUNT,
    "project_count": _COUNT,
    "task_count": _COUNT,
    "sectors_with_brand_project": _COUNT,
    "additional_contest_selection_count": ("건", "개"),
    **{measure: COST_UNITS for measure in MONEY_MEASURES},
    "jobs": _JOBS,
    "workers": ("명",),
    "period_start_month": ("월",),
    "period_end_month": ("월",),
    "period_end_year": ("년",),
    "duration_months": ("개월",),
    # reference_figures.csv (and "jobs" above)
    "total_cost": COST_UNITS,
    "national_treasury": COST_UNITS,
    "local_government": COST_UNITS,
    "private": COST_UNITS,
}

#: The briefings offer ``price_year`` 2020-2025: the CPI must have each of them.
REQUIRED_CPI_YEARS: tuple[int, ...] = tuple(range(2020, 2026))
#: (currency, year) the briefings use by default: ``unit USD`` at 2020 rates.
REQUIRED_EXCHANGE_RATES: tuple[tuple[str, int], ...] = (("USD", 2020),)

#: Table -> (amount column, measure column or the one measure all its rows state).
_AMOUNT_COLUMNS: dict[str, tuple[str, str]] = {
    "figures": ("value_raw", "measure"),
    "reference_figures": ("value_raw", "measure"),
    "programme_workers": ("workers_raw", "=workers"),
}


def _unit_name(unit: str) -> str:
    return unit or "no unit"


def _in_eok_or_jo(text: str) -> bool:
    """True when an amount ends in 억 or 조 (a sum of money the text leaves 원 off)."""
    return text.rstrip().rstrip("여").endswith(("억", "조"))


def check_units(raw: RawData) -> None:
    """Every amount carries a unit its measure allows (``58.2조명`` is not a cost).

    Amounts that do not parse are left to the cleaning, which names them.
    """
    for table, (column, measure_column) in _AMOUNT_COLUMNS.items():
        frame = raw[table]
        for index, row in frame.iterrows():
            measure = measure_column[1:] if measure_column.startswith("=") else row[measure_column]
            allowed = MEASURE_UNITS.get(measure)
            if allowed is None:
                continue  # an unknown measure is reported by the table's schema
            try:
                unit = parse_korean_amount(row[column]).unit
            except AmountParseError:
                continue
            if unit == "" and allowed == COST_UNITS and _in_eok_or_jo(row[column]):
                continue  # 2조7천억: money written without 원
            if unit not in allowed:
                raise raw.error(
                    table,
                    index,
                    f"unit {_unit_name(unit)!r} does not fit measure {measure!r} "
                    f"(allowed: {', '.join(map(_unit_name, allowed))}"
                    f"{'; or none after 억 or 조' if allowed == COST_UNITS else ''})",
                    column=column,
                    value=row[column],
                )


def preferred_rows(raw: RawData) -> list[bool]:
    """For each ``figures.csv`` row: is it the statement the cleaning and the audit use?

    A figure stated once is used; of several statements, the one marked ``preferred=true``.
    """
    figures = raw["figures"]
    keys = list(zip(figures["plan_id"], figures["scope"], figures["measure"], strict=True))
    counts = Counter(keys)
    flags = figures["preferred"]
    return [counts[key] == 1 or flag == "true" for key, flag in zip(keys, flags, strict=True)]


def check_one_statement_per_figure(raw: RawData) -> None:
    """Two rows stating the same figure need exactly one ``preferred=true`` with a reason."""
    figures = raw["figures"]
    groups: dict[tuple[str, str, str], list[int]] = {}
    for index, row in figures.iterrows():
        groups.setdefault((row["plan_id"], row["scope"], row["measure"]), []).append(index)
    for (plan, scope, measure), indexes in groups.items():
        if len(indexes) < 2:
            continue
        lines = " and ".join(str(raw.origin("figures", i)[1]) for i in indexes)
        chosen = [i for i in indexes if figures.at[i, "preferred"] == "true"]
        if len(chosen) != 1:
            raise raw.error(
                "figures",
                indexes[1],
                f"rows {lines} state the same figure (plan {plan}, scope {scope}, measure "
                f"{measure}): mark exactly one preferred=true with a preferred_reason",
                column="measure",
                value=measure,
            )
        if not figures.at[chosen[0], "preferred_reason"].strip():
            raise raw.error(
                "figures",
                chosen[0],
                f"the preferred one of rows {lines} needs a preferred_reason",
                column="preferred_reason",
                value="",
            )


def check_coverage(raw: RawData) -> None:
    """No header-only table; the CPI and exchange rates cover what the briefings offer."""
    for table in RAW_TABLES:
        if raw[table].empty and table not in PLAN_TABLES_OPTIONAL:
            raise RawDataError(raw.path(table), "the table has no rows (header only)")
    cpi_years = set(raw["reference_cpi"]["year"])
    for year in REQUIRED_CPI_YEARS:
        if str(year) not in cpi_years:
            raise RawDataError(
                raw.path("reference_cpi"),
                f"no CPI for {year}: the briefings offer price_year "
                f"{REQUIRED_CPI_YEARS[0]}-{REQUIRED_CPI_YEARS[-1]}",
                column="year",
                value=str(year),
            )
    rates = raw["reference_exchange_rates"]
    have = set(zip(rates["currency"], rates["year"], strict=True))
    for currency, year in REQUIRED_EXCHANGE_RATES:
        if (currency, str(year)) not in have:
            raise RawDataError(
                raw.path("reference_exchange_rates"),
                f"no {currency} rate for {year} (the briefings' default)",
                column="year",
                value=str(year),
            )


def check_plan_years(raw: RawData) -> None:
    """Every plan is announced in :data:`~analysis.data.money_year.MONEY_YEAR`: its amounts
    are then won of that year, as the briefings show them. A plan of another year is refused,
    naming its ``plan.csv`` row, rather than shown with the wrong year's won."""
    plans = raw["plans"]
    for index, announced in zip(plans.index, plans["announced_date"], strict=True):
        if str(announced).strip()[:4] != str(MONEY_YEAR):
            raise raw.error(
                "plans",
                index,
                f"the plan was announced outside {MONEY_YEAR}: the briefings read every "
                f"amount as {MONEY_YEAR} won (nominal) and convert from it, so its amounts "
                "would be shown in the wrong year's won; plans of other years are not "
                "supported yet",
                column="announced_date",
                value=announced,
            )


def check_horizon(raw: RawData) -> None:
    """A plan's ``horizon_year`` is stated by its ``horizon_source_id`` in a figure.

    Both are blank (no plan-wide horizon is stated), or both are given and ``figures.csv``
    has a ``period_end_year`` figure of scope ``plan`` from that source stating that year.

    Raises
    ------
    RawDataError
        Naming ``plan.csv``, its row and the column that is blank, or ``horizon_year`` when
        no figure of the source states it.
    """
    figures = raw["figures"]
    ends = figures[(figures["scope"] == "plan") & (figures["measure"] == "period_end_year")]
    for index, row in raw["plans"].iterrows():
        year, source = row["horizon_year"], row["horizon_source_id"]
        if bool(year) != bool(source):
            column, value = ("horizon_source_id", source) if year else ("horizon_year", year)
            raise raw.error(
                "plans",
                index,
                "horizon_year and horizon_source_id go together (both blank when the plan "
                "states no horizon)",
                column=column,
                value=value,
            )
        if not year:
            continue
        stated = ends[(ends["plan_id"] == row["plan_id"]) & (ends["source_id"] == source)]
        if not any(_amount_value(text) == int(year) for text in stated["value_raw"]):
            raise raw.error(
                "plans",
                index,
                f"no figure of source {source!r} states this horizon: add a figures.csv row "
                f"(scope plan, measure period_end_year, value_raw {year}년) quoting it",
                column="horizon_year",
                value=year,
            )


def _amount_value(text: str) -> int | None:
    """The value of an amount, None where it does not parse (the cleaning names those)."""
    try:
        return parse_korean_amount(text).value
    except AmountParseError:
        return None


def check_population_plans(raw: RawData) -> None:
    """``population.csv`` names each plan once, by its own government, and the nation once.

    Raises
    ------
    RawDataError
        Naming the row and ``plan_ids`` (or ``government_ko``): a second row for the nation,
        a plan that has no folder, a plan named twice; or ``population.csv`` and the plan
        that no row names.
    """
    table = "reference_population"
    population = raw[table]
    governments = dict(zip(raw["plans"]["plan_id"], raw["plans"]["government_ko"], strict=True))
    nation: int | None = None
    named: dict[str, int] = {}
    for index, row in population.iterrows():
        cell = row["plan_ids"]
        if not cell:
            if nation is not None:
                raise raw.error(
                    table,
                    index,
                    f"a second row without plan_ids (row {raw.origin(table, nation)[1]} is the "
                    "nation's): name the plans of this government",
                    column="plan_ids",
                    value=cell,
                )
            nation = int(index)  # type: ignore[arg-type]
        for plan in cell.split(";") if cell else []:
            if plan not in governments:
                raise raw.error(
                    table,
                    index,
                    f"names plan {plan!r}, which has no folder in plans/",
                    column="plan_ids",
                    value=cell,
                )
            if plan in named:
                raise raw.error(
                    table,
                    index,
                    f"plan {plan!r} is already named by row {raw.origin(table, named[plan])[1]}: "
                    "a plan has one population row",
                    column="plan_ids",
                    value=cell,
                )
            if row["government_ko"] != governments[plan]:
                raise raw.error(
                    table,
                    index,
                    f"names plan {plan!r}, whose government (plan.csv) is {governments[plan]!r}",
                    column="government_ko",
                    value=row["government_ko"],
                )
            named[plan] = int(index)  # type: ignore[arg-type]
    if nation is None:
        raise RawDataError(
            raw.path(table), "no row for the nation (blank plan_ids)", column="plan_ids", value=""
        )
    for plan in governments:
        if plan not in named:
            raise RawDataError(
                raw.path(table),
                f"no population row names plan {plan!r}: add its government's population "
                "(README, Adding a plan)",
                column="plan_ids",
                value=plan,
            )


def check_sector_order(raw: RawData) -> None:
    """Each plan's ``sector_order`` numbers its sectors 1..n, each number once (the order of
    the plan's own list, which every page and chart follows)."""
    sectors = raw["sectors"]
    for plan, rows in sectors.groupby("plan_id", sort=False):
        orders = [int(value) for value in rows["sector_order"]]
        seen: set[int] = set()
        for index, order in zip(rows.index, orders, strict=True):
            if order in seen or not 1 <= order <= len(orders):
                raise raw.error(
                    "sectors",
                    index,
                    f"sector_order of plan {plan} must number its {len(orders)} sectors "
                    f"1..{len(orders)}, each once (the plan's order has {sorted(orders)})",
                    column="sector_order",
                    value=str(order),
                )
            seen.add(order)


def check_contracts(raw: RawData) -> None:
    """All contracts of this module, coverage first."""
    check_coverage(raw)
    check_sector_order(raw)
    check_horizon(raw)
    check_plan_years(raw)
    check_population_plans(raw)
    check_units(raw)
    check_one_statement_per_figure(raw)
