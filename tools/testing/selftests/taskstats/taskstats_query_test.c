// SPDX-License-Identifier: GPL-2.0
/*
 * TASKSTATS_CMD_GET for a PID or a TGID: which tasks are found, what the
 * statistics say about them, and the exact bytes of the reply.
 *
 * The struct taskstats of the running kernel may be older or newer than
 * the one of the headers the test was built with: the reply is checked
 * against the version it says it holds (ts_parse()), and only the fields
 * both that version and these headers know are looked at.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/acct.h>

#include "../kselftest_harness.h"
#include "taskstats_nl.h"

#define NO_SUCH_PID	0x7ffffff0
#define MAX_THREADS	4
#define PID		TASKSTATS_CMD_ATTR_PID
#define TGID		TASKSTATS_CMD_ATTR_TGID

struct field {
	const char *name;
	size_t offset, size;
	bool in_tgid;
};

static const struct taskstats ts0;

#define OFF(f)		offsetof(struct taskstats, f)
#define SIZE(f)		sizeof(ts0.f)

/*
 * Every field of struct taskstats up to version 14 (or the version of
 * these headers, if older), in order, and whether a TGID reply may set
 * it: those only carry delay accounting, elapsed and CPU time, and
 * context switches.
 */
#define TABLE_VERSION	14

static const struct field fields[] = {
	{ "version", OFF(version), SIZE(version), true },
	{ "ac_exitcode", OFF(ac_exitcode), SIZE(ac_exitcode), false },
	{ "ac_flag", OFF(ac_flag), SIZE(ac_flag), false },
	{ "ac_nice", OFF(ac_nice), SIZE(ac_nice), false },
	{ "cpu_count", OFF(cpu_count), SIZE(cpu_count), true },
	{ "cpu_delay_total",
	  OFF(cpu_delay_total), SIZE(cpu_delay_total), true },
	{ "blkio_count", OFF(blkio_count), SIZE(blkio_count), true },
	{ "blkio_delay_total",
	  OFF(blkio_delay_total), SIZE(blkio_delay_total), true },
	{ "swapin_count", OFF(swapin_count), SIZE(swapin_count), true },
	{ "swapin_delay_total",
	  OFF(swapin_delay_total), SIZE(swapin_delay_total), true },
	{ "cpu_run_real_total",
	  OFF(cpu_run_real_total), SIZE(cpu_run_real_total), true },
	{ "cpu_run_virtual_total",
	  OFF(cpu_run_virtual_total), SIZE(cpu_run_virtual_total), true },
	{ "ac_comm", OFF(ac_comm), SIZE(ac_comm), false },
	{ "ac_sched", OFF(ac_sched), SIZE(ac_sched), false },
	{ "ac_pad", OFF(ac_pad), SIZE(ac_pad), false },
	{ "ac_uid", OFF(ac_uid), SIZE(ac_uid), false },
	{ "ac_gid", OFF(ac_gid), SIZE(ac_gid), false },
	{ "ac_pid", OFF(ac_pid), SIZE(ac_pid), false },
	{ "ac_ppid", OFF(ac_ppid), SIZE(ac_ppid), false },
	{ "ac_btime", OFF(ac_btime), SIZE(ac_btime), false },
	{ "ac_etime", OFF(ac_etime), SIZE(ac_etime), true },
	{ "ac_utime", OFF(ac_utime), SIZE(ac_utime), true },
	{ "ac_stime", OFF(ac_stime), SIZE(ac_stime), true },
	{ "ac_minflt", OFF(ac_minflt), SIZE(ac_minflt), false },
	{ "ac_majflt", OFF(ac_majflt), SIZE(ac_majflt), false },
	{ "coremem", OFF(coremem), SIZE(coremem), false },
	{ "virtmem", OFF(virtmem), SIZE(virtmem), false },
	{ "hiwater_rss", OFF(hiwater_rss), SIZE(hiwater_rss), false },
	{ "hiwater_vm", OFF(hiwater_vm), SIZE(hiwater_vm), false },
	{ "read_char", OFF(read_char), SIZE(read_char), false },
	{ "write_char", OFF(write_char), SIZE(write_char), false },
	{ "read_syscalls", OFF(read_syscalls), SIZE(read_syscalls), false },
	{ "write_syscalls", OFF(write_syscalls), SIZE(write_syscalls), false },
	{ "read_bytes", OFF(read_bytes), SIZE(read_bytes), false },
	{ "write_bytes", OFF(write_bytes), SIZE(write_bytes), false },
	{ "cancelled_write_bytes",
	  OFF(cancelled_write_bytes), SIZE(cancelled_write_bytes), false },
	{ "nvcsw", OFF(nvcsw), SIZE(nvcsw), true },
	{ "nivcsw", OFF(nivcsw), SIZE(nivcsw), true },
	{ "ac_utimescaled", OFF(ac_utimescaled), SIZE(ac_utimescaled), false },
	{ "ac_stimescaled", OFF(ac_stimescaled), SIZE(ac_stimescaled), false },
	{ "cpu_scaled_run_real_total", OFF(cpu_scaled_run_real_total),
	  SIZE(cpu_scaled_run_real_total), true },
	{ "freepages_count",
	  OFF(freepages_count), SIZE(freepages_count), true },
	{ "freepages_delay_total",
	  OFF(freepages_delay_total), SIZE(freepages_delay_total), true },
	{ "thrashing_count",
	  OFF(thrashing_count), SIZE(thrashing_count), true },
	{ "thrashing_delay_total",
	  OFF(thrashing_delay_total), SIZE(thrashing_delay_total), true },
	{ "ac_btime64", OFF(ac_btime64), SIZE(ac_btime64), false },
	{ "compact_count", OFF(compact_count), SIZE(compact_count), true },
	{ "compact_delay_total",
	  OFF(compact_delay_total), SIZE(compact_delay_total), true },
	{ "ac_tgid", OFF(ac_tgid), SIZE(ac_tgid), false },
	{ "ac_tgetime", OFF(ac_tgetime), SIZE(ac_tgetime), false },
	{ "ac_exe_dev", OFF(ac_exe_dev), SIZE(ac_exe_dev), false },
	{ "ac_exe_inode", OFF(ac_exe_inode), SIZE(ac_exe_inode), false },
#if TASKSTATS_VERSION >= 13
	{ "wpcopy_count", OFF(wpcopy_count), SIZE(wpcopy_count), true },
	{ "wpcopy_delay_total",
	  OFF(wpcopy_delay_total), SIZE(wpcopy_delay_total), true },
#endif
#if TASKSTATS_VERSION >= 14
	{ "irq_count", OFF(irq_count), SIZE(irq_count), true },
	{ "irq_delay_total",
	  OFF(irq_delay_total), SIZE(irq_delay_total), true },
#endif
};

