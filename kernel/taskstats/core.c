// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core.c - Export per-task statistics to userland: the TASKSTATS generic
 *	    netlink family, its commands, and the exit hook
 *
 * Copyright (C) Shailabh Nagar, IBM Corp. 2006
 *           (C) Balbir Singh,   IBM Corp. 2006
 */

#include <linux/acct.h>
#include <linux/cgroup.h>
#include <linux/cgroupstats.h>
#include <linux/file.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/taskstats_kern.h>
#include <linux/user_namespace.h>
#include <net/genetlink.h>

#include "internal.h"

static int family_registered;

static const struct nla_policy taskstats_cmd_get_policy[] = {
	[TASKSTATS_CMD_ATTR_PID]  = { .type = NLA_U32 },
	[TASKSTATS_CMD_ATTR_TGID] = { .type = NLA_U32 },
	[TASKSTATS_CMD_ATTR_REGISTER_CPUMASK] = { .type = NLA_STRING },
	[TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK] = { .type = NLA_STRING },};

static const struct nla_policy cgroupstats_cmd_get_policy[] = {
	[CGROUPSTATS_CMD_ATTR_FD] = { .type = NLA_U32 },
};

static int cgroupstats_user_cmd(struct sk_buff *skb, struct genl_info *info)
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
		return 0;

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

	rc = taskstats_send_reply(rep_skb, info);

err:
	fdput(f);
	return rc;
}

static int taskstats_user_cmd(struct sk_buff *skb, struct genl_info *info)
{
	struct sock *sk = NETLINK_CB(skb).sk;
	struct nlattr *reg, *dereg;

	reg = info->attrs[TASKSTATS_CMD_ATTR_REGISTER_CPUMASK];
	dereg = info->attrs[TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK];
	if (reg)
		return taskstats_update_listener(sk, reg, true);
	else if (dereg)
		return taskstats_update_listener(sk, dereg, false);
	else if (info->attrs[TASKSTATS_CMD_ATTR_PID])
		return taskstats_reply_pid(info);
	else if (info->attrs[TASKSTATS_CMD_ATTR_TGID])
		return taskstats_reply_tgid(info);
	else
		return -EINVAL;
}

/*
 * The sums of the exited threads of @tsk's thread group, allocated at the
 * first exit in a group of more than one thread: NULL for a task alone.
 */
static struct taskstats *taskstats_tgid_stats(struct task_struct *tsk)
{
	/* Pairs with smp_store_release() in taskstats_tgid_alloc(). */
	struct taskstats *stats = smp_load_acquire(&tsk->signal->stats);

	if (stats || thread_group_empty(tsk))
		return stats;
	return taskstats_tgid_alloc(tsk);
}

/**
 * taskstats_exit - add an exiting task to its group's sums, and report it
 * @tsk: the exiting task
 * @group_dead: whether @tsk is the last thread of its group
 *
 * Called by do_exit() before the task releases its mm. If the current CPU
 * has listeners, they get a record with the statistics of @tsk, AGROUP set
 * when @group_dead, and when the whole group of several threads is dead,
 * the sums of the group in an AGGR_TGID record as well.
 */
void taskstats_exit(struct task_struct *tsk, int group_dead)
{
	int rc;
	struct taskstats_listener_list *listeners;
	struct taskstats *stats;
	struct sk_buff *rep_skb;
	size_t size;
	int is_thread_group;

	if (!family_registered)
		return;

	/*
	 * Size includes space for nested attributes
	 */
	size = taskstats_aggr_size();

	is_thread_group = !!taskstats_tgid_stats(tsk);
	if (is_thread_group) {
		/* PID + STATS + TGID + STATS, from the last thread */
		if (group_dead)
			size = 2 * size;
		/* fill the tsk->signal->stats structure */
		taskstats_tgid_add_exiting(tsk);
	}

	listeners = raw_cpu_ptr(&taskstats_listeners);
	if (list_empty(&listeners->list))
		return;

	rc = taskstats_prepare_reply(NULL, TASKSTATS_CMD_NEW, &rep_skb, size);
	if (rc < 0)
		return;

	stats = taskstats_add_aggr(rep_skb, TASKSTATS_TYPE_PID,
				   task_pid_nr_ns(tsk, &init_pid_ns));
	if (!stats)
		goto err;

	taskstats_fill_stats(&init_user_ns, &init_pid_ns, tsk, stats);
	if (group_dead)
		stats->ac_flag |= AGROUP;

	/*
	 * Doesn't matter if tsk is the leader or the last group member leaving
	 */
	if (!is_thread_group || !group_dead)
		goto send;

	stats = taskstats_add_aggr(rep_skb, TASKSTATS_TYPE_TGID,
				   task_tgid_nr_ns(tsk, &init_pid_ns));
	if (!stats)
		goto err;

	memcpy(stats, tsk->signal->stats, sizeof(*stats));
	stats->version = TASKSTATS_VERSION;

send:
	taskstats_send_to_listeners(rep_skb, listeners);
	return;
err:
	nlmsg_free(rep_skb);
}

static const struct genl_ops taskstats_ops[] = {
	{
		.cmd		= TASKSTATS_CMD_GET,
		.validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
		.doit		= taskstats_user_cmd,
		.policy		= taskstats_cmd_get_policy,
		.maxattr	= ARRAY_SIZE(taskstats_cmd_get_policy) - 1,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= CGROUPSTATS_CMD_GET,
		.validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
		.doit		= cgroupstats_user_cmd,
		.policy		= cgroupstats_cmd_get_policy,
		.maxattr	= ARRAY_SIZE(cgroupstats_cmd_get_policy) - 1,
	},
};

struct genl_family taskstats_family __ro_after_init = {
	.name		= TASKSTATS_GENL_NAME,
	.version	= TASKSTATS_GENL_VERSION,
	.module		= THIS_MODULE,
	.ops		= taskstats_ops,
	.n_ops		= ARRAY_SIZE(taskstats_ops),
	.resv_start_op	= CGROUPSTATS_CMD_GET + 1,
	.netnsok	= true,
};

/**
 * taskstats_init_early - set up what exiting tasks need
 *
 * Creates the cache of struct taskstats and the per-CPU lists of listeners,
 * before any task exits; the family is registered later by taskstats_init().
 */
void __init taskstats_init_early(void)
{
	unsigned int i;

	taskstats_cache = KMEM_CACHE(taskstats, SLAB_PANIC);
	for_each_possible_cpu(i) {
		INIT_LIST_HEAD(&(per_cpu(taskstats_listeners, i).list));
		init_rwsem(&(per_cpu(taskstats_listeners, i).sem));
	}
}

static int __init taskstats_init(void)
{
	int rc;

	rc = netlink_register_notifier(&taskstats_netlink_notifier);
	if (rc)
		return rc;
	rc = genl_register_family(&taskstats_family);
	if (rc) {
		netlink_unregister_notifier(&taskstats_netlink_notifier);
		return rc;
	}

	family_registered = 1;
	pr_info("registered taskstats version %d\n", TASKSTATS_GENL_VERSION);
	return 0;
}

/*
 * late initcall ensures initialization of statistics collection
 * mechanisms precedes initialization of the taskstats interface
 */
late_initcall(taskstats_init);
