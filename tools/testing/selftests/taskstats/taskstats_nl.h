/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink helpers shared by the taskstats selftests. Everything is raw
 * netlink: requests are built by hand, well-formed or not, and every reply
 * is read as the kernel sent it, so that tests can check it byte by byte.
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

/*
 * The oldest struct taskstats the suite understands: version 12 added
 * ac_tgid, ac_tgetime, ac_exe_dev and ac_exe_inode, which the tests read.
 */
#define TS_OLDEST_VERSION	12

struct ts_sock {
	int fd;			/* >= 0 while open */
	__u32 portid;
	__u16 family;
	__u32 seq;
	unsigned int others;	/* exit records of others, skipped */
};

/* One AGGR_PID or AGGR_TGID record of a reply. */
struct ts_record {
	int aggr;		/* TASKSTATS_TYPE_AGGR_PID or _AGGR_TGID */
	__u32 id;		/* the PID or TGID attribute */
	bool null_pad;		/* a TASKSTATS_TYPE_NULL attribute came first */
	size_t offset;		/* of the STATS attribute, in the message */
	size_t len;		/* of the STATS payload, as sent */
	__u16 version;		/* of the struct, as sent */
	size_t known;		/* bytes of @stats that came from STATS */
	struct taskstats stats;	/* the first bytes of STATS, zero-filled */
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

/* Up to two CPUs a test may use, and the masks it names them by */
struct ts_cpus {
	int n;			/* how many CPUs the test may use */
	int cpu[2];		/* the first two of them, cpu[1] -1 if alone */
	char mask[16];		/* cpu[0] as a mask */
	char mask1[16];		/* cpu[1] as a mask */
	char both[32];		/* cpu[0] and cpu[1], or just cpu[0] */
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

/* Attributes of a received message, as the kernel's nla_* helpers see them */
const struct nlattr *ts_attr_first(const void *head, int len, int *rem);
const struct nlattr *ts_attr_nested(const struct nlattr *nest, int *rem);
const struct nlattr *ts_attr_next(const struct nlattr *nla, int *rem);
int ts_attr_parse(const struct nlattr **tb, int max, const void *head,
		  int len);
int ts_attr_parse_nested(const struct nlattr **tb, int max,
			 const struct nlattr *nest);
const struct nlattr *ts_genl_attrs(const struct nlmsghdr *nlh, int *len);
__u16 ts_attr_type(const struct nlattr *nla);
const void *ts_attr_data(const struct nlattr *nla);
int ts_attr_len(const struct nlattr *nla);
__u16 ts_attr_u16(const struct nlattr *nla);
__u32 ts_attr_u32(const struct nlattr *nla);
const char *ts_attr_str(const struct nlattr *nla);

int ts_request(struct ts_sock *ts, __u8 cmd, int attr, const void *data,
	       size_t len, struct ts_msg *reply);
int ts_query(struct ts_sock *ts, int attr, __u32 id, struct ts_record *rec);
int ts_register(struct ts_sock *ts, const char *mask);
int ts_deregister(struct ts_sock *ts, const char *mask);

size_t ts_stats_size(unsigned int version);
bool ts_stats_len_ok(unsigned int version, size_t len);
int ts_parse(const struct ts_msg *msg, struct ts_record *recs, int max);
size_t ts_msg_len(const struct ts_record *recs, int n);
int ts_recv_records(struct ts_sock *ts, struct ts_record *recs, int max,
		    struct ts_msg *msg);

bool ts_cap_net_admin(void);
int ts_drop_cap_net_admin(void);
int ts_usable_cpus(int *cpus, int max);
const char *ts_cpu_list(char *buf, size_t size, const int *cpus, int n);
int ts_two_cpus(struct ts_cpus *c);
const char *ts_possible_cpus(void);
int ts_pin(pid_t pid, int cpu);
int ts_wait_state(pid_t pid, char state);
int ts_sockets_used(pid_t pid);
pid_t ts_exit_child(int cpu, int code, const char *comm);
pid_t ts_spawn(int cpu, const char *path, const char *arg);
int ts_write_file(const char *path, const char *text);
__u64 ts_encode_dev(dev_t dev);
int ts_tmpfs_copy(const char *bin, char *dir, char *path, size_t len);
void ts_tmpfs_remove(const char *dir, const char *path);

#endif /* TASKSTATS_NL_H */