#define NR_FIELDS	ARRAY_SIZE(fields)

static bool is_zero(const void *p, size_t len)
{
	const unsigned char *c = p;

	while (len--)
		if (*c++)
			return false;
	return true;
}

FIXTURE(query) {
	struct ts_sock ts;
	struct ts_msg msg;
	struct ts_raw raw;
	struct ts_record rec;
};

FIXTURE_SETUP(query)
{
	int ret;

	self->ts.fd = -1;
	if (!ts_cap_net_admin())
		SKIP(return, "needs CAP_NET_ADMIN");
	ret = ts_open(&self->ts);
	if (ret == -ENOENT)
		SKIP(return, "no TASKSTATS family (CONFIG_TASKSTATS=n)");
	ASSERT_EQ(0, ret);
}

FIXTURE_TEARDOWN(query)
{
	ts_close(&self->ts);
}

/* The end of the last field of the table. */
static size_t fields_end(void)
{
	return fields[NR_FIELDS - 1].offset + fields[NR_FIELDS - 1].size;
}

/*
 * The table above lists the fields of these headers in order, every one
 * when they are not newer than the table; and the sizes of the older
 * versions that ts_parse() accepts grow with the version, each with room
 * for all the fields of version 12.
 */
TEST(uapi_struct)
{
	size_t end = 0, size, last = OFF(ac_exe_inode) + SIZE(ac_exe_inode);
	unsigned int v, newer;
	size_t i;

	for (i = 0; i < NR_FIELDS; i++) {
		EXPECT_GE(fields[i].offset, end) TH_LOG("%s", fields[i].name);
		end = fields[i].offset + fields[i].size;
	}
	if (TASKSTATS_VERSION > TABLE_VERSION)
		TH_LOG("fields after version %d are not checked",
		       TABLE_VERSION);
	else
		EXPECT_EQ(sizeof(struct taskstats), (end + 7) & ~7UL);

	EXPECT_EQ(sizeof(struct taskstats), ts_stats_size(TASKSTATS_VERSION));
	for (v = TS_OLDEST_VERSION; v <= TASKSTATS_VERSION; v++) {
		/* Version 15 broke the layout, version 16 restored it. */
		if (v == 15 && v != TASKSTATS_VERSION) {
			EXPECT_FALSE(ts_stats_len_ok(v, last));
			continue;
		}
		size = ts_stats_size(v);
		EXPECT_LE(last, size) TH_LOG("version %u", v);
		EXPECT_EQ(0, size % 8) TH_LOG("version %u", v);
		EXPECT_TRUE(ts_stats_len_ok(v, size)) TH_LOG("version %u", v);
		last = size;
	}
	EXPECT_FALSE(ts_stats_len_ok(TS_OLDEST_VERSION - 1, last));
	newer = TASKSTATS_VERSION + 1 == 15 ? 16 : TASKSTATS_VERSION + 1;
	EXPECT_TRUE(ts_stats_len_ok(newer, last + 8));
	EXPECT_FALSE(ts_stats_len_ok(newer, last));
}

