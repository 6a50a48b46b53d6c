// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * reply.c - Build the messages the taskstats family sends: replies to PID,
 *	     TGID and cgroup queries, and the records of exiting tasks
 *
 * Copyright (C) Shailabh Nagar, IBM Corp. 2006
 *           (C) Balbir Singh,   IBM Corp. 2006
 */

#include <linux/cgroup.h>
#include <linux/cgroupstats.h>
#include <linux/cred.h>
#include <linux/delayacct.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/percpu.h>
#include <linux/pid_namespace.h>
#include <linux/taskstats_kern.h>
#include <linux/tsacct_kern.h>
#include <net/genetlink.h>

#include "internal.h"

static DEFINE_PER_CPU(__u32, taskstats_seqnum);

/**
 * taskstats_prepare_reply - allocate a message and put its headers
 * @info: the request to reply to, or NULL for an exit record
 * @cmd: TASKSTATS_CMD_NEW or CGROUPSTATS_CMD_NEW
 * @skbp: where to store the message
 * @size: room for its attributes
 *
 * A reply gets the sequence number and port id of @info; an exit record
 * gets port id 0 and the next sequence number of the current CPU.
 *
 * Return: 0 on success, -ENOMEM or -EINVAL.
 */
int taskstats_prepare_reply(struct genl_info *info, u8 cmd,
			    struct sk_buff **skbp, size_t size)
{
	struct sk_buff *skb;
	void *reply;

	/*
	 * If new attributes are added, please revisit this allocation
	 */
	skb = genlmsg_new(size, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;

	if (!info) {
		int seq = this_cpu_inc_return(taskstats_seqnum) - 1;

		reply = genlmsg_put(skb, 0, seq, &taskstats_family, 0, cmd);
	} else {
		reply = genlmsg_put_reply(skb, info, &taskstats_family, 0, cmd);
	}
	if (!reply) {
		nlmsg_free(skb);
		return -EINVAL;
	}

	*skbp = skb;
	return 0;
}

/*
 * Send taskstats data in @skb to listener with nl_pid @pid
 */
static int send_reply(struct sk_buff *skb, struct genl_info *info)
{
	struct genlmsghdr *genlhdr = nlmsg_data(nlmsg_hdr(skb));
	void *reply = genlmsg_data(genlhdr);

	genlmsg_end(skb, reply);

	return genlmsg_reply(skb, info);
}

static void exe_add_tsk(struct taskstats *stats, struct task_struct *tsk)
{
	/* No idea if I'm allowed to access that here, now. */
	struct file *exe_file = get_task_exe_file(tsk);

	if (exe_file) {
		/* Following cp_new_stat64() in stat.c . */
		stats->ac_exe_dev =
			huge_encode_dev(exe_file->f_inode->i_sb->s_dev);
		stats->ac_exe_inode = exe_file->f_inode->i_ino;
		fput(exe_file);
	} else {
		stats->ac_exe_dev = 0;
		stats->ac_exe_inode = 0;
	}
}

/**
 * taskstats_fill_stats - fill in the statistics of a task
 * @user_ns: the user namespace to report user and group ids in
 * @pid_ns: the pid namespace to report pids in
 * @tsk: the task
 * @stats: the struct to fill, zeroed first
 *
 * Delay accounting, basic and extended accounting, context switches and
 * the executable of @tsk.
 */
void taskstats_fill_stats(struct user_namespace *user_ns,
			  struct pid_namespace *pid_ns,
			  struct task_struct *tsk, struct taskstats *stats)
{
	memset(stats, 0, sizeof(*stats));
	/*
	 * Each accounting subsystem adds calls to its functions to
	 * fill in relevant parts of struct taskstsats as follows
	 *
	 *	per-task-foo(stats, tsk);
	 */

	delayacct_add_tsk(stats, tsk);

	/* fill in basic acct fields */
	stats->version = TASKSTATS_VERSION;
	stats->nvcsw = tsk->nvcsw;
	stats->nivcsw = tsk->nivcsw;
	bacct_add_tsk(user_ns, pid_ns, stats, tsk);

	/* fill in extended acct fields */
	xacct_add_tsk(stats, tsk);

	/* add executable info */
	exe_add_tsk(stats, tsk);
}

static int fill_stats_for_pid(pid_t pid, struct taskstats *stats)
{
	struct task_struct *tsk;

	tsk = find_get_task_by_vpid(pid);
	if (!tsk)
		return -ESRCH;
	taskstats_fill_stats(current_user_ns(), task_active_pid_ns(current), tsk, stats);
	put_task_struct(tsk);
	return 0;
}

/**
 * taskstats_add_aggr - add an AGGR_PID or AGGR_TGID record to a message
 * @skb: the message
 * @type: TASKSTATS_TYPE_PID or TASKSTATS_TYPE_TGID
 * @pid: the pid or tgid the record is about
 *
 * The record is a nest, opened without NLA_F_NESTED, of the id and of a
 * STATS attribute that is 64-bit aligned, after a TASKSTATS_TYPE_NULL
 * attribute on architectures that need the padding.
 *
 * Return: the struct taskstats of the STATS attribute, not initialized, or
 * NULL if @skb has no room for the record.
 */
struct taskstats *taskstats_add_aggr(struct sk_buff *skb, int type, u32 pid)
{
	struct nlattr *na, *ret;
	int aggr;

