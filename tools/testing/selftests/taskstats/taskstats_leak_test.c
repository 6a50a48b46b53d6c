// SPDX-License-Identifier: GPL-2.0
/*
 * Exit records reach the socket that registered for them and no other
 * socket, whatever the order in which the listener's socket is closed, a
 * task exits and another socket binds the listener's port id.
 *
 * A listener known by its netlink port id alone leaks: once its socket is
 * closed, any socket that binds the same port id in the initial network
 * namespace, even an unprivileged user's, gets the exit records of every
 * task (pid, command, uid, exit status, I/O), and a listener in another
 * network namespace never gets its own. netlink_release() frees the port id
 * before anything else, before the socket is marked dead and before its
 * owners hear of the release (NETLINK_URELEASE), and any task can hold
 * that window open for as long as it likes (see struct window).
 *
 * The binder of these tests is an unprivileged child that takes a closed
 * listener's port id and counts every message that reaches it, the records
 * of any task and not only of this test's children: it must get none.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/rtnetlink.h>
#include <linux/userfaultfd.h>

#include "../kselftest_harness.h"
#include "taskstats_nl.h"

/* The uid and gid of the binder. */
#define NOBODY			65534
/* How long the binder tries to take a port id that is in use. */
#define BIND_TIMEOUT_SEC	10
/* Exits while a listener's release is held. */
#define WINDOW_EXITS		8
/* At most this long the window stays held, whatever the test does. */
#define WINDOW_MAX_SEC		60
/*
 * Rounds of the race between close, exit and bind, as many as fit in
 * RACE_SEC: a slow kernel (a debug one under emulation, say) does fewer.
 * The harness' timeout leaves a minute for the last round.
 */
#define RACE_ROUNDS		100
#define RACE_SEC		15
#define MAX_EXITERS		2

FIXTURE(leak) {
	struct ts_sock ts;
	struct ts_msg msg;
	struct ts_record rec[2];
	struct ts_cpus cpus;	/* the CPUs this test may use */
};

FIXTURE_SETUP(leak)
{
	int ret;

	self->ts.fd = -1;
	if (geteuid())
		SKIP(return, "needs root (CAP_NET_ADMIN, setuid, userfaultfd)");
	ret = ts_open(&self->ts);
	if (ret == -ENOENT)
		SKIP(return, "no TASKSTATS family (CONFIG_TASKSTATS=n)");
	ASSERT_EQ(0, ret);
	ASSERT_LT(0, ts_two_cpus(&self->cpus));
}

FIXTURE_TEARDOWN(leak)
{
	if (self->ts.fd >= 0)
		ts_deregister(&self->ts, ts_possible_cpus());
	ts_close(&self->ts);
}

/*
 * Count every message queued on netlink socket @fd, consuming them: exit
 * records of any task, and an overrun (ENOBUFS) as one more.
 * Return: the count, or -errno.
 */
static int count_queued(int fd)
{
	static char buf[TS_BUF_SIZE];
	int n = 0;

	for (;;) {
		if (recv(fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC) >= 0 ||
		    errno == ENOBUFS)
			n++;
		else if (errno == EAGAIN)
			return n;
		else
			return -errno;
	}
}

/*
 * The binder: a child that has given up root for nobody and obeys the
 * requests of the test, sent over a socket pair, one at a time. Each
 * request gets one int back, 0 or -errno unless said otherwise.
 *
 * It must be forked before the listener it spies on is opened: a child
 * that inherits the listener's file keeps the socket alive, and the
 * test's close is then not the release the test is about.
 */
struct binder {
	pid_t pid;
	int fd;
};

struct binder_req {
	char op;
	__u32 portid;
};

enum {
	BINDER_SOCKET = 'S',	/* replace the socket by a fresh one */
	BINDER_BIND = 'B',	/* bind the socket to .portid */
	BINDER_COUNT = 'C',	/* count_queued() on the socket */
};

/* The first reply when registering did not fail with EPERM for nobody. */
#define BINDER_PRIVILEGED	1

/*
 * Bind @fd to @portid, trying again while another socket holds it, for up
 * to BIND_TIMEOUT_SEC. A failed try leaves the socket unbound and still
 * bindable to the same port id, so there is no need to close it, and
 * closing a netlink socket must not happen while the table is held.
 */