/*
 * The struct version the kernel reports is one this suite knows how to
 * read, with the length that version has (ts_parse() checks it).
 */
TEST_F(query, stats_version)
{
	bool newer;

	ASSERT_EQ(0, ts_query(&self->ts, PID, getpid(),
			      &self->rec));
	TH_LOG("struct taskstats version %u, %zu bytes; built with %d, %zu",
	       self->rec.version, self->rec.len, TASKSTATS_VERSION,
	       sizeof(struct taskstats));
	EXPECT_LE(TS_OLDEST_VERSION, self->rec.version);
	EXPECT_TRUE(ts_stats_len_ok(self->rec.version, self->rec.len));
	/* Longer than this header's struct when newer, else as long as. */
	newer = self->rec.version > TASKSTATS_VERSION;
	EXPECT_EQ(newer, self->rec.len > sizeof(struct taskstats));
	if (!newer)
		EXPECT_EQ(ts_stats_size(self->rec.version), self->rec.len);
}

/*
 * Read the reply to a PID or TGID query byte by byte: the headers, the
 * nested record opened without NLA_F_NESTED, the echoed id, a NULL pad
 * where the kernel put one (see ts_parse()) and the STATS attribute, with
 * zeroes in every padding byte of the struct that both the kernel's
 * version and these headers know.
 */
