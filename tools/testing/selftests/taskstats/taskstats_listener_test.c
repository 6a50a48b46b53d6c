// SPDX-License-Identifier: GPL-2.0
/*
 * Exit notifications: registering and deregistering a socket for the exits
 * on a set of CPUs, and the records each listener gets when a task exits.
 *
 * An exit record is sent while the task exits, before its parent can reap
 * it, so once ts_exit_child() returns the record is either in the
 * listener's queue or was never sent: no test has to wait for an absence.
 *
 * Other tasks may exit on the CPUs a test listens to; the helpers skip the
 * records of tasks that are not children of the test.
 *
 * The tests listen on the first CPU, or the first two, that they may use
 * (ts_usable_cpus()), whatever their numbers; a test that needs two CPUs
 * is skipped when there is one. Records are read whatever the version
 * and length of their struct taskstats, and with or without the NULL pad
 * some architectures put before it (ts_parse()).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/acct.h>
#include <linux/filter.h>

#include "../kselftest_harness.h"
#include "taskstats_nl.h"

/* The uid and gid a child takes before it exits. */
#define CHILD_ID	65534

#define NEED_TWO	"needs two CPUs, this process may use one"

FIXTURE(listener) {
	struct ts_sock ts;
	struct ts_msg msg;
	struct ts_raw raw;
	struct ts_record rec[2];
	struct ts_cpus cpus;	/* the CPUs this test may use */
};

FIXTURE_SETUP(listener)
{
	int ret;

	self->ts.fd = -1;
	if (!ts_cap_net_admin())
		SKIP(return, "needs CAP_NET_ADMIN");
	ret = ts_open(&self->ts);
	if (ret == -ENOENT)
		SKIP(return, "no TASKSTATS family (CONFIG_TASKSTATS=n)");
	ASSERT_EQ(0, ret);
	ASSERT_LT(0, ts_two_cpus(&self->cpus));
}

FIXTURE_TEARDOWN(listener)
{
	if (self->ts.fd >= 0)
		ts_deregister(&self->ts, ts_possible_cpus());
	ts_close(&self->ts);
}

static long read_sys_long(const char *path, bool last)
{
	char buf[64], *p;
	FILE *f = fopen(path, "r");
	long v = -1;

	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f)) {
		/* "0-3" or "0,2-5": the last number */
		p = last ? buf + strcspn(buf, "\n") : buf;
		while (last && p > buf && (p[-1] >= '0' && p[-1] <= '9'))
			p--;
		v = strtol(p, NULL, 10);
	}
	fclose(f);
	return v;
}

/* After a request that had to fail: is this socket registered anywhere? */
static bool registered(struct ts_sock *ts, int cpu)
{
	return ts_exit_child(cpu, 0, NULL) <= 0 || !ts_nothing_queued(ts);
}

/*
 * The longest mask attribute accepted: 100 + 6 * NR_CPUS bytes. A longer
 * one gets E2BIG, and registers nothing.
 */
TEST_F(listener, mask_too_long)
{
	long nr_cpus = read_sys_long("/sys/devices/system/cpu/kernel_max",
				     false) + 1;
	size_t max = 100 + 6 * nr_cpus, len = strlen(self->cpus.mask);
	char *mask;

	ASSERT_GT(nr_cpus, 0);
	if (NLA_HDRLEN + max + 1 > 0xffff)
		SKIP(return, "a mask of %zu bytes does not fit an attribute",
		     max + 1);
	mask = calloc(1, max + 2);
	ASSERT_NE(NULL, mask);
	/* "000...0N": CPU N, in exactly max bytes with the NUL. */
	memset(mask, '0', max - 1);
	memcpy(mask + max - 1 - len, self->cpus.mask, len);
	EXPECT_EQ(0, ts_register(&self->ts, mask));
	EXPECT_EQ(0, ts_deregister(&self->ts, mask));
	/* One leading zero more: a byte too long. */
	memset(mask, '0', max);
	memcpy(mask + max - len, self->cpus.mask, len);
	ASSERT_EQ(max, strlen(mask));
	EXPECT_EQ(-E2BIG, ts_register(&self->ts, mask));
	EXPECT_EQ(-E2BIG, ts_deregister(&self->ts, mask));
	EXPECT_FALSE(registered(&self->ts, self->cpus.cpu[0]));
	free(mask);
}