static int binder_bind(int fd, __u32 portid)
{
	struct sockaddr_nl addr = {
		.nl_family = AF_NETLINK,
		.nl_pid = portid,
	};
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (!bind(fd, (struct sockaddr *)&addr, sizeof(addr)))
			return 0;
		if (errno != EADDRINUSE)
			return -errno;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= BIND_TIMEOUT_SEC)
			return -ETIMEDOUT;
	}
}

static void binder_reply(int sk, int ret)
{
	if (send(sk, &ret, sizeof(ret), MSG_NOSIGNAL) != sizeof(ret))
		_exit(1);
}

static void binder_main(int sk)
{
	struct binder_req req;
	struct ts_sock ts;
	int fd, ret;

	/* Drop root, and check that registering is no longer allowed. */
	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY)) {
		binder_reply(sk, -errno);
		_exit(1);
	}
	ret = ts_open(&ts);
	if (ret) {
		binder_reply(sk, ret);
		_exit(1);
	}
	ret = ts_register(&ts, "0") == -EPERM ? 0 : BINDER_PRIVILEGED;
	ts_close(&ts);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 && !ret)
		ret = -errno;
	binder_reply(sk, ret);
	if (ret)
		_exit(1);

	while (recv(sk, &req, sizeof(req), 0) == sizeof(req)) {
		switch (req.op) {
		case BINDER_SOCKET:
			close(fd);
			fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
				    NETLINK_GENERIC);
			ret = fd < 0 ? -errno : 0;
			break;
		case BINDER_BIND:
			ret = binder_bind(fd, req.portid);
			break;
		case BINDER_COUNT:
			ret = count_queued(fd);
			break;
		default:
			ret = -EINVAL;
		}
		binder_reply(sk, ret);
	}
	_exit(0);
}

static int binder_send(struct binder *b, char op, __u32 portid)
{
	struct binder_req req = { .op = op, .portid = portid };

	if (send(b->fd, &req, sizeof(req), MSG_NOSIGNAL) != sizeof(req))
		return -ECHILD;
	return 0;
}

static int binder_wait(struct binder *b)
{
	int ret;

	if (recv(b->fd, &ret, sizeof(ret), 0) != sizeof(ret))
		return -ECHILD;
	return ret;
}

/* Return: the binder's reply, or -ECHILD if it is gone. */
static int binder_ask(struct binder *b, char op, __u32 portid)
{
	return binder_send(b, op, portid) ?: binder_wait(b);
}

static void binder_stop(struct binder *b)
{
	close(b->fd);
	kill(b->pid, SIGKILL);
	waitpid(b->pid, NULL, 0);
}

/*
 * Start a binder with a socket of its own, not bound yet.
 * Return: 0, BINDER_PRIVILEGED, or -errno.
 */
static int binder_start(struct binder *b)
{
	int sv[2], ret;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return -errno;
	b->pid = fork();
	if (!b->pid) {
		close(sv[0]);
		binder_main(sv[1]);
	}
	close(sv[1]);
	b->fd = sv[0];
	if (b->pid < 0) {
		ret = -errno;
		close(b->fd);
		return ret;
	}
	ret = binder_wait(b);
	if (ret)
		binder_stop(b);
	return ret;
}

/*
 * The release window, held open from user space. A thread reads the
 * NETLINK_LIST_MEMBERSHIPS of a socket that has multicast groups into a
 * page that userfaultfd leaves missing. getsockopt() counts itself as a
 * user of the netlink table (nl_table_users) before it writes there, and
 * stays one until the page is filled in. Meanwhile every netlink socket
 * being released waits in netlink_table_grab(): its port id is already
 * free, and it is not yet marked dead nor its release announced.
 *
 * While the window is held no netlink socket may be closed for the last
 * time, by the test or any child, or that close blocks too; and the test
 * must not end before window_release(). Every other task of the machine
 * that releases a netlink socket waits as well: a watchdog thread ends the
 * window after WINDOW_MAX_SEC, should the test not get that far.
 */
struct window {
	int uffd;
	int rtnl;
	void *page;
	size_t size;
	pthread_t holder;
	pthread_t watchdog;
	bool holding;
	bool watching;
	bool released;	/* by window_release(), for the watchdog */
	int ret;	/* what the getsockopt() returned */
};

