// SPDX-License-Identifier: GPL-2.0
/*
 * CGROUPSTATS_CMD_GET: the task states of a cgroup v1 directory, given by
 * a file descriptor. The command needs no privilege; only the tests that
 * mount a cgroup hierarchy need root.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "taskstats_nl.h"

/* The length of a reply: one attribute holding struct cgroupstats. */
#define CG_MSG_LEN	(NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN + \
			 sizeof(struct cgroupstats))

FIXTURE(cgroupstats) {
	struct ts_sock ts;
	struct ts_msg msg;
	char dir[32];		/* mount point of the hierarchy under test */
	char group[64];		/* a child cgroup in it */
	pid_t child[2];
	bool mounted;
};

FIXTURE_SETUP(cgroupstats)
{
	int ret;

	self->ts.fd = -1;
	ret = ts_open(&self->ts);
	if (ret == -ENOENT)
		SKIP(return, "no TASKSTATS family (CONFIG_TASKSTATS=n)");
	ASSERT_EQ(0, ret);
	snprintf(self->dir, sizeof(self->dir), "/tmp/cgroupstats.XXXXXX");
}

FIXTURE_TEARDOWN(cgroupstats)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (self->child[i] > 0) {
			kill(self->child[i], SIGKILL);
			waitpid(self->child[i], NULL, 0);
		}
	}
	if (self->group[0]) {
		rmdir(self->group);
		if (self->mounted)
			umount(self->dir);
		rmdir(self->dir);
	}
	ts_close(&self->ts);
}

/*
 * Mount a named cgroup v1 hierarchy (no controller), or cgroup2, on a new
 * directory made from the mkdtemp() template @dir, and make the cgroup
 * @group (@len bytes) in it.
 */
static int mount_cgroup(char *dir, char *group, size_t len, bool v2,
			bool *mounted)
{
	if (!mkdtemp(dir))
		return -errno;
	snprintf(group, len, "%s/group", dir);
	if (v2 ? mount("cgroup2", dir, "cgroup2", 0, NULL) :
		 mount("cgroup", dir, "cgroup", 0, "none,name=cgroupstats"))
		return -errno;
	*mounted = true;
	return mkdir(group, 0755) ? -errno : 0;
}

static int send_fd(struct ts_sock *ts, __u16 flags, __u32 fd)
{
	return ts_send_cmd(ts, CGROUPSTATS_CMD_GET, flags,
			   CGROUPSTATS_CMD_ATTR_FD, &fd, sizeof(fd));
}

/* Query the cgroup at @path. Return: 0 with the reply in @msg, or -errno. */
static int query_path(struct ts_sock *ts, const char *path, struct ts_msg *msg)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	int ret, err;

	if (fd < 0)
		return -errno;
	ret = send_fd(ts, 0, fd);
	if (!ret)
		ret = ts_recv(ts, msg, true);
	close(fd);
	if (!ret && ts_msg_errno(msg, &err))
		ret = err ?: -EPROTO;
	return ret;
}

/* Send @raw and return the error it gets. */
static int raw_error(struct ts_sock *ts, struct ts_raw *raw, struct ts_msg *msg)
{
	int ret = ts_send_raw(ts, raw);
	int err;

	if (!ret)
		ret = ts_recv(ts, msg, true);
	if (ret)
		return ret;
	return ts_msg_errno(msg, &err) ? err : -EPROTO;
}

TEST_F(cgroupstats, no_fd_attribute)
{
	struct ts_raw raw;

	ts_raw_init(&raw, self->ts.family, 0, CGROUPSTATS_CMD_GET);
	EXPECT_EQ(-EINVAL, raw_error(&self->ts, &raw, &self->msg));
	ts_raw_put(&raw, CGROUPSTATS_CMD_ATTR_FD + 1, "abcd", 4);
	EXPECT_EQ(-EINVAL, raw_error(&self->ts, &raw, &self->msg));
}

/*
 * A descriptor that is not open: before mainline's b0860c1df2dc the
 * command succeeded without a reply (an ACK only with NLM_F_ACK), since
 * then it fails with EBADF. Either is right; nothing else is, and both
 * requests must get the same.
 */
TEST_F(cgroupstats, bad_fd)
{
	int fd, err = 1, again = 1;

	/* The number of a descriptor just closed is not open. */
	fd = open("/dev/null", O_RDONLY);
	ASSERT_LE(0, fd);
	close(fd);

	ASSERT_EQ(0, send_fd(&self->ts, NLM_F_ACK, fd));
	ASSERT_EQ(0, ts_recv(&self->ts, &self->msg, true));
	ASSERT_TRUE(ts_msg_errno(&self->msg, &err));
	ASSERT_TRUE(!err || err == -EBADF) TH_LOG("error %d", err);
	TH_LOG("a descriptor that is not open: %s",
	       err ? "EBADF" : "success, no reply");

	/* Without NLM_F_ACK, only an error comes back. */
	ASSERT_EQ(0, send_fd(&self->ts, 0, fd));
	if (err) {
		ASSERT_EQ(0, ts_recv(&self->ts, &self->msg, true));
		ASSERT_TRUE(ts_msg_errno(&self->msg, &again));
		EXPECT_EQ(err, again);
	}
	EXPECT_TRUE(ts_nothing_queued(&self->ts));
}