/*
 * A mask that does not parse, or names CPUs beyond nr_cpu_ids, gets an
 * error, whichever cpulist_parse() returns, and registers nothing even
 * when it starts with a good CPU.
 */
TEST_F(listener, bad_mask)
{
	long nr_cpu_ids = read_sys_long("/sys/devices/system/cpu/possible",
					true) + 1;
	long c = self->cpus.cpu[0];
	const struct {
		const char *fmt;
		long a, b;
	} bad[] = {
		{ "abc" }, { "%ld-", c }, { "%ld-%ld", c + 1, c },
		{ "%ld,x", c }, { "-1" }, { "%ld:1/0", c },
		{ "%ld", nr_cpu_ids }, { "%ld-%ld", c, nr_cpu_ids },
		{ "4294967296" }, { "%ld-99999999999", c },
	};
	char mask[64];
	unsigned int i;
	int ret;

	ASSERT_GT(nr_cpu_ids, 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(mask, sizeof(mask), bad[i].fmt, bad[i].a, bad[i].b);
		ret = ts_register(&self->ts, mask);
		EXPECT_GT(0, ret) TH_LOG("register \"%s\": %d", mask, ret);
		ret = ts_deregister(&self->ts, mask);
		EXPECT_GT(0, ret) TH_LOG("deregister \"%s\": %d", mask, ret);
	}
	EXPECT_FALSE(registered(&self->ts, c));
}

/*
 * A mask must be a subset of the possible CPUs. cpulist_parse() already
 * rejects CPUs from nr_cpu_ids on with ERANGE, so only a hole in the
 * possible map reaches that check.
 */
