"""Wing 3, the site build: config, manifest, workers, publishing, page rendering, PDF.

``python -m analysis build`` runs :func:`analysis.site.build.build`. May import the other
two wings; neither imports it.
"""
