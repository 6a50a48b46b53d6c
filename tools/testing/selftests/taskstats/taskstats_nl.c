// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink helpers shared by the taskstats selftests: a raw NETLINK_GENERIC
 * socket, messages built by hand, a small attribute parser for the
 * controller's replies, and a strict reader of TASKSTATS_CMD_NEW records
 * that accepts any struct taskstats version from TS_OLDEST_VERSION on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <linux/capability.h>

#include "../kselftest.h"
#include "taskstats_nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

static inline size_t ts_min(size_t a, size_t b)
{
	return a < b ? a : b;
}

/*
 * Open a generic netlink socket bound to @portid (0: let the kernel pick
 * one), with a receive timeout, and resolve the TASKSTATS family.
 * Return: 0, -ENOENT when the kernel has no TASKSTATS family, or -errno.
 */
int ts_open_port(struct ts_sock *ts, __u32 portid)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_pid = portid };
	struct timeval tv = { .tv_sec = TS_TIMEOUT_SEC };
	socklen_t alen = sizeof(addr);
	int one = 1, ret;

	memset(ts, 0, sizeof(*ts));
	ts->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (ts->fd < 0)
		return -errno;
	/* Errors need not quote the request back: long masks stay small. */
	if (bind(ts->fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    getsockname(ts->fd, (struct sockaddr *)&addr, &alen) ||
	    setsockopt(ts->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(ts->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one,
		       sizeof(one))) {
		ret = -errno;
		ts_close(ts);
		return ret;
	}
	ts->portid = addr.nl_pid;
	ret = ts_resolve_family(ts, TASKSTATS_GENL_NAME);
	if (ret < 0) {
		ts_close(ts);
		return ret;
	}
	ts->family = ret;
	return 0;
}

int ts_open(struct ts_sock *ts)
{
	return ts_open_port(ts, 0);
}

void ts_close(struct ts_sock *ts)
{
	if (ts->fd >= 0)
		close(ts->fd);
	ts->fd = -1;
}

static int ts_send_nlh(struct ts_sock *ts, const struct nlmsghdr *nlh)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	ssize_t n;

	n = sendto(ts->fd, nlh, nlh->nlmsg_len, 0,
		   (struct sockaddr *)&kernel, sizeof(kernel));
	if (n < 0)
		return -errno;
	return n == nlh->nlmsg_len ? 0 : -EIO;
}

/*
 * Send a well-formed request for @cmd of the TASKSTATS family with at most
 * one attribute (@attr 0: none). NLM_F_REQUEST is always set.
 */
int ts_send_cmd(struct ts_sock *ts, __u8 cmd, __u16 flags, int attr,
		const void *data, size_t len)
{
	size_t size = NLMSG_LENGTH(GENL_HDRLEN) + NLA_HDRLEN + NLA_ALIGN(len);
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;
	struct nlattr *nla;
	int ret;

	if (NLA_HDRLEN + len > 0xffff)
		return -EMSGSIZE;
	nlh = calloc(1, size);
	if (!nlh)
		return -ENOMEM;
	nlh->nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	nlh->nlmsg_type = ts->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++ts->seq;
	genl = NLMSG_DATA(nlh);
	genl->cmd = cmd;
	genl->version = TASKSTATS_GENL_VERSION;
	if (attr) {
		nla = (struct nlattr *)((char *)nlh + nlh->nlmsg_len);
		nla->nla_type = attr;
		nla->nla_len = NLA_HDRLEN + len;
		memcpy((char *)nla + NLA_HDRLEN, data, len);
		nlh->nlmsg_len += NLA_ALIGN(nla->nla_len);
	}
	ret = ts_send_nlh(ts, nlh);
	free(nlh);
	return ret;
}

void ts_raw_init(struct ts_raw *raw, __u16 type, __u16 flags, __u8 cmd)
{
	struct genlmsghdr *genl;

	memset(raw, 0, sizeof(*raw));
	raw->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	raw->nlh.nlmsg_type = type;
	raw->nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	genl = NLMSG_DATA(&raw->nlh);
	genl->cmd = cmd;
	/* The controller takes any version; TASKSTATS wants its own. */
	genl->version = TASKSTATS_GENL_VERSION;
}

