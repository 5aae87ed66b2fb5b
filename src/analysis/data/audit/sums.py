"""Stated parts against a stated whole, compared at the precision the whole was written in.

:func:`compare_parts` gives the verdict and a note in plain words; it never raises on what a
plan leaves out (missing parts give ``parts_incomplete``, a part larger than the whole gives
``parts_exceed_whole``).
"""

from __future__ import annotations

from collections.abc import Mapping

from analysis.data.audit.statements import AT_LEAST, EXACT, Statement, amount_words

__all__ = ["compare_parts", "precision_words"]


def precision_words(whole: Statement, unit: str) -> str:
    """The step the whole was written to, e.g. ``100억원`` or ``10,000``."""
    return amount_words(whole.precision, unit)


def _exceeds(whole: Statement, value: int) -> bool:
    return whole.upper is not None and value > whole.upper


def compare_parts(
    whole: Statement,
    parts: Mapping[str, Statement | None],
    unit: str,
) -> tuple[str, int, str]:
    """Compare the stated parts of a whole with the whole.

    Parameters
    ----------
    whole : Statement
        The stated whole (e.g. a plan's total budget).
    parts : mapping of name -> Statement or None
        Every part the plan has (e.g. each sector), None where the plan states no figure.
    unit : str
        ``"KRW"``, ``"jobs"``, ... (for the note).

    Returns
    -------
    verdict, parts_sum, note
        ``match`` (equal), ``match_at_stated_precision`` (equal when the sum is rounded to
        the whole's last written digit), ``mismatch``, ``consistent_lower_bound`` /
        ``below_lower_bound`` (the whole is "a little over" (여) or "at least" (이상)),
        ``parts_exceed_whole`` (one part alone, or the stated parts of an incomplete set,
        exceed the whole) or ``parts_incomplete`` (some parts not stated; the note says how
        much the stated ones cover).

    Examples
    --------
    Gyeonggi: 2180억 + 2조7900억 + 2조3750억 against a stated 5조3800억원:

    >>> from analysis.data.audit.statements import Statement
    >>> eok = 10**8
    >>> whole = Statement(53800 * eok, "5조3800억원", 100 * eok, "exact", "1")
    >>> parts = {n: Statement(v * eok, "", eok, "exact", "") for n, v in
    ...          [("data", 2180), ("low_carbon", 27900), ("safety", 23750)]}
    >>> compare_parts(whole, parts, "KRW")[:2]
    ('match_at_stated_precision', 5383000000000)
    """
    stated = {name: p for name, p in parts.items() if p is not None}
    missing = [name for name, p in parts.items() if p is None]
    total = sum(p.value for p in stated.values())
    over = [name for name, p in stated.items() if _exceeds(whole, p.value)]
    lower_bound_parts = [name for name, p in stated.items() if p.reading != EXACT]
    caveat = (
        f"; {', '.join(lower_bound_parts)} stated as a lower bound (여/이상), so the sum is one too"
        if lower_bound_parts
        else ""
    )
    if over:
        return (
            "parts_exceed_whole",
            total,
            f"{', '.join(over)} alone exceeds the stated whole {whole.raw}" + caveat,
        )
    if missing:
        if _exceeds(whole, total):
            verdict = "parts_exceed_whole"
            note = f"the stated parts already exceed {whole.raw} without {', '.join(missing)}"
        else:
            verdict = "parts_incomplete"
            note = (
                f"{len(stated)} of {len(parts)} parts stated (not stated: {', '.join(missing)}); "
                f"they cover {total / whole.value:.1%} of {whole.raw}, "
                + (
                    f"{amount_words(whole.value - total, unit)} not accounted for"
                    if total < whole.value
                    else "leaving nothing for the others at the stated precision"
                )
            )
        return verdict, total, note + caveat
    difference = total - whole.value
    if whole.reading != EXACT:
        word = "at least" if whole.reading == AT_LEAST else "a little over"
        if total < whole.value:
            return "below_lower_bound", total, f"{whole.raw} reads as {word} it" + caveat
        if whole.allows(total):
            return "consistent_lower_bound", total, f"{whole.raw} reads as {word} it" + caveat
        return (
            "mismatch",
            total,
            f"{whole.raw} reads as a little over it, below "
            f"{amount_words(whole.value + whole.precision, unit)}" + caveat,
        )
    if difference == 0:
        return "match", total, caveat.removeprefix("; ")
    if whole.allows(total):
        return (
            "match_at_stated_precision",
            total,
            f"matches when rounded to the stated {precision_words(whole, unit)}: the parts add "
            f"up to {amount_words(total, unit)}, {amount_words(difference, unit, signed=True)} "
            f"against {whole.raw}" + caveat,
        )
    return (
        "mismatch",
        total,
        f"differs by {amount_words(difference, unit, signed=True)}, more than half the stated "
        f"{precision_words(whole, unit)}" + caveat,
    )
