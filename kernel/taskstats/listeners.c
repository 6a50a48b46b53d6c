// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * listeners.c - Register sockets for the exit records of a set of CPUs,
 *		 and send each record to the listeners of its CPU
 *
 * Copyright (C) Shailabh Nagar, IBM Corp. 2006
 *           (C) Balbir Singh,   IBM Corp. 2006
 */

#include <linux/cpumask.h>
#include <linux/cred.h>
#include <linux/percpu.h>
#include <linux/pid_namespace.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "internal.h"

/*
 * Maximum length of a cpumask that can be specified in
 * the TASKSTATS_CMD_ATTR_REGISTER/DEREGISTER_CPUMASK attribute
 */
#define TASKSTATS_CPUMASK_MAXLEN	(100 + 6 * NR_CPUS)

DEFINE_PER_CPU(struct listener_list, taskstats_listeners);

enum actions {
	REGISTER,
	DEREGISTER,
};

/**
 * taskstats_send_to_listeners - send an exit record to the listeners of a CPU
 * @skb: the record, built with taskstats_prepare_reply() and
 *	taskstats_add_aggr(); consumed
 * @listeners: the listeners of the CPU the task exits on
 *
 * Finishes the message and unicasts it to each listener, in the network
 * namespace of its socket, a clone to all but the last. A listener whose
 * receive queue is full loses the record; one whose socket is closed, or
 * gone (-ECONNREFUSED), is removed once the list is walked.
 */
void taskstats_send_to_listeners(struct sk_buff *skb,
				 struct listener_list *listeners)
{
	struct genlmsghdr *genlhdr = nlmsg_data(nlmsg_hdr(skb));
	struct listener *s, *tmp;
	struct sk_buff *skb_next, *skb_cur = skb;
	void *reply = genlmsg_data(genlhdr);
	int delcount = 0;

	genlmsg_end(skb, reply);

	down_read(&listeners->sem);
	list_for_each_entry(s, &listeners->list, list) {
		int rc;

		skb_next = NULL;
		if (!list_is_last(&s->list, &listeners->list)) {
			skb_next = skb_clone(skb_cur, GFP_KERNEL);
			if (!skb_next)
				break;
		}
		if (sock_flag(s->owner->sk, SOCK_DEAD)) {
			/* Closed: its port id may be someone else's already */
			nlmsg_free(skb_cur);
			rc = -ECONNREFUSED;
		} else {
			rc = genlmsg_unicast(sock_net(s->owner->sk), skb_cur,
					     s->pid);
		}
		if (rc == -ECONNREFUSED) {
			s->valid = 0;
			delcount++;
		}
		skb_cur = skb_next;
	}
	up_read(&listeners->sem);

	if (skb_cur)
		nlmsg_free(skb_cur);

	if (!delcount)
		return;

	/* Delete invalidated entries */
	down_write(&listeners->sem);
	list_for_each_entry_safe(s, tmp, &listeners->list, list) {
		if (!s->valid) {
			list_del(&s->list);
			kfree(s);
		}
	}
	up_write(&listeners->sem);
}

/* Take the socket @ts off the listeners of the CPUs of @mask. */
static void remove_listener(struct taskstats_sock *ts,
			    const struct cpumask *mask)
{
	struct listener_list *listeners;
	struct listener *s, *tmp;
	unsigned int cpu;

	for_each_cpu(cpu, mask) {
		listeners = &per_cpu(taskstats_listeners, cpu);
		down_write(&listeners->sem);
		list_for_each_entry_safe(s, tmp, &listeners->list, list) {
			if (s->owner == ts) {
				list_del(&s->list);
				kfree(s);
			}
		}
		up_write(&listeners->sem);
	}
}

