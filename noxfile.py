"""Quality gates: ``nox -s lint typing tests docs``; ``nox -s bench``; ``nox -s mutation``."""

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


@nox.session(default=False)
def mutation(session: nox.Session) -> None:
    """Mutation-test the core modules (mutmut 3), each against its own tests.

    Runs every module of tools/mutation.toml in turn, or only those named:
    ``nox -s mutation -- sampling/oc workflow/capa``; ``-- --jobs 2`` runs two
    mutants at a time; ``-- --sample 0.3`` draws a stable 30% of each module's
    mutants.  Rewrites tools/mutation_results.json and the table in
    docs/explanation/mutation.md.  Survivors: ``python tools/mutation.py survivors MODULE``.
    """
    session.install("-e", ".[test,mutation]")
    session.run("python", "tools/mutation.py", "run", *session.posargs)