TEST_F(listener, mask_not_possible)
{
	char buf[256], *p = buf, mask[32];
	long next = 0, lo, hi, hole = -1;
	FILE *f;

	f = fopen("/sys/devices/system/cpu/possible", "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(buf, sizeof(buf), f));
	fclose(f);
	/* "0-3,6-7": the first CPU missing below the last possible one */
	while (*p >= '0' && *p <= '9') {
		lo = strtol(p, &p, 10);
		hi = *p == '-' ? strtol(p + 1, &p, 10) : lo;
		if (lo > next && hole < 0)
			hole = next;
		next = hi + 1;
		if (*p == ',')
			p++;
	}
	if (hole < 0)
		SKIP(return, "the possible CPUs, %.*s, have no hole",
		     (int)strcspn(buf, "\n"), buf);
	snprintf(mask, sizeof(mask), "%ld", hole);
	EXPECT_EQ(-EINVAL, ts_register(&self->ts, mask));
}

/* Only the initial pid namespace may register. */
TEST_F(listener, register_in_pid_namespace)
{
	int *ret, status;
	pid_t child;

	ret = mmap(NULL, sizeof(*ret), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ret);
	child = fork();
	ASSERT_GE(child, 0);
	if (!child) {
		struct ts_sock ts;
		pid_t inner;

		if (unshare(CLONE_NEWPID))
			_exit(2);
		inner = fork();
		if (inner) {
			_exit(inner > 0 &&
			      waitpid(inner, &status, 0) == inner &&
			      WIFEXITED(status) ? WEXITSTATUS(status) : 1);
		}
		if (ts_open(&ts))
			_exit(1);
		*ret = ts_register(&ts, self->cpus.mask);
		ts_deregister(&ts, self->cpus.mask);
		_exit(0);
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	if (WEXITSTATUS(status) == 2)
		SKIP(return, "unshare(CLONE_NEWPID) failed (CONFIG_PID_NS=n?)");
	ASSERT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(-EINVAL, *ret);
}

/* Another network namespace may register, and deregister. */
TEST_F(listener, register_in_network_namespace)
{
	struct ts_sock ts;

	if (unshare(CLONE_NEWNET))
		SKIP(return, "unshare(CLONE_NEWNET): %s", strerror(errno));
	ASSERT_EQ(0, ts_open(&ts));
	EXPECT_EQ(0, ts_register(&ts, self->cpus.mask));
	EXPECT_EQ(0, ts_deregister(&ts, self->cpus.mask));
	ts_close(&ts);
}

/* A mask of just "\0" parses to no CPU: success, and nothing changes. */
TEST_F(listener, empty_mask)
{
	ASSERT_EQ(0, ts_register(&self->ts, ""));
	ASSERT_GT(ts_exit_child(self->cpus.cpu[0], 0, NULL), 0);
	EXPECT_TRUE(ts_nothing_queued(&self->ts));
	EXPECT_EQ(0, ts_deregister(&self->ts, ""));
}

TEST_F(listener, deregister_unregistered)
{
	EXPECT_EQ(0, ts_deregister(&self->ts, self->cpus.mask));
	EXPECT_EQ(0, ts_deregister(&self->ts, ts_possible_cpus()));
}

/* Success is silent unless NLM_F_ACK asks for an ACK. */
TEST_F(listener, ack_only_when_asked)
{
	size_t len = strlen(self->cpus.mask) + 1;

	ASSERT_EQ(0, ts_send_cmd(&self->ts, TASKSTATS_CMD_GET, 0,
				 TASKSTATS_CMD_ATTR_REGISTER_CPUMASK,
				 self->cpus.mask, len));
	EXPECT_TRUE(ts_nothing_queued(&self->ts));
	ASSERT_EQ(0, ts_send_cmd(&self->ts, TASKSTATS_CMD_GET, 0,
				 TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK,
				 self->cpus.mask, len));
	EXPECT_TRUE(ts_nothing_queued(&self->ts));
	EXPECT_EQ(0, ts_register(&self->ts, self->cpus.mask));
	EXPECT_TRUE(ts_nothing_queued(&self->ts));
}

TEST_F(listener, register_twice_one_record)
{
	pid_t child;

	ASSERT_EQ(0, ts_register(&self->ts, self->cpus.mask));
	ASSERT_EQ(0, ts_register(&self->ts, self->cpus.mask));
	child = ts_exit_child(self->cpus.cpu[0], 0, NULL);
	ASSERT_GT(child, 0);
	ASSERT_EQ(1, ts_recv_records(&self->ts, self->rec, 2, &self->msg));
	EXPECT_EQ(child, self->rec[0].id);
	EXPECT_TRUE(ts_nothing_queued(&self->ts));
}

TEST_F(listener, deregister_stops_records)
{
	ASSERT_EQ(0, ts_register(&self->ts, self->cpus.mask));
	ASSERT_EQ(0, ts_deregister(&self->ts, self->cpus.mask));
	ASSERT_GT(ts_exit_child(self->cpus.cpu[0], 0, NULL), 0);
	EXPECT_TRUE(ts_nothing_queued(&self->ts));
}

/* A record goes to the listeners of the CPU the task exits on, only. */
TEST_F(listener, per_cpu_delivery)
{
	struct ts_sock other;
	pid_t child;

	if (self->cpus.n < 2)
		SKIP(return, NEED_TWO);
	ASSERT_EQ(0, ts_open(&other));
	ASSERT_EQ(0, ts_register(&self->ts, self->cpus.mask));
	ASSERT_EQ(0, ts_register(&other, self->cpus.mask1));

	child = ts_exit_child(self->cpus.cpu[0], 0, NULL);
	ASSERT_GT(child, 0);
	ASSERT_EQ(1, ts_recv_records(&self->ts, self->rec, 2, &self->msg));
	EXPECT_EQ(child, self->rec[0].id);
	EXPECT_TRUE(ts_nothing_queued(&other));

	child = ts_exit_child(self->cpus.cpu[1], 0, NULL);
	ASSERT_GT(child, 0);
	ASSERT_EQ(1, ts_recv_records(&other, self->rec, 2, &self->msg));
	EXPECT_EQ(child, self->rec[0].id);
	EXPECT_TRUE(ts_nothing_queued(&self->ts));

	EXPECT_EQ(0, ts_deregister(&other, self->cpus.mask1));
	ts_close(&other);
}

/*
 * Every listener of the CPU gets its own copy of the same bytes, whether
 * it listens to that CPU alone or to others too.
 */
TEST_F(listener, every_listener_gets_a_copy)
{
	int cpu = self->cpus.cpu[self->cpus.n < 2 ? 0 : 1];
	struct ts_sock more[2];
	struct ts_msg *copy;
	pid_t child;
	int i;

	copy = malloc(sizeof(*copy));
	ASSERT_NE(NULL, copy);
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, ts_open(&more[i]));
		ASSERT_EQ(0, ts_register(&more[i], self->cpus.both));
	}
	ASSERT_EQ(0, ts_register(&self->ts,
				 self->cpus.n < 2 ? self->cpus.mask : self->cpus.mask1));

	child = ts_exit_child(cpu, 0, NULL);
	ASSERT_GT(child, 0);
	ASSERT_EQ(1, ts_recv_records(&self->ts, self->rec, 2, &self->msg));
	EXPECT_EQ(child, self->rec[0].id);
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(1, ts_recv_records(&more[i], self->rec, 2, copy));
		ASSERT_EQ(self->msg.len, copy->len);
		EXPECT_EQ(0, memcmp(self->msg.buf, copy->buf, copy->len));
		EXPECT_TRUE(ts_nothing_queued(&more[i]));
		EXPECT_EQ(0, ts_deregister(&more[i], self->cpus.both));
		ts_close(&more[i]);
	}
	free(copy);
}