/* Return: 0, or -errno when userfaultfd cannot be used. */
static int window_open(struct window *w)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	int ret;

	memset(w, 0, sizeof(*w));
	w->rtnl = -1;
	w->size = sysconf(_SC_PAGESIZE);
	w->page = MAP_FAILED;
	w->uffd = syscall(__NR_userfaultfd, O_CLOEXEC);
	if (w->uffd < 0)
		return -errno;
	if (ioctl(w->uffd, UFFDIO_API, &api))
		goto fail;
	w->page = mmap(NULL, w->size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (w->page == MAP_FAILED)
		goto fail;
	reg.range.start = (unsigned long)w->page;
	reg.range.len = w->size;
	if (ioctl(w->uffd, UFFDIO_REGISTER, &reg))
		goto fail;
	return 0;
fail:
	ret = -errno;
	if (w->page != MAP_FAILED)
		munmap(w->page, w->size);
	close(w->uffd);
	return ret;
}

static void *window_holder(void *arg)
{
	struct window *w = arg;
	socklen_t len = sizeof(__u32);

	/* optlen is read before the table is taken: not on the page. */
	if (getsockopt(w->rtnl, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS,
		       w->page, &len))
		w->ret = -errno;
	return NULL;
}

/* Fill the page in, which lets the getsockopt() finish. */
static void window_fill(struct window *w)
{
	struct uffdio_zeropage zero = {
		.range = { .start = (unsigned long)w->page, .len = w->size },
	};

	ioctl(w->uffd, UFFDIO_ZEROPAGE, &zero);
}

static void *window_watchdog(void *arg)
{
	struct window *w = arg;
	int i;

	for (i = 0; i < WINDOW_MAX_SEC * 10; i++) {
		if (__atomic_load_n(&w->released, __ATOMIC_SEQ_CST))
			return NULL;
		usleep(100000);
	}
	window_fill(w);
	return NULL;
}

/*
 * Hold the window, and make sure it is held: the page fault only comes
 * once getsockopt() has taken the table.
 * Return: 0, or -errno; window_release() is due either way.
 */
static int window_hold(struct window *w)
{
	struct sockaddr_nl addr = {
		.nl_family = AF_NETLINK,
		.nl_groups = RTMGRP_LINK,
	};
	struct pollfd pfd = { .fd = w->uffd, .events = POLLIN };
	struct uffd_msg msg;
	__u64 fault;
	int ret;

	w->rtnl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (w->rtnl < 0 ||
	    bind(w->rtnl, (struct sockaddr *)&addr, sizeof(addr)))
		return -errno;
	ret = pthread_create(&w->holder, NULL, window_holder, w);
	if (ret)
		return -ret;
	w->holding = true;
	ret = pthread_create(&w->watchdog, NULL, window_watchdog, w);
	if (ret) {
		window_fill(w);
		return -ret;
	}
	w->watching = true;
	ret = poll(&pfd, 1, TS_TIMEOUT_SEC * 1000);
	if (ret <= 0)
		return ret ? -errno : -ETIMEDOUT;
	if (read(w->uffd, &msg, sizeof(msg)) != sizeof(msg))
		return -EIO;
	fault = msg.arg.pagefault.address & ~(__u64)(w->size - 1);
	if (msg.event != UFFD_EVENT_PAGEFAULT || fault != (uintptr_t)w->page)
		return -EPROTO;
	return 0;
}

/* Let the getsockopt() finish, and with it every release it held up. */
static void window_release(struct window *w)
{
	struct uffdio_zeropage zero = {
		.range = { .start = (unsigned long)w->page, .len = w->size },
	};

	if (w->watching) {
		__atomic_store_n(&w->released, true, __ATOMIC_SEQ_CST);
		pthread_join(w->watchdog, NULL);
		w->watching = false;
	}
	if (!w->holding)
		return;
	/* Should that fail, the fault fails once the last uffd is closed. */
	if (ioctl(w->uffd, UFFDIO_ZEROPAGE, &zero) && errno != EEXIST) {
		close(w->uffd);
		w->uffd = -1;
	}
	pthread_join(w->holder, NULL);
	w->holding = false;
}

static void window_close(struct window *w)
{
	window_release(w);
	if (w->rtnl >= 0)
		close(w->rtnl);
	if (w->uffd >= 0)
		close(w->uffd);
	munmap(w->page, w->size);
}

