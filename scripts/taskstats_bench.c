// SPDX-License-Identifier: GPL-2.0
/*
 * Micro-benchmarks of the paths kernel/taskstats/ is on: a task exiting
 * (fork+exit, thread create+exit) with 0, 1 and 8 listeners, and the PID
 * and TGID queries (TGID of 1, 64 and 512 threads). Prints one line per
 * case: "<name> <ns per operation>".
 *
 * Meant to run in a VM whose clock counts instructions (QEMU -icount), so
 * that the figures of two kernels can be compared. As the init of such a VM
 * (pid 1, statically linked in an initramfs), it runs the benchmark in a
 * child, with the scale given on the kernel command line as
 * "taskstats_bench=N", and restarts the machine when it is done; QEMU's
 * -no-reboot then ends.
 *
 * usage: taskstats_bench [ITERATIONS_SCALE]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/taskstats.h>

#define MAX_LISTENERS	8

struct msg {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char buf[2048];
};

static int family;
static int listeners[MAX_LISTENERS];
static int scale = 1;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int nl_socket(void)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	int big = 4 << 20;
	int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);

	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)))
		die("netlink socket");
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	return fd;
}

/* Send one request with one attribute; return the reply's length. */
static int request(int fd, int type, int cmd, int attr, const void *data,
		   int len, struct msg *reply)
{
	struct msg m = { 0 };
	struct nlattr *na = (void *)m.buf;
	int n;

	m.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m.n.nlmsg_type = type;
	m.n.nlmsg_flags = NLM_F_REQUEST | (type == GENL_ID_CTRL ? 0 : NLM_F_ACK);
	m.g.cmd = cmd;
	m.g.version = 1;
	na->nla_type = attr;
	na->nla_len = NLA_HDRLEN + len;
	memcpy(m.buf + NLA_HDRLEN, data, len);
	m.n.nlmsg_len += NLA_ALIGN(na->nla_len);
	if (send(fd, &m, m.n.nlmsg_len, 0) != (ssize_t)m.n.nlmsg_len)
		die("send");
	n = recv(fd, reply, sizeof(*reply), 0);
	if (n < 0)
		die("recv");
	/* Queries get their reply and then the ACK: read both. */
	if (type != GENL_ID_CTRL && reply->n.nlmsg_type != NLMSG_ERROR &&
	    recv(fd, m.buf, sizeof(m.buf), 0) < 0)
		die("recv ack");
	return n;
}

