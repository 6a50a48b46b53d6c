// SPDX-License-Identifier: GPL-2.0
/*
 * The TASKSTATS generic netlink family as user space sees it: what the
 * controller reports, what is refused before any taskstats code runs,
 * which malformed requests get an error, and in which order the
 * TASKSTATS_CMD_GET attributes are acted upon.
 *
 * How the generic netlink core parses attributes (which errno a short
 * attribute gets, whether unknown or repeated ones are accepted) is its
 * own business and has changed over time: here a malformed request only
 * has to fail, with nothing sent back but the error and nothing
 * registered, and a request that is answered must get the right answer.
 *
 * The tests that do not need CAP_NET_ADMIN run without it too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "taskstats_nl.h"

/* A pid no task can have: above PID_MAX_LIMIT. */
#define NO_SUCH_PID	0x7ffffff0

#define NO_ADMIN	"needs CAP_NET_ADMIN"

FIXTURE(genl) {
	struct ts_sock ts;
	struct ts_msg msg;
	struct ts_raw raw;
	bool admin;
	int cpu;		/* a CPU this test may use */
	char mask[16];		/* that CPU as a mask */
};

FIXTURE_SETUP(genl)
{
	int ret;

	self->ts.fd = -1;
	ret = ts_open(&self->ts);
	if (ret == -ENOENT)
		SKIP(return, "no TASKSTATS family (CONFIG_TASKSTATS=n)");
	ASSERT_EQ(0, ret);
	self->admin = ts_cap_net_admin();
	ASSERT_LT(0, ts_usable_cpus(&self->cpu, 1));
	ts_cpu_list(self->mask, sizeof(self->mask), &self->cpu, 1);
}

FIXTURE_TEARDOWN(genl)
{
	ts_close(&self->ts);
}

/* Send a request to the generic netlink controller, by family name. */
static int ctrl_send(struct ts_sock *ts, __u8 cmd, __u16 flags)
{
	struct ts_raw raw;

	ts_raw_init(&raw, GENL_ID_CTRL, flags, cmd);
	ts_raw_put(&raw, CTRL_ATTR_FAMILY_NAME, TASKSTATS_GENL_NAME,
		   sizeof(TASKSTATS_GENL_NAME));
	return ts_send_raw(ts, &raw);
}

/* Send @raw: return the error it gets (0: an ACK), or 1 for a reply. */
static int raw_errno(struct ts_sock *ts, struct ts_raw *raw,
		     struct ts_msg *msg)
{
	int ret = ts_send_raw(ts, raw);
	int err;

	if (!ret)
		ret = ts_recv(ts, msg, true);
	if (ret)
		return ret;
	return ts_msg_errno(msg, &err) ? err : 1;
}

/*
 * Send the malformed request @raw: it must get an error, and nothing
 * else; when it asked to register, nothing may be registered for @cpu.
 */
static void expect_rejected(struct __test_metadata *_metadata,
			    struct ts_sock *ts, struct ts_raw *raw,
			    struct ts_msg *msg, int cpu, const char *what)
{
	int ret = raw_errno(ts, raw, msg);

	EXPECT_GT(0, ret) TH_LOG("%s: %d", what, ret);
	EXPECT_TRUE(ts_nothing_queued(ts)) TH_LOG("%s", what);
	ASSERT_LT(0, ts_exit_child(cpu, 0, NULL));
	EXPECT_TRUE(ts_nothing_queued(ts))
		TH_LOG("%s: registered for CPU %d", what, cpu);
}

