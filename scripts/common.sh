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

# The kernel tree, a git worktree: tag "base" is the base as found, branch
# "series" the base with patches/ applied. Every kernel is built from it,
# checked out at the commit to build, so that all builds see the same paths
# and share ccache.
LINUX=$BUILD/linux
OBJ=$BUILD/obj		# the build directories, one per kernel

JOBS=${JOBS:-$(($(nproc) + 1))}

die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

log() {
	echo "${0##*/}: $*" >&2
}

# Check out COMMIT in $LINUX; git rewrites only the files that differ.
checkout() {
	[ "$(git -C "$LINUX" rev-parse HEAD)" = "$(git -C "$LINUX" rev-parse "$1^{commit}")" ] ||
		git -C "$LINUX" checkout -q --detach "$1"
}

# Link the taskstats objects that the kernel build in OBJ put into its
# vmlinux into one relocatable object, OUT.
link_taskstats() { # OBJ OUT
	local o

	mapfile -t o < <(cd "$1" && ar t built-in.a | grep '^kernel/taskstats[./]')
	[ ${#o[@]} -gt 0 ] || die "no taskstats objects in $1/built-in.a"
	(cd "$1" && ld -r -o "$2" "${o[@]}")
}

# kernel version of a source tree, from its top Makefile
tree_version() {
	awk '/^VERSION =/ {v=$3} /^PATCHLEVEL =/ {p=$3} /^SUBLEVEL =/ {s=$3}
	     /^EXTRAVERSION =/ {e=$3} END {print v "." p "." s e}' "$1/Makefile"
}
