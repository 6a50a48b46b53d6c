// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tgid.c - Sum up the threads of a process, the live ones and those that
 *	    have exited, for TGID queries and the exit record of the process,
 *	    and reply to TGID queries
 *
 * Copyright (C) Shailabh Nagar, IBM Corp. 2006
 *           (C) Balbir Singh,   IBM Corp. 2006
 */

#include <linux/sched/signal.h>
#include <linux/sched/cputime.h>
#include <linux/delayacct.h>
#include <linux/slab.h>
#include <linux/taskstats_kern.h>
#include <net/genetlink.h>

#include "internal.h"

struct kmem_cache *taskstats_cache;

static __always_inline void tgid_stats_add_task(struct taskstats *stats,
						struct task_struct *tsk,
						u64 now_ns)
{
	u64 delta, utime, stime;

	/*
	 * Each accounting subsystem calls its functions here to
	 * accumulate its per-task stats for tsk, into the per-tgid structure
	 *
	 *	per-task-foo(stats, tsk);
	 */
	delayacct_add_tsk(stats, tsk);

	/* calculate task elapsed time in nsec */
	delta = now_ns - tsk->start_time;
	/* Convert to micro seconds */
	do_div(delta, NSEC_PER_USEC);
	stats->ac_etime += delta;

	task_cputime(tsk, &utime, &stime);
	stats->ac_utime += div_u64(utime, NSEC_PER_USEC);
	stats->ac_stime += div_u64(stime, NSEC_PER_USEC);

	stats->nvcsw += tsk->nvcsw;
	stats->nivcsw += tsk->nivcsw;
}

/*
 * Fill in the statistics of the thread group @tgid, the id, in the caller's
 * pid namespace, of the group or of any of its threads: the live threads
 * of the group are added to what its exited threads left in signal->stats.
 * Only delay accounting, elapsed and CPU times and context switches are
 * summed up; version is set, every other field is zero.
 */
static int fill_stats_for_tgid(pid_t tgid, struct taskstats *stats)
{
	struct task_struct *tsk, *first;
	unsigned long flags;
	int rc = -ESRCH;
	u64 now_ns;

	/*
	 * Add additional stats from live tasks except zombie thread group
	 * leaders who are already counted with the dead tasks
	 */
	rcu_read_lock();
	first = find_task_by_vpid(tgid);

	if (!first || !lock_task_sighand(first, &flags))
		goto out;

	if (first->signal->stats)
		memcpy(stats, first->signal->stats, sizeof(*stats));
	else
		memset(stats, 0, sizeof(*stats));

	now_ns = ktime_get_ns();
	for_each_thread(first, tsk) {
		if (tsk->exit_state)
			continue;

		tgid_stats_add_task(stats, tsk, now_ns);
	}

	unlock_task_sighand(first, &flags);
	rc = 0;
out:
	rcu_read_unlock();

	stats->version = TASKSTATS_VERSION;
	/*
	 * Accounting subsystems can also add calls here to modify
	 * fields of taskstats.
	 */
	return rc;
}

/**
 * taskstats_tgid_add_exiting - add an exiting thread to the sums of its group
 * @tsk: the exiting thread
 *
 * Does nothing for a group without signal->stats: see taskstats_tgid_alloc().
 */
void taskstats_tgid_add_exiting(struct task_struct *tsk)
{
	unsigned long flags;
	u64 now_ns;

	spin_lock_irqsave(&tsk->sighand->siglock, flags);
	if (!tsk->signal->stats)
		goto ret;

	now_ns = ktime_get_ns();
	tgid_stats_add_task(tsk->signal->stats, tsk, now_ns);
ret:
	spin_unlock_irqrestore(&tsk->sighand->siglock, flags);
}

/**
 * taskstats_reply_tgid - reply to TASKSTATS_CMD_GET for a thread group
 * @info: the request, with TASKSTATS_CMD_ATTR_TGID
 *
 * The reply holds the sums of the live and exited threads of the group, as
 * fill_stats_for_tgid() makes them. Its TASKSTATS_TYPE_TGID attribute is
 * the id that was asked for, which may be that of any thread.
 *
 * Return: 0 once the reply is sent, -ESRCH if there is no such task,
 * -ENOMEM or -EINVAL.
 */
int taskstats_reply_tgid(struct genl_info *info)
{
	struct taskstats *stats;
	struct sk_buff *rep_skb;
	size_t size;
	u32 tgid;
	int rc;

	size = taskstats_aggr_size();

	rc = taskstats_prepare_reply(info, TASKSTATS_CMD_NEW, &rep_skb, size);
	if (rc < 0)
		return rc;

	rc = -EINVAL;
	tgid = nla_get_u32(info->attrs[TASKSTATS_CMD_ATTR_TGID]);
	stats = taskstats_add_aggr(rep_skb, TASKSTATS_TYPE_TGID, tgid);
	if (!stats)
		goto err;

	rc = fill_stats_for_tgid(tgid, stats);
	if (rc < 0)
		goto err;
	return taskstats_send_reply(rep_skb, info);
err:
	nlmsg_free(rep_skb);
	return rc;
}

/**
 * taskstats_tgid_alloc - allocate the sums of a thread group
 * @tsk: an exiting thread of the group
 *
 * Called at the first exit in a group of more than one thread, when
 * signal->stats is not there yet.
 *
 * Return: signal->stats, allocated here or meanwhile by another thread of the
 * group; NULL if the allocation failed.
 */
struct taskstats *taskstats_tgid_alloc(struct task_struct *tsk)
{
	struct signal_struct *sig = tsk->signal;
	struct taskstats *stats_new, *stats;

	/* No problem if kmem_cache_zalloc() fails */
	stats_new = kmem_cache_zalloc(taskstats_cache, GFP_KERNEL);

	spin_lock_irq(&tsk->sighand->siglock);
	stats = sig->stats;
	if (!stats) {
		/*
		 * Pairs with smp_load_acquire() in taskstats_tgid_stats() and
		 * orders the kmem_cache_zalloc().
		 */
		smp_store_release(&sig->stats, stats_new);
		stats = stats_new;
		stats_new = NULL;
	}
	spin_unlock_irq(&tsk->sighand->siglock);

	if (stats_new)
		kmem_cache_free(taskstats_cache, stats_new);

	return stats;
}