TEST_F(genl, family_attributes)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1], *ob[CTRL_ATTR_OP_MAX + 1];
	__u32 flags[2] = { 0 }, ids[2] = { 0 };
	const struct nlattr *op, *head;
	int len, rem, n = 0;

	ASSERT_EQ(0, ctrl_send(&self->ts, CTRL_CMD_GETFAMILY, 0));
	ASSERT_EQ(0, ts_recv(&self->ts, &self->msg, true));
	ASSERT_EQ(GENL_ID_CTRL, self->msg.nlh.nlmsg_type);
	head = ts_genl_attrs(&self->msg.nlh, &len);
	ASSERT_EQ(0, ts_attr_parse(tb, CTRL_ATTR_MAX, head, len));

	ASSERT_NE(NULL, tb[CTRL_ATTR_FAMILY_ID]);
	EXPECT_EQ(self->ts.family, ts_attr_u16(tb[CTRL_ATTR_FAMILY_ID]));
	ASSERT_NE(NULL, tb[CTRL_ATTR_FAMILY_NAME]);
	EXPECT_STREQ(TASKSTATS_GENL_NAME,
		     ts_attr_str(tb[CTRL_ATTR_FAMILY_NAME]));
	ASSERT_NE(NULL, tb[CTRL_ATTR_VERSION]);
	EXPECT_EQ(TASKSTATS_GENL_VERSION, ts_attr_u32(tb[CTRL_ATTR_VERSION]));
	EXPECT_EQ(1, TASKSTATS_GENL_VERSION);
	ASSERT_NE(NULL, tb[CTRL_ATTR_HDRSIZE]);
	EXPECT_EQ(0, ts_attr_u32(tb[CTRL_ATTR_HDRSIZE]));
	/* Policies are per op: the family itself has none. */
	ASSERT_NE(NULL, tb[CTRL_ATTR_MAXATTR]);
	EXPECT_EQ(0, ts_attr_u32(tb[CTRL_ATTR_MAXATTR]));
	EXPECT_EQ(NULL, tb[CTRL_ATTR_MCAST_GROUPS]);

	/* Two ops; only TASKSTATS_CMD_GET needs CAP_NET_ADMIN. */
	ASSERT_NE(NULL, tb[CTRL_ATTR_OPS]);
	for (op = ts_attr_nested(tb[CTRL_ATTR_OPS], &rem); op;
	     op = ts_attr_next(op, &rem)) {
		ASSERT_LT(n, 2);
		ASSERT_EQ(0, ts_attr_parse_nested(ob, CTRL_ATTR_OP_MAX, op));
		ASSERT_NE(NULL, ob[CTRL_ATTR_OP_ID]);
		ASSERT_NE(NULL, ob[CTRL_ATTR_OP_FLAGS]);
		ids[n] = ts_attr_u32(ob[CTRL_ATTR_OP_ID]);
		flags[n] = ts_attr_u32(ob[CTRL_ATTR_OP_FLAGS]);
		n++;
	}
	ASSERT_EQ(2, n);
	EXPECT_EQ(TASKSTATS_CMD_GET, ids[0]);
	EXPECT_EQ(GENL_ADMIN_PERM | GENL_CMD_CAP_DO | GENL_CMD_CAP_HASPOL,
		  flags[0]);
	EXPECT_EQ(CGROUPSTATS_CMD_GET, ids[1]);
	EXPECT_EQ(GENL_CMD_CAP_DO | GENL_CMD_CAP_HASPOL, flags[1]);
}

/*
 * Collect from one CTRL_CMD_GETPOLICY message which policy each op uses
 * (@do_policy[op]) and the type of each attribute of each policy
 * (@types[policy][attr]). Dump policies are only counted.
 */
static void policy_msg(struct __test_metadata *_metadata, __u16 family,
		       const struct nlmsghdr *nlh, int types[4][8],
		       int do_policy[8], int *dump_policies)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1], *a, *b, *c, *head;
	int len, r1, r2, r3;

	ASSERT_EQ(GENL_ID_CTRL, nlh->nlmsg_type);
	head = ts_genl_attrs(nlh, &len);
	ASSERT_EQ(0, ts_attr_parse(tb, CTRL_ATTR_MAX, head, len));
	ASSERT_NE(NULL, tb[CTRL_ATTR_FAMILY_ID]);
	EXPECT_EQ(family, ts_attr_u16(tb[CTRL_ATTR_FAMILY_ID]));

	/* op -> { CTRL_ATTR_POLICY_DO: index, ... } */
	if (tb[CTRL_ATTR_OP_POLICY]) {
		for (a = ts_attr_nested(tb[CTRL_ATTR_OP_POLICY], &r1); a;
		     a = ts_attr_next(a, &r1)) {
			ASSERT_LT(ts_attr_type(a), 8);
			for (b = ts_attr_nested(a, &r2); b;
			     b = ts_attr_next(b, &r2)) {
				if (ts_attr_type(b) == CTRL_ATTR_POLICY_DO)
					do_policy[ts_attr_type(a)] =
						ts_attr_u32(b);
				else
					(*dump_policies)++;
			}
		}
	}
	/* index -> attribute -> { NL_POLICY_TYPE_ATTR_TYPE: type, ... } */
	if (!tb[CTRL_ATTR_POLICY])
		return;
	for (a = ts_attr_nested(tb[CTRL_ATTR_POLICY], &r1); a;
	     a = ts_attr_next(a, &r1)) {
		ASSERT_LT(ts_attr_type(a), 4);
		for (b = ts_attr_nested(a, &r2); b;
		     b = ts_attr_next(b, &r2)) {
			ASSERT_LT(ts_attr_type(b), 8);
			for (c = ts_attr_nested(b, &r3); c;
			     c = ts_attr_next(c, &r3)) {
				if (ts_attr_type(c) != NL_POLICY_TYPE_ATTR_TYPE)
					continue;
				types[ts_attr_type(a)][ts_attr_type(b)] =
					ts_attr_u32(c);
			}
		}
	}
}

