"""Wing 1, the data refresh: ``data/raw/`` -> validated, tidy ``data/processed/``.

Korean amounts (:mod:`.korean_amounts`), raw loading (:mod:`.raw`), contracts
(:mod:`.schemas`), cleaning (:mod:`.clean`), the audit of each plan's own arithmetic
(:mod:`.audit`), the data dictionary (:mod:`.dictionary`), the data version
(:mod:`.version`), the atomic refresh (:mod:`.refresh`) and loading for kernels (:mod:`.load`).
Imports neither :mod:`analysis.briefing.session` nor :mod:`analysis.site`.
"""