/* Append an attribute of any length, even one the policy rejects. */
void ts_raw_put(struct ts_raw *raw, __u16 type, const void *data, size_t len)
{
	size_t off = NLMSG_ALIGN(raw->nlh.nlmsg_len);
	struct nlattr *nla = (struct nlattr *)(raw->buf + off);

	if (off + NLA_HDRLEN + NLA_ALIGN(len) > sizeof(raw->buf))
		abort();
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memcpy((char *)nla + NLA_HDRLEN, data, len);
	raw->nlh.nlmsg_len = off + NLA_ALIGN(nla->nla_len);
}

int ts_send_raw(struct ts_sock *ts, const struct ts_raw *raw)
{
	return ts_send_nlh(ts, &raw->nlh);
}

static bool ts_attr_ok(const struct nlattr *nla, int rem)
{
	return rem >= (int)sizeof(*nla) && nla->nla_len >= sizeof(*nla) &&
	       nla->nla_len <= rem;
}

/*
 * Walk a stream of attributes: ts_attr_first() returns the first of the
 * @len bytes at @head, ts_attr_next() the one after @nla, each NULL when
 * no whole attribute is left; *@rem is the number of bytes left from the
 * attribute returned on, so 0 after the last of a well-formed stream.
 */
const struct nlattr *ts_attr_first(const void *head, int len, int *rem)
{
	*rem = len;
	return ts_attr_ok(head, len) ? head : NULL;
}

/* The first attribute nested in @nest. */
const struct nlattr *ts_attr_nested(const struct nlattr *nest, int *rem)
{
	return ts_attr_first(ts_attr_data(nest), ts_attr_len(nest), rem);
}

const struct nlattr *ts_attr_next(const struct nlattr *nla, int *rem)
{
	int len = NLA_ALIGN(nla->nla_len);

	*rem -= len;
	nla = (const struct nlattr *)((const char *)nla + len);
	return ts_attr_ok(nla, *rem) ? nla : NULL;
}

__u16 ts_attr_type(const struct nlattr *nla)
{
	return nla->nla_type & NLA_TYPE_MASK;
}

const void *ts_attr_data(const struct nlattr *nla)
{
	return (const char *)nla + NLA_HDRLEN;
}

int ts_attr_len(const struct nlattr *nla)
{
	return nla->nla_len - NLA_HDRLEN;
}

/* An attribute too short for the value reads as 0. */
__u16 ts_attr_u16(const struct nlattr *nla)
{
	__u16 v = 0;

	if (ts_attr_len(nla) >= (int)sizeof(v))
		memcpy(&v, ts_attr_data(nla), sizeof(v));
	return v;
}

__u32 ts_attr_u32(const struct nlattr *nla)
{
	__u32 v = 0;

	if (ts_attr_len(nla) >= (int)sizeof(v))
		memcpy(&v, ts_attr_data(nla), sizeof(v));
	return v;
}

/* Return: the string, or "" if the attribute holds no NUL-ended string. */
const char *ts_attr_str(const struct nlattr *nla)
{
	const char *s = ts_attr_data(nla);
	int len = ts_attr_len(nla);

	return len > 0 && memchr(s, 0, len) ? s : "";
}

/*
 * Index the attributes of the stream at @head, @len bytes, by type into
 * @tb[0..@max], as nla_parse() does: the last of several wins, types
 * above @max are left out.
 * Return: 0, or -EPROTO if the stream does not end on an attribute.
 */
int ts_attr_parse(const struct nlattr **tb, int max, const void *head,
		  int len)
{
	const struct nlattr *nla;
	int rem;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	for (nla = ts_attr_first(head, len, &rem); nla;
	     nla = ts_attr_next(nla, &rem)) {
		if (ts_attr_type(nla) <= max)
			tb[ts_attr_type(nla)] = nla;
	}
	return rem > 0 ? -EPROTO : 0;
}

int ts_attr_parse_nested(const struct nlattr **tb, int max,
			 const struct nlattr *nest)
{
	return ts_attr_parse(tb, max, ts_attr_data(nest), ts_attr_len(nest));
}

/* Return: the first attribute of a generic netlink message, @len bytes. */
const struct nlattr *ts_genl_attrs(const struct nlmsghdr *nlh, int *len)
{
	*len = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	return (const struct nlattr *)((const char *)NLMSG_DATA(nlh) +
				       GENL_HDRLEN);
}

/*
 * Return: the id of generic netlink family @name, -ENOENT if none, or
 * another -errno.
 */
