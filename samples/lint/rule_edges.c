/*
 * rule_edges.c - one small function per edge of the Winsock lint rules.
 * Not a program: the functions are never called.  README.md lists which
 * ones are flagged; a comment above each function says what it tests.
 */
#include <winsock2.h>
#include <stdio.h>

#define EDGE_EVENTS (FD_READ | FD_CLOSE)

void LogEvents(const WSANETWORKEVENTS *ne);     /* defined elsewhere */
void FinishSession(SOCKET s);                   /* defined elsewhere */

/* ---- select-overrides ------------------------------------------------ */

/* identical calls one after the other: not flagged */
void RepeatIdentical(SOCKET s, WSAEVENT ev)
{
    WSAEventSelect(s, ev, FD_READ | FD_CLOSE);
    WSAEventSelect(s, ev, FD_READ | FD_CLOSE);
}

/* same event, masks written differently but both 0x21: not flagged */
void RepeatSameValue(SOCKET s, WSAEVENT ev)
{
    WSAEventSelect(s, ev, EDGE_EVENTS);
    WSAEventSelect(s, ev, 0x21);
}

/* select, cancel, select again: neither pair is flagged */
void CancelThenSelect(SOCKET s, WSAEVENT ev)
{
    WSAEventSelect(s, ev, FD_READ | FD_CLOSE);
    WSAEventSelect(s, NULL, 0);
    WSAEventSelect(s, ev, FD_WRITE | FD_CLOSE);
}

/* same mask, another event object: flagged (second line) */
void OtherEventObject(SOCKET s, WSAEVENT ev1, WSAEVENT ev2)
{
    WSAEventSelect(s, ev1, FD_READ | FD_CLOSE);
    WSAEventSelect(s, ev2, FD_READ | FD_CLOSE);
}

/* a select on another socket in between does not break the pair: flagged (third line) */
void OtherSocketBetween(SOCKET a, SOCKET b, WSAEVENT ev)
{
    WSAEventSelect(a, ev, FD_READ);
    WSAEventSelect(b, ev, FD_READ);
    WSAEventSelect(a, ev, FD_WRITE);
}

/* same mask, another message: flagged (second call) */
void AsyncOtherMessage(SOCKET s, HWND hwnd)
{
    WSAAsyncSelect(s, hwnd, WM_USER + 1, FD_READ | FD_CLOSE);
    WSAAsyncSelect(s, hwnd, WM_USER + 2, FD_READ | FD_CLOSE);
}

/* an event selection replaced by a window-message selection: flagged (second call) */
void EventThenAsync(SOCKET s, WSAEVENT ev, HWND hwnd)
{
    WSAEventSelect(s, ev, FD_READ | FD_CLOSE);
    WSAAsyncSelect(s, hwnd, WM_USER + 1, FD_READ | FD_CLOSE);
}

/* different branches of an if and of a switch: not flagged */
void Branches(SOCKET s, WSAEVENT ev, int wantWrite)
{
    if (wantWrite)
        WSAEventSelect(s, ev, FD_WRITE | FD_CLOSE);
    else
        WSAEventSelect(s, ev, FD_READ | FD_CLOSE);

    switch (wantWrite) {
    case 0:
        WSAEventSelect(s, ev, FD_READ);
        break;
    default:
        WSAEventSelect(s, ev, FD_WRITE);
        break;
    }
}

/* the socket variable is reassigned between the calls: not flagged */
void SocketReassigned(SOCKET listener, WSAEVENT ev)
{
    SOCKET s = listener;

    WSAEventSelect(s, ev, FD_ACCEPT);
    s = accept(listener, NULL, NULL);
    WSAEventSelect(s, ev, FD_READ | FD_WRITE | FD_CLOSE);
}

/* the second call is in a nested block, not the same block: not flagged */
void NestedBlock(SOCKET s, WSAEVENT ev, int urgent)
{
    WSAEventSelect(s, ev, FD_READ | FD_CLOSE);
    if (urgent) {
        WSAEventSelect(s, ev, FD_READ | FD_OOB | FD_CLOSE);
    }
}

/* ---- missing-fd-close -------------------------------------------------- */

/* a connected datagram socket: not flagged */
void DgramConnected(const struct sockaddr_in *peer, WSAEVENT ev)
{
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);

    connect(u, (const struct sockaddr *)peer, sizeof(*peer));
    WSAEventSelect(u, ev, FD_READ | FD_WRITE);
}