TEST_F(cgroupstats, not_a_cgroup)
{
	struct ts_raw raw;
	__u32 fd;

	EXPECT_EQ(-EINVAL, query_path(&self->ts, "/tmp", &self->msg));
	fd = open("/proc/self/status", O_RDONLY);
	ASSERT_GE(fd, 0);
	ts_raw_init(&raw, self->ts.family, 0, CGROUPSTATS_CMD_GET);
	ts_raw_put(&raw, CGROUPSTATS_CMD_ATTR_FD, &fd, sizeof(fd));
	EXPECT_EQ(-EINVAL, raw_error(&self->ts, &raw, &self->msg));
	close(fd);
}

/*
 * A cgroup v1 directory with a sleeping and a stopped task: the reply is
 * one CGROUPSTATS_TYPE_CGROUP_STATS attribute holding their counts.
 */
TEST_F(cgroupstats, v1_counts_tasks)
{
	const struct cgroupstats *cs;
	const struct genlmsghdr *genl;
	const struct nlattr *nla;
	char procs[96], pid[16];
	int status, i, ret;

	ret = mount_cgroup(self->dir, self->group, sizeof(self->group), false,
			   &self->mounted);
	if (ret)
		SKIP(return, "cannot mount a cgroup v1 hierarchy: %s",
		     strerror(-ret));

	/* An empty cgroup counts nothing. */
	ASSERT_EQ(0, query_path(&self->ts, self->group, &self->msg));
	ASSERT_EQ(CG_MSG_LEN, self->msg.len);
	cs = (const void *)(self->msg.buf + NLMSG_HDRLEN + GENL_HDRLEN +
			    NLA_HDRLEN);
	EXPECT_TRUE(!cs->nr_sleeping && !cs->nr_running && !cs->nr_stopped &&
		    !cs->nr_uninterruptible && !cs->nr_io_wait);

	snprintf(procs, sizeof(procs), "%s/cgroup.procs", self->group);
	for (i = 0; i < 2; i++) {
		self->child[i] = fork();
		ASSERT_GE(self->child[i], 0);
		if (!self->child[i]) {
			pause();
			_exit(0);
		}
		snprintf(pid, sizeof(pid), "%d", self->child[i]);
		ASSERT_EQ(0, ts_write_file(procs, pid));
	}
	ASSERT_EQ(0, ts_wait_state(self->child[0], 'S'));
	ASSERT_EQ(0, kill(self->child[1], SIGSTOP));
	ASSERT_EQ(self->child[1], waitpid(self->child[1], &status, WUNTRACED));
	ASSERT_TRUE(WIFSTOPPED(status));

	ASSERT_EQ(0, query_path(&self->ts, self->group, &self->msg));
	ASSERT_EQ(CG_MSG_LEN, self->msg.len);
	EXPECT_EQ(CG_MSG_LEN, self->msg.nlh.nlmsg_len);
	EXPECT_EQ(self->ts.family, self->msg.nlh.nlmsg_type);
	EXPECT_EQ(0, self->msg.nlh.nlmsg_flags);
	EXPECT_EQ(self->ts.portid, self->msg.nlh.nlmsg_pid);
	genl = NLMSG_DATA(&self->msg.nlh);
	EXPECT_EQ(CGROUPSTATS_CMD_NEW, genl->cmd);
	EXPECT_EQ(TASKSTATS_GENL_VERSION, genl->version);
	nla = (const void *)(self->msg.buf + NLMSG_HDRLEN + GENL_HDRLEN);
	EXPECT_EQ(NLA_HDRLEN + sizeof(struct cgroupstats), nla->nla_len);
	EXPECT_EQ(CGROUPSTATS_TYPE_CGROUP_STATS, nla->nla_type);
	cs = (const void *)((const char *)nla + NLA_HDRLEN);
	EXPECT_EQ(1, cs->nr_sleeping);
	EXPECT_EQ(1, cs->nr_stopped);
	EXPECT_EQ(0, cs->nr_running);
	EXPECT_EQ(0, cs->nr_uninterruptible);
	EXPECT_EQ(0, cs->nr_io_wait);
}

/* Only cgroup v1 directories are understood. */
TEST_F(cgroupstats, v2_not_supported)
{
	int ret;

	ret = mount_cgroup(self->dir, self->group, sizeof(self->group), true,
			   &self->mounted);
	if (ret)
		SKIP(return, "cannot mount cgroup2: %s", strerror(-ret));
	EXPECT_EQ(-EINVAL, query_path(&self->ts, self->dir, &self->msg));
	EXPECT_EQ(-EINVAL, query_path(&self->ts, self->group, &self->msg));
}

TEST_HARNESS_MAIN