int ts_resolve_family(struct ts_sock *ts, const char *name)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1], *head;
	struct ts_msg *msg = malloc(sizeof(*msg));
	struct ts_raw *raw = malloc(sizeof(*raw));
	int ret, err, len;

	ret = -ENOMEM;
	if (!msg || !raw)
		goto out;
	ts_raw_init(raw, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY);
	raw->nlh.nlmsg_seq = ++ts->seq;
	ts_raw_put(raw, CTRL_ATTR_FAMILY_NAME, name, strlen(name) + 1);
	ret = ts_send_raw(ts, raw);
	if (!ret)
		ret = ts_recv(ts, msg, true);
	if (ret)
		goto out;
	if (ts_msg_errno(msg, &err)) {
		ret = err ?: -EPROTO;
		goto out;
	}
	ret = -EPROTO;
	head = ts_genl_attrs(&msg->nlh, &len);
	if (msg->nlh.nlmsg_type != GENL_ID_CTRL ||
	    ts_attr_parse(tb, CTRL_ATTR_MAX, head, len) ||
	    !tb[CTRL_ATTR_FAMILY_ID])
		goto out;
	ret = ts_attr_u16(tb[CTRL_ATTR_FAMILY_ID]);
out:
	free(raw);
	free(msg);
	return ret;
}

/*
 * True for the exit record of a task that is not a child of this process.
 * Tasks that the test did not start may exit on the CPUs it listens to, on
 * a busy machine; their records are none of the test's business.
 */
static bool ts_record_of_other(const struct ts_msg *msg)
{
	struct ts_record recs[2];

	return !msg->nlh.nlmsg_pid && msg->nlh.nlmsg_type != NLMSG_ERROR &&
	       ts_parse(msg, recs, 2) > 0 &&
	       recs[0].aggr == TASKSTATS_TYPE_AGGR_PID &&
	       recs[0].stats.ac_ppid != (__u32)getpid();
}

/*
 * Receive one message: wait up to TS_TIMEOUT_SEC for it, or not at all.
 * Exit records of tasks that are not children of this process are skipped,
 * and counted in ts->others.
 * Return: 0, -EAGAIN when nothing came, -EMSGSIZE when it was truncated.
 */
int ts_recv(struct ts_sock *ts, struct ts_msg *msg, bool wait)
{
	for (;;) {
		msg->len = recv(ts->fd, msg->buf, sizeof(msg->buf),
				MSG_TRUNC | (wait ? 0 : MSG_DONTWAIT));
		if (msg->len < 0)
			return errno == EWOULDBLOCK ? -EAGAIN : -errno;
		if (msg->len > (ssize_t)sizeof(msg->buf))
			return -EMSGSIZE;
		if (!NLMSG_OK(&msg->nlh, msg->len))
			return -EPROTO;
		if (!ts_record_of_other(msg))
			return 0;
		ts->others++;
	}
}

/* Return: true if @msg is an NLMSG_ERROR, with its error (0: ACK) in @err. */
bool ts_msg_errno(const struct ts_msg *msg, int *err)
{
	const struct nlmsgerr *e = NLMSG_DATA(&msg->nlh);

	if (msg->nlh.nlmsg_type != NLMSG_ERROR)
		return false;
	*err = e->error;
	return true;
}

/*
 * True when no message but exit records of other tasks (skipped as by
 * ts_recv()) waits on the socket. Requests are handled, and exit records
 * are sent, before the system call that caused them returns, so nothing
 * can still be on its way. A message found is consumed.
 */
bool ts_nothing_queued(struct ts_sock *ts)
{
	struct ts_msg *msg = malloc(sizeof(*msg));
	bool nothing = msg && ts_recv(ts, msg, false) == -EAGAIN;

	free(msg);
	return nothing;
}

/*
 * Send @cmd with one attribute and receive the first message back.
 * Return: 0 with a data message in @reply, the (negative) error of an
 * NLMSG_ERROR, or -EAGAIN when nothing came back.
 */
int ts_request(struct ts_sock *ts, __u8 cmd, int attr, const void *data,
	       size_t len, struct ts_msg *reply)
{
	int ret, err;

	ret = ts_send_cmd(ts, cmd, 0, attr, data, len);
	if (!ret)
		ret = ts_recv(ts, reply, true);
	if (ret)
		return ret;
	if (ts_msg_errno(reply, &err))
		return err ?: -EPROTO;
	return 0;
}

