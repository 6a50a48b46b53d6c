// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failures on every path of the taskstats interface, one at a
 * time. /proc/thread-self/fail-nth (Documentation/fault-injection/
 * fault-injection.rst) makes the N-th fallible call of a thread fail; for
 * N = 1, 2, ... a path runs with its N-th allocation failing, until it
 * makes fewer than N (fail-nth reads back non-zero) or N reaches MAX_NTH.
 *
 * A request whose allocation fails must get an error or a correct answer,
 * leave nothing half done, and the next request must work. An exit whose
 * allocation fails must give each listener a correct record or none.
 * Needs CONFIG_FAULT_INJECTION, and CONFIG_FAILSLAB or
 * CONFIG_FAIL_PAGE_ALLOC with CONFIG_FAULT_INJECTION_DEBUG_FS: the tests
 * make sleeping allocations fail too, which the defaults leave alone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "taskstats_nl.h"

#define MAX_NTH		64
#define TIMEOUT_SEC	300	/* per sweep, for slow debug kernels */
#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define FAIL_NTH_OF	"/proc/%d/fail-nth"
#define DEBUGFS		"/sys/kernel/debug"

/* The fault injection settings the sweeps need, saved and restored. */
static const struct {
	const char *path;	/* in DEBUGFS */
	const char *value;
} knobs[] = {
	/* Fail sleeping allocations too, small and highmem ones */
	{ "failslab/ignore-gfp-wait", "N" },
	{ "fail_page_alloc/ignore-gfp-wait", "N" },
	{ "fail_page_alloc/ignore-gfp-highmem", "N" },
	{ "fail_page_alloc/min-order", "0" },
	/* A line for each fault injected, without a stack trace */
	{ "failslab/verbose", "1" },
	{ "fail_page_alloc/verbose", "1" },
};

#define NKNOBS		ARRAY_SIZE(knobs)

/* How a request ended. */
enum outcome {
	SEND_FAILED,	/* sendmsg() failed: the kernel never saw it */
	LOST,		/* the answer could not be sent: ENOBUFS */
	ERROR,		/* an NLMSG_ERROR */
	ACK,
	REPLY,
	NOUTCOMES
};

static const char * const outcome_names[] = {
	"send failed", "answer lost", "error", "ACK", "reply",
};

/* What a sweep saw. */
struct tally {
	int points;		/* faults injected */
	int outcomes[NOUTCOMES];
	char errors[128];	/* the errnos of the errors */
};

/* What the sweeps share. */
struct sweep {
	struct ts_sock ts;
	int nth;		/* FAIL_NTH, open */
	char saved[NKNOBS][32];
	bool set[NKNOBS];
	bool debugfs;		/* mounted here */
	int cpus[2], ncpus;
	char mask[32];		/* of those CPUs */
	struct ts_msg msg;
	struct tally tally;
};

FIXTURE(failnth) {
	struct sweep sw;
};

static int read_knob(const char *name, char *buf, size_t size)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), DEBUGFS "/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

static int write_knob(const char *name, const char *value)
{
	char path[128];

	snprintf(path, sizeof(path), DEBUGFS "/%s", name);
	return ts_write_file(path, value);
}

FIXTURE_SETUP(failnth)
{
	struct sweep *sw = &self->sw;
	bool any = false;
	char buf[16];
	size_t i;
	int ret;

	sw->ts.fd = -1;
	sw->nth = -1;
	if (geteuid())
		SKIP(return, "needs root (CAP_NET_ADMIN)");
	ret = ts_open(&sw->ts);
	if (ret == -ENOENT)
		SKIP(return, "no TASKSTATS family (CONFIG_TASKSTATS=n)");
	ASSERT_EQ(0, ret);
	sw->ncpus = ts_usable_cpus(sw->cpus, 2);
	ASSERT_LT(0, sw->ncpus);
	if (sw->ncpus > 2)
		sw->ncpus = 2;
	ts_cpu_list(sw->mask, sizeof(sw->mask), sw->cpus, sw->ncpus);

	sw->nth = open(FAIL_NTH, O_RDWR | O_CLOEXEC);
	if (sw->nth < 0)
		SKIP(return, "no %s (CONFIG_FAULT_INJECTION=n)", FAIL_NTH);
	/* What runs while fail-nth is armed had better be paged in. */
	ASSERT_LT(0, pread(sw->nth, buf, sizeof(buf), 0));
	ASSERT_EQ(1, pwrite(sw->nth, "0", 1, 0));

	if (access(DEBUGFS "/failslab", F_OK) &&
	    access(DEBUGFS "/fail_page_alloc", F_OK))
		sw->debugfs = !mount("debugfs", DEBUGFS, "debugfs", 0, NULL);
	for (i = 0; i < NKNOBS; i++) {
		if (read_knob(knobs[i].path, sw->saved[i],
			      sizeof(sw->saved[i])))
			continue;
		/* No ASSERT: there is no teardown after a failed setup. */
		ret = write_knob(knobs[i].path, knobs[i].value);
		if (ret)
			TH_LOG("cannot set %s: %s", knobs[i].path,
			       strerror(-ret));
		sw->set[i] = !ret;
		any |= !ret;
	}
	if (!any) {
		if (sw->debugfs)
			umount(DEBUGFS);
		SKIP(return, "no %s/failslab or fail_page_alloc %s", DEBUGFS,
		     "(CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC or CONFIG_FAULT_INJECTION_DEBUG_FS=n)");
	}
	if (!sw->set[0])
		TH_LOG("no failslab: slab allocations do not fail");
	if (!sw->set[1])
		TH_LOG("no fail_page_alloc: page allocations do not fail");
}

