// SPDX-License-Identifier: GPL-2.0
/*
 * A bounded, seeded fuzzer of the TASKSTATS generic netlink family:
 * TASKSTATS_FUZZ_COUNT messages (default 10000), half from root and half
 * from an unprivileged process at the same time, generated from
 * TASKSTATS_FUZZ_SEED (printed, so that a run can be repeated): random
 * commands, flags, attribute types and lengths, nested attributes, cpumask
 * strings of random bytes, messages cut short and oversized ones.
 *
 * Each message is followed by a request whose answer is known, so that
 * everything in between is the answer to the message: nothing (only where
 * the netlink ABI allows it), an ACK, an NLMSG_ERROR with a negative errno,
 * or a well-formed reply, within TS_TIMEOUT_SEC. Where the ABI says which
 * error a message gets (EINVAL, EOPNOTSUPP, EPERM), it must get that one.
 * At the end, what the fuzzer registered is deregistered, and no socket is
 * left behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "taskstats_nl.h"

#define FUZZ_SEED		0x7a5c5eedULL
#define FUZZ_COUNT		10000
#define FUZZ_TIMEOUT_SEC	900
#define MAX_LEN			65536	/* of a datagram */
#define REOPEN_EVERY		200	/* messages on one socket */
#define EXIT_EVERY		50	/* messages between two exits */
#define NOBODY			65534
#define MAX_ERRNO		140
#define FREE_TIMEOUT_SEC	30

/* What one fuzzing process saw, in memory shared with the test. */
struct tally {
	long sent, send_errors, silent, acks, errors, replies, cg_replies;
	long records, overruns;
	long errnos[MAX_ERRNO];
	int failures;
	char failure[256];	/* the first one */
};

/* A message as sent, and what the ABI says of its answer. */
struct fuzz_msg {
	char buf[MAX_LEN];
	size_t len;		/* of the datagram */
	__u32 seq;
	bool complete;		/* the kernel handles it */
	int expect;		/* the error it must get, 0 if not known */
};

/* The state of one fuzzing process. */
struct fuzzer {
	struct tally *t;
	struct ts_sock ts;
	bool root;
	__u64 rnd;
	long index;		/* of the message being handled */
	pid_t partner;		/* the other fuzzing process */
	int cgroup_fd;		/* a cgroup v1 directory, or -1 */
	struct fuzz_msg m;
	struct ts_msg answer;
};

