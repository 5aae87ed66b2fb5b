"""The parameters every briefing notebook takes: names, types, defaults, allowed values."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.briefing.labels import LANGS

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
