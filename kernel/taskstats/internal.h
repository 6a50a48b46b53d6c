/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * internal.h - What the files of kernel/taskstats/ share
 *
 * Copyright (C) Shailabh Nagar, IBM Corp. 2006
 *           (C) Balbir Singh,   IBM Corp. 2006
 */

#ifndef _KERNEL_TASKSTATS_INTERNAL_H
#define _KERNEL_TASKSTATS_INTERNAL_H

#include <linux/list.h>
#include <linux/percpu-defs.h>
#include <linux/rwsem.h>
#include <linux/taskstats.h>
#include <linux/types.h>
#include <net/genetlink.h>
#include <net/netlink.h>

struct notifier_block;
struct pid_namespace;
struct sk_buff;
struct sock;
struct task_struct;
struct user_namespace;

extern struct genl_family taskstats_family;

/* The listener registry: which sockets get the exit records of each CPU */

struct taskstats_listener_list {
	struct rw_semaphore sem;
	struct list_head list;
};

DECLARE_PER_CPU(struct taskstats_listener_list, taskstats_listeners);
extern struct notifier_block taskstats_netlink_notifier;

int taskstats_update_listener(struct sock *sk, struct nlattr *na, bool add);
void taskstats_send_to_listeners(struct sk_buff *skb,
				 struct taskstats_listener_list *listeners);

/* The reply builder: the messages the family sends */

int taskstats_prepare_reply(struct genl_info *info, u8 cmd,
			    struct sk_buff **skbp, size_t size);
struct taskstats *taskstats_add_aggr(struct sk_buff *skb, int type, u32 pid);
void taskstats_fill_stats(struct user_namespace *user_ns,
			  struct pid_namespace *pid_ns,
			  struct task_struct *tsk, struct taskstats *stats);
int taskstats_reply_pid(struct genl_info *info);

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

/**
 * taskstats_send_reply - finish a reply and send it
 * @skb: the reply, from taskstats_prepare_reply(); consumed
 * @info: the request it answers
 *
 * Return: 0 once sent to the socket that sent @info, or a negative errno.
 */
static inline int taskstats_send_reply(struct sk_buff *skb,
				       struct genl_info *info)
{
	struct genlmsghdr *genlhdr = nlmsg_data(nlmsg_hdr(skb));
	void *reply = genlmsg_data(genlhdr);

	genlmsg_end(skb, reply);

	return genlmsg_reply(skb, info);
}

/* The TGID aggregator: the sums of a thread group, in signal->stats */

int taskstats_reply_tgid(struct genl_info *info);
struct taskstats *taskstats_tgid_alloc(struct task_struct *tsk);
void taskstats_tgid_add_exiting(struct task_struct *tsk);

#endif /* _KERNEL_TASKSTATS_INTERNAL_H */