/*
 * The sizes of the struct taskstats versions older than this header's,
 * from TS_OLDEST_VERSION on: each ends where the next version's first new
 * field starts. Version 15 is not one of them: it inserted fields after
 * cpu_delay_total, which version 16 moved to the end.
 */
static const struct {
	unsigned int version;
	size_t size;
} ts_versions[] = {
#if TASKSTATS_VERSION > 12
	{ 12, offsetof(struct taskstats, wpcopy_count) },
#endif
#if TASKSTATS_VERSION > 13
	{ 13, offsetof(struct taskstats, irq_count) },
#endif
#if TASKSTATS_VERSION > 15
	{ 14, offsetof(struct taskstats, cpu_delay_max) },
#endif
#if TASKSTATS_VERSION > 16
	{ 16, offsetof(struct taskstats, cpu_delay_max_ts) },
#endif
};

/*
 * Return: the size of struct taskstats @version, if this header tells it
 * (the version is the header's own or one the table above knows), or 0.
 */
size_t ts_stats_size(unsigned int version)
{
	size_t i;

	if (version == TASKSTATS_VERSION)
		return sizeof(struct taskstats);
	for (i = 0; i < ARRAY_SIZE(ts_versions); i++)
		if (ts_versions[i].version == version)
			return ts_versions[i].size;
	return 0;
}

/*
 * Whether a STATS payload of @len bytes fits the struct @version it says
 * it holds: that version's size when this header knows it, longer than
 * this header's struct when newer, shorter when older but unknown here.
 * Versions before TS_OLDEST_VERSION lack fields the tests read; version
 * 15 lays out the fields of the others differently.
 */
bool ts_stats_len_ok(unsigned int version, size_t len)
{
	size_t size = ts_stats_size(version);

	if (version < TS_OLDEST_VERSION ||
	    (version == 15 && TASKSTATS_VERSION != 15))
		return false;
	if (version > TASKSTATS_VERSION)
		return len > sizeof(struct taskstats);
	if (size)
		return len == size;
	return len < sizeof(struct taskstats);
}

/*
 * Whether the records seen so far came with a TASKSTATS_TYPE_NULL pad
 * before STATS where one can be: -1 none seen yet, 0 never, 1 always.
 */
static int ts_padded = -1;

static __printf(1, 2) int ts_bad(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "# ts_parse: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	return -EPROTO;
}

/*
 * nla_reserve_64bit() puts a 4-byte TASKSTATS_TYPE_NULL attribute before
 * STATS when the STATS header would start 8-byte aligned, so that the
 * struct is; the message starts 8-byte aligned in the kernel. Kernels
 * with efficient unaligned access never pad. So a pad may only come
 * where @off, the offset STATS would have without it, is a multiple of 8,
 * and all records agree whether they have one there.
 */
static int ts_check_pad(size_t off, bool pad)
{
	if (off % 8 && pad)
		return ts_bad("a pad where STATS would be at %zu", off);
	if (off % 8)
		return 0;
	if (ts_padded >= 0 && ts_padded != pad)
		return ts_bad("STATS at %zu %s a pad, unlike earlier ones",
			      off, pad ? "has" : "lacks");
	ts_padded = pad;
	return 0;
}

/* The attribute at @off of @msg, if its header fits before @end. */
static const struct nlattr *ts_attr_at(const struct ts_msg *msg, size_t off,
				       size_t end)
{
	const struct nlattr *nla = (const void *)(msg->buf + off);

	if (off + NLA_HDRLEN > end || nla->nla_len < NLA_HDRLEN ||
	    off + nla->nla_len > end)
		return NULL;
	return nla;
}

/*
 * Check the netlink and genetlink headers of a TASKSTATS_CMD_NEW message,
 * alone in its datagram, and parse its AGGR_PID/AGGR_TGID records: each a
 * nest (without NLA_F_NESTED) of the PID or TGID attribute, maybe a NULL
 * pad, and STATS, ending where STATS ends. STATS may have any length that
 * fits its version (ts_stats_len_ok()); what this header's struct has
 * room for is copied, the rest of it is zeroed.
 * Return: the number of records, or -EPROTO, with the reason on stderr.
 */
