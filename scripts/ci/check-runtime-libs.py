#!/usr/bin/env python3
"""Check 3: the runtime stage of deploy/Dockerfile installs every shared library the binaries need.

For each release executable (ingest, parse, metrics, notify, filings in RELEASE_BIN_DIR, default
.build-release/release), every library `ldd` reports is mapped to its Debian package with
`dpkg -S`; the library is covered when that package is
  - named in the runtime stage's `apt-get install` list, or
  - one of the packages debian:bookworm-slim already has that the binaries use (BASE_PACKAGES), or
  - a dependency (Depends/Pre-Depends, recursively) of a listed package, which apt installs with it
    (librdkafka1 brings libssl3, libsasl2-2, libzstd1, liblz4-1, zlib1g).
A library `ldd` cannot find, or whose package is none of these, fails the check. Run on Debian 12
(the runtime image's release) so that the package names are the runtime's.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deploy_common as common  # noqa: E402

CHECK = "check 3 (runtime image packages cover `ldd` of the release binaries)"
EXECUTABLES = ["ingest", "parse", "metrics", "notify", "filings"]
RUNTIME_STAGE = os.environ.get("RUNTIME_STAGE", "runtime")
# In debian:bookworm-slim already (Priority: required, or needed by apt itself); allowed unlisted.
BASE_PACKAGES = {"libc6", "libgcc-s1", "libstdc++6"}
# Lines of `ldd` that are not files on disk.
VIRTUAL = ("linux-vdso.so", "linux-gate.so")


def ldd(binary: str) -> list[tuple[str, str | None]]:
    """(soname, resolved path or None when not found)."""
    result = subprocess.run(["ldd", binary], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"ldd {binary}: {result.stderr.strip() or result.stdout.strip()}")
    out: list[tuple[str, str | None]] = []
    for line in result.stdout.splitlines():
        line = line.strip()
        if not line or line.startswith(VIRTUAL) or "statically linked" in line:
            continue
        if "=>" in line:
            name, rest = (part.strip() for part in line.split("=>", 1))
            if rest.startswith("not found"):
                out.append((name, None))
                continue
            path = rest.split(" (")[0].strip()
        else:
            path = line.split(" (")[0].strip()
            name = os.path.basename(path)
        out.append((name, path))
    return out


def owning_package(path: str) -> str | None:
    """dpkg -S, trying the merged-/usr aliases and the resolved symlink too."""
    candidates = [path, os.path.realpath(path)]
    for p in list(candidates):
        if p.startswith("/usr/lib/"):
            candidates.append(p[len("/usr"):])
        elif p.startswith("/lib/") or p.startswith("/lib64/"):
            candidates.append("/usr" + p)
    for candidate in dict.fromkeys(candidates):
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            first = result.stdout.splitlines()[0]
            package = first.split(": ", 1)[0].split(",")[0].strip()
            return package.split(":")[0]  # drop the architecture qualifier
    return None


def dependencies(package: str, cache: dict[str, set[str]]) -> set[str]:
    """Depends and Pre-Depends of an installed package (first alternative), else apt-cache's."""
    if package in cache:
        return cache[package]
    result = subprocess.run(["dpkg-query", "-W", "-f=${Depends}, ${Pre-Depends}", package],
                            capture_output=True, text=True)
    text = result.stdout if result.returncode == 0 else ""
    if result.returncode != 0:
        fallback = subprocess.run(["apt-cache", "depends", "--no-recommends", "--no-suggests",
                                   "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances",
                                   package], capture_output=True, text=True)
        text = ", ".join(m.group(1) for m in re.finditer(r"^\s*(?:Pre)?Depends:\s*<?([^\s>]+)>?",
                                                        fallback.stdout, re.M))
    deps = set()
    for clause in text.split(","):
        first = clause.split("|")[0].strip()
        name = re.split(r"[\s(:]", first)[0] if first else ""
        if name:
            deps.add(name)
    cache[package] = deps
    return deps


def closure(packages: list[str]) -> dict[str, str]:
    """Every package apt installs with `packages`: name -> the listed package that brings it."""
    cache: dict[str, set[str]] = {}
    via: dict[str, str] = {}
    for root in packages:
        stack = [root]
        while stack:
            package = stack.pop()
            if package in via:
                continue
            via[package] = root
            stack += sorted(dependencies(package, cache))
    return via


def main() -> int:
    bin_dir = os.environ.get("RELEASE_BIN_DIR") or os.path.join(common.ROOT, ".build-release", "release")
    stages = common.dockerfile_stages(common.DOCKERFILE)
    runtime = next((s for s in stages if s["name"] == RUNTIME_STAGE), stages[-1] if stages else None)
    if runtime is None:
        common.fatal(CHECK, f"{common.rel(common.DOCKERFILE)} has no stages")
    listed = common.apt_packages(runtime)
    if not listed:
        common.fatal(CHECK, f"stage {runtime['name']} of {common.rel(common.DOCKERFILE)} installs no packages")
    print(f"  runtime stage '{runtime['name']}' FROM {runtime['base']}: apt-get install {' '.join(listed)}")
    if "bookworm" not in runtime["base"]:
        print(f"  warning: the runtime base {runtime['base']} is not Debian 12 (bookworm); package names are this machine's")
    try:
        os_release = open("/etc/os-release", encoding="utf-8").read()
    except OSError:
        os_release = ""
    if 'VERSION_CODENAME=bookworm' not in os_release:
        print("  warning: this machine is not Debian 12: `dpkg -S` names may differ from the runtime image's")

    installed_with = closure(listed)
    failures: list[str] = []
    libraries: dict[str, tuple[str | None, list[str]]] = {}
    for exe in EXECUTABLES:
        binary = os.path.join(bin_dir, exe)
        if not os.path.isfile(binary):
            failures.append(f"{common.rel(binary)} not found (build with: swift build -c release "
                            f"--static-swift-stdlib --scratch-path .build-release)")
            continue
        try:
            entries = ldd(binary)
        except RuntimeError as error:
            failures.append(str(error))
            continue
        for name, path in entries:
            if path is None:
                failures.append(f"{exe}: {name} => not found")
                continue
            libraries.setdefault(path, (name, []))[1].append(exe)

    for path, (name, users) in sorted(libraries.items()):
        package = owning_package(path)
        who = ", ".join(users) if len(users) < len(EXECUTABLES) else "all"
        if package is None:
            hint = " (a Swift runtime library: build with --static-swift-stdlib)" if "/swift/" in path else ""
            failures.append(f"{name} ({path}, used by {who}): no Debian package owns it (`dpkg -S`){hint}")
            continue
        if package in listed:
            reason = "listed"
        elif package in BASE_PACKAGES:
            reason = "in bookworm-slim"
        elif package in installed_with:
            reason = f"dependency of {installed_with[package]}"
        else:
            failures.append(f"{name} ({path}, used by {who}): package {package} is not in the runtime "
                            f"`apt-get install` list, nor a dependency of one, nor a base package")
            continue
        print(f"  {name:28} {package:16} {reason}")

    return common.print_result(
        CHECK, failures,
        f"{len(libraries)} shared libraries of {len(EXECUTABLES)} executables in {common.rel(bin_dir)}, "
        f"all from packages the runtime stage installs")


if __name__ == "__main__":
    sys.exit(main())
