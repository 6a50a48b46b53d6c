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
#include <linux/filter.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
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

/*
 * A socket registered for the exit records of a CPU. @sk is valid as long
 * as it is on listener_socks, which it leaves only after its listeners.
 */
struct listener {
	struct list_head list;
	struct sock *sk;
};

DEFINE_PER_CPU(struct taskstats_listener_list, taskstats_listeners);

/*
 * Every socket that has registered, with a reference to it, until it is
 * released: the listeners of the CPUs point to these sockets.
 */
struct listener_sock {
	struct list_head list;
	struct sock *sk;
};

static LIST_HEAD(listener_socks);
static DEFINE_MUTEX(listener_socks_mutex);

enum actions {
	REGISTER,
	DEREGISTER,
};

/*
 * Queue @skb on the socket @sk of a listener as netlink_unicast() would, but
 * to that very socket rather than to whichever socket has its port id: the
 * socket filter, the receive buffer limit (a full queue drops the record and
 * reports ENOBUFS to the socket) and the netlink taps apply as before.
 */
static void send_to_listener(struct sock *sk, struct sk_buff *skb)
{
	long timeo = 0;

	/* Released: nobody can read it any more */
	if (sock_flag(sk, SOCK_DEAD)) {
		kfree_skb(skb);
		return;
	}
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);
	if (sk_filter(sk, skb)) {
		kfree_skb(skb);
		return;
	}
	/* Each consumes a reference to @sk; the first frees @skb on failure */
	sock_hold(sk);
	if (!netlink_attachskb(sk, skb, &timeo, NULL))
		netlink_sendskb(sk, skb);
}

/**
 * taskstats_send_to_listeners - send an exit record to the listeners of a CPU
 * @skb: the record, built by taskstats_prepare_reply() and
 *	taskstats_add_aggr(); consumed
 * @listeners: the listeners of the CPU the task exits on
 *
 * Finishes the message and queues it on the socket of each listener, a
 * clone to all but the last. A listener whose receive queue is full loses
 * the record; a socket being released gets none.
 */
void taskstats_send_to_listeners(struct sk_buff *skb,
				 struct taskstats_listener_list *listeners)
{
	struct genlmsghdr *genlhdr = nlmsg_data(nlmsg_hdr(skb));
	struct listener *s;
	struct sk_buff *skb_next, *skb_cur = skb;
	void *reply = genlmsg_data(genlhdr);

	genlmsg_end(skb, reply);

	down_read(&listeners->sem);
	list_for_each_entry(s, &listeners->list, list) {
		skb_next = NULL;
		if (!list_is_last(&s->list, &listeners->list)) {
			skb_next = skb_clone(skb_cur, GFP_KERNEL);
			if (!skb_next)
				break;
		}
		send_to_listener(s->sk, skb_cur);
		skb_cur = skb_next;
	}
	up_read(&listeners->sem);

	if (skb_cur)
		nlmsg_free(skb_cur);
}

/* Take the socket @sk off the listeners of the CPUs of @mask. */
static void del_listener(struct sock *sk, const struct cpumask *mask)
{
	struct taskstats_listener_list *listeners;
	struct listener *s;
	unsigned int cpu;

	for_each_cpu(cpu, mask) {
		listeners = &per_cpu(taskstats_listeners, cpu);
		down_write(&listeners->sem);
		list_for_each_entry(s, &listeners->list, list) {
			if (s->sk == sk) {
				list_del(&s->list);
				kfree(s);
				break;
			}
		}
		up_write(&listeners->sem);
	}
}

/* Put @sk on listener_socks, with a reference, unless it is there already. */
static int add_listener_sock(struct sock *sk)
{
	struct listener_sock *ls;
	int ret = 0;

	mutex_lock(&listener_socks_mutex);
	list_for_each_entry(ls, &listener_socks, list) {
		if (ls->sk == sk)
			goto out;
	}
	ls = kmalloc(sizeof(*ls), GFP_KERNEL);
	if (!ls) {
		ret = -ENOMEM;
		goto out;
	}
	sock_hold(sk);
	ls->sk = sk;
	list_add(&ls->list, &listener_socks);
out:
	mutex_unlock(&listener_socks_mutex);
	return ret;
}

static int add_del_listener(struct sock *sk, const struct cpumask *mask,
			    int isadd)
{
	struct taskstats_listener_list *listeners;
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
		/*
		 * @sk sends this request, so it is not released before the
		 * request is done: it cannot miss its release notification.
		 */
		ret = add_listener_sock(sk);
		if (ret)
			return ret;
		for_each_cpu(cpu, mask) {
			s = kmalloc_node(sizeof(*s), GFP_KERNEL,
					 cpu_to_node(cpu));
			if (!s) {
				ret = -ENOMEM;
				goto cleanup;
			}
			s->sk = sk;

			listeners = &per_cpu(taskstats_listeners, cpu);
			down_write(&listeners->sem);
			list_for_each_entry(s2, &listeners->list, list) {
				if (s2->sk == sk)
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

	/* Deregister or cleanup */
cleanup:
	del_listener(sk, mask);
	return ret;
}

/*
 * A netlink socket is being released: take the sockets of listener_socks
 * that are dead, that is released, off the listeners and drop them. The
 * socket being released is marked dead before this notification.
 */
static int taskstats_netlink_notify(struct notifier_block *nb,
				    unsigned long event, void *ptr)
{
	const struct netlink_notify *n = ptr;
	struct listener_sock *ls, *tmp;

	/*
	 * A socket that registered did so before its release began, so an
	 * empty list, the common case, leaves nothing to look for.
	 */
	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    list_empty(&listener_socks))
		return NOTIFY_DONE;

	mutex_lock(&listener_socks_mutex);
	list_for_each_entry_safe(ls, tmp, &listener_socks, list) {
		if (!sock_flag(ls->sk, SOCK_DEAD))
			continue;
		del_listener(ls->sk, cpu_possible_mask);
		list_del(&ls->list);
		sock_put(ls->sk);
		kfree(ls);
	}
	mutex_unlock(&listener_socks_mutex);
	return NOTIFY_DONE;
}

struct notifier_block taskstats_netlink_notifier = {
	.notifier_call = taskstats_netlink_notify,
};

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
 * @sk: the socket that sent the request
 * @na: its TASKSTATS_CMD_ATTR_REGISTER_CPUMASK or
 *	TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK attribute, a list of CPUs such
 *	as "0-3,8"
 * @add: register, or deregister
 *
 * Registering adds @sk, once, to the listeners of each CPU of the list: the
 * record of every task that exits on one of those CPUs is then sent to it,
 * until it deregisters or is released. Deregistering removes it from the
 * CPUs of the list.
 *
 * Return: 0 on success, also for deregistering a socket that was not
 * registered; -E2BIG for a list longer than TASKSTATS_CPUMASK_MAXLEN,
 * -EINVAL, -ERANGE or -EOVERFLOW for one that cpulist_parse() rejects,
 * -EINVAL for CPUs that are not possible or a caller outside the initial
 * user and pid namespaces, -ENOMEM, in which case a registration leaves
 * the socket on none of the CPUs of the list.
 */
int taskstats_update_listener(struct sock *sk, struct nlattr *na, bool add)
{
	cpumask_var_t mask;
	int rc;

	if (!alloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	rc = parse_cpumask(na, mask);
	if (rc < 0)
		goto out;
	rc = add_del_listener(sk, mask, add ? REGISTER : DEREGISTER);
out:
	free_cpumask_var(mask);
	return rc;
}
