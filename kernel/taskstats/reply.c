// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * reply.c - Build the messages the taskstats family sends: replies to PID
 *	     queries and the records of exiting tasks
 *
 * Copyright (C) Shailabh Nagar, IBM Corp. 2006
 *           (C) Balbir Singh,   IBM Corp. 2006
 */

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
	taskstats_fill_stats(current_user_ns(), task_active_pid_ns(current),
			     tsk, stats);
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
 * taskstats_reply_pid - reply to TASKSTATS_CMD_GET for a task
 * @info: the request, with TASKSTATS_CMD_ATTR_PID
 *
 * The task is looked up in the caller's pid namespace and its ids are
 * reported in the caller's namespaces. The reply's TASKSTATS_TYPE_PID
 * attribute is the pid that was asked for.
 *
 * Return: 0 once the reply is sent, -ESRCH if there is no such task,
 * -ENOMEM or -EINVAL.
 */
int taskstats_reply_pid(struct genl_info *info)
{
	struct taskstats *stats;
	struct sk_buff *rep_skb;
	size_t size;
	u32 pid;
	int rc;

	size = taskstats_aggr_size();

	rc = taskstats_prepare_reply(info, TASKSTATS_CMD_NEW, &rep_skb, size);
	if (rc < 0)
		return rc;

	rc = -EINVAL;
	pid = nla_get_u32(info->attrs[TASKSTATS_CMD_ATTR_PID]);
	stats = taskstats_add_aggr(rep_skb, TASKSTATS_TYPE_PID, pid);
	if (!stats)
		goto err;

	rc = fill_stats_for_pid(pid, stats);
	if (rc < 0)
		goto err;
	return taskstats_send_reply(rep_skb, info);
err:
	nlmsg_free(rep_skb);
	return rc;
}