static int add_del_listener(struct taskstats_sock *ts, pid_t pid,
			    const struct cpumask *mask, int isadd)
{
	struct listener_list *listeners;
	struct listener *s, *s2;
	unsigned int cpu;
	int ret = 0;

	if (!cpumask_subset(mask, cpu_possible_mask))
		return -EINVAL;

	if (current_user_ns() != &init_user_ns)
		return -EINVAL;

	if (task_active_pid_ns(current) != &init_pid_ns)
		return -EINVAL;

	if (isadd == REGISTER) {
		for_each_cpu(cpu, mask) {
			s = kmalloc_node(sizeof(*s), GFP_KERNEL, cpu_to_node(cpu));
			if (!s) {
				ret = -ENOMEM;
				goto cleanup;
			}
			s->owner = ts;
			s->pid = pid;
			s->valid = 1;

			listeners = &per_cpu(taskstats_listeners, cpu);
			down_write(&listeners->sem);
			list_for_each_entry(s2, &listeners->list, list) {
				if (s2->owner == ts && s2->valid)
					goto exists;
			}
			list_add(&s->list, &listeners->list);
			s = NULL;
exists:
			up_write(&listeners->sem);
			kfree(s); /* nop if NULL */
		}
		return 0;
	}

	/* Deregister or cleanup: a socket that never registered has no @ts */
cleanup:
	if (ts)
		remove_listener(ts, mask);
	return ret;
}

static int parse_cpumask(struct nlattr *na, struct cpumask *mask)
{
	char *data;
	int len;
	int ret;

	if (!na)
		return 1;
	len = nla_len(na);
	if (len > TASKSTATS_CPUMASK_MAXLEN)
		return -E2BIG;
	if (len < 1)
		return -EINVAL;
	data = nla_strdup(na, GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	ret = cpulist_parse(data, mask);
	kfree(data);
	return ret;
}

/**
 * taskstats_update_listener - register a socket for the exit records of CPUs,
 *	or deregister it
 * @skb: the request
 * @info: a TASKSTATS_CMD_GET request
 * @attr: its attribute to act upon, TASKSTATS_CMD_ATTR_REGISTER_CPUMASK or
 *	TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK: a list of CPUs such as "0-3,8"
 *
 * Registering adds the requesting socket, once, to the listeners of each CPU
 * of the list: the record of every task that exits on one of those CPUs is
 * then sent to it, until the socket deregisters or is closed. Deregistering
 * removes it from the CPUs of the list it was registered for.
 *
 * Return: 0 on success, also for deregistering a socket that was not
 * registered; -E2BIG for a list longer than TASKSTATS_CPUMASK_MAXLEN,
 * -EINVAL, -ERANGE or -EOVERFLOW for one that cpulist_parse() rejects,
 * -EINVAL for CPUs that are not possible or for a caller outside the
 * initial user and pid namespaces, -ENOMEM, in which case a registration
 * leaves the socket on none of the CPUs of the list.
 */
int taskstats_update_listener(struct sk_buff *skb, struct genl_info *info,
			      int attr)
{
	bool add = attr == TASKSTATS_CMD_ATTR_REGISTER_CPUMASK;
	struct sock *sk = NETLINK_CB(skb).sk;
	struct taskstats_sock *ts;
	cpumask_var_t mask;
	int rc;

	if (!alloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	rc = parse_cpumask(info->attrs[attr], mask);
	if (rc < 0)
		goto out;
	/*
	 * Registering gives the socket its struct taskstats_sock. The socket
	 * sends this request, so it is not released before the request is
	 * done, and neither is @ts: RCU is only needed for the lookup.
	 */
	if (add) {
		ts = genl_sk_priv_get(&taskstats_family, sk);
	} else {
		rcu_read_lock();
		ts = __genl_sk_priv_get(&taskstats_family, sk);
		rcu_read_unlock();
	}
	if (IS_ERR(ts)) {
		rc = PTR_ERR(ts);
		goto out;
	}
	if (add)
		ts->sk = sk;
	rc = add_del_listener(ts, info->snd_portid, mask,
			      add ? REGISTER : DEREGISTER);
	if (!rc && add)
		cpumask_or(&ts->cpus, &ts->cpus, mask);
out:
	free_cpumask_var(mask);
	return rc;
}

/**
 * taskstats_sock_destroy - forget a socket that registered, as it is closed
 * @priv: the &struct taskstats_sock of the socket
 *
 * Called by the generic netlink core as it releases a socket that has one:
 * takes the socket off the listeners of every CPU it registered for, before
 * its &struct taskstats_sock, which they point to, is freed.
 */
void taskstats_sock_destroy(void *priv)
{
	struct taskstats_sock *ts = priv;

	if (ts->sk)
		remove_listener(ts, &ts->cpus);
}
