/*
 * event_server.c - line echo server on one thread with WSAEventSelect.
 *
 * Slot 0 of g_events is the listening socket; slots 1..g_count-1 are
 * accepted clients, each with its own event object.  One
 * WSAWaitForMultipleEvents loop serves them all.
 *
 * This version contains deliberate mistakes for the Winsock lint rules
 * (see README.md in this folder); event_server_correct.c is the fixed one.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <string.h>

#pragma comment(lib, "ws2_32.lib")

#define SERVER_PORT 27015
#define MAX_SLOTS   WSA_MAXIMUM_WAIT_EVENTS
#define BUF_SIZE    4096

typedef struct CLIENT {
    SOCKET s;
    BOOL   canWrite;                /* TRUE while send() should succeed */
    int    outLen;
    char   out[BUF_SIZE];
} CLIENT;

static SOCKET   g_listen = INVALID_SOCKET;
static WSAEVENT g_events[MAX_SLOTS];
static CLIENT   g_clients[MAX_SLOTS];   /* slot 0 belongs to the listener */
static DWORD    g_count;

static void SendPending(CLIENT *c)
{
    int n;

    if (!c->canWrite || c->outLen == 0)
        return;

    n = send(c->s, c->out, c->outLen, 0);
    if (n == SOCKET_ERROR) {
        if (WSAGetLastError() != WSAEWOULDBLOCK)
            printf("send failed: %d\n", WSAGetLastError());
        return;
    }
    memmove(c->out, c->out + n, c->outLen - n);
    c->outLen -= n;
    c->canWrite = FALSE;            /* wait for FD_WRITE before sending more */
}

static void AcceptClient(void)
{
    SOCKET s;
    WSAEVENT ev;
    CLIENT *c;

    s = accept(g_listen, NULL, NULL);
    if (s == INVALID_SOCKET) {
        printf("accept failed: %d\n", WSAGetLastError());
        return;
    }
    if (g_count == MAX_SLOTS) {
        printf("too many clients\n");
        closesocket(s);
        return;
    }

    ev = WSACreateEvent();
    if (WSAEventSelect(s, ev, FD_READ | FD_WRITE) == SOCKET_ERROR) {
        printf("WSAEventSelect failed: %d\n", WSAGetLastError());
        WSACloseEvent(ev);
        closesocket(s);
        return;
    }

    c = &g_clients[g_count];
    c->s = s;
    c->canWrite = FALSE;
    c->outLen = 0;
    g_events[g_count] = ev;
    g_count++;
}

static void ServeForever(void)
{
    WSANETWORKEVENTS ne;
    char buf[BUF_SIZE];

    for (;;) {
        DWORD r, i;
        CLIENT *c;

        r = WSAWaitForMultipleEvents(g_count, g_events, FALSE, WSA_INFINITE, FALSE);
        if (r == WSA_WAIT_FAILED) {
            printf("wait failed: %d\n", WSAGetLastError());
            return;
        }
        i = r - WSA_WAIT_EVENT_0;

        if (i == 0) {
            if (WSAEnumNetworkEvents(g_listen, g_events[0], &ne) == SOCKET_ERROR)
                return;
            if (ne.lNetworkEvents & FD_ACCEPT) {
                if (ne.iErrorCode[FD_ACCEPT_BIT] != 0)
                    printf("FD_ACCEPT failed: %d\n", ne.iErrorCode[FD_ACCEPT_BIT]);
                else
                    AcceptClient();
            }
            continue;
        }

        c = &g_clients[i];
        if (WSAEnumNetworkEvents(c->s, g_events[i], &ne) == SOCKET_ERROR) {
            printf("WSAEnumNetworkEvents failed: %d\n", WSAGetLastError());
            continue;
        }

        if (ne.lNetworkEvents & FD_READ) {
            int n = recv(c->s, buf, sizeof(buf), 0);
            if (n > 0 && c->outLen + n <= BUF_SIZE) {
                memcpy(c->out + c->outLen, buf, n);
                c->outLen += n;
                SendPending(c);
            }
        }

        if (ne.lNetworkEvents & FD_WRITE) {
            if (ne.iErrorCode[FD_WRITE_BIT] == 0) {
                c->canWrite = TRUE;
                SendPending(c);
            }
        }

        if (ne.lNetworkEvents & FD_CLOSE) {
            printf("client %lu closed (error %d)\n", i, ne.iErrorCode[FD_CLOSE_BIT]);
            closesocket(c->s);
            WSACloseEvent(g_events[i]);
            g_count--;
            g_events[i] = g_events[g_count];
            g_clients[i] = g_clients[g_count];
        }
    }
}

int main(void)
{
    WSADATA wsa;
    struct sockaddr_in addr;
    int rc;

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

    /* accept connections, and hear about it if the listener goes away */
    rc = WSAEventSelect(g_listen, g_events[0], FD_ACCEPT);
    rc = WSAEventSelect(g_listen, g_events[0], FD_CLOSE);
    if (rc == SOCKET_ERROR) {
        printf("WSAEventSelect failed: %d\n", WSAGetLastError());
        closesocket(g_listen);
        WSACleanup();
        return 1;
    }

    printf("listening on port %d\n", SERVER_PORT);
    ServeForever();

    closesocket(g_listen);
    WSACloseEvent(g_events[0]);
    WSACleanup();
    return 0;
}
