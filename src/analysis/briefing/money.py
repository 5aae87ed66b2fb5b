"""Money on a display basis: unit (억원, 백만원, KRW, USD), price year and exchange rate.

Money is held as exact integer KRW in nominal 2020 won (the plan's year). For display it is
converted by :class:`MoneyBasis`: first to constant won of ``price_year`` by the consumer
price index (``KRW x CPI[year] / CPI[2020]``), then to the display unit (억원 = 10^8 KRW,
백만원 = 10^6 KRW, KRW, or USD at an exchange rate). Converted values are floats: they are
for display, never stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis.briefing.labels import text
from analysis.briefing.parameters import MONEY_UNITS, PLAN_YEAR, BriefingParameters

#: A function that writes a KRW amount as the briefing shows money (``Briefing.money``).
Money = Callable[[float], str]


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
            (exchange_rates["currency"] == "USD") & (exchange_rates["year"] == PLAN_YEAR)
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