	aggr = (type == TASKSTATS_TYPE_PID)
			? TASKSTATS_TYPE_AGGR_PID
			: TASKSTATS_TYPE_AGGR_TGID;

	na = nla_nest_start_noflag(skb, aggr);
	if (!na)
		goto err;

	if (nla_put(skb, type, sizeof(pid), &pid) < 0) {
		nla_nest_cancel(skb, na);
		goto err;
	}
	ret = nla_reserve_64bit(skb, TASKSTATS_TYPE_STATS,
				sizeof(struct taskstats), TASKSTATS_TYPE_NULL);
	if (!ret) {
		nla_nest_cancel(skb, na);
		goto err;
	}
	nla_nest_end(skb, na);

	return nla_data(ret);
err:
	return NULL;
}

/**
 * cgroupstats_user_cmd - reply to CGROUPSTATS_CMD_GET
 * @skb: the request
 * @info: the request, with CGROUPSTATS_CMD_ATTR_FD, a file descriptor of the
 *	caller for a cgroup v1 directory
 *
 * Replies with the number of tasks of that cgroup in each state.
 *
 * Return: 0 once the reply is sent; -EINVAL without CGROUPSTATS_CMD_ATTR_FD
 * or for a file that is not a cgroup v1 directory, -EBADF for a descriptor
 * that is not open, -ENOENT for a cgroup that is gone, -ENOMEM or -EMSGSIZE.
 */
int cgroupstats_user_cmd(struct sk_buff *skb, struct genl_info *info)
{
	int rc = 0;
	struct sk_buff *rep_skb;
	struct cgroupstats *stats;
	struct nlattr *na;
	size_t size;
	u32 fd;
	struct fd f;

	na = info->attrs[CGROUPSTATS_CMD_ATTR_FD];
	if (!na)
		return -EINVAL;

	fd = nla_get_u32(info->attrs[CGROUPSTATS_CMD_ATTR_FD]);
	f = fdget(fd);
	if (!fd_file(f))
		return -EBADF;

	size = nla_total_size(sizeof(struct cgroupstats));

	rc = taskstats_prepare_reply(info, CGROUPSTATS_CMD_NEW, &rep_skb, size);
	if (rc < 0)
		goto err;

	na = nla_reserve(rep_skb, CGROUPSTATS_TYPE_CGROUP_STATS,
			 sizeof(struct cgroupstats));
	if (!na) {
		nlmsg_free(rep_skb);
		rc = -EMSGSIZE;
		goto err;
	}

	stats = nla_data(na);
	memset(stats, 0, sizeof(*stats));

	rc = cgroupstats_build(stats, fd_file(f)->f_path.dentry);
	if (rc < 0) {
		nlmsg_free(rep_skb);
		goto err;
	}

	rc = send_reply(rep_skb, info);

err:
	fdput(f);
	return rc;
}

/**
 * taskstats_reply - reply to TASKSTATS_CMD_GET for a task or a thread group
 * @info: the request, with TASKSTATS_CMD_ATTR_PID or TASKSTATS_CMD_ATTR_TGID
 * @type: TASKSTATS_TYPE_PID or TASKSTATS_TYPE_TGID, which one to act upon
 *
 * The task is looked up in the caller's pid namespace and its ids are
 * reported in the caller's namespaces; for a thread group, see
 * taskstats_fill_tgid(). The reply's TASKSTATS_TYPE_PID or
 * TASKSTATS_TYPE_TGID attribute is the id that was asked for.
 *
 * Return: 0 once the reply is sent, -ESRCH if there is no such task,
 * -ENOMEM or -EINVAL.
 */
int taskstats_reply(struct genl_info *info, int type)
{
	struct taskstats *stats;
	struct sk_buff *rep_skb;
	u32 id;
	int rc;

	rc = taskstats_prepare_reply(info, TASKSTATS_CMD_NEW, &rep_skb,
				     taskstats_aggr_size());
	if (rc < 0)
		return rc;

	rc = -EINVAL;
	id = nla_get_u32(info->attrs[type == TASKSTATS_TYPE_PID ?
				     TASKSTATS_CMD_ATTR_PID :
				     TASKSTATS_CMD_ATTR_TGID]);
	stats = taskstats_add_aggr(rep_skb, type, id);
	if (!stats)
		goto err;

	if (type == TASKSTATS_TYPE_PID)
		rc = fill_stats_for_pid(id, stats);
	else
		rc = taskstats_fill_tgid(id, stats);
	if (rc < 0)
		goto err;
	return send_reply(rep_skb, info);
err:
	nlmsg_free(rep_skb);
	return rc;
}
