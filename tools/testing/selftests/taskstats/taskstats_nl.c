// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink helpers shared by the taskstats selftests.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

#include <netlink/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "taskstats_nl.h"

/*
 * Open a generic netlink socket bound to @portid (0: let the kernel pick
 * one), with a receive timeout, and resolve the TASKSTATS family.
 * Return: 0, -ENOENT when the kernel has no TASKSTATS family, or -errno.
 */
int ts_open_port(struct ts_sock *ts, __u32 portid)
{
	struct timeval tv = { .tv_sec = TS_TIMEOUT_SEC };
	int one = 1, id;

	memset(ts, 0, sizeof(*ts));
	ts->fd = -1;
	ts->nl = nl_socket_alloc();
	if (!ts->nl)
		return -ENOMEM;
	/* Replies are read raw; flags are exactly what each test asks for. */
	nl_socket_disable_seq_check(ts->nl);
	nl_socket_disable_auto_ack(ts->nl);
	nl_socket_set_local_port(ts->nl, portid);
	if (genl_connect(ts->nl)) {
		ts_close(ts);
		return -errno ?: -EIO;
	}
	ts->fd = nl_socket_get_fd(ts->nl);
	ts->portid = nl_socket_get_local_port(ts->nl);
	/* Errors need not quote the request back: long masks stay small. */
	if (setsockopt(ts->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(ts->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one))) {
		ts_close(ts);
		return -errno;
	}
	id = ts_resolve_family(ts, TASKSTATS_GENL_NAME);
	if (id < 0) {
		ts_close(ts);
		return id;
	}
	ts->family = id;
	return 0;
}

int ts_open(struct ts_sock *ts)
{
	return ts_open_port(ts, 0);
}

void ts_close(struct ts_sock *ts)
{
	if (ts->nl)
		nl_socket_free(ts->nl);
	ts->nl = NULL;
	ts->fd = -1;
}

/* Return: the id of generic netlink family @name, -ENOENT if none. */
int ts_resolve_family(struct ts_sock *ts, const char *name)
{
	int id = genl_ctrl_resolve(ts->nl, name);

	if (id == -NLE_OBJ_NOTFOUND)
		return -ENOENT;
	return id < 0 ? -EIO : id;
}

/*
 * Send a well-formed request for @cmd of the TASKSTATS family with at most
 * one attribute (@attr 0: none). NLM_F_REQUEST is always set.
 */
int ts_send_cmd(struct ts_sock *ts, __u8 cmd, __u16 flags, int attr,
		const void *data, size_t len)
{
	struct nl_msg *msg;
	int ret = -EMSGSIZE;

	msg = nlmsg_alloc_size(NLMSG_LENGTH(GENL_HDRLEN) + nla_total_size(len));
	if (!msg)
		return -ENOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, ts->family, 0,
			 flags, cmd, TASKSTATS_GENL_VERSION))
		goto out;
	if (attr && nla_put(msg, attr, len, data) < 0)
		goto out;
	ret = nl_send_auto(ts->nl, msg) < 0 ? -EIO : 0;
out:
	nlmsg_free(msg);
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
	genl->version = TASKSTATS_GENL_VERSION;
}

/* Append an attribute of any length, even one the policy rejects. */
void ts_raw_put(struct ts_raw *raw, __u16 type, const void *data, size_t len)
{
	struct nlattr *nla = (void *)raw->buf + NLMSG_ALIGN(raw->nlh.nlmsg_len);

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memcpy((char *)nla + NLA_HDRLEN, data, len);
	raw->nlh.nlmsg_len = NLMSG_ALIGN(raw->nlh.nlmsg_len) + NLA_ALIGN(nla->nla_len);
}

int ts_send_raw(struct ts_sock *ts, const struct ts_raw *raw)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	ssize_t n;

	n = sendto(ts->fd, raw->buf, raw->nlh.nlmsg_len, 0,
		   (struct sockaddr *)&kernel, sizeof(kernel));
	if (n < 0)
		return -errno;
	return n == raw->nlh.nlmsg_len ? 0 : -EIO;
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
 * Check the netlink and genetlink headers of a TASKSTATS_CMD_NEW message,
 * alone in its datagram, and parse its AGGR_PID/AGGR_TGID records.
 * Return: the number of records, or -EPROTO if the layout is not the one
 * the kernel has always sent.
 */