int ts_parse(const struct ts_msg *msg, struct ts_record *recs, int max)
{
	const struct genlmsghdr *genl = NLMSG_DATA(&msg->nlh);
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN, end = msg->len;
	const struct nlattr *aggr, *nla;
	struct ts_record *rec;
	size_t aggr_end;
	int n = 0, id_type;

	if (msg->len < NLMSG_LENGTH(GENL_HDRLEN) ||
	    msg->len != msg->nlh.nlmsg_len ||
	    genl->cmd != TASKSTATS_CMD_NEW ||
	    genl->version != TASKSTATS_GENL_VERSION)
		return ts_bad("not one TASKSTATS_CMD_NEW message");

	while (off < end) {
		aggr = ts_attr_at(msg, off, end);
		if (!aggr || n == max)
			return ts_bad("no room for record %d", n);
		if (aggr->nla_type != TASKSTATS_TYPE_AGGR_PID &&
		    aggr->nla_type != TASKSTATS_TYPE_AGGR_TGID)
			return ts_bad("record of type %#x", aggr->nla_type);
		aggr_end = off + aggr->nla_len;
		rec = &recs[n];
		memset(rec, 0, sizeof(*rec));
		rec->aggr = aggr->nla_type;
		id_type = rec->aggr == TASKSTATS_TYPE_AGGR_PID ?
			  TASKSTATS_TYPE_PID : TASKSTATS_TYPE_TGID;

		/* PID or TGID first, then STATS, maybe after a NULL pad. */
		off += NLA_HDRLEN;
		nla = ts_attr_at(msg, off, aggr_end);
		if (!nla || nla->nla_type != id_type ||
		    nla->nla_len != NLA_HDRLEN + sizeof(__u32))
			return ts_bad("record %d has no id first", n);
		rec->id = ts_attr_u32(nla);
		off += NLA_ALIGN(nla->nla_len);

		nla = ts_attr_at(msg, off, aggr_end);
		if (nla && nla->nla_type == TASKSTATS_TYPE_NULL &&
		    nla->nla_len == NLA_HDRLEN)
			rec->null_pad = true;
		if (ts_check_pad(off, rec->null_pad))
			return -EPROTO;
		if (rec->null_pad)
			off += NLA_HDRLEN;

		nla = ts_attr_at(msg, off, aggr_end);
		if (!nla || nla->nla_type != TASKSTATS_TYPE_STATS ||
		    off + NLA_ALIGN(nla->nla_len) != aggr_end)
			return ts_bad("record %d does not end with STATS", n);
		rec->offset = off;
		rec->len = ts_attr_len(nla);
		if (rec->len < sizeof(rec->stats.version))
			return ts_bad("STATS of %zu bytes", rec->len);
		memcpy(&rec->stats, ts_attr_data(nla),
		       ts_min(rec->len, sizeof(rec->stats)));
		rec->version = rec->stats.version;
		if (!ts_stats_len_ok(rec->version, rec->len))
			return ts_bad("STATS v%u, %zu bytes; headers v%d, %zu",
				      rec->version, rec->len,
				      TASKSTATS_VERSION,
				      sizeof(struct taskstats));
		rec->known = ts_min(rec->len, sizeof(rec->stats));
		off = aggr_end;
		n++;
	}
	return n;
}

/* Return: the length of a message that holds @recs and nothing else. */
size_t ts_msg_len(const struct ts_record *recs, int n)
{
	size_t len = NLMSG_HDRLEN + GENL_HDRLEN;
	int i;

	for (i = 0; i < n; i++)
		len += NLA_HDRLEN + NLA_ALIGN(NLA_HDRLEN + sizeof(__u32)) +
		       (recs[i].null_pad ? NLA_HDRLEN : 0) +
		       NLA_ALIGN(NLA_HDRLEN + recs[i].len);
	return len;
}

/* Wait for one message and parse it. Return: as ts_parse(), or -errno. */
int ts_recv_records(struct ts_sock *ts, struct ts_record *recs, int max,
		    struct ts_msg *msg)
{
	int ret = ts_recv(ts, msg, true);
	int err;

	if (ret)
		return ret;
	if (ts_msg_errno(msg, &err))
		return err ?: -EPROTO;
	return ts_parse(msg, recs, max);
}

/* TASKSTATS_CMD_GET for one PID or TGID. Return: 0 or -errno. */
int ts_query(struct ts_sock *ts, int attr, __u32 id, struct ts_record *rec)
{
	struct ts_msg *msg = malloc(sizeof(*msg));
	int ret;

	if (!msg)
		return -ENOMEM;
	ret = ts_request(ts, TASKSTATS_CMD_GET, attr, &id, sizeof(id), msg);
	if (!ret)
		ret = ts_parse(msg, rec, 1) == 1 ? 0 : -EPROTO;
	free(msg);
	return ret;
}