static void check_layout(struct __test_metadata *_metadata, struct ts_sock *ts,
			 struct ts_raw *raw, struct ts_msg *msg, int attr,
			 __u32 id)
{
	const __u32 seq = 0x5eed1234;
	const char *b = msg->buf;
	const struct genlmsghdr *genl;
	const struct nlattr *nla;
	const struct taskstats *s;
	struct ts_record rec;
	size_t i, off, next, end;

	ts_raw_init(raw, ts->family, 0, TASKSTATS_CMD_GET);
	raw->nlh.nlmsg_seq = seq;
	ts_raw_put(raw, attr, &id, sizeof(id));
	ASSERT_EQ(0, ts_send_raw(ts, raw));
	ASSERT_EQ(0, ts_recv(ts, msg, true));
	ASSERT_EQ(1, ts_parse(msg, &rec, 1));

	ASSERT_EQ(ts_msg_len(&rec, 1), msg->len);
	EXPECT_EQ(msg->len, msg->nlh.nlmsg_len);
	EXPECT_EQ(ts->family, msg->nlh.nlmsg_type);
	EXPECT_EQ(0, msg->nlh.nlmsg_flags);
	EXPECT_EQ(seq, msg->nlh.nlmsg_seq);
	EXPECT_EQ(ts->portid, msg->nlh.nlmsg_pid);

	genl = (const void *)(b + NLMSG_HDRLEN);
	EXPECT_EQ(TASKSTATS_CMD_NEW, genl->cmd);
	EXPECT_EQ(TASKSTATS_GENL_VERSION, genl->version);
	EXPECT_EQ(0, genl->reserved);

	off = NLMSG_HDRLEN + GENL_HDRLEN;
	EXPECT_EQ(20, off);
	nla = (const void *)(b + off);
	EXPECT_EQ(msg->len - off, nla->nla_len);
	EXPECT_EQ(attr == TASKSTATS_CMD_ATTR_PID ? TASKSTATS_TYPE_AGGR_PID :
		  TASKSTATS_TYPE_AGGR_TGID, nla->nla_type);

	off += NLA_HDRLEN;
	nla = (const void *)(b + off);
	EXPECT_EQ(8, nla->nla_len);
	EXPECT_EQ(attr == TASKSTATS_CMD_ATTR_PID ? TASKSTATS_TYPE_PID :
		  TASKSTATS_TYPE_TGID, nla->nla_type);
	EXPECT_EQ(id, *(const __u32 *)(b + off + NLA_HDRLEN));

	/* STATS would start at 32: 8-byte aligned, so a pad may come. */
	off += 8;
	EXPECT_EQ(32, off);
	TH_LOG("STATS %s a NULL pad", rec.null_pad ? "after" : "without");
	if (rec.null_pad) {
		nla = (const void *)(b + off);
		EXPECT_EQ(NLA_HDRLEN, nla->nla_len);
		EXPECT_EQ(TASKSTATS_TYPE_NULL, nla->nla_type);
		off += NLA_HDRLEN;
	}
	EXPECT_EQ(off, rec.offset);
	nla = (const void *)(b + off);
	EXPECT_EQ(NLA_HDRLEN + rec.len, nla->nla_len);
	EXPECT_EQ(TASKSTATS_TYPE_STATS, nla->nla_type);
	off += NLA_HDRLEN;
	/* The struct starts at 36, or 8-byte aligned at 40 after a pad. */
	EXPECT_EQ(rec.null_pad ? 40 : 36, off);
	EXPECT_EQ(msg->len, off + NLA_ALIGN(rec.len));

	/* Bytes no field covers, and ac_pad, are zero. */
	s = &rec.stats;
	EXPECT_LE(TS_OLDEST_VERSION, s->version);
	end = rec.known < fields_end() ? rec.known : fields_end();
	off = 0;
	for (i = 0; i <= NR_FIELDS && off < end; i++) {
		next = i < NR_FIELDS ? fields[i].offset : end;
		if (next > end)
			next = end;
		EXPECT_TRUE(is_zero((const char *)s + off, next - off))
			TH_LOG("padding before %s",
			       i < NR_FIELDS ? fields[i].name : "the end");
		if (i < NR_FIELDS)
			off = fields[i].offset + fields[i].size;
	}
	EXPECT_TRUE(is_zero(s->ac_pad, sizeof(s->ac_pad)));
}

TEST_F(query, reply_layout_pid)
{
	check_layout(_metadata, &self->ts, &self->raw, &self->msg,
		     TASKSTATS_CMD_ATTR_PID, getpid());
}

TEST_F(query, reply_layout_tgid)
{
	check_layout(_metadata, &self->ts, &self->raw, &self->msg,
		     TASKSTATS_CMD_ATTR_TGID, getpid());
}