FIXTURE_TEARDOWN(failnth)
{
	struct sweep *sw = &self->sw;
	int i;

	for (i = NKNOBS - 1; i >= 0; i--)
		if (sw->set[i] && write_knob(knobs[i].path, sw->saved[i]))
			ksft_print_msg("cannot restore %s to %s\n",
				       knobs[i].path, sw->saved[i]);
	if (sw->debugfs)
		umount(DEBUGFS);
	if (sw->nth >= 0)
		close(sw->nth);
	ts_close(&sw->ts);
}

/*
 * Make the @n-th fallible call of this thread fail during the sending of
 * @raw on @ts, the whole request being handled in that system call.
 * Return: 1 if the fault was injected, 0 if the request made fewer fallible
 * calls, or -errno; the result of the send in @sent.
 */
static int send_failing(int nth, int n, struct ts_sock *ts,
			const struct ts_raw *raw, int *sent)
{
	char buf[16], zero[2] = "0";
	ssize_t len;

	/* Nothing that may allocate (or fault a page in) while armed. */
	len = snprintf(buf, sizeof(buf), "%d", n);
	if (pwrite(nth, buf, len, 0) != len)
		return -errno;
	*sent = ts_send_raw(ts, raw);
	len = pread(nth, buf, sizeof(buf) - 1, 0);
	if (pwrite(nth, zero, 1, 0) != 1 || len <= 0)
		return -EIO;
	buf[len] = 0;
	return !atoi(buf);
}

/*
 * Send @cmd with the attribute @attr, its @n-th fallible call failing, and
 * wait for its answer; an error in @err.
 * Return: its outcome, or -errno if none came.
 */
static int request_failing(struct sweep *sw, struct ts_sock *ts,
			   __u8 cmd, __u16 flags, int attr, const void *data,
			   size_t len, int n, int *err)
{
	struct ts_raw raw;
	int ret, sent = 0;

	ts_raw_init(&raw, ts->family, flags, cmd);
	raw.nlh.nlmsg_seq = ++ts->seq;
	ts_raw_put(&raw, attr, data, len);
	ret = send_failing(sw->nth, n, ts, &raw, &sent);
	if (ret < 0)
		return ret;
	sw->tally.points += ret;
	if (sent)
		return SEND_FAILED;
	ret = ts_recv(ts, &sw->msg, true);
	if (ret == -ENOBUFS)
		return LOST;
	if (ret)
		return ret;
	if (sw->msg.nlh.nlmsg_seq != ts->seq)
		return -EPROTO;
	if (!ts_msg_errno(&sw->msg, err))
		return REPLY;
	return *err ? ERROR : ACK;
}

static void tally_add(struct tally *t, int outcome, int err)
{
	const char *name = strerrorname_np(-err) ?: "?";
	size_t len = strlen(t->errors);

	t->outcomes[outcome]++;
	if (outcome == ERROR && !strstr(t->errors, name))
		snprintf(t->errors + len, sizeof(t->errors) - len, " %s", name);
}