static int ts_listener(struct ts_sock *ts, int attr, const char *mask)
{
	struct ts_msg *msg = malloc(sizeof(*msg));
	int ret, err;

	if (!msg)
		return -ENOMEM;
	ret = ts_send_cmd(ts, TASKSTATS_CMD_GET, NLM_F_ACK, attr, mask,
			  strlen(mask) + 1);
	if (!ret)
		ret = ts_recv(ts, msg, true);
	if (!ret)
		ret = ts_msg_errno(msg, &err) ? err : -EPROTO;
	free(msg);
	return ret;
}

/* Register the socket for the exits on the CPUs of @mask. Return: errno. */
int ts_register(struct ts_sock *ts, const char *mask)
{
	return ts_listener(ts, TASKSTATS_CMD_ATTR_REGISTER_CPUMASK, mask);
}

int ts_deregister(struct ts_sock *ts, const char *mask)
{
	return ts_listener(ts, TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK, mask);
}

static int ts_caps(struct __user_cap_data_struct *data)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};

	return syscall(SYS_capget, &hdr, data) ? -errno : 0;
}

/* Whether this process has CAP_NET_ADMIN in effect. */
bool ts_cap_net_admin(void)
{
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	return !ts_caps(data) &&
	       data[CAP_TO_INDEX(CAP_NET_ADMIN)].effective &
	       CAP_TO_MASK(CAP_NET_ADMIN);
}

/* Drop CAP_NET_ADMIN from this process for good. Return: 0 or -errno. */
int ts_drop_cap_net_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	int idx = CAP_TO_INDEX(CAP_NET_ADMIN), ret;

	ret = ts_caps(data);
	if (ret)
		return ret;
	data[idx].effective &= ~CAP_TO_MASK(CAP_NET_ADMIN);
	data[idx].permitted &= ~CAP_TO_MASK(CAP_NET_ADMIN);
	data[idx].inheritable &= ~CAP_TO_MASK(CAP_NET_ADMIN);
	if (syscall(SYS_capset, &hdr, data))
		return -errno;
	return 0;
}

/* Whether the CPU list @list ("0-3,6", as in sysfs) has @cpu. */
static bool ts_list_has(const char *list, int cpu)
{
	const char *p = list;
	long lo, hi;
	char *end;

	for (;;) {
		lo = strtol(p, &end, 10);
		if (end == p)
			return false;
		hi = lo;
		if (*end == '-') {
			p = end + 1;
			hi = strtol(p, &end, 10);
			if (end == p)
				return false;
		}
		if (cpu >= lo && cpu <= hi)
			return true;
		if (*end != ',')
			return false;
		p = end + 1;
	}
}

/* Read the first line of @path into @buf. Return: 0 or -errno. */
static int ts_read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	int ret = 0;

	if (!f)
		return -errno;
	if (!fgets(buf, size, f))
		ret = -EIO;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return ret;
}

/*
 * Return: the CPU affinity mask of this process, large enough for every
 * CPU the kernel knows, with its number of CPUs in @ncpus; NULL on error.
 */
static cpu_set_t *ts_affinity(int *ncpus)
{
	cpu_set_t *set;
	int n;

	for (n = 1024; n <= 1 << 20; n *= 2) {
		set = CPU_ALLOC(n);
		if (!set)
			return NULL;
		if (!sched_getaffinity(0, CPU_ALLOC_SIZE(n), set)) {
			*ncpus = n;
			return set;
		}
		CPU_FREE(set);
		if (errno != EINVAL)
			return NULL;
	}
	return NULL;
}

/*
 * The CPUs a test may use: online, and in the affinity mask of this
 * process. Tests pick from these rather than assume that CPU 0 or 1 exist
 * and are theirs.
 * Return: how many there are; the first @max of them, ascending, in @cpus.
 */
int ts_usable_cpus(int *cpus, int max)
{
	int ncpus, cpu, n = 0;
	char online[4096];
	cpu_set_t *set;
	bool unknown;

	/* Without sysfs, take the affinity mask as it is. */
	unknown = ts_read_line("/sys/devices/system/cpu/online", online,
			       sizeof(online));

	set = ts_affinity(&ncpus);
	if (!set)
		return 0;
	for (cpu = 0; cpu < ncpus; cpu++) {
		if (!CPU_ISSET_S(cpu, CPU_ALLOC_SIZE(ncpus), set) ||
		    (!unknown && !ts_list_has(online, cpu)))
			continue;
		if (n < max)
			cpus[n] = cpu;
		n++;
	}
	CPU_FREE(set);
	return n;
}

