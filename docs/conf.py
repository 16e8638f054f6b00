"""Sphinx configuration for qmscore's documentation."""

from __future__ import annotations

import qmscore

project = "qmscore"
author = "qmscore developers"
copyright = "2026, qmscore developers"
release = version = qmscore.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "matplotlib.sphinxext.plot_directive",
]
plot_include_source = True
plot_html_show_formats = False
plot_html_show_source_link = False
plot_formats = [("png", 100)]
myst_enable_extensions = ["colon_fence", "deflist"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "undoc-members": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True  # attrs fields are documented once, in the class

# Every `>>>` example, in pages and in docstrings, runs under `sphinx-build -b doctest`.
doctest_global_setup = "import qmscore"
doctest_test_doctest_blocks = "default"

html_theme = "furo"
html_title = f"qmscore {release}"