/*
 * CTRL_CMD_GETPOLICY: TASKSTATS_CMD_GET takes PID and TGID as u32 and the
 * two cpumasks as strings, CGROUPSTATS_CMD_GET takes FD as u32; no op has
 * a dump policy.
 */
TEST_F(genl, per_op_policy)
{
	/* [policy index][attribute] = NL_ATTR_TYPE_*, op -> policy index */
	int types[4][8], do_policy[8], dump_policies = 0, i, j;
	bool done = false;

	memset(types, -1, sizeof(types));
	memset(do_policy, -1, sizeof(do_policy));
	ASSERT_EQ(0, ctrl_send(&self->ts, CTRL_CMD_GETPOLICY, NLM_F_DUMP));
	while (!done) {
		struct nlmsghdr *nlh = &self->msg.nlh;
		int len;

		ASSERT_EQ(0, ts_recv(&self->ts, &self->msg, true));
		for (len = self->msg.len; NLMSG_OK(nlh, len) && !done;
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_type == NLMSG_DONE)
				done = true;
			else
				policy_msg(_metadata, self->ts.family, nlh,
					   types, do_policy, &dump_policies);
		}
	}

	EXPECT_EQ(0, dump_policies);
	for (i = 0; i < 8; i++) {
		if (i != TASKSTATS_CMD_GET && i != CGROUPSTATS_CMD_GET)
			EXPECT_EQ(-1, do_policy[i]);
	}
	i = do_policy[TASKSTATS_CMD_GET];
	j = do_policy[CGROUPSTATS_CMD_GET];
	ASSERT_GE(i, 0);
	ASSERT_GE(j, 0);
	ASSERT_NE(i, j);
	ASSERT_LT(i, 4);
	ASSERT_LT(j, 4);
	EXPECT_EQ(-1, types[i][0]);
	EXPECT_EQ(NL_ATTR_TYPE_U32, types[i][TASKSTATS_CMD_ATTR_PID]);
	EXPECT_EQ(NL_ATTR_TYPE_U32, types[i][TASKSTATS_CMD_ATTR_TGID]);
	EXPECT_EQ(NL_ATTR_TYPE_STRING,
		  types[i][TASKSTATS_CMD_ATTR_REGISTER_CPUMASK]);
	EXPECT_EQ(NL_ATTR_TYPE_STRING,
		  types[i][TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK]);
	EXPECT_EQ(-1, types[i][5]);
	EXPECT_EQ(-1, types[j][0]);
	EXPECT_EQ(NL_ATTR_TYPE_U32, types[j][CGROUPSTATS_CMD_ATTR_FD]);
	EXPECT_EQ(-1, types[j][2]);
}

/* netnsok: the family, and its queries, work in any network namespace. */
TEST_F(genl, other_network_namespace)
{
	struct ts_record rec;
	struct ts_sock ts;

	if (!self->admin)
		SKIP(return, NO_ADMIN);
	if (unshare(CLONE_NEWNET))
		SKIP(return, "unshare(CLONE_NEWNET): %s (CONFIG_NET_NS=n?)",
		     strerror(errno));
	ASSERT_EQ(0, ts_open(&ts));
	EXPECT_EQ(self->ts.family, ts.family);
	EXPECT_EQ(0, ts_query(&ts, TASKSTATS_CMD_ATTR_PID, getpid(), &rec));
	EXPECT_EQ(getpid(), rec.stats.ac_pid);
	ts_close(&ts);
}

/* Checked before the permission: no privilege needed. */
TEST_F(genl, unknown_cmd)
{
	static const __u8 cmds[] = { TASKSTATS_CMD_UNSPEC, TASKSTATS_CMD_NEW,
				     3, CGROUPSTATS_CMD_NEW, 6, 100, 255 };
	unsigned int i;

	for (i = 0; i < sizeof(cmds); i++) {
		ts_raw_init(&self->raw, self->ts.family, 0, cmds[i]);
		EXPECT_EQ(-EOPNOTSUPP,
			  raw_errno(&self->ts, &self->raw, &self->msg))
			TH_LOG("cmd %u", cmds[i]);
	}
}

