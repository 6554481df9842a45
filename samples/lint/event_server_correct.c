/*
 * event_server_correct.c - the line echo server of event_server.c, written
 * correctly.  The Winsock lint rules must report nothing in this file.
 *
 * Slot 0 of g_events is the listening socket; slots 1..g_count-1 are
 * accepted clients.  A client whose output buffer fills up stops reading
 * (its selection drops FD_READ) until the peer has taken the echoed data.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <string.h>

#pragma comment(lib, "ws2_32.lib")

#define SERVER_PORT   27015
#define MAX_SLOTS     WSA_MAXIMUM_WAIT_EVENTS
#define BUF_SIZE      4096
#define HIGH_WATER    (BUF_SIZE - 512)
#define WAIT_MS       1000

#define LISTEN_EVENTS (FD_ACCEPT | FD_CLOSE)
static const long kClientEvents   = FD_READ | FD_WRITE | FD_CLOSE;
static const long kThrottleEvents = FD_WRITE | FD_CLOSE;

typedef struct CLIENT {
    SOCKET   s;
    WSAEVENT ev;
    BOOL     canWrite;              /* from FD_WRITE until a send would block */
    BOOL     throttled;             /* FD_READ deselected */
    int      outLen;
    char     out[BUF_SIZE];
} CLIENT;

static SOCKET   g_listen = INVALID_SOCKET;
static WSAEVENT g_events[MAX_SLOTS];
static CLIENT   g_clients[MAX_SLOTS];   /* slot 0 belongs to the listener */
static DWORD    g_count;
static BOOL     g_running = TRUE;

/* Send as much as the stack takes; only WSAEWOULDBLOCK means "wait for FD_WRITE". */
static BOOL SendPending(CLIENT *c)
{
    while (c->canWrite && c->outLen > 0) {
        int n = send(c->s, c->out, c->outLen, 0);
        if (n == SOCKET_ERROR) {
            if (WSAGetLastError() == WSAEWOULDBLOCK) {
                c->canWrite = FALSE;
                return TRUE;
            }
            printf("send failed: %d\n", WSAGetLastError());
            return FALSE;
        }
        memmove(c->out, c->out + n, c->outLen - n);
        c->outLen -= n;
    }
    return TRUE;
}

/* Read until the socket has nothing more (WSAEWOULDBLOCK) or the peer's FIN. */
static int DrainClient(CLIENT *c)
{
    char buf[BUF_SIZE];
    int total = 0;

    for (;;) {
        int n = recv(c->s, buf, sizeof(buf), 0);
        if (n > 0) {
            total += n;
            if (c->outLen + n <= BUF_SIZE) {
                memcpy(c->out + c->outLen, buf, n);
                c->outLen += n;
            } else {
                printf("output full, dropped %d bytes\n", n);
            }
            continue;
        }
        if (n == SOCKET_ERROR && WSAGetLastError() != WSAEWOULDBLOCK)
            printf("recv failed: %d\n", WSAGetLastError());
        break;
    }
    return total;
}

/* Stop reading while the output buffer is nearly full; resume once it drains. */
static BOOL UpdateSelection(CLIENT *c)
{
    BOOL full = c->outLen >= HIGH_WATER;

    if (full == c->throttled)
        return TRUE;
    c->throttled = full;

    if (full) {
        /* drop the old selection and its recorded events, then choose the new set */
        WSAEventSelect(c->s, NULL, 0);
        if (WSAEventSelect(c->s, c->ev, kThrottleEvents) == SOCKET_ERROR)
            return FALSE;
    } else {
        if (WSAEventSelect(c->s, c->ev, kClientEvents) == SOCKET_ERROR)
            return FALSE;
    }
    return TRUE;
}

static void AcceptClient(void)
{
    SOCKET s;
    WSAEVENT ev;
    CLIENT *c;

    s = accept(g_listen, NULL, NULL);
    if (s == INVALID_SOCKET) {
        if (WSAGetLastError() != WSAEWOULDBLOCK)
            printf("accept failed: %d\n", WSAGetLastError());
        return;
    }
    if (g_count == MAX_SLOTS) {
        printf("too many clients\n");
        closesocket(s);
        return;
    }

    /* the accepted socket inherited LISTEN_EVENTS and g_events[0]: give it its own */
    ev = WSACreateEvent();
    if (ev == WSA_INVALID_EVENT || WSAEventSelect(s, ev, kClientEvents) == SOCKET_ERROR) {
        printf("cannot select on the new client: %d\n", WSAGetLastError());
        if (ev != WSA_INVALID_EVENT)
            WSACloseEvent(ev);
        closesocket(s);
        return;
    }

    c = &g_clients[g_count];
    c->s = s;
    c->ev = ev;
    c->canWrite = FALSE;            /* FD_WRITE follows the accept */
    c->throttled = FALSE;
    c->outLen = 0;
    g_events[g_count] = ev;
    g_count++;
}

