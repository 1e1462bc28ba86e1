#!/usr/bin/env python3
"""Checks what can be checked here of the installers' workflow (it runs only on GitHub's hosted
Windows and macOS runners): it parses as YAML, and each job installs Qt with aqtinstall, builds,
packages with its CPack generator and uploads the result.
Usage: check-workflow.py .github/workflows/installers.yml"""
import sys

import yaml

workflow = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
expected = {"windows": ("windows-", "NSIS", ".exe"), "macos": ("macos-", "DragNDrop", ".dmg")}
problems = []
jobs = workflow.get("jobs", {})
for name, (runner, generator, artifact) in expected.items():
    job = jobs.get(name)
    if not job:
        problems.append(f"no job {name}")
        continue
    if not str(job.get("runs-on", "")).startswith(runner):
        problems.append(f"{name}: runs-on {job.get('runs-on')!r}, expected {runner}…")
    steps = job.get("steps", [])
    runs = "\n".join(str(step.get("run", "")) for step in steps)
    if "aqt install-qt" not in runs:
        problems.append(f"{name}: Qt does not come from aqtinstall")
    if f"cpack -G {generator}" not in runs:
        problems.append(f"{name}: no cpack -G {generator}")
    uploads = [step for step in steps if str(step.get("uses", "")).startswith("actions/upload-artifact")]
    if not any(str(step.get("with", {}).get("path", "")).endswith(artifact) for step in uploads):
        problems.append(f"{name}: the {artifact} is not uploaded")
if "QT_VERSION" not in workflow.get("env", {}) or not str(workflow["env"]["QT_VERSION"]).startswith("6."):
    problems.append("env.QT_VERSION: a Qt 6 version is expected")
for problem in problems:
    print(problem)
print(f"{sys.argv[1]}: " + ("ok" if not problems else f"{len(problems)} problems"))
sys.exit(1 if problems else 0)