static void tally_print(const char *path, const struct tally *t)
{
	char buf[256];
	size_t len = 0;
	int i;

	for (i = 0; i < NOUTCOMES; i++)
		if (t->outcomes[i])
			len += snprintf(buf + len, sizeof(buf) - len, ", %s %d",
					outcome_names[i], t->outcomes[i]);
	buf[len] = 0;
	ksft_print_msg("%s: %d fault points%s%s (errors:%s)\n", path,
		       t->points, t->points == MAX_NTH ? " at least" : "",
		       buf, t->errors[0] ? t->errors : " none");
}

/*
 * Whether an exit on each CPU of @sw->cpus reaches @l.
 * Return: a bit for each CPU that it reaches, or -errno.
 */
static int listening_on(struct sweep *sw, struct ts_sock *l)
{
	struct ts_record recs[2];
	int i, ret, on = 0;
	pid_t pid;

	for (i = 0; i < sw->ncpus; i++) {
		pid = ts_exit_child(sw->cpus[i], 0, NULL);
		if (pid < 0)
			return pid;
		/* The record is queued before the child can be reaped. */
		while (!(ret = ts_recv(l, &sw->msg, false))) {
			if (ts_parse(&sw->msg, recs, 2) != 1 ||
			    recs[0].id != (__u32)pid)
				return -EPROTO;
			on |= 1 << i;
		}
		if (ret != -EAGAIN)
			return ret;
	}
	return on;
}

/*
 * REGISTER of two CPUs: an ACK means a listener on both, an error a
 * listener on neither (the kernel takes the socket off every CPU of the
 * mask when one allocation fails), a lost ACK either.
 */
TEST_F_TIMEOUT(failnth, register, TIMEOUT_SEC)
{
	struct sweep *sw = &self->sw;
	int all = (1 << sw->ncpus) - 1, n, out, on, err = 0;
	size_t len = strlen(sw->mask) + 1;
	struct ts_sock l;

	for (n = 1; n <= MAX_NTH; n++) {
		ASSERT_EQ(0, ts_open(&l));
		out = request_failing(sw, &l, TASKSTATS_CMD_GET, NLM_F_ACK,
				      TASKSTATS_CMD_ATTR_REGISTER_CPUMASK,
				      sw->mask, len, n, &err);
		ASSERT_LE(0, out) TH_LOG("fault %d: %s", n, strerror(-out));
		ASSERT_NE(REPLY, out);
		tally_add(&sw->tally, out, err);
		on = listening_on(sw, &l);
		ASSERT_LE(0, on);
		if (out == ACK) {
			ASSERT_EQ(all, on);
		} else if (out != LOST) {
			ASSERT_EQ(0, on) TH_LOG("fault %d: %s (%d), yet on %#x",
						n, outcome_names[out], err, on);
		}
		ASSERT_TRUE(!on || on == all) TH_LOG("fault %d: on %#x", n, on);

		/* Then all works as usual. */
		ASSERT_EQ(0, ts_register(&l, sw->mask));
		ASSERT_EQ(all, listening_on(sw, &l));
		ASSERT_EQ(0, ts_deregister(&l, sw->mask));
		ASSERT_EQ(0, listening_on(sw, &l));
		ts_close(&l);
		if (sw->tally.points < n)
			break;
	}
	tally_print("REGISTER", &sw->tally);
}

/*
 * DEREGISTER of both CPUs of a listener: an ACK means a listener on
 * neither, a failure may leave it listening, but on both or neither.
 */
TEST_F_TIMEOUT(failnth, deregister, TIMEOUT_SEC)
{
	struct sweep *sw = &self->sw;
	int all = (1 << sw->ncpus) - 1, n, out, on, err = 0;
	size_t len = strlen(sw->mask) + 1;
	struct ts_sock l;

	for (n = 1; n <= MAX_NTH; n++) {
		ASSERT_EQ(0, ts_open(&l));
		ASSERT_EQ(0, ts_register(&l, sw->mask));
		out = request_failing(sw, &l, TASKSTATS_CMD_GET, NLM_F_ACK,
				      TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK,
				      sw->mask, len, n, &err);
		ASSERT_LE(0, out) TH_LOG("fault %d: %s", n, strerror(-out));
		ASSERT_NE(REPLY, out);
		tally_add(&sw->tally, out, err);
		on = listening_on(sw, &l);
		ASSERT_LE(0, on);
		/* A failure may leave it registered; on both CPUs, then */
		ASSERT_EQ(out == ACK ? 0 : out == SEND_FAILED ? all : on, on);
		ASSERT_TRUE(!on || on == all) TH_LOG("fault %d: on %#x", n, on);

		ASSERT_EQ(0, ts_deregister(&l, sw->mask));
		ASSERT_EQ(0, listening_on(sw, &l));
		ts_close(&l);
		if (sw->tally.points < n)
			break;
	}
	tally_print("DEREGISTER", &sw->tally);
}