/*
 * Exits on one CPU number their records from one counter; the exits of
 * other tasks on that CPU in between, if any, took a number each.
 */
TEST_F(listener, sequence_numbers)
{
	unsigned int others;
	__u32 seq;

	ASSERT_EQ(0, ts_register(&self->ts, self->cpus.mask));
	ASSERT_GT(ts_exit_child(self->cpus.cpu[0], 0, NULL), 0);
	ASSERT_EQ(1, ts_recv_records(&self->ts, self->rec, 2, &self->msg));
	seq = self->msg.nlh.nlmsg_seq;
	others = self->ts.others;
	ASSERT_GT(ts_exit_child(self->cpus.cpu[0], 0, NULL), 0);
	ASSERT_EQ(1, ts_recv_records(&self->ts, self->rec, 2, &self->msg));
	others = self->ts.others - others;
	EXPECT_EQ(seq + 1 + others, self->msg.nlh.nlmsg_seq);
}

/* The record of a single-threaded child that forked and exited. */
TEST_F(listener, record_of_exit)
{
	struct taskstats *s = &self->rec[0].stats;
	time_t now = time(NULL);
	pid_t child;

	ASSERT_EQ(0, ts_register(&self->ts, self->cpus.mask));
	child = fork();
	ASSERT_GE(child, 0);
	if (!child) {
		if (ts_pin(0, self->cpus.cpu[0]) || setgid(CHILD_ID) ||
		    setuid(CHILD_ID))
			_exit(1);
		prctl(PR_SET_NAME, "tsexit");
		_exit(3);
	}
	ASSERT_EQ(child, waitpid(child, NULL, 0));
	ASSERT_EQ(1, ts_recv_records(&self->ts, self->rec, 2, &self->msg));

	EXPECT_EQ(ts_msg_len(self->rec, 1), self->msg.len);
	EXPECT_EQ(self->ts.family, self->msg.nlh.nlmsg_type);
	EXPECT_EQ(0, self->msg.nlh.nlmsg_flags);
	EXPECT_EQ(0, self->msg.nlh.nlmsg_pid);
	EXPECT_EQ(TASKSTATS_TYPE_AGGR_PID, self->rec[0].aggr);
	EXPECT_EQ(child, self->rec[0].id);
	EXPECT_LE(TS_OLDEST_VERSION, s->version);
	EXPECT_EQ(child, s->ac_pid);
	EXPECT_EQ(child, s->ac_tgid);
	EXPECT_EQ(getpid(), s->ac_ppid);
	EXPECT_EQ(CHILD_ID, s->ac_uid);
	EXPECT_EQ(CHILD_ID, s->ac_gid);
	EXPECT_STREQ("tsexit", s->ac_comm);
	EXPECT_EQ(3 << 8, s->ac_exitcode);
	EXPECT_EQ(AFORK | AGROUP,
		  s->ac_flag & (AFORK | AGROUP | AXSIG | ACORE));
	EXPECT_GE(s->ac_btime, now - 1);
	EXPECT_LE(s->ac_btime, time(NULL));
	EXPECT_EQ(s->ac_etime, s->ac_tgetime);
	/* Sent before exit_mm(): the memory and executable are still known. */
	EXPECT_GT(s->hiwater_rss, 0);
	EXPECT_NE(0, s->ac_exe_inode);
}