TEST_F(genl, dump_not_supported)
{
	__u32 pid = getpid(), fd = 0;

	ts_raw_init(&self->raw, self->ts.family, NLM_F_DUMP,
		    TASKSTATS_CMD_GET);
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_PID, &pid, sizeof(pid));
	EXPECT_EQ(-EOPNOTSUPP, raw_errno(&self->ts, &self->raw, &self->msg));

	ts_raw_init(&self->raw, self->ts.family, NLM_F_DUMP,
		    CGROUPSTATS_CMD_GET);
	ts_raw_put(&self->raw, CGROUPSTATS_CMD_ATTR_FD, &fd, sizeof(fd));
	EXPECT_EQ(-EOPNOTSUPP, raw_errno(&self->ts, &self->raw, &self->msg));
}

/*
 * GENL_ADMIN_PERM: without CAP_NET_ADMIN, TASKSTATS_CMD_GET fails with
 * EPERM before its attributes are looked at; CGROUPSTATS_CMD_GET is open.
 */
TEST_F(genl, cap_net_admin)
{
	struct ts_sock ts;
	__u32 pid = getpid();

	ASSERT_EQ(0, ts_drop_cap_net_admin());
	ASSERT_EQ(0, ts_open(&ts));

	ts_raw_init(&self->raw, ts.family, 0, TASKSTATS_CMD_GET);
	EXPECT_EQ(-EPERM, raw_errno(&ts, &self->raw, &self->msg));
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_PID, &pid, sizeof(pid));
	EXPECT_EQ(-EPERM, raw_errno(&ts, &self->raw, &self->msg));
	EXPECT_EQ(-EPERM, ts_register(&ts, self->mask));
	EXPECT_EQ(-EPERM, ts_deregister(&ts, self->mask));

	/* Past the permission check: EINVAL for the missing FD attribute. */
	ts_raw_init(&self->raw, ts.family, 0, CGROUPSTATS_CMD_GET);
	EXPECT_EQ(-EINVAL, raw_errno(&ts, &self->raw, &self->msg));
	ts_close(&ts);
}

/* A message cut inside the generic netlink header is an error. */
TEST_F(genl, shorter_than_genl_header)
{
	static const int lens[] = { NLMSG_HDRLEN,
				    NLMSG_HDRLEN + GENL_HDRLEN - 1 };
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		ts_raw_init(&self->raw, self->ts.family, 0,
			    TASKSTATS_CMD_GET);
		self->raw.nlh.nlmsg_len = lens[i];
		ret = raw_errno(&self->ts, &self->raw, &self->msg);
		EXPECT_GT(0, ret) TH_LOG("%d bytes: %d", lens[i], ret);
		EXPECT_TRUE(ts_nothing_queued(&self->ts));
	}
}

/* TASKSTATS_CMD_GET with none of its four attributes: EINVAL. */
TEST_F(genl, no_known_attribute)
{
	__u32 val = getpid();

	if (!self->admin)
		SKIP(return, NO_ADMIN);
	ts_raw_init(&self->raw, self->ts.family, 0, TASKSTATS_CMD_GET);
	EXPECT_EQ(-EINVAL, raw_errno(&self->ts, &self->raw, &self->msg));

	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_UNSPEC, &val, sizeof(val));
	ts_raw_put(&self->raw, __TASKSTATS_CMD_ATTR_MAX, &val, sizeof(val));
	ts_raw_put(&self->raw, 200, &val, sizeof(val));
	EXPECT_EQ(-EINVAL, raw_errno(&self->ts, &self->raw, &self->msg));
}

/* A u32 attribute shorter than four bytes is an error. */
TEST_F(genl, u32_attribute_too_short)
{
	static const int attrs[] = { TASKSTATS_CMD_ATTR_PID,
				     TASKSTATS_CMD_ATTR_TGID };
	__u32 val = getpid();
	unsigned int i, len;
	char what[32];

	if (!self->admin)
		SKIP(return, NO_ADMIN);
	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		for (len = 0; len < sizeof(val); len++) {
			ts_raw_init(&self->raw, self->ts.family, 0,
				    TASKSTATS_CMD_GET);
			ts_raw_put(&self->raw, attrs[i], &val, len);
			snprintf(what, sizeof(what), "attr %d, %u bytes",
				 attrs[i], len);
			expect_rejected(_metadata, &self->ts, &self->raw,
					&self->msg, self->cpu, what);
		}
	}

	ts_raw_init(&self->raw, self->ts.family, 0, CGROUPSTATS_CMD_GET);
	ts_raw_put(&self->raw, CGROUPSTATS_CMD_ATTR_FD, &val, 2);
	expect_rejected(_metadata, &self->ts, &self->raw, &self->msg,
			self->cpu, "fd, 2 bytes");
}