TEST_F(query, pid_self)
{
	struct taskstats *s = &self->rec.stats;
	char comm[16] = "tsquery_self";
	time_t now;

	ASSERT_EQ(0, prctl(PR_SET_NAME, comm));
	ASSERT_EQ(0, ts_query(&self->ts, PID, getpid(), &self->rec));
	now = time(NULL);
	EXPECT_EQ(TASKSTATS_TYPE_AGGR_PID, self->rec.aggr);
	EXPECT_EQ(getpid(), self->rec.id);
	EXPECT_LE(TS_OLDEST_VERSION, s->version);
	EXPECT_EQ(getpid(), s->ac_pid);
	EXPECT_EQ(getpid(), s->ac_tgid);
	EXPECT_EQ(getppid(), s->ac_ppid);
	EXPECT_EQ(getuid(), s->ac_uid);
	EXPECT_EQ(getgid(), s->ac_gid);
	EXPECT_STREQ(comm, s->ac_comm);
	EXPECT_EQ(0, s->ac_exitcode);
	EXPECT_EQ(0, s->ac_flag & (AXSIG | ACORE));
	EXPECT_EQ(SCHED_OTHER, s->ac_sched);
	EXPECT_LE(s->ac_btime, now);
	EXPECT_GE(s->ac_btime, now - 60);
	EXPECT_EQ(s->ac_btime, s->ac_btime64);
	EXPECT_LE(s->ac_etime, s->ac_tgetime);
	EXPECT_GT(s->hiwater_vm, 0);
	EXPECT_GT(s->hiwater_rss, 0);
	EXPECT_EQ(0, s->read_char % 1024);
	EXPECT_EQ(0, s->write_syscalls % 1024);
	EXPECT_NE(0, s->ac_exe_inode);
}

/* The executable of a task: its device and inode numbers. */
TEST_F(query, pid_executable)
{
	char dir[] = "/tmp/taskstats_exe.XXXXXX", path[64];
	struct taskstats *s = &self->rec.stats;
	struct stat st;
	pid_t child;
	int ret;

	ret = ts_tmpfs_copy("/bin/sleep", dir, path, sizeof(path));
	if (ret)
		SKIP(return, "cannot copy /bin/sleep to a tmpfs: %s",
		     strerror(-ret));
	ASSERT_EQ(0, stat(path, &st));
	child = ts_spawn(-1, path, "1000");
	EXPECT_GT(child, 0);
	if (child > 0) {
		EXPECT_EQ(0, ts_query(&self->ts, PID, child, &self->rec));
		EXPECT_STREQ("sleep", s->ac_comm);
		EXPECT_EQ(st.st_ino, s->ac_exe_inode);
		EXPECT_EQ(ts_encode_dev(st.st_dev), s->ac_exe_dev);
		/* exec'd: not AFORK any more */
		EXPECT_EQ(0, s->ac_flag & AFORK);
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	ts_tmpfs_remove(dir, path);
}

/* A live child, found by pid, with its parent and name. */
TEST_F(query, pid_child)
{
	struct taskstats *s = &self->rec.stats;
	int ready[2], hold[2];
	pid_t child;
	char c;

	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(hold));
	child = fork();
	ASSERT_GE(child, 0);
	if (!child) {
		prctl(PR_SET_NAME, "tsquery_child");
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		_exit(read(hold[0], &c, 1) == 1 ? 0 : 1);
	}
	ASSERT_EQ(1, read(ready[0], &c, 1));
	EXPECT_EQ(0, ts_query(&self->ts, PID, child, &self->rec));
	EXPECT_EQ(child, s->ac_pid);
	EXPECT_EQ(child, s->ac_tgid);
	EXPECT_EQ(getpid(), s->ac_ppid);
	EXPECT_STREQ("tsquery_child", s->ac_comm);
	EXPECT_EQ(0, s->ac_exitcode);
	/* Forked, never exec'd. */
	EXPECT_EQ(AFORK, s->ac_flag & AFORK);
	ASSERT_EQ(1, write(hold[1], "x", 1));
	ASSERT_EQ(child, waitpid(child, NULL, 0));
}

