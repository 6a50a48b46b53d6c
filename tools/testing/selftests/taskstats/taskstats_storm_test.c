// SPDX-License-Identifier: GPL-2.0
/*
 * A storm on the taskstats interface, bounded in time: for
 * TASKSTATS_STORM_SECONDS (default 5), child processes at once
 * - register sockets for random sets of CPUs and close them, some after
 *   deregistering part of the set, some by exiting without closing them,
 *   some from new network namespaces;
 * - fork tasks that exit, and create threads that end;
 * - ask for the statistics of those tasks and of their thread group while
 *   they exit;
 * while a listener that never reads overflows, and CPU 1 goes offline and
 * online again if it can.
 *
 * Every request must get an error or a correct reply, and every exit
 * record must be well-formed. Afterwards no socket may be left: the kernel
 * holds a reference to each socket that registered until the socket is
 * released, and a reference leaked would keep the socket, and its network
 * namespace, alive. Meant for debug kernels (KASAN, lockdep, kmemleak),
 * which see more than the test can.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "taskstats_nl.h"

#define STORM_SECONDS		5
#define STORM_MAX_SECONDS	600
/* How long the workers may take to stop, and the sockets to be freed. */
#define STOP_TIMEOUT_SEC	60
#define FREE_TIMEOUT_SEC	30
#define MAX_CPUS		64
#define MAX_WORKERS		16
#define SLOTS			16	/* ids of recent tasks, for queries */
#define THREADS			4	/* threads of the group at a time */
#define REGISTRARS		2
#define QUERIERS		2
#define CPU1_ONLINE		"/sys/devices/system/cpu/cpu1/online"

/* What the workers share: the plan, ids to query, and what happened. */
struct storm {
	int stop;
	int ncpus;
	int cpus[MAX_CPUS];		/* the usable CPUs */
	pid_t keeper;			/* a process in a network namespace */
	pid_t group;			/* the thread group whose threads end */
	pid_t tids[SLOTS];		/* its recent threads */
	pid_t exiting[SLOTS];		/* recent tasks that exit */
	long registrations, deregistrations, closed_by_exit, netns_rounds;
	long netns_records, netns_overruns, records, others, overruns;
	long exits, threads, pid_queries, tgid_queries, replies, esrch, reaped;
	long hotplug_cycles, hotplug_errors;
	int failures;
	char failure[256];		/* the first one */
};

/* Each worker process has its own copies of these. */
static struct storm *storm;
static struct ts_msg msg;
static __u64 rnd_state;

static unsigned int rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state >> 32;
}

static void rnd_seed(void)
{
	rnd_state = (getpid() * 0x9e3779b97f4a7c15ULL) ^ time(NULL);
	rnd_state |= 1;
}

static void count(long *counter)
{
	__atomic_add_fetch(counter, 1, __ATOMIC_RELAXED);
}

static bool stopping(void)
{
	return __atomic_load_n(&storm->stop, __ATOMIC_RELAXED);
}

/* Note a failure; the first one is kept for the report. */
static __printf(1, 2) void fail(const char *fmt, ...)
{
	va_list ap;

	if (__atomic_fetch_add(&storm->failures, 1, __ATOMIC_RELAXED))
		return;
	va_start(ap, fmt);
	vsnprintf(storm->failure, sizeof(storm->failure), fmt, ap);
	va_end(ap);
}

/* A random non-empty subset of the usable CPUs, as a list. */
static const char *random_mask(char *buf, size_t size)
{
	int cpus[MAX_CPUS], n = 0, i;

	for (i = 0; i < storm->ncpus; i++)
		if (rnd() & 1)
			cpus[n++] = storm->cpus[i];
	if (!n)
		cpus[n++] = storm->cpus[rnd() % storm->ncpus];
	return ts_cpu_list(buf, size, cpus, n);
}

static const char *all_cpus(char *buf, size_t size)
{
	return ts_cpu_list(buf, size, storm->cpus, storm->ncpus);
}