static __u64 rnd64(struct fuzzer *f)
{
	__u64 z = (f->rnd += 0x9e3779b97f4a7c15ULL);	/* splitmix64 */

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A random number below @n. */
static unsigned int rnd(struct fuzzer *f, unsigned int n)
{
	return n ? rnd64(f) % n : 0;
}

static __printf(2, 3) void fail(struct fuzzer *f, const char *fmt, ...)
{
	size_t len;
	va_list ap;

	if (f->t->failures++)
		return;
	len = snprintf(f->t->failure, sizeof(f->t->failure), "%s message %ld: ",
		       f->root ? "root" : "nobody", f->index);
	va_start(ap, fmt);
	vsnprintf(f->t->failure + len, sizeof(f->t->failure) - len, fmt, ap);
	va_end(ap);
}

/* Fill @buf with @len random bytes from @alphabet, or any if NULL. */
static void random_bytes(struct fuzzer *f, char *buf, size_t len,
			 const char *alphabet)
{
	size_t i, n = alphabet ? strlen(alphabet) : 0;

	for (i = 0; i < len; i++)
		buf[i] = alphabet ? alphabet[rnd(f, n)] : rnd(f, 256);
}

/* A cpumask string, valid or not, with or without its NUL. */
static size_t random_cpumask(struct fuzzer *f, char *buf, size_t room)
{
	static const char * const masks[] = {
		"0", "1", "0-1", "0,1", "1-0", "0-", "-1", "7", "8", "0-7",
		"0-8", "4294967296", "0,,1", "0-1:1/2", "0-1:2/1", " 0",
		"0\n", "", "1\0garbage", "0-4095",
	};
	const char *mask;
	size_t len;

	switch (rnd(f, 5)) {
	case 0:
		len = rnd(f, 24);
		random_bytes(f, buf, len, "\n0123456789,-: /");
		break;
	case 1:
		len = rnd(f, 32);
		random_bytes(f, buf, len, NULL);
		break;
	case 2:		/* long: around 100 + 6 * NR_CPUS, whatever that is */
		len = 100 + rnd(f, 3200);
		random_bytes(f, buf, len < room ? len : room, "0,");
		break;
	default:
		mask = masks[rnd(f, ARRAY_SIZE(masks))];
		len = strlen(mask);
		memcpy(buf, mask, len);
	}
	if (len >= room)
		len = room - 1;
	if (rnd(f, 4))
		buf[len++] = 0;
	return len;
}

/* A pid worth asking for: alive, ours, gone, or nonsense. */
static __u32 random_pid(struct fuzzer *f)
{
	switch (rnd(f, 8)) {
	case 0:
		return f->partner;
	case 1:
		return getppid();
	case 2:
		return 1;
	case 3:
		return 0;
	case 4:
		return rnd64(f);
	case 5:
		return -1;
	default:
		return getpid();
	}
}

/* Return: where the payload of an attribute at @off of the message goes. */
static char *attr_at(struct fuzz_msg *m, size_t off)
{
	return m->buf + off + NLA_HDRLEN;
}

/*
 * Append a random attribute at @off, within @end.
 * Return: the offset after it, or @off if there was no room.
 */
static size_t random_attr(struct fuzzer *f, __u8 cmd, size_t off, size_t end,
			  int depth)
{
	struct nlattr *nla = (struct nlattr *)(f->m.buf + off);
	size_t room = end - off - NLA_HDRLEN, len, sub;
	char *data = attr_at(&f->m, off);
	__u16 type;
	__u32 v;

	if (off + NLA_HDRLEN + 64 > end)
		return off;
	type = rnd(f, cmd == CGROUPSTATS_CMD_GET ? 3 : 7);
	if (!rnd(f, 8))
		type = rnd64(f);	/* with NLA_F_NESTED and the like */
	else if (!rnd(f, 8))
		type |= NLA_F_NESTED;

	switch (depth < 2 ? rnd(f, 6) : rnd(f, 5)) {
	case 0:
	case 1:		/* a u32, pid or fd, usually of the right size */
		v = random_pid(f);
		if (cmd == CGROUPSTATS_CMD_GET && f->cgroup_fd >= 0 &&
		    rnd(f, 4))
			v = rnd(f, 4) ? f->cgroup_fd : f->ts.fd;
		len = rnd(f, 4) ? 4 : rnd(f, 9);
		memset(data, 0, len);
		memcpy(data, &v, len < 4 ? len : 4);
		break;
	case 2:
	case 3:
		len = random_cpumask(f, data, room);
		break;
	case 4:
		len = rnd(f, 64);
		random_bytes(f, data, len, NULL);
		break;
	default:	/* nested attributes */
		len = 0;
		while (rnd(f, 3)) {
			sub = random_attr(f, cmd, off + NLA_HDRLEN + len, end,
					  depth + 1);
			if (sub == off + NLA_HDRLEN + len)
				break;
			len = sub - off - NLA_HDRLEN;
		}
		break;
	}
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	switch (rnd(f, 16)) {	/* a lie, now and then */
	case 0:
		nla->nla_len = rnd(f, NLA_HDRLEN);
		break;
	case 1:
		nla->nla_len += 1 + rnd(f, 256);
		break;
	case 2:
		nla->nla_len = 0xffff;
		break;
	}
	return off + NLA_ALIGN(NLA_HDRLEN + len);
}

/* An attribute too large to copy into an skb the usual way. */
static size_t huge_attr(struct fuzzer *f, size_t off)
{
	struct nlattr *nla = (struct nlattr *)(f->m.buf + off);
	size_t len = 32768 + rnd(f, 32000);

	nla->nla_type = rnd(f, 5);
	nla->nla_len = NLA_HDRLEN + len;
	random_bytes(f, attr_at(&f->m, off), len, "0123456789,-");
	return off + NLA_ALIGN(nla->nla_len);
}

/* Generate the next message; its expected answer as far as the ABI says. */
static void generate(struct fuzzer *f)
{
	static const __u16 more_flags[] = {
		NLM_F_MULTI, NLM_F_ECHO, NLM_F_DUMP_INTR, NLM_F_ROOT,
		NLM_F_MATCH, NLM_F_ATOMIC, NLM_F_DUMP, 0xffff,
	};
	struct fuzz_msg *m = &f->m;
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->buf;
	struct genlmsghdr *genl = NLMSG_DATA(nlh);
	size_t off = NLMSG_LENGTH(GENL_HDRLEN), next;
	__u16 flags = 0;
	__u8 cmd;
	int n;

	cmd = rnd(f, 8) ? TASKSTATS_CMD_GET : CGROUPSTATS_CMD_GET;
	if (!rnd(f, 8))
		cmd = rnd(f, 256);
	if (rnd(f, 10))
		flags |= NLM_F_REQUEST;
	if (rnd(f, 2))
		flags |= NLM_F_ACK;
	if (!rnd(f, 5))
		flags |= more_flags[rnd(f, 8)];

	memset(m->buf, 0, NLMSG_LENGTH(GENL_HDRLEN));
	genl->cmd = cmd;
	genl->version = rnd(f, 8) ? TASKSTATS_GENL_VERSION : rnd(f, 256);
	genl->reserved = rnd(f, 8) ? 0 : rnd(f, 65536);
	if (!rnd(f, 100)) {
		off = huge_attr(f, off);
	} else {
		for (n = rnd(f, 6); n > 0; n--) {
			next = random_attr(f, cmd, off, 8192, 0);
			if (next == off)
				break;
			off = next;
		}
	}
	nlh->nlmsg_len = off;
	nlh->nlmsg_type = f->ts.family;
	nlh->nlmsg_flags = flags;
	m->seq = ++f->ts.seq;
	nlh->nlmsg_seq = m->seq;
	nlh->nlmsg_pid = rnd(f, 8) ? 0 : rnd64(f);
	m->len = off;
	m->complete = true;

	/* The framing: cut short, too short a length, or trailing zeros. */
	switch (rnd(f, 20)) {
	case 0:
	case 1:
		m->len = rnd(f, off);
		m->complete = false;
		break;
	case 2:
		nlh->nlmsg_len = rnd(f, NLMSG_LENGTH(GENL_HDRLEN));
		m->len = nlh->nlmsg_len < NLMSG_HDRLEN ? off : nlh->nlmsg_len;
		m->complete = nlh->nlmsg_len >= NLMSG_HDRLEN;
		break;
	case 3:
		n = 1 + rnd(f, 64);
		memset(m->buf + off, 0, n);
		m->len += n;
		break;
	case 4:
		m->len = 0;
		m->complete = false;
		break;
	}

	/* What generic netlink says before TASKSTATS sees the message */
	m->expect = 0;
	if (!m->complete || !(flags & NLM_F_REQUEST))
		return;
	if ((flags & NLM_F_DUMP) == NLM_F_DUMP)
		flags &= ~NLM_F_DUMP;
	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		m->expect = -EINVAL;
	else if (cmd > CGROUPSTATS_CMD_GET &&	/* from resv_start_op on */
		 (genl->reserved ||
		  flags & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO)))
		m->expect = -EINVAL;
	else if (cmd != TASKSTATS_CMD_GET && cmd != CGROUPSTATS_CMD_GET)
		m->expect = -EOPNOTSUPP;
	else if ((nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
		m->expect = -EOPNOTSUPP;
	else if (cmd == TASKSTATS_CMD_GET && !f->root)
		m->expect = -EPERM;
}

/*
 * Check a TASKSTATS_CMD_NEW reply against the message: the kernel takes
 * the last PID attribute, or else the last TGID one, of those before the
 * first malformed attribute; and a REGISTER or DEREGISTER gets no reply.
 */
static void check_reply(struct fuzzer *f)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)f->m.buf;
	bool pid = false, tgid = false, listener = false;
	const struct nlattr *nla, *head;
	__u32 pid_id = 0, tgid_id = 0;
	struct ts_record rec;
	int len, rem;

	head = ts_genl_attrs(nlh, &len);
	for (nla = ts_attr_first(head, len, &rem); nla;
	     nla = ts_attr_next(nla, &rem)) {
		switch (ts_attr_type(nla)) {
		case TASKSTATS_CMD_ATTR_PID:
			pid = true;
			pid_id = ts_attr_u32(nla);
			break;
		case TASKSTATS_CMD_ATTR_TGID:
			tgid = true;
			tgid_id = ts_attr_u32(nla);
			break;
		case TASKSTATS_CMD_ATTR_REGISTER_CPUMASK:
		case TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK:
			listener = true;
		}
	}
	if (ts_parse(&f->answer, &rec, 1) != 1)
		fail(f, "malformed reply");
	else if (listener || (!pid && !tgid))
		fail(f, "a reply to a message without PID or TGID");
	else if (pid && (rec.aggr != TASKSTATS_TYPE_AGGR_PID ||
			 rec.id != pid_id))
		fail(f, "reply about %u, not pid %u", rec.id, pid_id);
	else if (!pid && (rec.aggr != TASKSTATS_TYPE_AGGR_TGID ||
			  rec.id != tgid_id))
		fail(f, "reply about %u, not tgid %u", rec.id, tgid_id);
}

