# Sourced by the scripts in this directory: shared paths and helpers.
# shellcheck shell=bash

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD_DIR:-$REPO/build}
BUILD=$(mkdir -p "$BUILD" && cd "$BUILD" && pwd)

# The base: BASE=6.12, the default, is the tree the series is written
# against; BASE=6.1 is the stable tree its fixes are also proven on, with
# the patches of patches/ that are for stable (Cc: stable) applied alone.
# Both are Debian's linux-source packages.
BASE=${BASE:-6.12}
case $BASE in
6.12)
	BASE_VERSION=6.12.117
	BASE_DEB_VERSION=6.12.117-1~deb12u1
	BASE_TASKSTATS_SHA256=d84842541750a30f73a08a1d622e6d69397ebe9a20ea6e37a0a93d828483dca9
	LINUX=$BUILD/linux
	OBJ=$BUILD/obj		# the build directories, one per kernel
	;;
6.1)
	BASE_VERSION=6.1.192
	BASE_DEB_VERSION=6.1.192-2
	BASE_TASKSTATS_SHA256=eb703d74c782eb5de57603e336a0b3b18f3d96578fd840713f2fda85a9bf12f1
	LINUX=$BUILD/linux-6.1
	OBJ=$BUILD/obj-6.1
	;;
*)
	echo "BASE=$BASE: the bases are 6.12 (the default) and 6.1" >&2
	exit 2
	;;
esac
BASE_DEB=linux-source-$BASE
BASE_TARBALL=/usr/src/$BASE_DEB.tar.xz

# The kernel tree of the base, a git worktree: tag "base" is the base as
# found, branch "series" the base with the series (or, on 6.1, its fixes)
# applied. Every kernel of a base is built from it, checked out at the
# commit to build, so that all builds see the same paths and share ccache.
# The selftests are always taken from the series on 6.12, $SERIES_GIT.
SERIES_GIT=$BUILD/linux

JOBS=${JOBS:-$(($(nproc) + 1))}

# ccache lives outside the clone, so that a new clone (CI's) finds it warm;
# paths are hashed relative to $BUILD, so that any clone's builds share it.
export CCACHE_DIR=${CCACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/taskstats-ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BUILD}

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