/* A thread that closes a socket, and stays in close() as long as it must. */
struct closer {
	pthread_t thread;
	struct ts_sock *ts;
	bool done;
};

static void *closer_main(void *arg)
{
	struct closer *c = arg;

	ts_close(c->ts);
	__atomic_store_n(&c->done, true, __ATOMIC_SEQ_CST);
	return NULL;
}

/*
 * Everything at once: while the listener's release is held between the
 * freeing of its port id and the end of its release, an unprivileged
 * socket takes the port id and tasks exit on the listener's CPU. The
 * records must not reach the new socket, neither then nor after the
 * release is over.
 */
TEST_F_TIMEOUT(leak, window_held_open, WINDOW_MAX_SEC + 30)
{
	struct closer c = { .done = false };
	bool closing = false;
	struct ts_sock l;
	struct window w;
	struct binder b;
	int ret, count, i;
	__u32 portid;

	ASSERT_EQ(0, binder_start(&b));
	ret = window_open(&w);
	if (ret) {
		binder_stop(&b);
		SKIP(return, "userfaultfd: %s (CONFIG_USERFAULTFD=n?)",
		     strerror(-ret));
	}
	ASSERT_EQ(0, ts_open(&l));
	ASSERT_EQ(0, ts_register(&l, self->cpus.mask));
	portid = l.portid;

	/* No ASSERT from here until window_release(): see struct window. */
	ret = window_hold(&w);
	EXPECT_EQ(0, ret) TH_LOG("cannot hold the netlink table: %s",
				 strerror(-ret));
	if (!ret) {
		c.ts = &l;
		ret = pthread_create(&c.thread, NULL, closer_main, &c);
		EXPECT_EQ(0, ret);
		closing = !ret;
	}
	if (!ret) {
		ret = binder_ask(&b, BINDER_BIND, portid);
		EXPECT_EQ(0, ret)
			TH_LOG("binding the closing listener's port id %u: %s",
			       portid, strerror(-ret));
	}
	if (!ret) {
		for (i = 0; i < WINDOW_EXITS; i++)
			EXPECT_LT(0, ts_exit_child(self->cpus.cpu[0], 0, NULL));
		count = binder_ask(&b, BINDER_COUNT, 0);
		EXPECT_EQ(0, count)
			TH_LOG("%d exit records leaked during the release",
			       count);
		/* Else the window was not tested. */
		EXPECT_FALSE(__atomic_load_n(&c.done, __ATOMIC_SEQ_CST))
			TH_LOG("the release was not held up");
	}
	window_release(&w);
	if (closing)
		pthread_join(c.thread, NULL);
	else
		ts_close(&l);
	EXPECT_EQ(0, w.ret);

	/* The release is over; the listener must be forgotten. */
	EXPECT_LT(0, ts_exit_child(self->cpus.cpu[0], 0, NULL));
	count = binder_ask(&b, BINDER_COUNT, 0);
	EXPECT_EQ(0, count) TH_LOG("%d exit records leaked after the release",
				   count);
	binder_stop(&b);
	window_close(&w);
}