/* A CGROUPSTATS_CMD_NEW reply: one attribute holding struct cgroupstats. */
static void check_cg_reply(struct fuzzer *f)
{
	const struct nlmsghdr *nlh = &f->answer.nlh;
	const struct nlattr *nla;
	int len;

	nla = ts_genl_attrs(nlh, &len);
	if (f->answer.len != NLMSG_LENGTH(GENL_HDRLEN) + NLA_HDRLEN +
			     sizeof(struct cgroupstats) ||
	    len != NLA_HDRLEN + sizeof(struct cgroupstats) ||
	    nla->nla_len != len ||
	    nla->nla_type != CGROUPSTATS_TYPE_CGROUP_STATS)
		fail(f, "malformed cgroupstats reply of %zd bytes",
		     f->answer.len);
}

#define TS_REPLY	1
#define CG_REPLY	2

/*
 * Check one answer to the message.
 * Return: its error (0 for an ACK), TS_REPLY or CG_REPLY.
 */
static int check_answer(struct fuzzer *f)
{
	struct genlmsghdr *genl = NLMSG_DATA(&f->answer.nlh);
	int err;

	if (f->answer.nlh.nlmsg_seq != f->m.seq ||
	    f->answer.nlh.nlmsg_pid != f->ts.portid) {
		fail(f, "an answer to request %u of port %u",
		     f->answer.nlh.nlmsg_seq, f->answer.nlh.nlmsg_pid);
		return 0;
	}
	if (ts_msg_errno(&f->answer, &err)) {
		if (f->answer.len < NLMSG_LENGTH(sizeof(struct nlmsgerr)) ||
		    err > 0 || err < -4095)
			fail(f, "a malformed NLMSG_ERROR (error %d)", err);
		return err;
	}
	if (f->answer.nlh.nlmsg_type != f->ts.family) {
		fail(f, "an answer of type %u", f->answer.nlh.nlmsg_type);
	} else if (genl->cmd == CGROUPSTATS_CMD_NEW) {
		check_cg_reply(f);
		return CG_REPLY;
	} else if (genl->cmd == TASKSTATS_CMD_NEW) {
		check_reply(f);
	} else {
		fail(f, "a reply of command %u", genl->cmd);
	}
	return TS_REPLY;
}