/* Whether @sw->msg is a correct reply about @id. */
static bool reply_about(struct sweep *sw, int attr, __u32 id)
{
	struct ts_record rec;

	if (ts_parse(&sw->msg, &rec, 1) != 1 || rec.id != id)
		return false;
	if (attr == TASKSTATS_CMD_ATTR_TGID)
		return rec.aggr == TASKSTATS_TYPE_AGGR_TGID;
	return rec.aggr == TASKSTATS_TYPE_AGGR_PID && rec.stats.ac_pid == id;
}

/* A PID or TGID query of @id, then one without a fault. */
static void sweep_query(struct __test_metadata *_metadata,
			struct sweep *sw, int attr, __u32 id)
{
	struct ts_record rec;
	int n, out, err = 0;

	for (n = 1; n <= MAX_NTH; n++) {
		out = request_failing(sw, &sw->ts, TASKSTATS_CMD_GET, 0,
				      attr, &id, sizeof(id), n, &err);
		ASSERT_LE(0, out) TH_LOG("fault %d: %s", n, strerror(-out));
		ASSERT_NE(ACK, out);
		if (out == REPLY)
			ASSERT_TRUE(reply_about(sw, attr, id));
		tally_add(&sw->tally, out, err);
		ASSERT_EQ(0, ts_query(&sw->ts, attr, id, &rec));
		ASSERT_EQ(id, rec.id);
		if (sw->tally.points < n)
			break;
	}
}

TEST_F_TIMEOUT(failnth, pid_query, TIMEOUT_SEC)
{
	sweep_query(_metadata, &self->sw, TASKSTATS_CMD_ATTR_PID, getpid());
	tally_print("PID query", &self->sw.tally);
}

static void *blocked_thread(void *arg)
{
	pause();
	return arg;
}

static void *no_thread(void *arg)
{
	return arg;
}

