/*
 * async_client_correct.c - the client of async_client.c, written correctly.
 * The Winsock lint rules must report nothing in this file.
 *
 * It also listens for UDP discovery beacons on a second socket, reconnects
 * two seconds after a failed connect, and after ten PINGs says QUIT and
 * closes gracefully (shutdown, then wait for FD_CLOSE).
 */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>

#pragma comment(lib, "ws2_32.lib")
#pragma comment(lib, "user32.lib")

#define WM_SOCKET      (WM_USER + 1)
#define WM_DISCOVERY   (WM_USER + 2)
#define CLIENT_EVENTS  (FD_CONNECT | FD_READ | FD_WRITE | FD_CLOSE)
#define SERVER_ADDR    "127.0.0.1"
#define SERVER_PORT    27015
#define DISCOVERY_PORT 27016
#define HEARTBEAT_ID   1
#define RECONNECT_ID   2
#define QUEUE_SIZE     8192
#define MAX_PINGS      10

static HWND   g_hwnd;
static SOCKET g_sock = INVALID_SOCKET;
static SOCKET g_udp = INVALID_SOCKET;
static BOOL   g_canWrite;               /* from FD_WRITE until a send would block */
static BOOL   g_quitting;
static int    g_pings;
static char   g_queue[QUEUE_SIZE];
static int    g_queued;

static BOOL FlushQueue(void)
{
    while (g_canWrite && g_queued > 0) {
        WSABUF wb;
        DWORD sent = 0;

        wb.buf = g_queue;
        wb.len = (u_long)g_queued;
        if (WSASend(g_sock, &wb, 1, &sent, 0, NULL, NULL) == SOCKET_ERROR) {
            int err = WSAGetLastError();
            if (err == WSAEWOULDBLOCK)
                g_canWrite = FALSE;     /* FD_WRITE will come when there is room */
            else
                printf("WSASend failed: %d\n", err);
            return err == WSAEWOULDBLOCK;
        }
        memmove(g_queue, g_queue + sent, g_queued - (int)sent);
        g_queued -= (int)sent;
    }
    return TRUE;
}

static void QueueText(const char *text)
{
    int len = (int)strlen(text);

    if (g_queued + len > QUEUE_SIZE) {
        printf("queue full, dropping \"%s\"\n", text);
        return;
    }
    memcpy(g_queue + g_queued, text, len);
    g_queued += len;
    FlushQueue();
}

static BOOL StartConnect(void)
{
    struct sockaddr_in addr;
    SOCKET s;

    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return FALSE;

    if (WSAAsyncSelect(s, g_hwnd, WM_SOCKET, CLIENT_EVENTS) == SOCKET_ERROR) {
        printf("WSAAsyncSelect failed: %d\n", WSAGetLastError());
        closesocket(s);
        return FALSE;
    }

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = inet_addr(SERVER_ADDR);
    addr.sin_port = htons(SERVER_PORT);
    if (connect(s, (SOCKADDR *)&addr, sizeof(addr)) == SOCKET_ERROR &&
        WSAGetLastError() != WSAEWOULDBLOCK) {
        printf("connect failed: %d\n", WSAGetLastError());
        closesocket(s);
        return FALSE;
    }

    g_sock = s;
    g_canWrite = FALSE;
    g_queued = 0;
    g_pings = 0;
    return TRUE;
}

static BOOL StartDiscovery(void)
{
    struct sockaddr_in addr;

    g_udp = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (g_udp == INVALID_SOCKET)
        return FALSE;

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(DISCOVERY_PORT);
    if (bind(g_udp, (SOCKADDR *)&addr, sizeof(addr)) == SOCKET_ERROR ||
        WSAAsyncSelect(g_udp, g_hwnd, WM_DISCOVERY, FD_READ) == SOCKET_ERROR) {
        printf("discovery socket: %d\n", WSAGetLastError());
        closesocket(g_udp);
        g_udp = INVALID_SOCKET;
        return FALSE;
    }
    return TRUE;
}