/* An exit record, which a registered socket gets: it must be well-formed. */
static void check_record(struct fuzzer *f)
{
	struct ts_record recs[2];

	if (ts_parse(&f->answer, recs, 2) < 1 ||
	    recs[0].aggr != TASKSTATS_TYPE_AGGR_PID)
		fail(f, "a malformed exit record");
	f->t->records++;
}

/*
 * Send the message, then a request known to fail with EINVAL, and read
 * everything up to that error: the answers to the message.
 * Return: 0, or -errno if the socket is of no use any more.
 */
static int fuzz_one(struct fuzzer *f)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct fuzz_msg *m = &f->m;
	__u16 flags = ((struct nlmsghdr *)m->buf)->nlmsg_flags;
	int ret, err = 0, errors = 0, replies = 0, reply = 0;

	/* An empty datagram may be refused (ENODATA); nothing else is. */
	if (sendto(f->ts.fd, m->buf, m->len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) != (ssize_t)m->len) {
		if (m->len || errno != ENODATA)
			fail(f, "sendto() of %zu bytes: %s", m->len,
			     strerror(errno));
		f->t->send_errors++;
		m->complete = false;
		m->expect = 0;
	}
	f->t->sent++;
	ret = ts_send_cmd(&f->ts, CGROUPSTATS_CMD_GET, 0, 0, NULL, 0);
	while (!ret) {
		ret = ts_recv(&f->ts, &f->answer, true);
		if (ret == -ENOBUFS) {	/* exit records overran */
			f->t->overruns++;
			ret = 0;
			continue;
		}
		if (ret)
			break;
		if (f->answer.nlh.nlmsg_seq == f->ts.seq &&
		    f->answer.nlh.nlmsg_pid) {
			if (!ts_msg_errno(&f->answer, &ret) || ret != -EINVAL)
				fail(f, "the request after it got %d", ret);
			ret = 0;
			break;
		}
		if (!f->answer.nlh.nlmsg_pid) {
			check_record(f);
			continue;
		}
		ret = check_answer(f);
		if (ret > 0) {
			replies++;
			reply = ret;
		} else {
			errors++;
			err = ret;
		}
		ret = 0;
	}
	if (ret) {
		fail(f, "no answer within %d s: %s", TS_TIMEOUT_SEC,
		     strerror(-ret));
		return ret;
	}

	if (!m->complete && (errors || replies))
		fail(f, "an answer to a message the kernel cannot read");
	else if (!(flags & NLM_F_REQUEST) && replies)
		fail(f, "a reply to a message that is no request");
	else if (errors > 1 || replies > 1 || (replies && err))
		fail(f, "%d errors and %d replies", errors, replies);
	else if (m->complete && (flags & NLM_F_ACK) && !errors)
		fail(f, "neither ACK nor error");
	else if (errors && !err && !(flags & NLM_F_ACK))
		fail(f, "an ACK not asked for");
	else if (m->expect && err != m->expect)
		fail(f, "error %d, not %d", err, m->expect);

	if (reply == CG_REPLY)
		f->t->cg_replies++;
	else if (reply)
		f->t->replies++;
	else if (err)
		f->t->errors++;
	else if (errors)
		f->t->acks++;
	else
		f->t->silent++;
	if (err < 0 && -err < MAX_ERRNO)
		f->t->errnos[-err]++;
	return 0;
}