/* A TGID query of a group of three threads, one more having exited. */
TEST_F_TIMEOUT(failnth, tgid_query, TIMEOUT_SEC)
{
	struct sweep *sw = &self->sw;
	pthread_t thread;
	int sync[2], i;
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe(sync));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (pthread_create(&thread, NULL, no_thread, NULL) ||
		    pthread_join(thread, NULL))
			_exit(1);
		for (i = 0; i < 2; i++)
			if (pthread_create(&thread, NULL, blocked_thread, NULL))
				_exit(1);
		if (write(sync[1], "", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	ASSERT_EQ(1, read(sync[0], &c, 1));
	sweep_query(_metadata, sw, TASKSTATS_CMD_ATTR_TGID, pid);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(sync[0]);
	close(sync[1]);
	tally_print("TGID query", &sw->tally);
}

/* Whether @sw->msg is a correct CGROUPSTATS_CMD_NEW reply. */
static bool cgroupstats_reply(struct sweep *sw)
{
	const struct genlmsghdr *genl = NLMSG_DATA(&sw->msg.nlh);
	const struct nlattr *nla;
	int len;

	nla = ts_genl_attrs(&sw->msg.nlh, &len);
	return sw->msg.len == sw->msg.nlh.nlmsg_len &&
	       genl->cmd == CGROUPSTATS_CMD_NEW &&
	       len == NLA_HDRLEN + sizeof(struct cgroupstats) &&
	       nla->nla_len == len &&
	       nla->nla_type == CGROUPSTATS_TYPE_CGROUP_STATS;
}

/* CGROUPSTATS_CMD_GET of a cgroup v1 directory. */
TEST_F_TIMEOUT(failnth, cgroupstats, TIMEOUT_SEC)
{
	struct sweep *sw = &self->sw;
	char dir[] = "/tmp/taskstats_failnth.XXXXXX";
	int n, out, err = 0, fd;
	__u32 attr;

	ASSERT_NE(NULL, mkdtemp(dir));
	if (mount("cgroup", dir, "cgroup", 0, "none,name=taskstats_failnth")) {
		rmdir(dir);
		SKIP(return, "cannot mount a cgroup v1 hierarchy: %s",
		     strerror(errno));
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	ASSERT_LE(0, fd);
	attr = fd;
	for (n = 1; n <= MAX_NTH; n++) {
		out = request_failing(sw, &sw->ts, CGROUPSTATS_CMD_GET, 0,
				      CGROUPSTATS_CMD_ATTR_FD, &attr,
				      sizeof(attr), n, &err);
		ASSERT_LE(0, out) TH_LOG("fault %d: %s", n, strerror(-out));
		ASSERT_NE(ACK, out);
		if (out == REPLY)
			ASSERT_TRUE(cgroupstats_reply(sw));
		tally_add(&sw->tally, out, err);
		ASSERT_EQ(0, ts_request(&sw->ts, CGROUPSTATS_CMD_GET,
					CGROUPSTATS_CMD_ATTR_FD, &attr,
					sizeof(attr), &sw->msg));
		ASSERT_TRUE(cgroupstats_reply(sw));
		if (sw->tally.points < n)
			break;
	}
	close(fd);
	umount(dir);
	rmdir(dir);
	tally_print("CGROUPSTATS_CMD_GET", &sw->tally);
}

/*
 * Exits. In the child, the exiting thread arms fail-nth on its way out:
 * its allocations in do_exit() fail. The parent reads back what is left
 * of the fail-nth of the zombie.
 */
enum exit_kind {
	ALONE,		/* a process of one thread */
	LEADER_FIRST,	/* the leader, while another thread lives on */
	GROUP_LAST,	/* the last thread of a group, another one gone */
};

/* Arm the @n-th fallible call of this thread, then exit. */
static __noreturn void exit_failing(int n, bool group)
{
	int fd = open(FAIL_NTH, O_WRONLY);
	char buf[16];
	int len;

	len = snprintf(buf, sizeof(buf), "%d", n);
	syscall(SYS_getpid);	/* fault the code of syscall() in */
	if (fd < 0 || pwrite(fd, buf, len, 0) != len)
		_exit(1);
	syscall(group ? SYS_exit_group : SYS_exit, 0);
	_exit(1);
}

struct exit_child {
	pid_t pid;
	pid_t *other;	/* the other thread's id, shared */
	int go[2];	/* a byte lets it exit */
};

static void *waiting_thread(void *arg)
{
	struct exit_child *c = arg;
	char byte;

	*c->other = gettid();
	if (read(c->go[0], &byte, 1) != 1)
		return NULL;
	return arg;
}

static void *gone_thread(void *arg)
{
	struct exit_child *c = arg;

	*c->other = gettid();
	return arg;
}

/*
 * Fork a child that exits on @cpu as @kind says, its @n-th allocation
 * failing.
 */
static int start_exit(struct exit_child *c, enum exit_kind kind, int cpu,
		      int n)
{
	pthread_t thread;

	if (pipe(c->go))
		return -errno;
	*c->other = 0;
	c->pid = fork();
	if (c->pid)
		return c->pid < 0 ? -errno : 0;
	if (ts_pin(0, cpu))
		_exit(1);
	if (kind == LEADER_FIRST &&
	    pthread_create(&thread, NULL, waiting_thread, c))
		_exit(1);
	if (kind == GROUP_LAST &&
	    (pthread_create(&thread, NULL, gone_thread, c) ||
	     pthread_join(thread, NULL)))
		_exit(1);
	while (kind == LEADER_FIRST && !__atomic_load_n(c->other,
							__ATOMIC_ACQUIRE))
		sched_yield();
	exit_failing(n, kind != LEADER_FIRST);
}

/* Return: what fail-nth of the zombie @pid reads, or -errno. */
static int zombie_nth(pid_t pid)
{
	char path[64], buf[16];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), FAIL_NTH_OF, pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return -EIO;
	buf[len] = 0;
	return atoi(buf);
}

/* The exit, its fail-nth read back; Return: 1 if injected, 0, or -errno. */
static int run_exit(struct exit_child *c, enum exit_kind kind)
{
	siginfo_t info;
	int nth;

	if (kind == LEADER_FIRST) {
		nth = ts_wait_state(c->pid, 'Z') ?: zombie_nth(c->pid);
		if (write(c->go[1], "", 1) != 1 && nth >= 0)
			nth = -errno;
		waitpid(c->pid, NULL, 0);
	} else {
		if (waitid(P_PID, c->pid, &info, WEXITED | WNOWAIT))
			return -errno;
		nth = zombie_nth(c->pid);
		waitpid(c->pid, NULL, 0);
	}
	close(c->go[0]);
	close(c->go[1]);
	return nth < 0 ? nth : !nth;
}

/*
 * The records that reached @l, one message each: of @pid (0 or 1, with
 * @pid_recs records) and of the other thread @other (exactly 1, with
 * @other_recs records, if @other_recs). Return: 0 or -errno.
 */
static int check_records(struct sweep *sw, struct ts_sock *l,
			 pid_t pid, int pid_recs, pid_t other, int other_recs,
			 int *got)
{
	struct ts_record recs[2];
	int ret, n, others = 0;

	*got = 0;
	while (!(ret = ts_recv(l, &sw->msg, false))) {
		n = ts_parse(&sw->msg, recs, 2);
		if (n < 1 || recs[0].aggr != TASKSTATS_TYPE_AGGR_PID ||
		    (n == 2 && recs[1].id != (__u32)pid))
			return -EPROTO;
		if (recs[0].id == (__u32)pid && n == pid_recs)
			++*got;
		else if (other_recs && recs[0].id == (__u32)other &&
			 n == other_recs)
			others++;
		else
			return -EPROTO;
	}
	if (ret != -EAGAIN)
		return ret;
	return *got > 1 || others != !!other_recs ? -EPROTO : 0;
}

/* The records an exit of @kind gets: of the exiting thread, the other. */
static const int exit_recs[][2] = {
	[ALONE] = { 1, 0 },
	[LEADER_FIRST] = { 1, 2 },
	[GROUP_LAST] = { 2, 1 },
};

/*
 * Two listeners (so that records are cloned) on the CPU of the exits; a
 * sweep of the exits of @kind: each listener gets a correct record or
 * none, and the next exit reaches both.
 */
static void sweep_exit(struct __test_metadata *_metadata,
		       struct sweep *sw, enum exit_kind kind, const char *name)
{
	int n, i, ret, got[2], records = 0, none = 0, one = 0;
	struct ts_record recs[2];
	struct exit_child c;
	struct ts_sock l[2];
	pid_t pid;

	c.other = mmap(NULL, sizeof(*c.other), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, c.other);
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, ts_open(&l[i]));
		ASSERT_EQ(0, ts_register(&l[i], sw->mask));
	}
	for (n = 1; n <= MAX_NTH; n++) {
		ASSERT_EQ(0, start_exit(&c, kind, sw->cpus[0], n));
		ret = run_exit(&c, kind);
		ASSERT_LE(0, ret) TH_LOG("fault %d: %s", n, strerror(-ret));
		sw->tally.points += ret;
		for (i = 0; i < 2; i++) {
			ret = check_records(sw, &l[i], c.pid,
					    exit_recs[kind][0], *c.other,
					    exit_recs[kind][1], &got[i]);
			ASSERT_EQ(0, ret) TH_LOG("fault %d, listener %d", n, i);
		}
		records += got[0] && got[1];
		none += !got[0] && !got[1];
		one += got[0] != got[1];

		pid = ts_exit_child(sw->cpus[0], 0, NULL);
		ASSERT_LT(0, pid);
		for (i = 0; i < 2; i++) {
			ASSERT_EQ(1, ts_recv_records(&l[i], recs, 2,
						     &sw->msg));
			ASSERT_EQ((__u32)pid, recs[0].id);
		}
		if (sw->tally.points < n)
			break;
	}
	for (i = 0; i < 2; i++)
		ts_close(&l[i]);
	munmap(c.other, sizeof(*c.other));
	ksft_print_msg("%s: %d fault points%s; records to both %d, none %d, one %d\n",
		       name, sw->tally.points,
		       sw->tally.points == MAX_NTH ? " at least" : "",
		       records, none, one);
}

/* The exit of a process alone. */
TEST_F_TIMEOUT(failnth, exit, TIMEOUT_SEC)
{
	sweep_exit(_metadata, &self->sw, ALONE, "exit");
}

/* The exit of a leader before its other thread: the group sums appear. */
TEST_F_TIMEOUT(failnth, leader_exit, TIMEOUT_SEC)
{
	sweep_exit(_metadata, &self->sw, LEADER_FIRST, "leader exit");
}

/* The exit of the last thread of a group: two records. */
TEST_F_TIMEOUT(failnth, group_exit, TIMEOUT_SEC)
{
	sweep_exit(_metadata, &self->sw, GROUP_LAST, "group exit");
}

TEST_HARNESS_MAIN
