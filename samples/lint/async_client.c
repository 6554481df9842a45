/*
 * async_client.c - console client for the line echo server, driven by
 * WSAAsyncSelect notifications sent to a message-only window.  It says
 * HELLO after connecting and PING once a second, and prints what comes back.
 *
 * This version contains deliberate mistakes for the Winsock lint rules
 * (see README.md in this folder); async_client_correct.c is the fixed one.
 */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>

#pragma comment(lib, "ws2_32.lib")
#pragma comment(lib, "user32.lib")

#define WM_SOCKET      (WM_USER + 1)
#define SERVER_ADDR    "127.0.0.1"
#define SERVER_PORT    27015
#define HEARTBEAT_ID   1
#define QUEUE_SIZE     8192

static HWND   g_hwnd;
static SOCKET g_sock = INVALID_SOCKET;
static BOOL   g_canWrite = FALSE;
static char   g_queue[QUEUE_SIZE];
static int    g_queued;

static void FlushQueue(void)
{
    int n;

    if (!g_canWrite || g_queued == 0)
        return;

    n = send(g_sock, g_queue, g_queued, 0);
    if (n == SOCKET_ERROR) {
        if (WSAGetLastError() != WSAEWOULDBLOCK)
            printf("send failed: %d\n", WSAGetLastError());
        return;
    }
    memmove(g_queue, g_queue + n, g_queued - n);
    g_queued -= n;
    g_canWrite = FALSE;             /* the next FD_WRITE says when to send again */
}

static void QueueText(const char *text)
{
    int len = (int)strlen(text);

    if (g_queued + len > QUEUE_SIZE)
        return;
    memcpy(g_queue + g_queued, text, len);
    g_queued += len;
    FlushQueue();
}

static void OnSocket(SOCKET s, LPARAM lParam)
{
    char buf[1024];
    int n;

    if (s != g_sock)
        return;

    switch (WSAGETSELECTEVENT(lParam)) {
    case FD_CONNECT:
        printf("connected to %s:%d\n", SERVER_ADDR, SERVER_PORT);
        QueueText("HELLO\r\n");
        break;

    case FD_READ:
        n = recv(s, buf, sizeof(buf) - 1, 0);
        if (n > 0) {
            buf[n] = '\0';
            printf("server: %s", buf);
        }
        break;

    case FD_WRITE:
        g_canWrite = TRUE;
        FlushQueue();
        break;

    case FD_CLOSE:
        printf("server closed the connection\n");
        closesocket(s);
        g_sock = INVALID_SOCKET;
        break;
    }
}

static LRESULT CALLBACK WndProc(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam)
{
    switch (msg) {
    case WM_SOCKET:
        OnSocket((SOCKET)wParam, lParam);
        return 0;

    case WM_TIMER:
        if (g_sock == INVALID_SOCKET) {
            KillTimer(hwnd, HEARTBEAT_ID);
            PostQuitMessage(0);
        } else {
            QueueText("PING\r\n");
        }
        return 0;
    }
    return DefWindowProc(hwnd, msg, wParam, lParam);
}

static BOOL StartConnect(void)
{
    struct sockaddr_in addr;

    g_sock = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (g_sock == INVALID_SOCKET)
        return FALSE;

    if (WSAAsyncSelect(g_sock, g_hwnd, WM_SOCKET,
                       FD_CONNECT | FD_READ | FD_WRITE | FD_CLOSE) == SOCKET_ERROR) {
        printf("WSAAsyncSelect failed: %d\n", WSAGetLastError());
        return FALSE;
    }

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = inet_addr(SERVER_ADDR);
    addr.sin_port = htons(SERVER_PORT);
    if (connect(g_sock, (SOCKADDR *)&addr, sizeof(addr)) == SOCKET_ERROR &&
        WSAGetLastError() != WSAEWOULDBLOCK) {
        printf("connect failed: %d\n", WSAGetLastError());
        return FALSE;
    }
    return TRUE;
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
    SetTimer(g_hwnd, HEARTBEAT_ID, 1000, NULL);

    while (GetMessage(&msg, NULL, 0, 0) > 0) {
        TranslateMessage(&msg);
        DispatchMessage(&msg);
    }

    if (g_sock != INVALID_SOCKET)
        closesocket(g_sock);
    DestroyWindow(g_hwnd);
    WSACleanup();
    return 0;
}