static void OnSocket(SOCKET s, LPARAM lParam)
{
    WORD event = WSAGETSELECTEVENT(lParam);
    int  error = WSAGETSELECTERROR(lParam);
    char buf[1024];
    int  n;

    if (s != g_sock)
        return;

    switch (event) {
    case FD_CONNECT:
        if (error != 0) {
            printf("connect failed: %d, retrying\n", error);
            closesocket(s);
            g_sock = INVALID_SOCKET;
            SetTimer(g_hwnd, RECONNECT_ID, 2000, NULL);
            break;
        }
        printf("connected to %s:%d\n", SERVER_ADDR, SERVER_PORT);
        QueueText("HELLO\r\n");
        break;

    case FD_READ:
        if (error != 0) {
            printf("FD_READ error %d\n", error);
            break;
        }
        for (;;) {
            n = recv(s, buf, sizeof(buf) - 1, 0);
            if (n <= 0)
                break;
            buf[n] = '\0';
            printf("server: %s", buf);
        }
        if (n == SOCKET_ERROR && WSAGetLastError() != WSAEWOULDBLOCK)
            printf("recv failed: %d\n", WSAGetLastError());
        break;

    case FD_WRITE:
        if (error == 0) {
            g_canWrite = TRUE;
            FlushQueue();
        }
        break;

    case FD_CLOSE:
        if (error == WSAECONNRESET)
            printf("the server reset the connection\n");
        else
            printf("the server closed the connection\n");
        /* data can still be queued ahead of the FIN: read it before closing */
        do {
            n = recv(s, buf, sizeof(buf) - 1, 0);
            if (n > 0) {
                buf[n] = '\0';
                printf("server: %s", buf);
            }
        } while (n > 0);
        closesocket(s);
        g_sock = INVALID_SOCKET;
        break;
    }
}

static void OnDiscovery(LPARAM lParam)
{
    char buf[512];
    struct sockaddr_in from;
    int fromLen, n;

    if (HIWORD(lParam) != 0) {
        printf("discovery socket error %u\n", HIWORD(lParam));
        return;
    }
    if (WSAGETSELECTEVENT(lParam) == FD_READ) {
        fromLen = sizeof(from);
        n = recvfrom(g_udp, buf, sizeof(buf) - 1, 0, (SOCKADDR *)&from, &fromLen);
        if (n > 0) {
            buf[n] = '\0';
            printf("beacon: %s\n", buf);
        }
    }
}

static LRESULT CALLBACK WndProc(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam)
{
    switch (msg) {
    case WM_SOCKET:
        OnSocket((SOCKET)wParam, lParam);
        return 0;

    case WM_DISCOVERY:
        OnDiscovery(lParam);
        return 0;

    case WM_TIMER:
        if (wParam == RECONNECT_ID) {
            KillTimer(hwnd, RECONNECT_ID);
            StartConnect();
        } else if (g_sock == INVALID_SOCKET && g_quitting) {
            KillTimer(hwnd, HEARTBEAT_ID);
            PostQuitMessage(0);
        } else if (g_sock != INVALID_SOCKET && !g_quitting) {
            if (++g_pings > MAX_PINGS) {
                QueueText("QUIT\r\n");
                FlushQueue();
                shutdown(g_sock, SD_SEND);
                g_quitting = TRUE;
            } else {
                QueueText("PING\r\n");
            }
        }
        return 0;
    }
    return DefWindowProc(hwnd, msg, wParam, lParam);
}

int main(void)
{
    WSADATA wsa;
    WNDCLASS wc;
    MSG msg;

    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;

    memset(&wc, 0, sizeof(wc));
    wc.lpfnWndProc = WndProc;
    wc.hInstance = GetModuleHandle(NULL);
    wc.lpszClassName = "AsyncClientWindow";
    RegisterClass(&wc);
    g_hwnd = CreateWindowEx(0, wc.lpszClassName, "", 0, 0, 0, 0, 0,
                            HWND_MESSAGE, NULL, wc.hInstance, NULL);
    if (g_hwnd == NULL || !StartConnect()) {
        WSACleanup();
        return 1;
    }
    if (!StartDiscovery())
        printf("no discovery, continuing\n");
    SetTimer(g_hwnd, HEARTBEAT_ID, 1000, NULL);

    while (GetMessage(&msg, NULL, 0, 0) > 0) {
        TranslateMessage(&msg);
        DispatchMessage(&msg);
    }

    if (g_udp != INVALID_SOCKET)
        closesocket(g_udp);
    if (g_sock != INVALID_SOCKET)
        closesocket(g_sock);
    DestroyWindow(g_hwnd);
    WSACleanup();
    return 0;
}