static void HandleClient(DWORD i, const WSANETWORKEVENTS *ne)
{
    CLIENT *c = &g_clients[i];

    if (ne->lNetworkEvents & FD_READ) {
        if (ne->iErrorCode[FD_READ_BIT] != 0) {
            printf("FD_READ failed: %d\n", ne->iErrorCode[FD_READ_BIT]);
        } else {
            DrainClient(c);
            SendPending(c);
            UpdateSelection(c);
        }
    }

    if (ne->lNetworkEvents & FD_WRITE) {
        if (ne->iErrorCode[FD_WRITE_BIT] == 0) {
            c->canWrite = TRUE;
            SendPending(c);
            UpdateSelection(c);
        }
    }

    if (ne->lNetworkEvents & FD_CLOSE) {
        if (ne->iErrorCode[FD_CLOSE_BIT] == WSAECONNRESET)
            printf("client %lu reset the connection\n", i);
        else
            printf("client %lu closed\n", i);
        DrainClient(c);
        SendPending(c);
        closesocket(c->s);
        WSACloseEvent(c->ev);
        g_count--;
        g_events[i] = g_events[g_count];
        g_clients[i] = g_clients[g_count];
    }
}

static void ServeForever(void)
{
    WSANETWORKEVENTS ne;

    while (g_running) {
        DWORD r = WSAWaitForMultipleEvents(g_count, g_events, FALSE, WAIT_MS, FALSE);
        DWORD i;

        if (r == WSA_WAIT_TIMEOUT)
            continue;
        if (r == WSA_WAIT_FAILED) {
            printf("wait failed: %d\n", WSAGetLastError());
            break;
        }
        i = r - WSA_WAIT_EVENT_0;

        if (i == 0) {
            if (WSAEnumNetworkEvents(g_listen, g_events[0], &ne) == SOCKET_ERROR) {
                printf("WSAEnumNetworkEvents failed: %d\n", WSAGetLastError());
                break;
            }
            if (ne.lNetworkEvents & FD_ACCEPT) {
                if (ne.iErrorCode[FD_ACCEPT_BIT] == 0)
                    AcceptClient();
                else
                    printf("FD_ACCEPT failed: %d\n", ne.iErrorCode[FD_ACCEPT_BIT]);
            }
            if (ne.lNetworkEvents & FD_CLOSE) {
                printf("listening socket closed: %d\n", ne.iErrorCode[FD_CLOSE_BIT]);
                g_running = FALSE;
            }
        } else {
            if (WSAEnumNetworkEvents(g_clients[i].s, g_events[i], &ne) == SOCKET_ERROR) {
                printf("WSAEnumNetworkEvents failed: %d\n", WSAGetLastError());
                continue;
            }
            HandleClient(i, &ne);
        }
    }
}

int main(void)
{
    WSADATA wsa;
    struct sockaddr_in addr;
    DWORD i;

    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;

    g_listen = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (g_listen == INVALID_SOCKET) {
        printf("socket failed: %d\n", WSAGetLastError());
        WSACleanup();
        return 1;
    }

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(SERVER_PORT);
    if (bind(g_listen, (SOCKADDR *)&addr, sizeof(addr)) == SOCKET_ERROR ||
        listen(g_listen, SOMAXCONN) == SOCKET_ERROR) {
        printf("bind/listen failed: %d\n", WSAGetLastError());
        closesocket(g_listen);
        WSACleanup();
        return 1;
    }

    g_events[0] = WSACreateEvent();
    g_count = 1;
    if (WSAEventSelect(g_listen, g_events[0], LISTEN_EVENTS) == SOCKET_ERROR) {
        printf("WSAEventSelect failed: %d\n", WSAGetLastError());
        closesocket(g_listen);
        WSACleanup();
        return 1;
    }

    printf("listening on port %d\n", SERVER_PORT);
    ServeForever();

    /* no more FD_ACCEPT while the clients are torn down */
    WSAEventSelect(g_listen, NULL, 0);
    for (i = 1; i < g_count; i++) {
        shutdown(g_clients[i].s, SD_BOTH);
        closesocket(g_clients[i].s);
        WSACloseEvent(g_clients[i].ev);
    }
    closesocket(g_listen);
    WSACloseEvent(g_events[0]);
    WSACleanup();
    return 0;
}
