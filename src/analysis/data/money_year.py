"""The year of the won in which the raw tables' amounts are read: one fact for both wings.

A plan states its amounts in the won of the year it is announced (nominal won). The
briefings show every amount as nominal won of :data:`MONEY_YEAR` and convert from it (to
constant prices by the CPI, to dollars at that year's rate), so a plan announced in
another year would be shown with the wrong label and the wrong conversions. The data
refresh refuses such a plan (:func:`analysis.data.contracts.check_plan_years`) until an
amount carries its own year.
"""

from __future__ import annotations

__all__ = ["MONEY_YEAR"]

#: The announcement year of every plan, and the year of the won of every amount.
MONEY_YEAR = 2020