/* An empty cpumask string is an error, and registers nothing. */
TEST_F(genl, empty_string_attribute)
{
	if (!self->admin)
		SKIP(return, NO_ADMIN);
	ts_raw_init(&self->raw, self->ts.family, 0, TASKSTATS_CMD_GET);
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_REGISTER_CPUMASK, "", 0);
	expect_rejected(_metadata, &self->ts, &self->raw, &self->msg,
			self->cpu, "empty register mask");

	ts_raw_init(&self->raw, self->ts.family, 0, TASKSTATS_CMD_GET);
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK, "", 0);
	expect_rejected(_metadata, &self->ts, &self->raw, &self->msg,
			self->cpu, "empty deregister mask");
}

/*
 * A u32 attribute longer than four bytes: an error, or, where the generic
 * netlink core accepts it, the reply for its first four bytes.
 */
TEST_F(genl, u32_attribute_too_long)
{
	__u32 val[2] = { getpid(), 0xdeadbeef };
	struct ts_record rec;
	int ret;

	if (!self->admin)
		SKIP(return, NO_ADMIN);
	ts_raw_init(&self->raw, self->ts.family, 0, TASKSTATS_CMD_GET);
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_PID, val, sizeof(val));
	ret = raw_errno(&self->ts, &self->raw, &self->msg);
	if (ret < 0) {
		TH_LOG("rejected: %s", strerror(-ret));
		EXPECT_TRUE(ts_nothing_queued(&self->ts));
		return;
	}
	ASSERT_EQ(1, ret);
	TH_LOG("accepted");
	ASSERT_EQ(1, ts_parse(&self->msg, &rec, 1));
	EXPECT_EQ(TASKSTATS_TYPE_AGGR_PID, rec.aggr);
	EXPECT_EQ(val[0], rec.id);
	EXPECT_EQ(val[0], rec.stats.ac_pid);
}

/*
 * Attributes TASKSTATS_CMD_GET does not know, around a PID: an error, or
 * the reply for that PID.
 */
TEST_F(genl, unknown_attributes)
{
	__u32 pid = getpid();
	struct ts_record rec;
	int ret;

	if (!self->admin)
		SKIP(return, NO_ADMIN);
	ts_raw_init(&self->raw, self->ts.family, 0, TASKSTATS_CMD_GET);
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_UNSPEC, "x", 1);
	ts_raw_put(&self->raw, 200, &pid, sizeof(pid));
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_PID, &pid, sizeof(pid));
	ts_raw_put(&self->raw, __TASKSTATS_CMD_ATTR_MAX, "", 0);
	ret = raw_errno(&self->ts, &self->raw, &self->msg);
	if (ret < 0) {
		TH_LOG("rejected: %s", strerror(-ret));
		EXPECT_TRUE(ts_nothing_queued(&self->ts));
		return;
	}
	ASSERT_EQ(1, ret);
	TH_LOG("ignored");
	ASSERT_EQ(1, ts_parse(&self->msg, &rec, 1));
	EXPECT_EQ(pid, rec.id);
	EXPECT_EQ(pid, rec.stats.ac_pid);
}

/*
 * The PID attribute twice, a live pid and one no task has: an error, or
 * the answer for one of them (a reply for the live one or ESRCH), never
 * a mix of both.
 */