/* FD_CONNECT in the mask makes it a connecting stream socket: flagged */
void ConnectMaskNoClose(SOCKET s, HWND hwnd)
{
    WSAAsyncSelect(s, hwnd, WM_USER + 1, FD_CONNECT | FD_READ | FD_WRITE);
}

/* a listening socket: not flagged */
void ListenerNoClose(SOCKET listener, WSAEVENT ev)
{
    WSAEventSelect(listener, ev, FD_ACCEPT);
}

/* nothing says what s is: not flagged */
void NoEvidence(SOCKET s, WSAEVENT ev)
{
    WSAEventSelect(s, ev, FD_READ | FD_WRITE);
}

/* returned by WSAAccept: flagged */
void AcceptedViaWSAAccept(SOCKET listener, WSAEVENT ev)
{
    SOCKET s = WSAAccept(listener, NULL, NULL, NULL, 0);

    if (s != INVALID_SOCKET)
        WSAEventSelect(s, ev, FD_READ);
}

/* WSAConnect comes after the select in the same function: flagged */
void ConnectAfterSelect(SOCKET s, WSAEVENT ev, const struct sockaddr *to, int toLen)
{
    WSAEventSelect(s, ev, FD_READ | FD_WRITE);
    WSAConnect(s, to, toLen, NULL, NULL, NULL, NULL);
}

/* accepted, but the mask is a parameter: not flagged */
void AcceptedUndecidedMask(SOCKET listener, WSAEVENT ev, long mask)
{
    SOCKET s = accept(listener, NULL, NULL);

    WSAEventSelect(s, ev, mask);
}

/* ---- unchecked-error ----------------------------------------------------- */

/* iErrorCode read with a variable index counts for every bit: not flagged */
void LoopIndex(SOCKET s, WSAEVENT ev)
{
    WSANETWORKEVENTS ne;
    int bit;

    if (WSAEnumNetworkEvents(s, ev, &ne) != 0)
        return;
    for (bit = 0; bit < FD_MAX_EVENTS; bit++)
        if (ne.iErrorCode[bit] != 0)
            printf("event bit %d failed: %d\n", bit, ne.iErrorCode[bit]);
    if (ne.lNetworkEvents & FD_READ)
        printf("readable\n");
    if (ne.lNetworkEvents & FD_OOB)
        printf("urgent data\n");
}

/* &ne handed to another function: undecided, not flagged */
void HandedOff(SOCKET s, WSAEVENT ev)
{
    WSANETWORKEVENTS ne;

    if (WSAEnumNetworkEvents(s, ev, &ne) != 0)
        return;
    LogEvents(&ne);
    if (ne.lNetworkEvents & FD_WRITE)
        printf("writable\n");
}

/* FD_READ is checked, FD_CONNECT is not: flagged (the FD_CONNECT test) */
void WrongBit(SOCKET s, WSAEVENT ev)
{
    WSANETWORKEVENTS ne;

    if (WSAEnumNetworkEvents(s, ev, &ne) != 0)
        return;
    if (ne.iErrorCode[FD_READ_BIT] != 0)
        return;
    if (ne.lNetworkEvents & FD_READ)
        printf("readable\n");
    if (ne.lNetworkEvents & FD_CONNECT)
        printf("connected\n");
}

/* if-form, no WSAGETSELECTERROR in the function: flagged */
void AsyncIfForm(WPARAM wParam, LPARAM lParam)
{
    if (WSAGETSELECTEVENT(lParam) == FD_ACCEPT)
        printf("connection waiting on socket %u\n", (unsigned)wParam);
}

/* HIWORD(lParam) is the error: not flagged */
void AsyncHiword(WPARAM wParam, LPARAM lParam)
{
    char buf[256];

    if (HIWORD(lParam) != 0)
        return;
    switch (WSAGETSELECTEVENT(lParam)) {
    case FD_READ:
        recv((SOCKET)wParam, buf, sizeof(buf), 0);
        break;
    }
}

/* ---- close-without-drain ------------------------------------------------ */

static int ReadOnce(SOCKET s)
{
    char buf[512];

    return recv(s, buf, sizeof(buf), 0);
}

