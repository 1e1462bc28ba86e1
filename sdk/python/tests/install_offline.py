"""Installs the SDK into a fresh virtual environment without any network, as the README says.

Usage: install_offline.py VENV_DIR. The venv sees the system's site-packages, where Debian's
python3-setuptools and python3-wheel build the package (--no-build-isolation: nothing is fetched).
The source is copied first, so that the build leaves nothing in the repository."""

import os
import shutil
import subprocess
import sys
import tempfile

venv = os.path.abspath(sys.argv[1])
source = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shutil.rmtree(venv, ignore_errors=True)
subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", venv], check=True)
python = os.path.join(venv, "bin", "python")
with tempfile.TemporaryDirectory() as work:
    copy = os.path.join(work, "python")
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-index", "--no-build-isolation", copy], check=True)
where = subprocess.run([python, "-c", "import telemetrydesk; print(telemetrydesk.__file__)"], check=True,
                       capture_output=True, text=True, cwd=venv).stdout.strip()
if not where.startswith(venv):
    sys.exit(f"telemetrydesk was imported from {where}, not from the venv")
print(f"installed offline into {venv}: {where}")