/*
 * Check an exit record: AGGR_PID about the task, then, for the last
 * thread of a group, AGGR_TGID about its group.
 * Return: the number of records, or 0 if it is malformed.
 */
static int check_record(const struct ts_msg *m, struct ts_record *recs)
{
	int n = ts_parse(m, recs, 2);

	if (n < 1 || m->nlh.nlmsg_pid ||
	    recs[0].aggr != TASKSTATS_TYPE_AGGR_PID ||
	    recs[0].stats.ac_pid != recs[0].id ||
	    (n == 2 && (recs[1].aggr != TASKSTATS_TYPE_AGGR_TGID ||
			recs[1].id != recs[0].stats.ac_tgid))) {
		fail("malformed exit record of %zd bytes (%d records)",
		     m->len, n);
		return 0;
	}
	count(&storm->records);
	return n;
}

/*
 * Read what a listener has queued, without waiting: exit records, each
 * checked, and overruns (ENOBUFS) when it did not read fast enough.
 */
static void drain(struct ts_sock *ts)
{
	struct ts_record recs[2];
	int ret;

	for (;;) {
		ret = ts_recv(ts, &msg, false);
		if (ret == -EAGAIN)
			return;
		if (ret == -ENOBUFS) {
			count(&storm->overruns);
			continue;
		}
		if (ret) {
			fail("receiving on a listener: %s", strerror(-ret));
			return;
		}
		check_record(&msg, recs);
	}
}

/* Close a listener, counting the records of other tasks it skipped. */
static void close_listener(struct ts_sock *ts)
{
	__atomic_add_fetch(&storm->others, ts->others, __ATOMIC_RELAXED);
	ts_close(ts);
}

/*
 * Register or deregister (@attr) @mask, and wait for the ACK, reading the
 * exit records queued before it.
 * Return: the error of the answer, 0 for an ACK, or -errno.
 */
static int listen_cmd(struct ts_sock *ts, int attr, const char *mask)
{
	struct ts_record recs[2];
	time_t end = time(NULL) + 2 * TS_TIMEOUT_SEC;
	int ret, err;

	ret = ts_send_cmd(ts, TASKSTATS_CMD_GET, NLM_F_ACK, attr, mask,
			  strlen(mask) + 1);
	while (!ret && time(NULL) < end) {
		ret = ts_recv(ts, &msg, true);
		if (ret == -ENOBUFS) {
			count(&storm->overruns);
			ret = 0;
		} else if (!ret && ts_msg_errno(&msg, &err)) {
			if (msg.nlh.nlmsg_seq != ts->seq)
				return -EPROTO;
			return err;
		} else if (!ret) {
			check_record(&msg, recs);
		}
	}
	return ret ?: -ETIMEDOUT;
}

/*
 * In a new network namespace, or in the keeper's: register for every
 * usable CPU, check that the exit of a child reaches this very socket,
 * and leave, closing the socket or not.
 */
static void netns_listener(void)
{
	struct ts_record recs[2];
	char path[64], mask[256];
	struct ts_sock ts;
	int fd, ret, n;
	pid_t child;

	if (rnd() & 1) {
		snprintf(path, sizeof(path), "/proc/%d/ns/net", storm->keeper);
		fd = open(path, O_RDONLY);
		if (fd < 0 || setns(fd, CLONE_NEWNET))
			fail("joining the keeper's namespace: %s",
			     strerror(errno));
	} else if (unshare(CLONE_NEWNET)) {
		fail("unshare(CLONE_NEWNET): %s", strerror(errno));
	}
	ret = ts_open(&ts);
	if (!ret)
		ret = listen_cmd(&ts, TASKSTATS_CMD_ATTR_REGISTER_CPUMASK,
				 all_cpus(mask, sizeof(mask)));
	if (ret) {
		fail("registering in a network namespace: %s", strerror(-ret));
		_exit(1);
	}
	count(&storm->registrations);
	/*
	 * Empty the queue first: once it has overflowed, netlink drops
	 * records without a new ENOBUFS until it is empty again.
	 */
	drain(&ts);
	child = ts_exit_child(-1, 0, NULL);
	for (;;) {
		ret = ts_recv(&ts, &msg, true);
		if (ret == -ENOBUFS) {
			/* The record may be among those dropped. */
			count(&storm->netns_overruns);
			break;
		}
		if (ret || ts_msg_errno(&msg, &ret)) {
			fail("no record of a child in a network namespace: %s",
			     strerror(-ret));
			break;
		}
		n = check_record(&msg, recs);
		if (n && recs[0].id == (__u32)child) {
			count(&storm->netns_records);
			break;
		}
	}
	__atomic_add_fetch(&storm->others, ts.others, __ATOMIC_RELAXED);
	if (rnd() & 1)
		ts_close(&ts);
	_exit(0);
}