/* The record of a task that exec'd a program and was killed. */
TEST_F(listener, record_of_exec_and_signal)
{
	char dir[] = "/tmp/taskstats_exe.XXXXXX", path[64];
	struct taskstats *s = &self->rec[0].stats;
	struct stat st;
	pid_t child;
	int ret;

	ret = ts_tmpfs_copy("/bin/sleep", dir, path, sizeof(path));
	if (ret)
		SKIP(return, "cannot copy /bin/sleep to a tmpfs: %s",
		     strerror(-ret));
	ASSERT_EQ(0, stat(path, &st));
	ASSERT_EQ(0, ts_register(&self->ts, self->cpus.mask));
	child = ts_spawn(self->cpus.cpu[0], path, "1000");
	ASSERT_GT(child, 0);
	ASSERT_EQ(0, kill(child, SIGKILL));
	ASSERT_EQ(child, waitpid(child, NULL, 0));
	ts_tmpfs_remove(dir, path);

	ASSERT_EQ(1, ts_recv_records(&self->ts, self->rec, 2, &self->msg));
	EXPECT_EQ(child, s->ac_pid);
	EXPECT_STREQ("sleep", s->ac_comm);
	EXPECT_EQ(SIGKILL, s->ac_exitcode);
	/* exec'd: no AFORK; killed: AXSIG. */
	EXPECT_EQ(AGROUP | AXSIG,
		  s->ac_flag & (AFORK | AGROUP | AXSIG | ACORE));
	EXPECT_EQ(st.st_ino, s->ac_exe_inode);
	EXPECT_EQ(ts_encode_dev(st.st_dev), s->ac_exe_dev);
}

struct group {
	int go[2];
	pid_t tid;
};

static void *thread_exits_on_go(void *arg)
{
	struct group *g = arg;
	char c;

	g->tid = gettid();
	if (read(g->go[0], &c, 1) != 1)
		return (void *)1;
	return NULL;
}

/*
 * A child pinned to @cpu whose second thread exits when told. With
 * @leader_first the main thread exits first and the other thread last.
 * The test tells it when to go on through @g->go (one byte per step).
 */
static pid_t start_group(struct group *g, int cpu, bool leader_first,
			 int *tid_pipe)
{
	pthread_t thread;
	pid_t child;
	char c;

	child = fork();
	if (child)
		return child;
	if (ts_pin(0, cpu) ||
	    pthread_create(&thread, NULL, thread_exits_on_go, g))
		_exit(1);
	/* Once the thread has its tid, report both ids. */
	while (!__atomic_load_n(&g->tid, __ATOMIC_SEQ_CST))
		sched_yield();
	if (write(tid_pipe[1], &g->tid, sizeof(g->tid)) != sizeof(g->tid))
		_exit(1);
	if (leader_first)
		pthread_exit(NULL);
	if (pthread_join(thread, NULL) || read(g->go[0], &c, 1) != 1)
		_exit(1);
	_exit(5);
}

/*
 * A thread that is not the last gets a PID record; the last one out gets
 * the PID record with AGROUP plus the TGID record of the whole group.
 */