TEST_F(genl, duplicate_attribute)
{
	__u32 pid = getpid();
	__u32 ids[2][2] = { { NO_SUCH_PID, pid }, { pid, NO_SUCH_PID } };
	struct ts_record rec;
	int i, ret;

	if (!self->admin)
		SKIP(return, NO_ADMIN);
	for (i = 0; i < 2; i++) {
		ts_raw_init(&self->raw, self->ts.family, 0, TASKSTATS_CMD_GET);
		ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_PID, &ids[i][0],
			   sizeof(__u32));
		ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_PID, &ids[i][1],
			   sizeof(__u32));
		ret = raw_errno(&self->ts, &self->raw, &self->msg);
		if (ret == 1) {
			TH_LOG("%u then %u: the reply for %u", ids[i][0],
			       ids[i][1], pid);
			ASSERT_EQ(1, ts_parse(&self->msg, &rec, 1));
			EXPECT_EQ(pid, rec.id);
			EXPECT_EQ(pid, rec.stats.ac_pid);
		} else {
			TH_LOG("%u then %u: %s", ids[i][0], ids[i][1],
			       strerror(-ret));
			EXPECT_GT(0, ret);
		}
		EXPECT_TRUE(ts_nothing_queued(&self->ts));
	}
}

/* REGISTER_CPUMASK is acted upon first: the bad DEREGISTER mask is unread. */
TEST_F(genl, dispatch_register_first)
{
	__u32 pid = getpid();
	struct ts_record rec;
	pid_t child;

	if (!self->admin)
		SKIP(return, NO_ADMIN);
	ts_raw_init(&self->raw, self->ts.family, NLM_F_ACK, TASKSTATS_CMD_GET);
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_TGID, &pid, sizeof(pid));
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_PID, &pid, sizeof(pid));
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK, "bad", 4);
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_REGISTER_CPUMASK, self->mask,
		   strlen(self->mask) + 1);
	ASSERT_EQ(0, raw_errno(&self->ts, &self->raw, &self->msg));

	/* Registered: the next exit on that CPU reaches this socket. */
	child = ts_exit_child(self->cpu, 0, NULL);
	ASSERT_GT(child, 0);
	ASSERT_EQ(1, ts_recv_records(&self->ts, &rec, 1, &self->msg));
	EXPECT_EQ(child, rec.id);
	EXPECT_EQ(0, ts_deregister(&self->ts, self->mask));

	/* The bad REGISTER mask fails the request, before DEREGISTER. */
	ts_raw_init(&self->raw, self->ts.family, 0, TASKSTATS_CMD_GET);
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK,
		   self->mask, strlen(self->mask) + 1);
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_REGISTER_CPUMASK, "bad", 4);
	EXPECT_GT(0, raw_errno(&self->ts, &self->raw, &self->msg));
}

/* DEREGISTER_CPUMASK comes before PID and TGID. */
TEST_F(genl, dispatch_deregister_second)
{
	__u32 pid = getpid();

	if (!self->admin)
		SKIP(return, NO_ADMIN);
	ts_raw_init(&self->raw, self->ts.family, NLM_F_ACK, TASKSTATS_CMD_GET);
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_PID, &pid, sizeof(pid));
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_TGID, &pid, sizeof(pid));
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK,
		   self->mask, strlen(self->mask) + 1);
	/* An ACK, and no reply before it. */
	EXPECT_EQ(0, raw_errno(&self->ts, &self->raw, &self->msg));
	EXPECT_TRUE(ts_nothing_queued(&self->ts));

	/* The bad DEREGISTER mask fails the request: no reply for the PID. */
	ts_raw_init(&self->raw, self->ts.family, 0, TASKSTATS_CMD_GET);
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_PID, &pid, sizeof(pid));
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK, "bad", 4);
	EXPECT_GT(0, raw_errno(&self->ts, &self->raw, &self->msg));
	EXPECT_TRUE(ts_nothing_queued(&self->ts));
}

/* PID comes before TGID. */
TEST_F(genl, dispatch_pid_before_tgid)
{
	__u32 pid = getpid(), none = NO_SUCH_PID;
	struct ts_record rec;

	if (!self->admin)
		SKIP(return, NO_ADMIN);
	ts_raw_init(&self->raw, self->ts.family, 0, TASKSTATS_CMD_GET);
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_TGID, &pid, sizeof(pid));
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_PID, &pid, sizeof(pid));
	ASSERT_EQ(1, raw_errno(&self->ts, &self->raw, &self->msg));
	ASSERT_EQ(1, ts_parse(&self->msg, &rec, 1));
	EXPECT_EQ(TASKSTATS_TYPE_AGGR_PID, rec.aggr);

	ts_raw_init(&self->raw, self->ts.family, 0, TASKSTATS_CMD_GET);
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_TGID, &pid, sizeof(pid));
	ts_raw_put(&self->raw, TASKSTATS_CMD_ATTR_PID, &none, sizeof(none));
	EXPECT_EQ(-ESRCH, raw_errno(&self->ts, &self->raw, &self->msg));
}

TEST_HARNESS_MAIN