/* A listener that its process's exit closes. */
static void exiting_listener(void)
{
	struct ts_sock ts;
	char mask[256];
	int ret;

	random_mask(mask, sizeof(mask));
	ret = ts_open(&ts);
	if (!ret)
		ret = listen_cmd(&ts, TASKSTATS_CMD_ATTR_REGISTER_CPUMASK,
				 mask);
	if (ret)
		fail("register %s: %s", mask, strerror(-ret));
	else
		count(&storm->registrations);
	drain(&ts);
	__atomic_add_fetch(&storm->others, ts.others, __ATOMIC_RELAXED);
	_exit(0);
}

/* One round of a registrar: one socket, registered and released. */
static void registrar_round(void)
{
	char mask[256], part[256];
	struct ts_sock ts;
	pid_t pid;
	int how = rnd() % 4, ret;

	if (how >= 2) {
		pid = fork();
		if (!pid) {
			rnd_seed();
			if (how == 3 && storm->keeper > 0)
				netns_listener();
			exiting_listener();
		}
		if (pid < 0 || waitpid(pid, NULL, 0) != pid)
			fail("listener child: %s", strerror(errno));
		if (how == 3 && storm->keeper > 0)
			count(&storm->netns_rounds);
		else
			count(&storm->closed_by_exit);
		return;
	}

	ret = ts_open(&ts);
	if (ret) {
		fail("ts_open: %s", strerror(-ret));
		return;
	}
	random_mask(mask, sizeof(mask));
	ret = listen_cmd(&ts, TASKSTATS_CMD_ATTR_REGISTER_CPUMASK, mask);
	if (ret)
		fail("register %s: %s", mask, strerror(-ret));
	else
		count(&storm->registrations);
	usleep(rnd() % 2000);
	drain(&ts);
	if (how == 1) {
		random_mask(part, sizeof(part));
		ret = listen_cmd(&ts, TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK,
				 part);
		if (ret)
			fail("deregister %s: %s", part, strerror(-ret));
		else
			count(&storm->deregistrations);
	}
	close_listener(&ts);
}

static void registrar(int unused)
{
	while (!stopping())
		registrar_round();
}

static void *idle_thread(void *arg)
{
	pause();
	return NULL;
}

/*
 * Fork tasks that exit on @cpu, or wherever they end up: some alone, some
 * taking a thread with them, some killed.
 */
static void forker(int cpu)
{
	pthread_t thread;
	unsigned int i;
	pid_t pid;

	ts_pin(0, cpu);
	for (i = 0; !stopping(); i++) {
		pid = fork();
		if (!pid) {
			if (i % 4 == 1)
				pthread_create(&thread, NULL, idle_thread, NULL);
			if (i % 4 == 2)
				kill(getpid(), SIGKILL);
			_exit(i & 0x7f);
		}
		if (pid < 0) {
			fail("fork: %s", strerror(errno));
			return;
		}
		storm->exiting[i % SLOTS] = pid;
		waitpid(pid, NULL, 0);
		count(&storm->exits);
	}
}

