import subprocess
import sys

import pytest

import qmscore


def test_import_is_cheap_no_heavy_modules_loaded() -> None:
    # Timing is reported by `nox -s bench`; here we check what the import pulls in.
    # (html and its entity tables wait for the first HTML table: cold start.)
    code = (
        "import sys, qmscore; "
        "print(','.join(m for m in ('holidays', 'cattrs', 'qmscore.sampling', 'dateutil', "
        "'hypothesis', 'html') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_lazy_submodules_and_dir() -> None:
    assert qmscore.sampling.code_letter(500) == "H"
    assert qmscore.__getattr__("testing").__name__ == "qmscore.testing"
    assert "sampling" in dir(qmscore)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        qmscore.nope  # noqa: B018


def test_public_names() -> None:
    for name in qmscore.__all__:
        assert getattr(qmscore, name) is not None