/* A zombie is found, with its exit code, and no executable any more. */
TEST_F(query, pid_zombie)
{
	struct taskstats *s = &self->rec.stats;
	siginfo_t info;
	pid_t child;

	child = fork();
	ASSERT_GE(child, 0);
	if (!child)
		_exit(7);
	ASSERT_EQ(0, waitid(P_PID, child, &info, WEXITED | WNOWAIT));
	ASSERT_EQ(0, ts_query(&self->ts, PID, child, &self->rec));
	EXPECT_EQ(child, s->ac_pid);
	EXPECT_EQ(7 << 8, s->ac_exitcode);
	EXPECT_EQ(0, s->ac_flag & AXSIG);
	EXPECT_EQ(0, s->ac_exe_dev);
	EXPECT_EQ(0, s->ac_exe_inode);
	EXPECT_EQ(0, s->hiwater_rss);

	/* Reaped: gone. */
	ASSERT_EQ(child, waitpid(child, NULL, 0));
	EXPECT_EQ(-ESRCH, ts_query(&self->ts, PID, child, &self->rec));

	child = fork();
	ASSERT_GE(child, 0);
	if (!child) {
		pause();
		_exit(0);
	}
	ASSERT_EQ(0, kill(child, SIGKILL));
	ASSERT_EQ(0, waitid(P_PID, child, &info, WEXITED | WNOWAIT));
	ASSERT_EQ(0, ts_query(&self->ts, PID, child, &self->rec));
	EXPECT_EQ(SIGKILL, s->ac_exitcode);
	EXPECT_EQ(AXSIG, s->ac_flag & AXSIG);
	ASSERT_EQ(child, waitpid(child, NULL, 0));
}

TEST_F(query, no_such_task)
{
	static const __u32 ids[] = { 0, NO_SUCH_PID, 0xffffffff };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		EXPECT_EQ(-ESRCH, ts_query(&self->ts, PID, ids[i], &self->rec))
			TH_LOG("pid %u", ids[i]);
		EXPECT_EQ(-ESRCH, ts_query(&self->ts, TGID, ids[i], &self->rec))
			TH_LOG("tgid %u", ids[i]);
	}
}

struct ns_view {
	int pid_ret, esrch_ret, tgid_ret;
	__u32 id, ac_pid, ac_tgid, ac_ppid, tgid_id;
};

/*
 * From inside a new pid namespace, ids are looked up and reported in that
 * namespace; from outside, the same task has its outer ids.
 */
TEST_F(query, pid_namespace)
{
	struct ns_view *v;
	int report[2], hold[2], status;
	pid_t child, inner = 0;
	char c;

	v = mmap(NULL, sizeof(*v), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, v);
	ASSERT_EQ(0, pipe(report));
	ASSERT_EQ(0, pipe(hold));
	child = fork();
	ASSERT_GE(child, 0);
	if (!child) {
		struct ts_record rec;
		struct ts_sock ts;

		if (unshare(CLONE_NEWPID))
			_exit(2);
		inner = fork();
		if (inner < 0)
			_exit(1);
		if (inner) {
			/* Tell the test the outer pid of the new init. */
			if (write(report[1], &inner, sizeof(inner)) !=
			    sizeof(inner))
				_exit(1);
			_exit(waitpid(inner, &status, 0) == inner &&
			      WIFEXITED(status) ? WEXITSTATUS(status) : 1);
		}
		/* pid 1 of the new namespace */
		if (ts_open(&ts))
			_exit(1);
		v->pid_ret = ts_query(&ts, PID, 1, &rec);
		v->id = rec.id;
		v->ac_pid = rec.stats.ac_pid;
		v->ac_tgid = rec.stats.ac_tgid;
		v->ac_ppid = rec.stats.ac_ppid;
		v->esrch_ret = ts_query(&ts, PID, getppid(), &rec);
		v->tgid_ret = ts_query(&ts, TGID, 1, &rec);
		v->tgid_id = rec.id;
		/* Stay alive until the test has looked at us from outside. */
		_exit(read(hold[0], &c, 1) == 1 ? 0 : 1);
	}
	ASSERT_EQ(sizeof(inner), read(report[0], &inner, sizeof(inner)));
	ASSERT_EQ(0, ts_query(&self->ts, PID, inner, &self->rec));
	EXPECT_EQ(inner, self->rec.stats.ac_pid);
	EXPECT_EQ(child, self->rec.stats.ac_ppid);
	ASSERT_EQ(1, write(hold[1], "x", 1));
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	if (WEXITSTATUS(status) == 2)
		SKIP(return, "unshare(CLONE_NEWPID) failed (CONFIG_PID_NS=n?)");
	ASSERT_EQ(0, WEXITSTATUS(status));

	EXPECT_EQ(0, v->pid_ret);
	EXPECT_EQ(1, v->id);
	EXPECT_EQ(1, v->ac_pid);
	EXPECT_EQ(1, v->ac_tgid);
	/* The parent lives outside the namespace. */
	EXPECT_EQ(0, v->ac_ppid);
	EXPECT_EQ(-ESRCH, v->esrch_ret);
	EXPECT_EQ(0, v->tgid_ret);
	EXPECT_EQ(1, v->tgid_id);
}

