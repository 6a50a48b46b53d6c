#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The in-tree taskstats clients, tools/accounting/getdelays and procacct,
# against the running kernel. Both exit 0 whatever happens, so the checks
# look for what they print on success and for the lines they print on
# errors.

DIR=$(dirname "$(readlink -f "$0")")
GETDELAYS=$DIR/getdelays
PROCACCT=$DIR/procacct
ERRORS='[Ee]rror|fatal|[Uu]nknown|Unexpected|dropped'
TIMEOUT=10
KSFT_SKIP=4

tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
n=0
failed=0

result() { # ok|not ok|skip, name, output file
	n=$((n + 1))
	case $1 in
	ok) echo "ok $n $2" ;;
	skip) echo "ok $n $2 # SKIP $3" ;;
	*)
		failed=1
		echo "not ok $n $2"
		[ -f "$3" ] && sed 's/^/# /' "$3"
		;;
	esac
}

# check NAME FILE PATTERN: FILE has a line matching PATTERN and no error line
check() {
	if grep -qE -- "$3" "$2" && ! grep -qE "$ERRORS" "$2"; then
		result ok "$1"
	else
		result "not ok" "$1" "$2"
	fi
}

# Wait up to $TIMEOUT seconds for FILE to have a line matching PATTERN.
wait_for() {
	local i

	for ((i = 0; i < TIMEOUT * 20; i++)); do
		grep -qE -- "$2" "$1" && return 0
		sleep 0.05
	done
	return 1
}

# listen NAME FILE PATTERN COMMAND...: COMMAND registers for CPU 0 and must
# print PATTERN (with @PID@ standing for the pid) about a task exiting there.
listen() {
	local name=$1 out=$2 pattern=$3 pid

	shift 3
	timeout "$TIMEOUT" stdbuf -oL "$@" >"$out" 2>&1 &
	if ! wait_for "$out" 'Sent register cpumask, retval 0'; then
		result "not ok" "$name" "$out"
		return
	fi
	taskset -c 0 true &
	pid=$!
	wait $pid
	wait_for "$out" "${pattern//@PID@/$pid}"
	check "$name" "$out" "${pattern//@PID@/$pid}"
}

echo "TAP version 13"
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root (CAP_NET_ADMIN)"
	exit $KSFT_SKIP
fi
if [ ! -x "$GETDELAYS" ] || [ ! -x "$PROCACCT" ]; then
	echo "1..0 # SKIP getdelays or procacct not built"
	exit $KSFT_SKIP
fi
if "$GETDELAYS" -p $$ 2>&1 | grep -q 'Error getting family id'; then
	echo "1..0 # SKIP no TASKSTATS family (CONFIG_TASKSTATS=n)"
	exit $KSFT_SKIP
fi
echo "1..5"

"$GETDELAYS" -d -p $$ >"$tmp/pid" 2>&1
check "getdelays -d -p" "$tmp/pid" "^PID	$$\$"

"$GETDELAYS" -d -t $$ >"$tmp/tgid" 2>&1
check "getdelays -d -t" "$tmp/tgid" "^TGID	$$\$"

timeout "$TIMEOUT" "$GETDELAYS" -d -c true >"$tmp/cmd" 2>&1
check "getdelays -d -c true" "$tmp/cmd" "^CPU +count"

# The listeners register for CPU 0 and this script runs on CPU 1, so the
# only exit on CPU 0 is the one each test causes.
if ! command -v taskset >/dev/null || ! taskset -pc 1 $$ >/dev/null 2>&1; then
	result skip "getdelays -m 0" "needs taskset and a CPU 1"
	result skip "procacct -m 0" "needs taskset and a CPU 1"
else
	listen "getdelays -m 0" "$tmp/listen" "^PID	@PID@\$" \
		"$GETDELAYS" -v -d -m 0
	listen "procacct -m 0" "$tmp/procacct" "^P pid=@PID@ tgid=@PID@ .* comm=true\$" \
		"$PROCACCT" -v -m 0
fi

[ $failed = 0 ]
