# Sourced by the scripts in this directory: shared paths and helpers.
# shellcheck shell=bash

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD_DIR:-$REPO/build}
BUILD=$(mkdir -p "$BUILD" && cd "$BUILD" && pwd)

# The base the series is written against.
BASE_VERSION=6.12.117
BASE_DEB=linux-source-6.12
BASE_DEB_VERSION=6.12.117-1~deb12u1
BASE_TARBALL=/usr/src/linux-source-6.12.tar.xz
BASE_TASKSTATS_SHA256=d84842541750a30f73a08a1d622e6d69397ebe9a20ea6e37a0a93d828483dca9

GIT_TREE=$BUILD/tree		# git repo of the base; worktrees below
BASE_SRC=$GIT_TREE/base		# the base, as found (tag "base")
SERIES_SRC=$GIT_TREE/series	# the base with patches/ applied

JOBS=${JOBS:-$(($(nproc) + 1))}

die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

log() {
	echo "${0##*/}: $*" >&2
}

# kernel version of a source tree, from its top Makefile
tree_version() {
	awk '/^VERSION =/ {v=$3} /^PATCHLEVEL =/ {p=$3} /^SUBLEVEL =/ {s=$3}
	     /^EXTRAVERSION =/ {e=$3} END {print v "." p "." s e}' "$1/Makefile"
}
