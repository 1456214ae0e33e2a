/*
 * The bare receiver of the loss-versus-rate benchmark (LossVsRate): the least a program can do with
 * readout datagrams, with the server's socket settings, so that its loss shows what the kernel and
 * the machine allow and the server's loss beside it what the server adds.
 *
 *   bare-receiver PORT THREADS RCVBUF_BYTES
 *
 * THREADS sockets bound to PORT on ::ffff:127.0.0.1 (an IPv6 socket taking IPv4, as Netty binds),
 * each with SO_REUSEPORT and SO_RCVBUF = RCVBUF_BYTES, each read by its own thread with recvmmsg
 * (16 datagrams of up to 8973 bytes per call, as the server reads). Datagrams are counted, nothing
 * else. PORT 0 takes a free port for the first socket and binds the others to it.
 *
 * Prints "port P rcvbuf GRANTED" once bound; then answers each "stats" line on stdin with
 * "packets N bytes B", and exits at end of input. Built by simulator/bench/run.sh with cc.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DATAGRAMS_PER_CALL 16
#define SLOT_BYTES 8973 /* one byte more than the largest legal datagram, as the server's slot */
#define MAX_THREADS 64

static atomic_long packets[MAX_THREADS];
static atomic_long bytes[MAX_THREADS];

static void *receive(void *arg) {
    long index = (long) arg;
    int fd = (int) (index >> 16);
    int slot = (int) (index & 0xFFFF);
    static __thread char buffers[DATAGRAMS_PER_CALL][SLOT_BYTES];
    struct mmsghdr messages[DATAGRAMS_PER_CALL];
    struct iovec vectors[DATAGRAMS_PER_CALL];
    for (;;) {
        memset(messages, 0, sizeof messages);
        for (int i = 0; i < DATAGRAMS_PER_CALL; i++) {
            vectors[i].iov_base = buffers[i];
            vectors[i].iov_len = SLOT_BYTES;
            messages[i].msg_hdr.msg_iov = &vectors[i];
            messages[i].msg_hdr.msg_iovlen = 1;
        }
        int n = recvmmsg(fd, messages, DATAGRAMS_PER_CALL, MSG_WAITFORONE, NULL);
        if (n < 0) {
            continue;
        }
        long b = 0;
        for (int i = 0; i < n; i++) {
            b += messages[i].msg_len;
        }
        atomic_fetch_add_explicit(&packets[slot], n, memory_order_relaxed);
        atomic_fetch_add_explicit(&bytes[slot], b, memory_order_relaxed);
    }
    return NULL;
}

static int open_socket(int port, int rcvbuf) {
    int fd = socket(AF_INET6, SOCK_DGRAM, 0);
    if (fd < 0) {
        perror("socket");
        exit(1);
    }
    int one = 1, zero = 0;
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf) != 0) {
        perror("SO_RCVBUF");
    }
    struct sockaddr_in6 a;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_port = htons((unsigned short) port);
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &a.sin6_addr);
    if (bind(fd, (struct sockaddr *) &a, sizeof a) != 0) {
        perror("bind");
        exit(1);
    }
    return fd;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s PORT THREADS RCVBUF_BYTES\n", argv[0]);
        return 2;
    }
    int port = atoi(argv[1]);
    int threads = atoi(argv[2]);
    int rcvbuf = atoi(argv[3]);
    if (threads < 1 || threads > MAX_THREADS) {
        fprintf(stderr, "THREADS must be 1..%d\n", MAX_THREADS);
        return 2;
    }
    int granted = 0;
    for (int t = 0; t < threads; t++) {
        int fd = open_socket(port, rcvbuf);
        if (t == 0) {
            struct sockaddr_in6 bound;
            socklen_t len = sizeof bound;
            getsockname(fd, (struct sockaddr *) &bound, &len);
            port = ntohs(bound.sin6_port);
            socklen_t glen = sizeof granted;
            getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &granted, &glen);
        }
        pthread_t id;
        pthread_create(&id, NULL, receive, (void *) (((long) fd << 16) | t));
    }
    printf("port %d rcvbuf %d\n", port, granted);
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        if (strncmp(line, "stats", 5) == 0) {
            long p = 0, b = 0;
            for (int t = 0; t < threads; t++) {
                p += atomic_load(&packets[t]);
                b += atomic_load(&bytes[t]);
            }
            printf("packets %ld bytes %ld\n", p, b);
            fflush(stdout);
        }
    }
    return 0;
}
