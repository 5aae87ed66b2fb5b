"""Per-process caches a build worker would otherwise fill anew for every briefing.

Each briefing runs in a worker process of its own, forked from the build's fork server
(:data:`analysis.site.workers.WORKER_PRELOAD`), so that a timeout can kill the briefing's
whole process tree. Whatever a worker caches dies with it: without this module every
briefing compiled nbformat's JSON-schema validator again (0.15-0.3 s, on the way to its
first cell), nbconvert's page templates (about 1 s of its HTML export), the page's own
template (``briefing.html.j2``, 13 ms) and Beautiful Soup's tables of HTML entities (25 ms:
nbconvert parses every page with it). Importing this module in the fork server fills those
caches once; every worker inherits them. It then freezes the fork server's objects
(``gc.freeze()``): the workers' garbage collections no longer touch them, so the pages they
live on stay shared instead of being copied into each worker.
"""

from __future__ import annotations

import gc

__all__ = ["fill_caches"]


def fill_caches() -> None:
    """Compile nbformat's validator for the current notebook format, which reading and
    writing a notebook (papermill does both) validate against, the templates of the
    build's nbconvert exporter (``render._exporter``, cached per process), by rendering a
    one-cell notebook, the briefing page's template (``render.page_template``) and Beautiful
    Soup's tables of HTML entities (with two large regular expressions); import
    what jupyter_client imports to start a kernel and build its provisioner factory (a
    process-wide singleton). Kernel specs are still looked up per kernel start: only the
    import and the entry-point scan are shared.

    Examples
    --------
    >>> from nbformat import validator
    >>> fill_caches()
    >>> any(key[1:] == (4, validator.import_item("nbformat.v4").nbformat_minor, False)
    ...     for key in validator.validators)
    True
    """
    import nbformat
    from bs4.dammit import EntitySubstitution
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.provisioning import KernelProvisionerFactory

    from analysis.site.render import page_template, render_body

    KernelSpecManager().find_kernel_specs()  # imports IPython for its kernel directories
    KernelProvisionerFactory.instance()

    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1")
    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1"})]
    notebook.cells.append(cell)
    notebook = nbformat.reads(nbformat.writes(notebook), as_version=4)  # both validate
    render_body(notebook)
    page_template()
    EntitySubstitution.substitute_html("&")  # builds the tables, kept on the class


fill_caches()
gc.collect()
gc.freeze()