/* Threads that burn CPU, sleep a little, then wait to be let go. */
struct workers {
	pthread_t thread[MAX_THREADS];
	pid_t tid[MAX_THREADS];
	int n, ready[2], hold[2];
	long burn_ms;
};

static void burn(long ms)
{
	struct timespec t;

	do {
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	} while (t.tv_sec * 1000 + t.tv_nsec / 1000000 < ms);
}

static void *worker(void *arg)
{
	struct timespec ms = { .tv_nsec = 1000000 };
	struct workers *w = arg;
	pid_t tid = gettid();
	char c;
	int i;

	burn(w->burn_ms);
	for (i = 0; i < 3; i++)
		nanosleep(&ms, NULL);
	if (write(w->ready[1], &tid, sizeof(tid)) != sizeof(tid) ||
	    read(w->hold[0], &c, 1) != 1)
		return (void *)1;
	return NULL;
}

static int start_workers(struct workers *w, int n, long burn_ms)
{
	int i;

	w->n = n;
	w->burn_ms = burn_ms;
	if (pipe(w->ready) || pipe(w->hold))
		return -errno;
	for (i = 0; i < n; i++)
		if (pthread_create(&w->thread[i], NULL, worker, w))
			return -EAGAIN;
	for (i = 0; i < n; i++)
		if (read(w->ready[0], &w->tid[i], sizeof(pid_t)) !=
		    sizeof(pid_t))
			return -EIO;
	return 0;
}

static int stop_workers(struct workers *w)
{
	void *ret;
	int i, bad = 0;

	for (i = 0; i < w->n; i++)
		if (write(w->hold[1], "x", 1) != 1)
			return -EIO;
	for (i = 0; i < w->n; i++) {
		pthread_join(w->thread[i], &ret);
		bad |= !!ret;
	}
	for (i = 0; i < 2; i++) {
		close(w->ready[i]);
		close(w->hold[i]);
	}
	return bad ? -EIO : 0;
}

/* Sum of the per-thread PID replies, for the fields a TGID reply sums. */
struct sums {
	__u64 cpu, nvcsw, nivcsw, etime;
};

static int sum_threads(struct ts_sock *ts, struct workers *w, struct sums *sum)
{
	struct ts_record rec;
	int i, ret;

	memset(sum, 0, sizeof(*sum));
	for (i = -1; i < w->n; i++) {
		ret = ts_query(ts, PID,
			       i < 0 ? getpid() : w->tid[i], &rec);
		if (ret)
			return ret;
		sum->cpu += rec.stats.ac_utime + rec.stats.ac_stime;
		sum->nvcsw += rec.stats.nvcsw;
		sum->nivcsw += rec.stats.nivcsw;
		sum->etime += rec.stats.ac_etime;
	}
	return 0;
}

/*
 * A TGID reply sums the live threads: between the sums of per-thread
 * replies taken just before and just after it. Fields it does not fill
 * are zero.
 */