/* Write @cpus as a CPU list, "2" or "2,5", into @buf. Return: @buf. */
const char *ts_cpu_list(char *buf, size_t size, const int *cpus, int n)
{
	size_t len = 0;
	int i;

	buf[0] = 0;
	for (i = 0; i < n && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%d", i ? "," : "",
				cpus[i]);
	return buf;
}

/*
 * Take the first two CPUs a test may use (ts_usable_cpus()) into @c, and
 * write their masks; with one CPU, cpu[1] is -1 and "both" is cpu[0].
 * Return: how many CPUs the test may use; if none, 0, and no CPU or mask
 * is written.
 */
int ts_two_cpus(struct ts_cpus *c)
{
	c->n = ts_usable_cpus(c->cpu, 2);
	if (c->n <= 0)
		return 0;
	if (c->n < 2)
		c->cpu[1] = -1;
	ts_cpu_list(c->mask, sizeof(c->mask), c->cpu, 1);
	ts_cpu_list(c->mask1, sizeof(c->mask1), &c->cpu[1], 1);
	ts_cpu_list(c->both, sizeof(c->both), c->cpu, c->n < 2 ? 1 : 2);
	return c->n;
}

/* Return: the possible CPUs, as a list such as "0-3", or "0" if unknown. */
const char *ts_possible_cpus(void)
{
	static char list[4096];

	if (ts_read_line("/sys/devices/system/cpu/possible", list,
			 sizeof(list)) || !list[0])
		snprintf(list, sizeof(list), "0");
	return list;
}

/* Move task @pid (0: the caller) to @cpu alone. Return: 0 or -errno. */
int ts_pin(pid_t pid, int cpu)
{
	cpu_set_t *set = CPU_ALLOC(cpu + 1);
	size_t size = CPU_ALLOC_SIZE(cpu + 1);
	int ret;

	if (!set)
		return -ENOMEM;
	CPU_ZERO_S(size, set);
	CPU_SET_S(cpu, size, set);
	ret = sched_setaffinity(pid, size, set) ? -errno : 0;
	CPU_FREE(set);
	return ret;
}

/*
 * Wait, boundedly (TS_TIMEOUT_SEC), until @done says yes to the text of
 * /proc/PID/@file.
 * Return: 0, -ETIMEDOUT, or -errno if the file cannot be read.
 */
static int wait_proc(pid_t pid, const char *file,
		     bool (*done)(const char *text, const char *arg),
		     const char *arg)
{
	struct timespec ms = { .tv_nsec = 1000000 };
	char path[64], buf[256];
	int i, fd, n;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	for (i = 0; i < TS_TIMEOUT_SEC * 1000; i++) {
		fd = open(path, O_RDONLY);
		if (fd < 0)
			return -errno;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			return -EIO;
		buf[n] = 0;
		if (done(buf, arg))
			return 0;
		nanosleep(&ms, NULL);
	}
	return -ETIMEDOUT;
}

/* The state letter of /proc/PID/stat follows the ") " closing the name. */
static bool state_is(const char *stat, const char *state)
{
	const char *s = strrchr(stat, ')');

	return s && s[1] == ' ' && s[2] == *state;
}

/*
 * Wait, boundedly (TS_TIMEOUT_SEC), until task @pid is in @state, its
 * letter in /proc/PID/stat: 'S' sleeping interruptibly, 'Z' a zombie.
 * Return: 0, -ETIMEDOUT, or -errno if its stat cannot be read.
 */
int ts_wait_state(pid_t pid, char state)
{
	return wait_proc(pid, "stat", state_is, &state);
}

/* The kernel's TASK_COMM_LEN, which no uapi header exports. */
#define TASK_COMM_LEN 16

/* /proc/PID/comm is the name, cut to TASK_COMM_LEN - 1 bytes, and "\n". */
static bool comm_is(const char *comm, const char *name)
{
	size_t len = strcspn(comm, "\n");

	return len == strnlen(name, TASK_COMM_LEN - 1) &&
	       !strncmp(comm, name, len);
}

