// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tgid.c - Sum up the threads of a process, the live ones and those that
 *	    have exited, for TGID queries and the exit record of the process
 *
 * Copyright (C) Shailabh Nagar, IBM Corp. 2006
 *           (C) Balbir Singh,   IBM Corp. 2006
 */

#include <linux/sched/signal.h>
#include <linux/sched/cputime.h>
#include <linux/delayacct.h>
#include <linux/slab.h>
#include <linux/taskstats_kern.h>

#include "internal.h"

struct kmem_cache *taskstats_cache;

/**
 * taskstats_tgid_add_task - add a thread to the sums of its group
 * @stats: the sums
 * @tsk: the thread
 * @now_ns: the time to count its elapsed time up to, from ktime_get_ns()
 *
 * Adds the delay accounting, elapsed and CPU times and context switches of
 * @tsk to @stats.
 */
void taskstats_tgid_add_task(struct taskstats *stats,
			     struct task_struct *tsk, u64 now_ns)
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

/**
 * taskstats_fill_tgid - fill in the statistics of a thread group
 * @tgid: the id, in the caller's pid namespace, of the group or of any of its
 *	threads
 * @stats: the struct to fill
 *
 * Adds the live threads of the group to what its exited threads left in
 * signal->stats. Only delay accounting, elapsed and CPU times and context
 * switches are summed up; version is set, every other field is zero.
 *
 * Return: 0 on success, -ESRCH if there is no such task.
 */
int taskstats_fill_tgid(pid_t tgid, struct taskstats *stats)
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

		taskstats_tgid_add_task(stats, tsk, now_ns);
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
 * taskstats_tgid_alloc - allocate the sums of a thread group
 * @tsk: an exiting thread of the group
 *
 * The slow path of taskstats_tgid_stats(), when signal->stats is not there
 * yet.
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