TEST_F(query, tgid_sums_threads)
{
	struct taskstats *s = &self->rec.stats;
	struct sums before, after;
	struct workers w;
	size_t i;

	ASSERT_EQ(0, start_workers(&w, 3, 20));
	ASSERT_EQ(0, sum_threads(&self->ts, &w, &before));
	ASSERT_EQ(0, ts_query(&self->ts, TGID, getpid(), &self->rec));
	ASSERT_EQ(0, sum_threads(&self->ts, &w, &after));

	EXPECT_EQ(TASKSTATS_TYPE_AGGR_TGID, self->rec.aggr);
	EXPECT_EQ(getpid(), self->rec.id);
	EXPECT_LE(TS_OLDEST_VERSION, s->version);
	EXPECT_LE(before.cpu, s->ac_utime + s->ac_stime);
	EXPECT_GE(after.cpu, s->ac_utime + s->ac_stime);
	EXPECT_LE(before.nvcsw, s->nvcsw);
	EXPECT_GE(after.nvcsw, s->nvcsw);
	EXPECT_LE(before.nivcsw, s->nivcsw);
	EXPECT_GE(after.nivcsw, s->nivcsw);
	EXPECT_LE(before.etime, s->ac_etime);
	EXPECT_GE(after.etime, s->ac_etime);
	/* Three threads slept three times each. */
	EXPECT_GE(s->nvcsw, 9);

	for (i = 0; i < NR_FIELDS; i++) {
		if (fields[i].in_tgid ||
		    fields[i].offset + fields[i].size > self->rec.known)
			continue;
		EXPECT_TRUE(is_zero((char *)s + fields[i].offset,
				    fields[i].size))
			TH_LOG("%s is set in a TGID reply", fields[i].name);
	}
	EXPECT_EQ(0, stop_workers(&w));
}

/* A thread id works as a TGID, and is what the reply's TGID echoes. */
TEST_F(query, tgid_by_thread_id)
{
	struct ts_record first, last;
	struct workers w;

	ASSERT_EQ(0, start_workers(&w, 1, 0));
	ASSERT_EQ(0, ts_query(&self->ts, TGID, getpid(), &first));
	ASSERT_EQ(0, ts_query(&self->ts, TGID, w.tid[0], &self->rec));
	ASSERT_EQ(0, ts_query(&self->ts, TGID, getpid(), &last));
	EXPECT_EQ(TASKSTATS_TYPE_AGGR_TGID, self->rec.aggr);
	EXPECT_EQ(w.tid[0], self->rec.id);
	EXPECT_LE(first.stats.ac_etime, self->rec.stats.ac_etime);
	EXPECT_GE(last.stats.ac_etime, self->rec.stats.ac_etime);
	EXPECT_LE(first.stats.nvcsw, self->rec.stats.nvcsw);
	EXPECT_GE(last.stats.nvcsw, self->rec.stats.nvcsw);
	EXPECT_EQ(0, stop_workers(&w));
}

static __u64 cpu_us(const struct taskstats *s)
{
	return s->ac_utime + s->ac_stime;
}

/*
 * A thread that exits leaves its times and context switches in the group's
 * sum: nothing the TGID reply reported drops when it is gone.
 */
TEST_F(query, tgid_keeps_exited_threads)
{
	struct ts_record worker, leader, alive, gone;
	struct workers w;
	int tries = 0;

	/*
	 * The tick samples CPU time, and a loaded host loses ticks: a
	 * worker's 100 ms can show as less on its record, even as none. Take
	 * workers until one shows a tick, over 500 us at any HZ (those that
	 * exit count in the sum).
	 */
	for (;;) {
		ASSERT_EQ(0, start_workers(&w, 1, 100));
		ASSERT_EQ(0, ts_query(&self->ts, PID, w.tid[0], &worker));
		if (cpu_us(&worker.stats) >= 500 || ++tries == 10)
			break;
		ASSERT_EQ(0, stop_workers(&w));
	}
	ASSERT_LE(500, cpu_us(&worker.stats));
	ASSERT_EQ(0, ts_query(&self->ts, PID, getpid(), &leader));
	ASSERT_EQ(0, ts_query(&self->ts, TGID, getpid(), &alive));
	ASSERT_EQ(0, stop_workers(&w));
	ASSERT_EQ(0, ts_query(&self->ts, TGID, getpid(), &gone));

	/* Both threads are in the sum, read after their own records. */
	EXPECT_LE(cpu_us(&worker.stats) + cpu_us(&leader.stats),
		  cpu_us(&alive.stats));
	EXPECT_GE(cpu_us(&gone.stats), cpu_us(&alive.stats));
	EXPECT_GE(gone.stats.nvcsw, alive.stats.nvcsw);
	EXPECT_GE(gone.stats.nivcsw, alive.stats.nivcsw);
	EXPECT_GE(gone.stats.ac_etime, alive.stats.ac_etime);
	EXPECT_GE(alive.stats.nvcsw, 3);
}

TEST_HARNESS_MAIN