/*
 * Return: "sockets: used" of /proc/PID/net/sockstat, the sockets of the
 * network namespace of task @pid, or -1 if it cannot be read.
 */
int ts_sockets_used(pid_t pid)
{
	char path[64], line[128];
	int n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/net/sockstat", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (n < 0 && fgets(line, sizeof(line), f))
		if (sscanf(line, "sockets: used %d", &n) != 1)
			n = -1;
	fclose(f);
	return n;
}

/*
 * Fork a child that moves to @cpu (if >= 0), names itself @comm (if not
 * NULL) and exits with @code; reap it. Its exit record, if any listener
 * gets one, is queued when this returns.
 * Return: the child's pid, or -errno.
 */
pid_t ts_exit_child(int cpu, int code, const char *comm)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -errno;
	if (!pid) {
		if (cpu >= 0 && ts_pin(0, cpu))
			_exit(255);
		if (comm)
			prctl(PR_SET_NAME, comm);
		_exit(code);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -errno;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != code)
		return -ECHILD;
	return pid;
}

/* Return: the last component of @path, what follows its last '/'. */
static const char *file_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/*
 * Fork a child that moves to @cpu (if >= 0) and executes @path with the
 * one argument @arg; return once the exec is complete. The close of a
 * pipe marked close-on-exec tells that it has begun (the child writes the
 * error there instead if the move or the exec failed); the kernel then
 * installs the new memory, executable and flags, and names the task after
 * the file last, so the name tells the end.
 * Return: the child's pid, or -errno (the error of the move or of the exec
 * if either failed).
 */
pid_t ts_spawn(int cpu, const char *path, const char *arg)
{
	const char *name = file_name(path);
	int sync[2], err = 0;
	pid_t pid;

	if (pipe2(sync, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (!pid) {
		close(sync[0]);
		err = cpu >= 0 ? -ts_pin(0, cpu) : 0;
		if (!err) {
			execl(path, path, arg, (char *)NULL);
			err = errno;
		}
		if (write(sync[1], &err, sizeof(err)) != sizeof(err))
			_exit(255);
		_exit(127);
	}
	close(sync[1]);
	if (pid > 0 && read(sync[0], &err, sizeof(err)) == sizeof(err)) {
		waitpid(pid, NULL, 0);
		pid = -err;
	} else if (pid > 0) {
		err = wait_proc(pid, "comm", comm_is, name);
		if (err) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			pid = err;
		}
	} else {
		pid = -errno;
	}
	close(sync[0]);
	return pid;
}

/*
 * Copy the executable @bin into a tmpfs mounted on a new directory, so that
 * stat() shows the device and inode the kernel reports for it whatever
 * filesystem (overlayfs, say) the tests run from. @dir is a mkdtemp()
 * template, @path gets the copy's path.
 * Return: 0 or -errno.
 */
int ts_tmpfs_copy(const char *bin, char *dir, char *path, size_t len)
{
	const char *name = file_name(bin);
	int in, out, ret = 0;
	struct stat st;
	ssize_t n;

	if (!mkdtemp(dir))
		return -errno;
	if (mount("tmpfs", dir, "tmpfs", 0, NULL)) {
		ret = -errno;
		rmdir(dir);
		return ret;
	}
	snprintf(path, len, "%s/%s", dir, name);
	in = open(bin, O_RDONLY);
	if (in < 0 || fstat(in, &st)) {
		ret = -errno;
		goto out;
	}
	out = open(path, O_WRONLY | O_CREAT | O_EXCL, 0755);
	if (out < 0) {
		ret = -errno;
		goto out;
	}
	while (!ret && st.st_size > 0) {
		n = sendfile(out, in, NULL, st.st_size);
		if (n <= 0)
			ret = n ? -errno : -EIO;
		st.st_size -= n;
	}
	close(out);
out:
	if (in >= 0)
		close(in);
	if (ret)
		ts_tmpfs_remove(dir, path);
	return ret;
}

/* A device number as the kernel's huge_encode_dev() puts it in ac_exe_dev. */
__u64 ts_encode_dev(dev_t dev)
{
	unsigned int ma = major(dev), mi = minor(dev);

	return (mi & 0xff) | (ma << 8) | ((__u64)(mi & ~0xffu) << 12);
}

void ts_tmpfs_remove(const char *dir, const char *path)
{
	unlink(path);
	umount(dir);
	rmdir(dir);
}

int ts_write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -EIO;
}