TEST_F(listener, tgid_record_for_last_thread)
{
	struct taskstats *s;
	struct group g = { .tid = 0 };
	int tids[2];
	pid_t child, tid;

	ASSERT_EQ(0, pipe(g.go));
	ASSERT_EQ(0, pipe(tids));
	ASSERT_EQ(0, ts_register(&self->ts, self->cpus.mask));
	child = start_group(&g, self->cpus.cpu[0], false, tids);
	ASSERT_GT(child, 0);
	ASSERT_EQ(sizeof(tid), read(tids[0], &tid, sizeof(tid)));

	/* The second thread exits. */
	ASSERT_EQ(1, write(g.go[1], "t", 1));
	ASSERT_EQ(1, ts_recv_records(&self->ts, self->rec, 2, &self->msg));
	EXPECT_EQ(ts_msg_len(self->rec, 1), self->msg.len);
	EXPECT_EQ(TASKSTATS_TYPE_AGGR_PID, self->rec[0].aggr);
	EXPECT_EQ(tid, self->rec[0].id);
	EXPECT_EQ(0, self->rec[0].stats.ac_flag & AGROUP);
	EXPECT_EQ(child, self->rec[0].stats.ac_tgid);

	/* The main thread, last, exits. */
	ASSERT_EQ(1, write(g.go[1], "m", 1));
	ASSERT_EQ(2, ts_recv_records(&self->ts, self->rec, 2, &self->msg));
	EXPECT_EQ(ts_msg_len(self->rec, 2), self->msg.len);
	/* Both records of one version; a pad, if any, on the first only. */
	EXPECT_EQ(self->rec[0].version, self->rec[1].version);
	EXPECT_EQ(self->rec[0].len, self->rec[1].len);
	EXPECT_EQ(TASKSTATS_TYPE_AGGR_PID, self->rec[0].aggr);
	EXPECT_EQ(child, self->rec[0].id);
	EXPECT_EQ(5 << 8, self->rec[0].stats.ac_exitcode);
	EXPECT_EQ(AGROUP, self->rec[0].stats.ac_flag & AGROUP);
	EXPECT_EQ(TASKSTATS_TYPE_AGGR_TGID, self->rec[1].aggr);
	EXPECT_EQ(child, self->rec[1].id);
	s = &self->rec[1].stats;
	EXPECT_LE(TS_OLDEST_VERSION, s->version);
	/*
	 * Sums of both threads, not compared with the last thread's own
	 * figures: the exit path reads the clock and the counters for the
	 * sums before it reads them for the thread's record, and the task
	 * may be delayed in between. No per-task fields.
	 */
	EXPECT_LT(0, s->ac_etime);
	EXPECT_EQ(0, s->ac_pid);
	EXPECT_EQ(0, s->ac_comm[0]);
	ASSERT_EQ(child, waitpid(child, NULL, 0));
	EXPECT_TRUE(ts_nothing_queued(&self->ts));
}

/* The leader exiting first is not the end of the group; its last thread is. */
TEST_F(listener, tgid_record_when_leader_exits_first)
{
	struct group g = { .tid = 0 };
	int tids[2];
	pid_t child, tid;

	ASSERT_EQ(0, pipe(g.go));
	ASSERT_EQ(0, pipe(tids));
	ASSERT_EQ(0, ts_register(&self->ts, self->cpus.mask));
	child = start_group(&g, self->cpus.cpu[0], true, tids);
	ASSERT_GT(child, 0);
	ASSERT_EQ(sizeof(tid), read(tids[0], &tid, sizeof(tid)));

	ASSERT_EQ(1, ts_recv_records(&self->ts, self->rec, 2, &self->msg));
	EXPECT_EQ(child, self->rec[0].id);
	EXPECT_EQ(0, self->rec[0].stats.ac_flag & AGROUP);

	ASSERT_EQ(1, write(g.go[1], "t", 1));
	ASSERT_EQ(2, ts_recv_records(&self->ts, self->rec, 2, &self->msg));
	EXPECT_EQ(tid, self->rec[0].id);
	EXPECT_EQ(AGROUP, self->rec[0].stats.ac_flag & AGROUP);
	EXPECT_EQ(TASKSTATS_TYPE_AGGR_TGID, self->rec[1].aggr);
	EXPECT_EQ(child, self->rec[1].id);
	ASSERT_EQ(child, waitpid(child, NULL, 0));
}

/*
 * A socket closed without DEREGISTER gets no record, and once an exit on
 * its CPU has happened, a socket bound to the same port id gets none.
 */
TEST_F(listener, closed_listener_is_purged)
{
	struct ts_sock later;
	__u32 portid;

	ASSERT_EQ(0, ts_register(&self->ts, self->cpus.mask));
	portid = self->ts.portid;
	ts_close(&self->ts);
	ASSERT_GT(ts_exit_child(self->cpus.cpu[0], 0, NULL), 0);

	ASSERT_EQ(0, ts_open_port(&later, portid));
	ASSERT_EQ(portid, later.portid);
	ASSERT_GT(ts_exit_child(self->cpus.cpu[0], 0, NULL), 0);
	EXPECT_TRUE(ts_nothing_queued(&later));
	ts_close(&later);
}

