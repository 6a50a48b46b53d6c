// SPDX-License-Identifier: GPL-2.0
/*
 * Send TASKSTATS_CMD_GET for this process's PID over raw generic netlink,
 * hexdump the reply as the kernel sent it, and list its attributes with
 * their offsets, so that a TASKSTATS_TYPE_NULL pad before STATS shows.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/taskstats.h>

static char buf[8192];

static int request(int fd, __u16 type, __u8 cmd, __u16 attr, const void *data, int len)
{
	struct { struct nlmsghdr n; struct genlmsghdr g; char a[64]; } m = {
		.n = { .nlmsg_type = type, .nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = cmd },
		.g = { .cmd = cmd, .version = 1 },
	};
	struct nlattr *na = (struct nlattr *)m.a;

	na->nla_type = attr;
	na->nla_len = NLA_HDRLEN + len;
	memcpy(m.a + NLA_HDRLEN, data, len);
	m.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(na->nla_len);
	if (send(fd, &m, m.n.nlmsg_len, 0) < 0)
		return -1;
	return recv(fd, buf, sizeof(buf), 0);
}

static void attrs(const char *p, int len, int depth, const char *base)
{
	const struct nlattr *na;

	for (na = (const void *)p; len >= NLA_HDRLEN && na->nla_len >= NLA_HDRLEN &&
	     na->nla_len <= len; len -= NLA_ALIGN(na->nla_len),
	     na = (const void *)((const char *)na + NLA_ALIGN(na->nla_len))) {
		long off = (const char *)na - base;

		printf("%*sattr at %4ld: len %4u type %u, payload at %ld (%% 8 = %ld)\n",
		       depth * 2, "", off, na->nla_len, na->nla_type & NLA_TYPE_MASK,
		       off + NLA_HDRLEN, (off + NLA_HDRLEN) % 8);
		if ((na->nla_type & NLA_TYPE_MASK) == TASKSTATS_TYPE_AGGR_PID && depth == 0)
			attrs((const char *)na + NLA_HDRLEN, na->nla_len - NLA_HDRLEN,
			      depth + 1, base);
	}
}

int main(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlmsghdr *n = (struct nlmsghdr *)buf;
	__u32 pid = getpid();
	__u16 family = 0;
	struct nlattr *na;
	int fd, len, i;

	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		return perror("socket"), 1;
	len = request(fd, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME,
		      TASKSTATS_GENL_NAME, sizeof(TASKSTATS_GENL_NAME));
	for (na = (void *)(buf + NLMSG_LENGTH(GENL_HDRLEN)); len > 0 &&
	     (char *)na < buf + n->nlmsg_len; na = (void *)((char *)na + NLA_ALIGN(na->nla_len)))
		if (na->nla_type == CTRL_ATTR_FAMILY_ID)
			family = *(__u16 *)((char *)na + NLA_HDRLEN);
	if (!family)
		return fprintf(stderr, "no TASKSTATS family\n"), 1;
	len = request(fd, family, TASKSTATS_CMD_GET, TASKSTATS_CMD_ATTR_PID, &pid, 4);
	if (len < 0 || n->nlmsg_type != family)
		return fprintf(stderr, "no reply\n"), 1;
	printf("reply to TASKSTATS_CMD_GET pid %u: %d bytes, nlmsg_len %u, sizeof(struct taskstats) %zu\n",
	       pid, len, n->nlmsg_len, sizeof(struct taskstats));
	attrs(buf + NLMSG_LENGTH(GENL_HDRLEN), n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), 0, buf);
	/* The headers and attributes up to the first bytes of STATS */
	for (i = 0; i < 64 && i < len; i += 16) {
		int j;

		printf("%04x ", i);
		for (j = i; j < i + 16 && j < len; j++)
			printf(" %02x", (unsigned char)buf[j]);
		putchar('\n');
	}
	return 0;
}