static void ReadAll(SOCKET s)
{
    char buf[512];

    while (recv(s, buf, sizeof(buf), 0) > 0)
        ;
}

/* one recv, not in a loop: flagged (the closesocket) */
void CloseSingleRecv(SOCKET s, WSAEVENT ev)
{
    WSANETWORKEVENTS ne;
    char buf[512];

    if (WSAEnumNetworkEvents(s, ev, &ne) != 0)
        return;
    if (ne.lNetworkEvents & FD_CLOSE) {
        if (ne.iErrorCode[FD_CLOSE_BIT] == 0)
            recv(s, buf, sizeof(buf), 0);
        closesocket(s);
    }
}

/* a same-file helper that reads once, not in a loop: flagged (the closesocket) */
void CloseViaReadOnce(SOCKET s, WSAEVENT ev)
{
    WSANETWORKEVENTS ne;

    if (WSAEnumNetworkEvents(s, ev, &ne) != 0)
        return;
    if (ne.lNetworkEvents & FD_CLOSE) {
        printf("closing, error %d\n", ne.iErrorCode[FD_CLOSE_BIT]);
        ReadOnce(s);
        closesocket(s);
    }
}

/* a same-file helper that loops: not flagged */
void CloseViaReadAll(SOCKET s, WSAEVENT ev)
{
    WSANETWORKEVENTS ne;

    if (WSAEnumNetworkEvents(s, ev, &ne) != 0)
        return;
    if (ne.lNetworkEvents & FD_CLOSE) {
        printf("closing, error %d\n", ne.iErrorCode[FD_CLOSE_BIT]);
        ReadAll(s);
        closesocket(s);
    }
}

/* a call to a function defined elsewhere: undecided, not flagged */
void CloseUnknownCall(SOCKET s, WSAEVENT ev)
{
    WSANETWORKEVENTS ne;

    if (WSAEnumNetworkEvents(s, ev, &ne) != 0)
        return;
    if (ne.lNetworkEvents & FD_CLOSE) {
        if (ne.iErrorCode[FD_CLOSE_BIT] == 0)
            FinishSession(s);
        closesocket(s);
    }
}

/* async form, only well-known calls: flagged (the closesocket) */
void AsyncCloseNoDrain(WPARAM wParam, LPARAM lParam)
{
    if (WSAGETSELECTERROR(lParam) != 0)
        printf("socket error %d\n", WSAGETSELECTERROR(lParam));
    if (WSAGETSELECTEVENT(lParam) == FD_CLOSE) {
        shutdown((SOCKET)wParam, SD_BOTH);
        closesocket((SOCKET)wParam);
    }
}

/* ---- write-after-send ---------------------------------------------------- */

static BOOL g_edgeWritable;     /* set TRUE only in EdgeOnEvents (FD_WRITE) */
static BOOL g_edgeWritable2;    /* set TRUE in EdgeOnEvents and in EdgeConnected */

void EdgeOnEvents(SOCKET s, WSAEVENT ev)
{
    WSANETWORKEVENTS ne;

    if (WSAEnumNetworkEvents(s, ev, &ne) != 0)
        return;
    if (ne.lNetworkEvents & FD_WRITE) {
        if (ne.iErrorCode[FD_WRITE_BIT] == 0) {
            g_edgeWritable = TRUE;
            g_edgeWritable2 = TRUE;
        }
    }
}

void EdgeConnected(void)
{
    g_edgeWritable2 = TRUE;
}

/* cleared only when the send would block: not flagged */
void EdgeSendConditional(SOCKET s, const char *p, int n)
{
    if (send(s, p, n, 0) == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK)
        g_edgeWritable = FALSE;
}

/* cleared after every successful WSASend: flagged (the assignment) */
void EdgeWsaSendUnconditional(SOCKET s, WSABUF *wb)
{
    DWORD sent;

    if (WSASend(s, wb, 1, &sent, 0, NULL, NULL) == SOCKET_ERROR)
        return;
    g_edgeWritable = FALSE;
}

/* the flag is also set TRUE outside the FD_WRITE handler: not flagged */
void EdgeSendOtherFlag(SOCKET s, const char *p, int n)
{
    if (send(s, p, n, 0) == SOCKET_ERROR)
        return;
    g_edgeWritable2 = FALSE;
}