/* A child pinned to @cpu that forks tasks that exit, until it is killed. */
static pid_t start_exiter(int cpu)
{
	pid_t pid, parent = getpid();
	cpu_set_t set;

	pid = fork();
	if (pid)
		return pid < 0 ? -errno : pid;
	/* Killed with the test, even if it died before this. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		_exit(1);
	for (;;) {
		pid = fork();
		if (!pid)
			_exit(0);
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
}

/*
 * The same without help, many times over, while other tasks keep exiting
 * on the listener's CPUs: the binder tries to take the port id while the
 * listener is being closed, then waits for more exits. Not one record of
 * any round may reach it.
 */
TEST_F_TIMEOUT(leak, bind_race_rounds, RACE_SEC + 60)
{
	int ncpus = self->cpus.n, leaked = 0, bad_rounds = 0;
	struct timespec start, now;
	pid_t exiter[MAX_EXITERS];
	int round, cpu, i, n;
	struct ts_sock l;
	struct binder b;

	if (ncpus > MAX_EXITERS)
		ncpus = MAX_EXITERS;
	for (cpu = 0; cpu < ncpus; cpu++) {
		exiter[cpu] = start_exiter(self->cpus.cpu[cpu]);
		ASSERT_LT(0, exiter[cpu]);
	}
	ASSERT_EQ(0, binder_start(&b));

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (round = 0; round < RACE_ROUNDS; round++) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= RACE_SEC)
			break;
		ASSERT_EQ(0, binder_ask(&b, BINDER_SOCKET, 0));
		ASSERT_EQ(0, ts_open(&l));
		ASSERT_EQ(0, ts_register(&l, self->cpus.both));
		ASSERT_EQ(0, binder_send(&b, BINDER_BIND, l.portid));
		ts_close(&l);
		ASSERT_EQ(0, binder_wait(&b));
		for (cpu = 0; cpu < ncpus; cpu++)
			for (i = 0; i < 2; i++)
				ASSERT_LT(0, ts_exit_child(self->cpus.cpu[cpu], 0,
							   NULL));
		n = binder_ask(&b, BINDER_COUNT, 0);
		ASSERT_LE(0, n);
		leaked += n;
		bad_rounds += !!n;
	}

	for (cpu = 0; cpu < ncpus; cpu++) {
		kill(exiter[cpu], SIGKILL);
		waitpid(exiter[cpu], NULL, 0);
	}
	binder_stop(&b);
	clock_gettime(CLOCK_MONOTONIC, &now);
	ksft_print_msg("%d rounds in %ld s\n", round,
		       (long)(now.tv_sec - start.tv_sec));
	EXPECT_EQ(0, leaked) TH_LOG("%d exit records leaked in %d of %d rounds",
				    leaked, bad_rounds, round);
}

/*
 * A socket shared by two processes stays a listener until the last of
 * them closes it, and not after.
 */
TEST_F(leak, shared_socket_listens_until_last_close)
{
	int go[2], status, count;
	struct ts_sock l;
	struct binder b;
	pid_t child;

	ASSERT_EQ(0, binder_start(&b));
	ASSERT_EQ(0, ts_open(&l));
	ASSERT_EQ(0, ts_register(&l, self->cpus.mask));
	ASSERT_EQ(0, pipe(go));
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		pid_t pid;
		char c;

		/* Once the test has closed its copy, this one still gets. */
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		pid = ts_exit_child(self->cpus.cpu[0], 0, NULL);
		if (pid < 0)
			_exit(2);
		if (ts_recv_records(&l, self->rec, 2, &self->msg) != 1)
			_exit(3);
		_exit(self->rec[0].id == (__u32)pid ? 0 : 4);
	}
	ts_close(&l);
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status))
		TH_LOG("the child's copy got no record (step %d)",
		       WEXITSTATUS(status));

	/* The child's exit was the last close. */
	ASSERT_EQ(0, binder_ask(&b, BINDER_BIND, l.portid));
	ASSERT_LT(0, ts_exit_child(self->cpus.cpu[0], 0, NULL));
	count = binder_ask(&b, BINDER_COUNT, 0);
	EXPECT_EQ(0, count) TH_LOG("%d exit records leaked", count);
	binder_stop(&b);
	close(go[0]);
	close(go[1]);
}

/*
 * Closing forgets what is left of a registration after part of it was
 * withdrawn.
 */
TEST_F(leak, deregister_part_then_close)
{
	struct ts_sock l;
	struct binder b;
	pid_t child;
	int count;

	if (self->cpus.n < 2)
		SKIP(return, "needs two CPUs, this process may use one");
	ASSERT_EQ(0, binder_start(&b));
	ASSERT_EQ(0, ts_open(&l));
	ASSERT_EQ(0, ts_register(&l, self->cpus.both));
	ASSERT_EQ(0, ts_deregister(&l, self->cpus.mask1));
	/* Still a listener on CPU 0, and on CPU 0 only. */
	child = ts_exit_child(self->cpus.cpu[0], 0, NULL);
	ASSERT_LT(0, child);
	ASSERT_EQ(1, ts_recv_records(&l, self->rec, 2, &self->msg));
	ASSERT_EQ((__u32)child, self->rec[0].id);
	ASSERT_LT(0, ts_exit_child(self->cpus.cpu[1], 0, NULL));
	ASSERT_TRUE(ts_nothing_queued(&l));
	ts_close(&l);

	ASSERT_EQ(0, binder_ask(&b, BINDER_BIND, l.portid));
	ASSERT_LT(0, ts_exit_child(self->cpus.cpu[0], 0, NULL));
	ASSERT_LT(0, ts_exit_child(self->cpus.cpu[1], 0, NULL));
	count = binder_ask(&b, BINDER_COUNT, 0);
	EXPECT_EQ(0, count) TH_LOG("%d exit records leaked", count);
	binder_stop(&b);
}