static void *short_thread(void *arg)
{
	int spin;

	storm->tids[(long)arg] = gettid();
	for (spin = 0; spin < 10000; spin++)
		asm volatile("" : : : "memory");
	return NULL;
}

/* A thread group whose threads keep ending; its leader stays. */
static void threader(int unused)
{
	pthread_t threads[THREADS];
	int i, n;

	storm->group = getpid();
	while (!stopping()) {
		for (n = 0; n < THREADS; n++)
			if (pthread_create(&threads[n], NULL, short_thread,
					   (void *)(long)(rnd() % SLOTS)))
				break;
		for (i = 0; i < n; i++)
			pthread_join(threads[i], NULL);
		__atomic_add_fetch(&storm->threads, n, __ATOMIC_RELAXED);
	}
}

/*
 * Ask for @id: the reply must be about @id, or the error ESRCH for a task
 * that is gone. A task reaped while the kernel fills in the reply has no
 * pid any more: ac_pid and ac_ppid are 0 then.
 */
static void ask(struct ts_sock *ts, int attr, __u32 id)
{
	int aggr = attr == TASKSTATS_CMD_ATTR_PID ? TASKSTATS_TYPE_AGGR_PID :
						    TASKSTATS_TYPE_AGGR_TGID;
	struct ts_record rec;
	int ret, err;

	ret = ts_send_cmd(ts, TASKSTATS_CMD_GET, 0, attr, &id, sizeof(id));
	if (!ret)
		ret = ts_recv(ts, &msg, true);
	if (ret) {
		fail("query of %u: %s", id, strerror(-ret));
		return;
	}
	if (msg.nlh.nlmsg_seq != ts->seq) {
		fail("answer to request %u, not %u", msg.nlh.nlmsg_seq,
		     ts->seq);
	} else if (ts_msg_errno(&msg, &err)) {
		if (err != -ESRCH)
			fail("query of %u: %s", id, strerror(-err));
		count(&storm->esrch);
	} else if (ts_parse(&msg, &rec, 1) != 1 || rec.aggr != aggr ||
		   rec.id != id) {
		fail("bad reply to the query of %u", id);
	} else if (attr == TASKSTATS_CMD_ATTR_TGID ||
		   rec.stats.ac_pid == id) {
		count(&storm->replies);
	} else if (!rec.stats.ac_pid && !rec.stats.ac_ppid) {
		count(&storm->reaped);
	} else {
		fail("reply to the query of %u about pid %u", id,
		     rec.stats.ac_pid);
	}
}

/* PID and TGID queries of the threads of the group and of exiting tasks. */
static void querier(int unused)
{
	struct ts_sock ts;
	int ret;
	__u32 id;

	ret = ts_open(&ts);
	if (ret) {
		fail("ts_open: %s", strerror(-ret));
		return;
	}
	while (!stopping()) {
		switch (rnd() % 4) {
		case 0:
			id = storm->tids[rnd() % SLOTS];
			break;
		case 1:
			id = storm->exiting[rnd() % SLOTS];
			break;
		default:
			id = rnd() & 1 ? storm->group :
					 storm->tids[rnd() % SLOTS];
			if (id) {
				ask(&ts, TASKSTATS_CMD_ATTR_TGID, id);
				count(&storm->tgid_queries);
			}
			continue;
		}
		if (id) {
			ask(&ts, TASKSTATS_CMD_ATTR_PID, id);
			count(&storm->pid_queries);
		}
	}
	ts_close(&ts);
}

/* Bring CPU 1 online, trying again for a while. Return: 0 or -errno. */
static int cpu1_online(void)
{
	int i, ret = 0;

	for (i = 0; i < 100; i++) {
		ret = ts_write_file(CPU1_ONLINE, "1");
		if (!ret)
			return 0;
		usleep(100000);
	}
	return ret;
}