/*
 * The listener's socket filter applies to exit records: one that accepts
 * the first 20 bytes gets the netlink and genetlink headers alone, one
 * that accepts nothing gets nothing, and without a filter the whole
 * record comes again.
 */
TEST_F(listener, socket_filter)
{
	struct sock_filter head[] = { BPF_STMT(BPF_RET | BPF_K, 20) };
	struct sock_filter none[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_fprog prog = { .len = 1, .filter = head };
	int dummy = 0;
	pid_t child;

	ASSERT_EQ(0, ts_register(&self->ts, self->cpus.mask));
	ASSERT_EQ(0, setsockopt(self->ts.fd, SOL_SOCKET, SO_ATTACH_FILTER,
				&prog, sizeof(prog)));
	ASSERT_GT(ts_exit_child(self->cpus.cpu[0], 0, NULL), 0);
	/* Cut short, a record cannot be told from another task's: any. */
	self->msg.len = recv(self->ts.fd, self->msg.buf, sizeof(self->msg.buf),
			     MSG_DONTWAIT | MSG_TRUNC);
	EXPECT_EQ(20, self->msg.len);
	EXPECT_EQ(self->ts.family, self->msg.nlh.nlmsg_type);
	while (recv(self->ts.fd, self->msg.buf, sizeof(self->msg.buf),
		    MSG_DONTWAIT) > 0)
		;

	prog.filter = none;
	ASSERT_EQ(0, setsockopt(self->ts.fd, SOL_SOCKET, SO_ATTACH_FILTER,
				&prog, sizeof(prog)));
	/* Another task's record may have come before the filter. */
	while (recv(self->ts.fd, self->msg.buf, sizeof(self->msg.buf),
		    MSG_DONTWAIT) > 0)
		;
	ASSERT_GT(ts_exit_child(self->cpus.cpu[0], 0, NULL), 0);
	EXPECT_EQ(-1, recv(self->ts.fd, self->msg.buf, sizeof(self->msg.buf),
			   MSG_DONTWAIT));

	ASSERT_EQ(0, setsockopt(self->ts.fd, SOL_SOCKET, SO_DETACH_FILTER,
				&dummy, sizeof(dummy)));
	child = ts_exit_child(self->cpus.cpu[0], 0, NULL);
	ASSERT_GT(child, 0);
	ASSERT_EQ(1, ts_recv_records(&self->ts, self->rec, 2, &self->msg));
	EXPECT_EQ(child, self->rec[0].id);
}

/* A full receive queue loses records, not the registration. */
TEST_F(listener, full_queue_keeps_listener)
{
	int small = 1, big = 1 << 20, i, got = 0, overrun = 0, ret;
	pid_t child;

	ASSERT_EQ(0, setsockopt(self->ts.fd, SOL_SOCKET, SO_RCVBUF,
				&small, sizeof(small)));
	ASSERT_EQ(0, ts_register(&self->ts, self->cpus.mask));
	for (i = 0; i < 16; i++)
		ASSERT_GT(ts_exit_child(self->cpus.cpu[0], 0, NULL), 0);
	/* Room again before reading, for the exits of other tasks. */
	ASSERT_EQ(0, setsockopt(self->ts.fd, SOL_SOCKET, SO_RCVBUF,
				&big, sizeof(big)));
	for (;;) {
		ret = ts_recv(&self->ts, &self->msg, false);
		if (ret == -EAGAIN)
			break;
		if (ret == -ENOBUFS)
			overrun++;
		else
			got += !ret;
	}
	/* The first record queued, maybe another task's, is never lost. */
	EXPECT_GT(got + self->ts.others, 0);
	EXPECT_LT(got, 16);
	EXPECT_EQ(1, overrun);

	child = ts_exit_child(self->cpus.cpu[0], 0, NULL);
	ASSERT_GT(child, 0);
	ASSERT_EQ(1, ts_recv_records(&self->ts, self->rec, 2, &self->msg));
	EXPECT_EQ(child, self->rec[0].id);
}

TEST_HARNESS_MAIN