int ts_parse(const struct ts_msg *msg, struct ts_record *recs, int max)
{
	const struct genlmsghdr *genl = NLMSG_DATA(&msg->nlh);
	const char *pos = (const char *)genl + GENL_HDRLEN;
	const char *end = msg->buf + msg->len;
	int n = 0;

	if (msg->len != msg->nlh.nlmsg_len ||
	    msg->len < NLMSG_LENGTH(GENL_HDRLEN) ||
	    genl->cmd != TASKSTATS_CMD_NEW ||
	    genl->version != TASKSTATS_GENL_VERSION)
		return -EPROTO;

	while (pos < end) {
		const struct nlattr *aggr = (const void *)pos;
		const struct nlattr *nla = (const void *)(pos + NLA_HDRLEN);
		const char *aggr_end = pos + aggr->nla_len;
		struct ts_record *rec = &recs[n];

		if (n == max || aggr->nla_len < NLA_HDRLEN || aggr_end > end ||
		    (aggr->nla_type != TASKSTATS_TYPE_AGGR_PID &&
		     aggr->nla_type != TASKSTATS_TYPE_AGGR_TGID))
			return -EPROTO;
		memset(rec, 0, sizeof(*rec));
		rec->aggr = aggr->nla_type;

		/* PID or TGID first, then STATS, maybe after a NULL pad. */
		if (nla->nla_len != NLA_HDRLEN + sizeof(__u32) ||
		    nla->nla_type != (rec->aggr == TASKSTATS_TYPE_AGGR_PID ?
				      TASKSTATS_TYPE_PID : TASKSTATS_TYPE_TGID))
			return -EPROTO;
		memcpy(&rec->id, (const char *)nla + NLA_HDRLEN, sizeof(rec->id));
		nla = (const void *)((const char *)nla + NLA_ALIGN(nla->nla_len));
		if (nla->nla_type == TASKSTATS_TYPE_NULL && nla->nla_len == NLA_HDRLEN) {
			rec->null_pad = true;
			nla = (const void *)((const char *)nla + NLA_HDRLEN);
		}
		if (nla->nla_type != TASKSTATS_TYPE_STATS ||
		    nla->nla_len != NLA_HDRLEN + sizeof(struct taskstats) ||
		    (const char *)nla + NLA_ALIGN(nla->nla_len) != aggr_end)
			return -EPROTO;
		memcpy(&rec->stats, (const char *)nla + NLA_HDRLEN,
		       sizeof(rec->stats));
		pos += NLA_ALIGN(aggr->nla_len);
		n++;
	}
	return pos == end ? n : -EPROTO;
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

/* Drop CAP_NET_ADMIN from this process for good. Return: 0 or -errno. */
int ts_drop_cap_net_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	int idx = CAP_TO_INDEX(CAP_NET_ADMIN);

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	data[idx].effective &= ~CAP_TO_MASK(CAP_NET_ADMIN);
	data[idx].permitted &= ~CAP_TO_MASK(CAP_NET_ADMIN);
	data[idx].inheritable &= ~CAP_TO_MASK(CAP_NET_ADMIN);
	if (syscall(SYS_capset, &hdr, data))
		return -errno;
	return 0;
}

/* Return: how many of CPUs 0, 1, ... this process may run on, in a row. */
int ts_online_cpus(void)
{
	cpu_set_t set;
	int n = 0;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	while (n < CPU_SETSIZE && CPU_ISSET(n, &set))
		n++;
	return n;
}

/* Return: the possible CPUs, as a list such as "0-3", or "0" if unknown. */
const char *ts_possible_cpus(void)
{
	static char list[256] = "0";
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");

	if (f) {
		if (!fgets(list, sizeof(list), f))
			snprintf(list, sizeof(list), "0");
		list[strcspn(list, "\n")] = 0;
		fclose(f);
	}
	return list;
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
		cpu_set_t set;

		if (cpu >= 0) {
			CPU_ZERO(&set);
			CPU_SET(cpu, &set);
			if (sched_setaffinity(0, sizeof(set), &set))
				_exit(255);
		}
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

/*
 * Fork a child that moves to @cpu (if >= 0) and executes @path with the
 * one argument @arg; return once the exec has happened, which the close
 * of a pipe marked close-on-exec tells.
 * Return: the child's pid, or -errno (the exec's own error if it failed).
 */
pid_t ts_spawn(int cpu, const char *path, const char *arg)
{
	int sync[2], err = 0;
	cpu_set_t set;
	pid_t pid;

	if (pipe2(sync, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (!pid) {
		close(sync[0]);
		if (cpu >= 0) {
			CPU_ZERO(&set);
			CPU_SET(cpu, &set);
			if (sched_setaffinity(0, sizeof(set), &set))
				_exit(255);
		}
		execl(path, path, arg, (char *)NULL);
		err = errno;
		if (write(sync[1], &err, sizeof(err)) != sizeof(err))
			_exit(255);
		_exit(127);
	}
	close(sync[1]);
	if (pid > 0 && read(sync[0], &err, sizeof(err)) == sizeof(err)) {
		waitpid(pid, NULL, 0);
		pid = -err;
	} else if (pid < 0) {
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
	snprintf(path, len, "%s/%s", dir, strrchr(bin, '/') ? strrchr(bin, '/') + 1 : bin);
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