/* Whether CPU 1 is online and this process may take it offline. */
static bool cpu1_hotpluggable(void)
{
	char c = 0;
	int fd;

	fd = open(CPU1_ONLINE, O_RDWR);
	if (fd < 0)
		return false;
	if (read(fd, &c, 1) != 1)
		c = 0;
	close(fd);
	return c == '1';
}

static int hotplug_stop;

static void hotplug_term(int sig)
{
	__atomic_store_n(&hotplug_stop, 1, __ATOMIC_RELAXED);
}

/* CPU 1 offline and online again, until the end; online whatever happens. */
static void hotplugger(int unused)
{
	signal(SIGTERM, hotplug_term);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	while (!stopping() &&
	       !__atomic_load_n(&hotplug_stop, __ATOMIC_RELAXED)) {
		if (ts_write_file(CPU1_ONLINE, "0")) {
			count(&storm->hotplug_errors);
		} else {
			usleep(rnd() % 20000);
			if (cpu1_online())
				fail("CPU 1 does not come back online");
			count(&storm->hotplug_cycles);
		}
		usleep(rnd() % 20000);
	}
	if (cpu1_online())
		fail("CPU 1 does not come back online");
}

/* A process that sleeps in a new network namespace, to keep it. */
static pid_t start_keeper(int *err)
{
	int sync[2];
	pid_t pid;

	*err = 0;
	if (pipe(sync))
		return -1;
	pid = fork();
	if (!pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		*err = unshare(CLONE_NEWNET) ? errno : 0;
		if (write(sync[1], err, sizeof(*err)) != sizeof(*err) || *err)
			_exit(1);
		for (;;)
			pause();
	}
	if (pid > 0 && read(sync[0], err, sizeof(*err)) != sizeof(*err))
		*err = EIO;
	close(sync[0]);
	close(sync[1]);
	if (pid > 0 && *err) {
		waitpid(pid, NULL, 0);
		pid = -1;
	}
	return pid;
}

/*
 * Wait, boundedly, for the sockets of @pid's namespace to be back to
 * @before: sockets are freed after an RCU grace period.
 * Return: the last count seen.
 */
static int sockets_back_to(pid_t pid, int before)
{
	int used = -1, ms;

	for (ms = 0; ms < FREE_TIMEOUT_SEC * 1000; ms += 20) {
		used = ts_sockets_used(pid);
		if (used == before)
			break;
		usleep(20000);
	}
	return used;
}

/* The worker processes, and a socket that is not theirs to keep open. */
struct workers {
	pid_t pid[MAX_WORKERS];
	int n;
	struct ts_sock *not_theirs;
};

FIXTURE(storm) {
	struct storm *s;
	struct ts_sock ts;
	struct ts_sock deaf;
	struct workers workers;
	bool hotplug;
};

FIXTURE_SETUP(storm)
{
	int ret;

	self->ts.fd = -1;
	self->deaf.fd = -1;
	if (geteuid())
		SKIP(return, "needs root (CAP_NET_ADMIN)");
	ret = ts_open(&self->ts);
	if (ret == -ENOENT)
		SKIP(return, "no TASKSTATS family (CONFIG_TASKSTATS=n)");
	ASSERT_EQ(0, ret);
	self->s = mmap(NULL, sizeof(*self->s), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->s);
	storm = self->s;
	storm->ncpus = ts_usable_cpus(storm->cpus, MAX_CPUS);
	ASSERT_LT(0, storm->ncpus);
	if (storm->ncpus > MAX_CPUS)
		storm->ncpus = MAX_CPUS;
}

FIXTURE_TEARDOWN(storm)
{
	int i;

	for (i = 0; i < self->workers.n; i++) {
		kill(self->workers.pid[i], SIGKILL);
		waitpid(self->workers.pid[i], NULL, 0);
	}
	if (self->hotplug && cpu1_online())
		ksft_print_msg("CPU 1 is left offline!\n");
	if (storm && storm->keeper > 0) {
		kill(storm->keeper, SIGKILL);
		waitpid(storm->keeper, NULL, 0);
	}
	ts_close(&self->deaf);
	ts_close(&self->ts);
}

