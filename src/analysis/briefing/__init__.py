"""Wing 2, what runs inside a briefing's kernel.

Parameters (:mod:`.parameters`), money on a display basis (:mod:`.money`), analysis tables
(:mod:`.tables`, :mod:`.national_comparison`, :mod:`.audit_view`), number formatting (:mod:`.numbers`),
the ko/en label catalogue (:mod:`.labels`), charts (:mod:`.charts`) and what a notebook calls
(:mod:`.session`). Imports :mod:`analysis.data` (loading), never :mod:`analysis.site`.
"""
