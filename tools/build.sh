#!/usr/bin/env bash
# tools/build.sh — install what fimc needs (Debian 12 packages), then configure and build
# it out of tree in build/. Safe to run again: it only installs what is missing and only
# reconfigures when needed.
#
#   bash tools/build.sh            # build into build/
#   BUILD_DIR=b CONFIGURE_FLAGS=--enable-sanitizers bash tools/build.sh
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

# Every package the build and the test suite need, by Debian name.
pkgs=(build-essential autoconf automake libtool pkg-config flex bison
      libgmp-dev libmpfr-dev libflint-dev check)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "fimc: installing ${missing[*]}" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo=sudo
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x configure ] || [ configure.ac -nt configure ]; then
    autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi

build=${BUILD_DIR:-build}
mkdir -p "$build"
cd "$build"
if [ ! -f Makefile ] || [ "$top/configure" -nt Makefile ]; then
    "$top/configure" --enable-werror ${CONFIGURE_FLAGS:-} >/dev/null
fi
make -j"$(nproc)" >/dev/null
