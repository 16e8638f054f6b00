"""Quality gates: ``nox -s lint typing tests docs``; benchmarks: ``nox -s bench``."""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "typing", "tests", "docs"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    """Run pytest with branch coverage (fails under 95%) and all doctests."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session
def typing(session: nox.Session) -> None:
    """Type-check src and tests with mypy --strict."""
    session.install("-e", ".[typing]")
    session.run("mypy", "--strict", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Run ruff check and ruff format --check."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the Sphinx docs with warnings as errors and execute every example."""
    session.install("-e", ".[docs,testing]")
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html")
    session.run(
        "sphinx-build", "-W", "--keep-going", "-b", "doctest", "docs", "docs/_build/doctest"
    )


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Run the benchmarks in bench/ against their peers and print ratios."""
    session.install("-e", ".[bench]")
    session.run("python", "bench/run.py", *session.posargs)


@nox.session(default=False)
def regen(session: nox.Session) -> None:
    """Regenerate the China calendar table from holidays and check it against the notices.

    Writes src/qmscore/workdays/_china_data.py (tools/regen_china_data.py), then
    checks it against ``holidays`` and ../shared/reference/china_notices (when
    present); ``-- --check-only`` checks without rewriting. Review ``git diff``.
    """
    session.install("-e", ".", "ruff>=0.6")
    session.run("python", "tools/regen_china_data.py", *session.posargs)
    session.run("ruff", "format", "src/qmscore/workdays/_china_data.py")