static int resolve_family(void)
{
	struct msg reply;
	struct nlattr *na;
	int fd = nl_socket(), len;

	request(fd, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME,
		TASKSTATS_GENL_NAME, sizeof(TASKSTATS_GENL_NAME), &reply);
	close(fd);
	if (reply.n.nlmsg_type == NLMSG_ERROR)
		return 0;
	len = reply.n.nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (na = (void *)reply.buf; len > 0; ) {
		if (na->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(__u16 *)((char *)na + NLA_HDRLEN);
		len -= NLA_ALIGN(na->nla_len);
		na = (void *)((char *)na + NLA_ALIGN(na->nla_len));
	}
	return 0;
}

static void set_listeners(int n)
{
	static int registered;
	struct msg reply;
	int i;

	for (; registered < n; registered++) {
		listeners[registered] = nl_socket();
		request(listeners[registered], family, TASKSTATS_CMD_GET,
			TASKSTATS_CMD_ATTR_REGISTER_CPUMASK, "0-1", 4, &reply);
		if (reply.n.nlmsg_type != NLMSG_ERROR ||
		    ((struct nlmsgerr *)&reply.g)->error)
			die("register");
	}
	for (i = 0; i < registered; i++) {
		if (i < n)
			continue;
		close(listeners[i]);
	}
	if (registered > n)
		registered = n;
}

/* Read what the listeners got, so that their queues never fill up. */
static void drain(int n)
{
	char buf[4096];
	int i;

	for (i = 0; i < n; i++)
		while (recv(listeners[i], buf, sizeof(buf), MSG_DONTWAIT) > 0)
			;
}

static void report(const char *name, long long t0, int iters)
{
	printf("bench %s %lld\n", name, (now_ns() - t0) / iters);
	fflush(stdout);
}

static void bench_fork_exit(int n, int iters)
{
	char name[32];
	long long t0 = 0;
	int i;

	for (i = -iters / 10; i < iters; i++) {
		pid_t pid;

		if (!i)
			t0 = now_ns();
		pid = fork();
		if (!pid)
			_exit(0);
		if (pid < 0 || waitpid(pid, NULL, 0) != pid)
			die("fork");
		drain(n);
	}
	snprintf(name, sizeof(name), "fork_exit_%dl", n);
	report(name, t0, iters);
}

static void *nothing(void *arg)
{
	return arg;
}

static void bench_thread_exit(int n, int iters)
{
	char name[32];
	long long t0 = 0;
	pthread_t t;
	int i;

	for (i = -iters / 10; i < iters; i++) {
		if (!i)
			t0 = now_ns();
		if (pthread_create(&t, NULL, nothing, NULL) || pthread_join(t, NULL))
			die("thread");
		drain(n);
	}
	snprintf(name, sizeof(name), "thread_exit_%dl", n);
	report(name, t0, iters);
}

static void bench_query(const char *name, int attr, int iters)
{
	__u32 id = getpid();
	struct msg reply;
	long long t0 = 0;
	int fd = nl_socket(), i;

	for (i = -iters / 10; i < iters; i++) {
		if (!i)
			t0 = now_ns();
		request(fd, family, TASKSTATS_CMD_GET, attr, &id, sizeof(id), &reply);
		if (reply.n.nlmsg_type != family)
			die("query");
	}
	report(name, t0, iters);
	close(fd);
}

static int hold[2];

static void *sleeper(void *arg)
{
	char c;

	return read(hold[0], &c, 1) < 0 ? arg : NULL;
}

static void bench_tgid(int threads, int iters)
{
	pthread_t t[512];
	char name[32];
	int i;

	if (pipe(hold))
		die("pipe");
	for (i = 1; i < threads; i++)
		if (pthread_create(&t[i], NULL, sleeper, NULL))
			die("thread");
	snprintf(name, sizeof(name), "tgid_query_%dt", threads);
	bench_query(name, TASKSTATS_CMD_ATTR_TGID, iters);
	close(hold[1]);
	for (i = 1; i < threads; i++)
		pthread_join(t[i], NULL);
	close(hold[0]);
}

/*
 * As init: run the benchmark in a child, report how it ended, and restart.
 * The kernel passes "taskstats_bench=N" and "taskstats_bench_phase=K" from
 * its command line on to init as environment variables. The phase delays
 * the start by K * 0.8 ms of guest time (about 4 instructions a turn), so
 * that timer interrupts and other periodic work land elsewhere in the runs
 * of the benchmark: the runner boots each kernel with several phases and
 * averages their figures.
 */
static int init(void)
{
	const char *arg = getenv("taskstats_bench");
	const char *phase = getenv("taskstats_bench_phase");
	volatile unsigned long turn;
	unsigned long turns;
	int status = 0;
	pid_t pid;

	if (arg)
		scale = atoi(arg) ?: 1;
	turns = phase ? strtoul(phase, NULL, 10) * 200000 : 0;
	for (turn = 0; turn < turns; turn++)
		;
	pid = fork();
	if (!pid)
		return 0;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		perror("benchmark");
	printf("bench exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128);
	fflush(stdout);
	sync();
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	static const int nlisteners[] = { 0, 1, 8 };
	cpu_set_t cpu0;
	unsigned int i;

	if (argc > 1)
		scale = atoi(argv[1]) ?: 1;
	if (getpid() == 1)
		init();
	/* One CPU for everything: children and threads exit where we run. */
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0))
		die("sched_setaffinity");
	family = resolve_family();
	if (!family) {
		fprintf(stderr, "no TASKSTATS family\n");
		return 4;
	}

	for (i = 0; i < sizeof(nlisteners) / sizeof(nlisteners[0]); i++) {
		set_listeners(nlisteners[i]);
		bench_fork_exit(nlisteners[i], 200 * scale);
		bench_thread_exit(nlisteners[i], 400 * scale);
	}
	set_listeners(0);
	bench_query("pid_query", TASKSTATS_CMD_ATTR_PID, 1000 * scale);
	bench_tgid(1, 1000 * scale);
	bench_tgid(64, 500 * scale);
	bench_tgid(512, 100 * scale);
	return 0;
}
