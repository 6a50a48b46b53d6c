#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The in-tree taskstats clients, tools/accounting/getdelays and procacct,
# against the running kernel. Both exit 0 whatever happens, so the checks
# look for what they print on success and for the lines they print on
# errors.
#
# The listeners register for one CPU this script may use and the script
# moves itself to another, so that the only exit on the listeners' CPU is
# the one each check causes; with a single usable CPU those checks are
# skipped.

DIR=$(dirname "$(readlink -f "$0")")
# shellcheck source=../kselftest/ktap_helpers.sh
source "$DIR/../kselftest/ktap_helpers.sh"

GETDELAYS=$DIR/getdelays
PROCACCT=$DIR/procacct
ERRORS='[Ee]rror|fatal|[Uu]nknown|Unexpected|dropped'
# How long a command or a wait may take: a bound for a hang, not a delay.
TIMEOUT=30

tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT

# fail NAME [FILE]: a failed check, with the output that shows why
fail() {
	ktap_test_fail "$1"
	[ -f "${2:-}" ] && sed 's/^/# /' "$2"
}

# check NAME FILE PATTERN: FILE has a line matching PATTERN and no error line
check() {
	if grep -qE -- "$3" "$2" && ! grep -qE "$ERRORS" "$2"; then
		ktap_test_pass "$1"
	else
		fail "$1" "$2"
	fi
}

# Wait up to $TIMEOUT seconds for FILE to have a line matching PATTERN.
wait_for() {
	local end=$((SECONDS + TIMEOUT))

	until grep -qE -- "$2" "$1"; do
		((SECONDS < end)) || return 1
		sleep 0.05
	done
}

# Print the CPUs of the list LIST ("0-3,6", as in sysfs), one a line.
expand_cpus() {
	local range

	for range in ${1//,/ }; do
		seq "${range%-*}" "${range#*-}"
	done
}

# Print the CPUs this script may use: online and in its affinity mask.
usable_cpus() {
	local allowed online=/sys/devices/system/cpu/online

	allowed=$(awk '/^Cpus_allowed_list:/ { print $2 }' /proc/self/status)
	if [ -r "$online" ]; then
		grep -Fxf <(expand_cpus "$(cat "$online")") \
			<(expand_cpus "$allowed")
	else
		expand_cpus "$allowed"
	fi
}

# listen NAME FILE PATTERN COMMAND...: COMMAND registers for $cpu and must
# print PATTERN (with @PID@ standing for the pid) about a task exiting there;
# it is stopped after the check.
listen() {
	local name=$1 out=$2 pattern=$3 listener pid

	shift 3
	timeout "$TIMEOUT" stdbuf -oL "$@" >"$out" 2>&1 &
	listener=$!
	if wait_for "$out" 'Sent register cpumask, retval 0'; then
		taskset -c "$cpu" true &
		pid=$!
		wait $pid
		wait_for "$out" "${pattern//@PID@/$pid}"
		check "$name" "$out" "${pattern//@PID@/$pid}"
	else
		fail "$name" "$out"
	fi
	kill "$listener" 2>/dev/null
	wait "$listener" 2>/dev/null
}

# Whether this script has CAP_NET_ADMIN (12) in effect.
cap_net_admin() {
	local eff

	eff=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
	[ -n "$eff" ] && (((0x$eff >> 12) & 1))
}

ktap_print_header
if ! cap_net_admin; then
	ktap_skip_all "needs CAP_NET_ADMIN"
	exit "$KSFT_SKIP"
fi
if [ ! -x "$GETDELAYS" ] || [ ! -x "$PROCACCT" ]; then
	ktap_skip_all "getdelays or procacct not built"
	exit "$KSFT_SKIP"
fi
if "$GETDELAYS" -p $$ 2>&1 | grep -q 'Error getting family id'; then
	ktap_skip_all "no TASKSTATS family (CONFIG_TASKSTATS=n)"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 5

"$GETDELAYS" -d -p $$ >"$tmp/pid" 2>&1
check "getdelays -d -p" "$tmp/pid" "^PID	$$\$"

"$GETDELAYS" -d -t $$ >"$tmp/tgid" 2>&1
check "getdelays -d -t" "$tmp/tgid" "^TGID	$$\$"

timeout "$TIMEOUT" "$GETDELAYS" -d -c true >"$tmp/cmd" 2>&1
check "getdelays -d -c true" "$tmp/cmd" "^CPU +count"

mapfile -t cpus < <(usable_cpus)
cpu=${cpus[0]}
if ! command -v taskset >/dev/null; then
	reason="needs taskset"
elif [ ${#cpus[@]} -lt 2 ]; then
	reason="needs two CPUs, this script may use ${#cpus[@]}"
elif ! taskset -pc "${cpus[1]}" $$ >/dev/null 2>&1; then
	reason="cannot move to CPU ${cpus[1]}"
fi
if [ -n "${reason:-}" ]; then
	ktap_print_msg "$reason"
	ktap_test_skip "getdelays -m CPU"
	ktap_test_skip "procacct -m CPU"
else
	ktap_print_msg "listening on CPU $cpu, running on CPU ${cpus[1]}"
	listen "getdelays -m CPU" "$tmp/listen" "^PID	@PID@\$" \
		"$GETDELAYS" -v -d -m "$cpu"
	listen "procacct -m CPU" "$tmp/procacct" \
		"^P pid=@PID@ tgid=@PID@ .* comm=true\$" \
		"$PROCACCT" -v -m "$cpu"
fi

ktap_finished