/* Start a worker process running @fn(@arg). */
static pid_t start_worker(struct workers *w, void (*fn)(int), int arg)
{
	pid_t pid = fork();

	if (!pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		ts_close(w->not_theirs);
		rnd_seed();
		fn(arg);
		_exit(0);
	}
	if (pid > 0)
		w->pid[w->n++] = pid;
	return pid;
}

/*
 * Stop the workers, and wait for them for up to STOP_TIMEOUT_SEC.
 * Return: how many did not stop (they are killed) or failed.
 */
static int stop_workers(struct workers *w)
{
	time_t end = time(NULL) + STOP_TIMEOUT_SEC;
	int i, left = w->n, bad = 0, status;
	pid_t pid;

	__atomic_store_n(&storm->stop, 1, __ATOMIC_RELAXED);
	while (left && time(NULL) < end) {
		pid = waitpid(-1, &status, WNOHANG);
		for (i = 0; pid > 0 && i < w->n; i++) {
			if (w->pid[i] != pid)
				continue;
			w->pid[i] = w->pid[--w->n];
			bad += !WIFEXITED(status) || WEXITSTATUS(status);
			left--;
		}
		if (pid <= 0)
			usleep(10000);
	}
	return bad + left;
}

/* Return: the seconds the storm lasts, from TASKSTATS_STORM_SECONDS. */
static int storm_seconds(void)
{
	const char *env = getenv("TASKSTATS_STORM_SECONDS");
	int seconds = env ? atoi(env) : 0;

	if (seconds <= 0)
		return STORM_SECONDS;
	return seconds < STORM_MAX_SECONDS ? seconds : STORM_MAX_SECONDS;
}

/*
 * Everything at once, then the aftermath: the listener that never read
 * has lost records (ENOBUFS) but is still a listener, and the sockets of
 * the storm are all freed, in the initial network namespace and in the
 * one the keeper holds.
 */
