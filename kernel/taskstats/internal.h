/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * internal.h - What the files of kernel/taskstats/ share
 *
 * Copyright (C) Shailabh Nagar, IBM Corp. 2006
 *           (C) Balbir Singh,   IBM Corp. 2006
 */

#ifndef _KERNEL_TASKSTATS_INTERNAL_H
#define _KERNEL_TASKSTATS_INTERNAL_H

#include <linux/cpumask.h>
#include <linux/list.h>
#include <linux/percpu-defs.h>
#include <linux/rwsem.h>
#include <linux/sched/signal.h>
#include <linux/timekeeping.h>
#include <linux/taskstats.h>
#include <linux/types.h>
#include <net/netlink.h>

struct genl_family;
struct genl_info;
struct pid_namespace;
struct sk_buff;
struct sock;
struct task_struct;
struct taskstats;
struct user_namespace;

extern struct genl_family taskstats_family;

/* The listener registry: who gets the exit records of each CPU */

struct listener {
	struct list_head list;
	struct taskstats_sock *owner;
	pid_t pid;
	char valid;
};

struct listener_list {
	struct rw_semaphore sem;
	struct list_head list;
};

DECLARE_PER_CPU(struct listener_list, taskstats_listeners);

/*
 * The listener side of a socket, kept by generic netlink with the socket
 * (sock_priv) until taskstats_sock_destroy(): its listeners point to it.
 */
struct taskstats_sock {
	struct sock *sk;
	struct cpumask cpus;	/* it registered for */
};

int taskstats_update_listener(struct sk_buff *skb, struct genl_info *info,
			      int attr);
void taskstats_send_to_listeners(struct sk_buff *skb,
				 struct listener_list *listeners);
void taskstats_sock_destroy(void *priv);

/* The reply builder: TASKSTATS_CMD_NEW and CGROUPSTATS_CMD_NEW messages */

int taskstats_prepare_reply(struct genl_info *info, u8 cmd,
			    struct sk_buff **skbp, size_t size);
struct taskstats *taskstats_add_aggr(struct sk_buff *skb, int type, u32 pid);
void taskstats_fill_stats(struct user_namespace *user_ns,
			  struct pid_namespace *pid_ns,
			  struct task_struct *tsk, struct taskstats *stats);
int taskstats_reply(struct genl_info *info, int type);
int cgroupstats_user_cmd(struct sk_buff *skb, struct genl_info *info);

/**
 * taskstats_aggr_size - the room one AGGR_PID or AGGR_TGID record takes
 *
 * Return: the size of the nest with its id and its STATS attribute, padding
 * included: a constant, in a function so that it reads as one.
 */
static inline size_t taskstats_aggr_size(void)
{
	return nla_total_size(sizeof(u32)) +
	       nla_total_size_64bit(sizeof(struct taskstats)) +
	       nla_total_size(0);
}

/* The TGID aggregator: the sums of a thread group, in signal->stats */

struct taskstats *taskstats_tgid_alloc(struct task_struct *tsk);
void taskstats_tgid_add_task(struct taskstats *stats,
			     struct task_struct *tsk, u64 now_ns);
int taskstats_fill_tgid(pid_t tgid, struct taskstats *stats);

/**
 * taskstats_tgid_add_exiting - add an exiting thread to the sums of its group
 * @tsk: the exiting thread
 *
 * Inline, as taskstats_exit() calls it on every exit of a thread of a group
 * of several. Does nothing for a group without signal->stats: see
 * taskstats_tgid_stats().
 */
static inline void taskstats_tgid_add_exiting(struct task_struct *tsk)
{
	unsigned long flags;
	u64 now_ns;

	spin_lock_irqsave(&tsk->sighand->siglock, flags);
	if (!tsk->signal->stats)
		goto ret;

	now_ns = ktime_get_ns();
	taskstats_tgid_add_task(tsk->signal->stats, tsk, now_ns);
ret:
	spin_unlock_irqrestore(&tsk->sighand->siglock, flags);
}

/**
 * taskstats_tgid_stats - the sums of the exited threads of a thread group
 * @tsk: an exiting thread of the group
 *
 * Inline, as taskstats_exit() calls it on every exit.
 *
 * Return: signal->stats of @tsk, allocated at the first exit in a group of
 * more than one thread; NULL for a task alone in its group, or if the
 * allocation failed.
 */
static inline struct taskstats *taskstats_tgid_stats(struct task_struct *tsk)
{
	/* Pairs with smp_store_release() in taskstats_tgid_alloc(). */
	struct taskstats *stats = smp_load_acquire(&tsk->signal->stats);

	if (stats || thread_group_empty(tsk))
		return stats;
	return taskstats_tgid_alloc(tsk);
}

#endif /* _KERNEL_TASKSTATS_INTERNAL_H */
