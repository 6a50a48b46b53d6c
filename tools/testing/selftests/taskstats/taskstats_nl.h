/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink helpers shared by the taskstats selftests: well-formed requests
 * are built with libnl-3, malformed ones by hand, and every reply is read
 * raw so that tests can check it byte by byte.
 */
#ifndef TASKSTATS_NL_H
#define TASKSTATS_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/cgroupstats.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/taskstats.h>

/* Bound on every wait for a message that must arrive. */
#define TS_TIMEOUT_SEC		5
#define TS_BUF_SIZE		16384

/* Sizes of the replies on architectures that need no STATS padding. */
#define TS_AGGR_LEN	(NLA_HDRLEN + NLA_ALIGN(NLA_HDRLEN + sizeof(__u32)) + \
			 NLA_HDRLEN + sizeof(struct taskstats))
#define TS_MSG_LEN(n)	(NLMSG_HDRLEN + GENL_HDRLEN + (n) * TS_AGGR_LEN)

struct nl_sock;

struct ts_sock {
	struct nl_sock *nl;
	int fd;
	__u32 portid;
	__u16 family;
	unsigned int others;	/* exit records of others, skipped */
};

/* One AGGR_PID or AGGR_TGID record of a reply. */
struct ts_record {
	int aggr;		/* TASKSTATS_TYPE_AGGR_PID or _AGGR_TGID */
	__u32 id;		/* the PID or TGID attribute */
	bool null_pad;		/* a TASKSTATS_TYPE_NULL attribute came first */
	struct taskstats stats;
};

/* A datagram as received: one message, or several parts of a dump. */
struct ts_msg {
	union {
		struct nlmsghdr nlh;
		char buf[TS_BUF_SIZE];
	};
	ssize_t len;
};

/* A message built by hand. */
struct ts_raw {
	union {
		struct nlmsghdr nlh;
		char buf[4096];
	};
};

int ts_open(struct ts_sock *ts);
int ts_open_port(struct ts_sock *ts, __u32 portid);
void ts_close(struct ts_sock *ts);
int ts_resolve_family(struct ts_sock *ts, const char *name);

int ts_send_cmd(struct ts_sock *ts, __u8 cmd, __u16 flags, int attr,
		const void *data, size_t len);
int ts_send_raw(struct ts_sock *ts, const struct ts_raw *raw);
int ts_recv(struct ts_sock *ts, struct ts_msg *msg, bool wait);
bool ts_msg_errno(const struct ts_msg *msg, int *err);
bool ts_nothing_queued(struct ts_sock *ts);

void ts_raw_init(struct ts_raw *raw, __u16 type, __u16 flags, __u8 cmd);
void ts_raw_put(struct ts_raw *raw, __u16 type, const void *data, size_t len);

int ts_request(struct ts_sock *ts, __u8 cmd, int attr, const void *data,
	       size_t len, struct ts_msg *reply);
int ts_query(struct ts_sock *ts, int attr, __u32 id, struct ts_record *rec);
int ts_register(struct ts_sock *ts, const char *mask);
int ts_deregister(struct ts_sock *ts, const char *mask);

int ts_parse(const struct ts_msg *msg, struct ts_record *recs, int max);
int ts_recv_records(struct ts_sock *ts, struct ts_record *recs, int max,
		    struct ts_msg *msg);

int ts_drop_cap_net_admin(void);
int ts_online_cpus(void);
const char *ts_possible_cpus(void);
pid_t ts_exit_child(int cpu, int code, const char *comm);
pid_t ts_spawn(int cpu, const char *path, const char *arg);
int ts_write_file(const char *path, const char *text);
__u64 ts_encode_dev(dev_t dev);
int ts_tmpfs_copy(const char *bin, char *dir, char *path, size_t len);
void ts_tmpfs_remove(const char *dir, const char *path);

#endif /* TASKSTATS_NL_H */