/*
 * Register or deregister @mask and wait for the ACK, reading the exit
 * records before it. Return: the error of the answer, or -errno.
 */
static int listen_ack(struct fuzzer *f, int attr, const char *mask)
{
	int ret, err;

	ret = ts_send_cmd(&f->ts, TASKSTATS_CMD_GET, NLM_F_ACK, attr, mask,
			  strlen(mask) + 1);
	while (!ret) {
		ret = ts_recv(&f->ts, &f->answer, true);
		if (ret == -ENOBUFS)
			ret = 0;
		else if (!ret && ts_msg_errno(&f->answer, &err))
			return err;
		else if (!ret)
			check_record(f);
	}
	return ret;
}

/* Fuzz @count messages, opening a new socket now and then. */
static int fuzz(struct fuzzer *f, long count)
{
	int ret = ts_open(&f->ts);

	for (f->index = 0; !ret && f->index < count; f->index++) {
		if (f->index && !(f->index % REOPEN_EVERY)) {
			/* Close it registered or not: its release cleans up */
			ts_close(&f->ts);
			ret = ts_open(&f->ts);
			if (ret)
				break;
		}
		/* A record for the socket, if the fuzzer registered it */
		if (!(f->index % EXIT_EVERY) && ts_exit_child(-1, 0, NULL) < 0)
			fail(f, "cannot fork");
		generate(f);
		ret = fuzz_one(f);
	}
	if (ret)
		fail(f, "socket: %s", strerror(-ret));
	return ret;
}

static void print_tally(const char *who, const struct tally *t)
{
	char errs[512];
	size_t len = 0;
	int e;

	errs[0] = 0;
	for (e = 1; e < MAX_ERRNO; e++)
		if (t->errnos[e] && len < sizeof(errs))
			len += snprintf(errs + len, sizeof(errs) - len,
					" %s %ld", strerrorname_np(e) ?: "?",
					t->errnos[e]);
	ksft_print_msg("%s: %ld sent (%ld empty refused), %ld unanswered, %ld ACKs,\n",
		       who, t->sent, t->send_errors, t->silent, t->acks);
	ksft_print_msg("  %ld errors:%s,\n", t->errors, errs);
	ksft_print_msg("  %ld replies, %ld cgroupstats replies, %ld exit records, %ld overruns\n",
		       t->replies, t->cg_replies, t->records, t->overruns);
}

FIXTURE(fuzz) {
	struct ts_sock ts;
	struct tally *tally;	/* [0] root, [1] nobody */
	char cgroup[32];
	bool mounted;
	int cgroup_fd;
	pid_t child;
};