/*
 * A port id names a socket only within a network namespace: a listener in
 * another namespace gets its records, and the socket with the same port
 * id in the initial namespace gets none; and the other way round.
 */
TEST_F(leak, same_port_id_other_network_namespace)
{
	struct ts_sock *init = &self->ts, ns;
	pid_t child;
	int count;

	if (unshare(CLONE_NEWNET))
		SKIP(return, "unshare(CLONE_NEWNET): %s", strerror(errno));
	ASSERT_EQ(0, ts_open_port(&ns, init->portid));
	ASSERT_EQ(init->portid, ns.portid);

	/* The listener in the new namespace. */
	ASSERT_EQ(0, ts_register(&ns, self->cpus.mask));
	child = ts_exit_child(self->cpus.cpu[0], 0, NULL);
	ASSERT_LT(0, child);
	EXPECT_EQ(1, ts_recv_records(&ns, self->rec, 2, &self->msg));
	EXPECT_EQ((__u32)child, self->rec[0].id);
	count = count_queued(init->fd);
	EXPECT_EQ(0, count) TH_LOG("%d records leaked to the initial namespace",
				   count);
	ASSERT_EQ(0, ts_deregister(&ns, self->cpus.mask));
	count_queued(ns.fd);

	/* The listener in the initial namespace. */
	ASSERT_EQ(0, ts_register(init, self->cpus.mask));
	child = ts_exit_child(self->cpus.cpu[0], 0, NULL);
	ASSERT_LT(0, child);
	EXPECT_EQ(1, ts_recv_records(init, self->rec, 2, &self->msg));
	EXPECT_EQ((__u32)child, self->rec[0].id);
	count = count_queued(ns.fd);
	EXPECT_EQ(0, count) TH_LOG("%d records leaked to the new namespace",
				   count);
	ts_close(&ns);
}

/*
 * A listener is its socket, whatever the socket is connected to: one that
 * connect()s to another port id after it registered keeps its records.
 * (Records went by port id, and netlink refused them to a socket connected
 * to another peer than the kernel; the listener was then dropped.)
 */
TEST_F(leak, connected_listener_keeps_records)
{
	struct sockaddr_nl peer = { .nl_family = AF_NETLINK };
	struct ts_sock other;
	pid_t child;

	ASSERT_EQ(0, ts_open(&other));
	peer.nl_pid = other.portid;
	ASSERT_EQ(0, ts_register(&self->ts, self->cpus.mask));
	ASSERT_EQ(0, connect(self->ts.fd, (struct sockaddr *)&peer,
			     sizeof(peer)));
	child = ts_exit_child(self->cpus.cpu[0], 0, NULL);
	ASSERT_LT(0, child);
	ASSERT_EQ(1, ts_recv_records(&self->ts, self->rec, 2, &self->msg));
	EXPECT_EQ((__u32)child, self->rec[0].id);
	ts_close(&other);
}

/*
 * A listener closed without deregistering is freed all the same: nothing
 * may keep a reference to its socket. The count is per network namespace,
 * so the test runs in a new one where it is alone; the socket is freed
 * after an RCU grace period, hence the polling.
 */
TEST_F(leak, closed_listener_socket_is_freed)
{
	int before, used = -1, ms;
	struct ts_sock l;

	if (unshare(CLONE_NEWNET))
		SKIP(return, "unshare(CLONE_NEWNET): %s", strerror(errno));
	before = ts_sockets_used(getpid());
	if (before < 0)
		SKIP(return, "no \"sockets: used\" in /proc/self/net/sockstat");
	ASSERT_EQ(0, ts_open(&l));
	ASSERT_EQ(0, ts_register(&l, self->cpus.mask));
	ASSERT_EQ(before + 1, ts_sockets_used(getpid()));
	ts_close(&l);

	for (ms = 0; ms < 10000; ms += 10) {
		used = ts_sockets_used(getpid());
		if (used == before)
			break;
		usleep(10000);
	}
	EXPECT_EQ(before, used)
		TH_LOG("still %d sockets after %d ms", used, ms);
}

TEST_HARNESS_MAIN