TEST_F_TIMEOUT(storm, everything_at_once,
	       STORM_MAX_SECONDS + STOP_TIMEOUT_SEC + 3 * FREE_TIMEOUT_SEC)
{
	int seconds = storm_seconds(), before, keeper_before = -1;
	int i, ret, err, enobufs = 0, records = 0, bad, used;
	struct ts_record recs[2];
	int size = 1;		/* the smallest receive buffer there is */
	struct timespec left;
	char mask[256];
	pid_t child;

	before = ts_sockets_used(getpid());
	if (before < 0)
		TH_LOG("no /proc/net/sockstat: the socket counts go unchecked");
	storm->keeper = start_keeper(&err);
	if (storm->keeper < 0)
		TH_LOG("no network namespaces (%s): none in the storm",
		       strerror(err));
	else
		keeper_before = ts_sockets_used(storm->keeper);

	/* The listener that never reads, for now. */
	ASSERT_EQ(0, ts_open(&self->deaf));
	ASSERT_EQ(0, setsockopt(self->deaf.fd, SOL_SOCKET, SO_RCVBUF, &size,
				sizeof(size)));
	ASSERT_EQ(0, ts_register(&self->deaf, all_cpus(mask, sizeof(mask))));

	self->hotplug = cpu1_hotpluggable();
	if (!self->hotplug)
		TH_LOG("no CPU hotplug: %s is not there, writable and 1 %s",
		       CPU1_ONLINE, "(CONFIG_HOTPLUG_CPU=n or one CPU)");

	ksft_print_msg("storm of %d s on CPUs %s\n", seconds, mask);
	self->workers.not_theirs = &self->deaf;
	for (i = 0; i < REGISTRARS; i++)
		ASSERT_LT(0, start_worker(&self->workers, registrar, 0));
	for (i = 0; i < storm->ncpus && i < 2; i++)
		ASSERT_LT(0, start_worker(&self->workers, forker, storm->cpus[i]));
	ASSERT_LT(0, start_worker(&self->workers, threader, 0));
	for (i = 0; i < QUERIERS; i++)
		ASSERT_LT(0, start_worker(&self->workers, querier, 0));
	if (self->hotplug)
		ASSERT_LT(0, start_worker(&self->workers, hotplugger, 0));

	left.tv_sec = seconds;
	left.tv_nsec = 0;
	while (nanosleep(&left, &left))
		;
	bad = stop_workers(&self->workers);
	EXPECT_EQ(0, bad) TH_LOG("%d workers failed or did not stop", bad);
	if (self->hotplug)
		EXPECT_EQ(0, cpu1_online());

	ksft_print_msg("registrations %ld: %ld deregistering part first,\n",
		       storm->registrations, storm->deregistrations);
	ksft_print_msg("  %ld closed by exit, %ld in network namespaces\n",
		       storm->closed_by_exit, storm->netns_rounds);
	ksft_print_msg("records to listeners %ld (own children's %ld), overruns %ld\n",
		       storm->records + storm->others, storm->records,
		       storm->overruns);
	ksft_print_msg("namespaced listeners got their record %ld/%ld (%ld overran)\n",
		       storm->netns_records, storm->netns_rounds,
		       storm->netns_overruns);
	ksft_print_msg("exits %ld, threads %ld\n", storm->exits,
		       storm->threads);
	ksft_print_msg("queries: %ld pid, %ld tgid; %ld replies, %ld ESRCH,\n",
		       storm->pid_queries, storm->tgid_queries,
		       storm->replies, storm->esrch);
	ksft_print_msg("  %ld replies about a task reaped meanwhile (pid 0)\n",
		       storm->reaped);
	if (self->hotplug)
		ksft_print_msg("CPU 1 hotplug cycles %ld (refused %ld)\n",
			       storm->hotplug_cycles, storm->hotplug_errors);
	EXPECT_EQ(0, storm->failures) TH_LOG("%d failures, the first: %s",
					     storm->failures, storm->failure);
	EXPECT_LT(0, storm->registrations);
	EXPECT_LT(0, storm->exits);
	EXPECT_LT(0, storm->replies);

	/*
	 * The listener that never read: an overrun, then well-formed
	 * records, and it is still a listener.
	 */
	for (;;) {
		ret = ts_recv(&self->deaf, &msg, false);
		if (ret == -ENOBUFS) {
			enobufs++;
			continue;
		}
		if (ret)
			break;
		EXPECT_FALSE(ts_msg_errno(&msg, &err));
		EXPECT_LT(0, ts_parse(&msg, recs, 2));
		records++;
	}
	EXPECT_EQ(-EAGAIN, ret);
	ksft_print_msg("the listener that never read: %d overruns, %d records\n",
		       enobufs, records + self->deaf.others);
	EXPECT_LT(0, enobufs);
	/* Room again, for the exits of other tasks before the child's. */
	size = 1 << 20;
	ASSERT_EQ(0, setsockopt(self->deaf.fd, SOL_SOCKET, SO_RCVBUF, &size,
				sizeof(size)));
	child = ts_exit_child(-1, 0, NULL);
	ASSERT_LT(0, child);
	EXPECT_EQ(1, ts_recv_records(&self->deaf, recs, 2, &msg));
	EXPECT_EQ((__u32)child, recs[0].id);
	ts_close(&self->deaf);

	/* No socket left, here or in the namespace of the keeper. */
	if (before >= 0) {
		used = sockets_back_to(getpid(), before);
		EXPECT_EQ(before, used)
			TH_LOG("%d sockets, %d before the storm", used, before);
	}
	if (keeper_before >= 0) {
		used = sockets_back_to(storm->keeper, keeper_before);
		EXPECT_EQ(keeper_before, used)
			TH_LOG("%d sockets in the keeper's network namespace, %d before",
			       used, keeper_before);
	}
}

TEST_HARNESS_MAIN