FIXTURE_SETUP(fuzz)
{
	int ret;

	self->ts.fd = -1;
	self->cgroup_fd = -1;
	if (geteuid())
		SKIP(return, "needs root (CAP_NET_ADMIN)");
	ret = ts_open(&self->ts);
	if (ret == -ENOENT)
		SKIP(return, "no TASKSTATS family (CONFIG_TASKSTATS=n)");
	ASSERT_EQ(0, ret);
	self->tally = mmap(NULL, 2 * sizeof(struct tally),
			   PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			   -1, 0);
	ASSERT_NE(MAP_FAILED, self->tally);

	/* A cgroup v1 directory, for CGROUPSTATS_CMD_GET to answer. */
	snprintf(self->cgroup, sizeof(self->cgroup), "%s",
		 "/tmp/taskstats_fuzz.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->cgroup));
	self->mounted = !mount("cgroup", self->cgroup, "cgroup", 0,
			       "none,name=taskstats_fuzz");
	if (self->mounted)
		self->cgroup_fd = open(self->cgroup, O_RDONLY | O_DIRECTORY);
	else
		TH_LOG("no cgroup v1 hierarchy (%s): no cgroupstats replies",
		       strerror(errno));
}

FIXTURE_TEARDOWN(fuzz)
{
	if (self->child > 0) {
		kill(self->child, SIGKILL);
		waitpid(self->child, NULL, 0);
	}
	if (self->cgroup_fd >= 0)
		close(self->cgroup_fd);
	if (self->mounted)
		umount(self->cgroup);
	if (self->cgroup[0])
		rmdir(self->cgroup);
	ts_close(&self->ts);
}

static unsigned long long env_number(const char *name,
				     unsigned long long def)
{
	const char *env = getenv(name);

	return env && *env ? strtoull(env, NULL, 0) : def;
}

/*
 * Fuzz from root and from nobody at once; then deregister everything and
 * check that the sockets are gone.
 */
TEST_F_TIMEOUT(fuzz, random_messages, FUZZ_TIMEOUT_SEC)
{
	static struct fuzzer f;
	__u64 seed = env_number("TASKSTATS_FUZZ_SEED", FUZZ_SEED);
	long count = env_number("TASKSTATS_FUZZ_COUNT", FUZZ_COUNT);
	int cpus[CPU_SETSIZE], ncpus, before, used, status, i, ms;
	pid_t pid;

	ksft_print_msg("seed %#llx (TASKSTATS_FUZZ_SEED), %ld messages (TASKSTATS_FUZZ_COUNT)\n",
		       (unsigned long long)seed, count);
	before = ts_sockets_used(getpid());
	f.cgroup_fd = self->cgroup_fd;

	/* nobody, in a child */
	self->child = fork();
	ASSERT_LE(0, self->child);
	if (!self->child) {
		f.t = &self->tally[1];
		f.rnd = seed ^ 0x6e6f626f6479ULL;
		f.partner = getppid();
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY) ||
		    ts_cap_net_admin())
			fail(&f, "cannot drop privileges: %s", strerror(errno));
		else
			fuzz(&f, count / 2);
		_exit(0);
	}

	f.t = &self->tally[0];
	f.rnd = seed;
	f.root = true;
	f.partner = self->child;
	fuzz(&f, count - count / 2);

	pid = self->child;
	self->child = 0;
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	print_tally("root", &self->tally[0]);
	print_tally("nobody", &self->tally[1]);
	EXPECT_EQ(0, self->tally[0].failures)
		TH_LOG("%d failures, the first: %s", self->tally[0].failures,
		       self->tally[0].failure);
	EXPECT_EQ(0, self->tally[1].failures)
		TH_LOG("%d failures, the first: %s", self->tally[1].failures,
		       self->tally[1].failure);

	/* Whatever got registered: deregistered, no record comes any more. */
	if (f.ts.fd >= 0) {
		ASSERT_EQ(0, listen_ack(&f, TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK,
					ts_possible_cpus()));
		while (ts_recv(&f.ts, &f.answer, false) != -EAGAIN)
			;
		ncpus = ts_usable_cpus(cpus, CPU_SETSIZE);
		for (i = 0; i < ncpus && i < CPU_SETSIZE; i++)
			ASSERT_LT(0, ts_exit_child(cpus[i], 0, NULL));
		EXPECT_TRUE(ts_nothing_queued(&f.ts));
		ts_close(&f.ts);
	}

	/* No socket left: they are freed after an RCU grace period. */
	if (before < 0) {
		TH_LOG("no /proc/self/net/sockstat: socket count unchecked");
		return;
	}
	for (ms = 0; ms < FREE_TIMEOUT_SEC * 1000; ms += 20) {
		used = ts_sockets_used(getpid());
		if (used == before)
			break;
		usleep(20000);
	}
	EXPECT_EQ(before, used) TH_LOG("%d sockets, %d before", used, before);
}

TEST_HARNESS_MAIN
