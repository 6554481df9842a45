// provider.cpp - the event-selection part of a non-IFS layered service
// provider (LSP).
//
// Every socket the application sees (the "layered" socket) wraps a socket of
// the next provider in the chain (the "provider" socket).  WSPStartup (not
// shown) filled g_NextProcTable with the next provider's entry points and
// returned ours to Ws2_32.  Asynchronous notifications from the next provider
// go to g_hWorkerWnd, which translates the socket handle and reposts them to
// the application's window with WPUPostMessage.

#include <winsock2.h>
#include <ws2spi.h>
#include "lsp_masks.h"

#define WM_LSP_SELECT     (WM_USER + 0x100)
#define WM_LSP_CTRL_READ  (WM_USER + 0x101)
#define WM_LSP_CTRL_WRITE (WM_USER + 0x102)

struct SOCK_INFO {
    SOCKET         layeredSocket;   // the handle the application holds
    SOCKET         providerSocket;  // the next provider's handle
    WSPPROC_TABLE *proc;            // the next provider's entry points
    HWND           hWnd;            // the application's window (WSPAsyncSelect)
    unsigned int   uMsg;            // the application's message
    long           lEvent;          // what the application selected
};

WSPPROC_TABLE g_NextProcTable;
static HWND   g_hWorkerWnd;

SOCK_INFO *FindSockInfo(SOCKET s, LPINT lpErrno);      // sockinfo.cpp

// Our SPI entry points, handed to Ws2_32 in WSPStartup.
int WSPAPI WSPEventSelect(SOCKET s, WSAEVENT hEventObject, long lNetworkEvents, LPINT lpErrno);
int WSPAPI WSPAsyncSelect(SOCKET s, HWND hWnd, unsigned int wMsg, long lEvent, LPINT lpErrno);
int WSPAPI WSPEnumNetworkEvents(SOCKET s, WSAEVENT hEventObject,
                                LPWSANETWORKEVENTS lpNetworkEvents, LPINT lpErrno);

int WSPAPI WSPEventSelect(SOCKET s, WSAEVENT hEventObject, long lNetworkEvents, LPINT lpErrno)
{
    SOCK_INFO *si = FindSockInfo(s, lpErrno);
    if (si == NULL)
        return SOCKET_ERROR;

    si->lEvent = lNetworkEvents;
    return si->proc->lpWSPEventSelect(si->providerSocket, hEventObject, lNetworkEvents, lpErrno);
}

int WSPAPI WSPAsyncSelect(SOCKET s, HWND hWnd, unsigned int wMsg, long lEvent, LPINT lpErrno)
{
    SOCK_INFO *si = FindSockInfo(s, lpErrno);
    if (si == NULL)
        return SOCKET_ERROR;

    si->hWnd = hWnd;
    si->uMsg = wMsg;
    si->lEvent = lEvent;
    // the next provider notifies our worker window, which reposts to hWnd/wMsg
    return g_NextProcTable.lpWSPAsyncSelect(si->providerSocket, g_hWorkerWnd, WM_LSP_SELECT,
                                            lEvent, lpErrno);
}

int WSPAPI WSPEnumNetworkEvents(SOCKET s, WSAEVENT hEventObject,
                                LPWSANETWORKEVENTS lpNetworkEvents, LPINT lpErrno)
{
    SOCK_INFO *si = FindSockInfo(s, lpErrno);
    if (si == NULL)
        return SOCKET_ERROR;

    return si->proc->lpWSPEnumNetworkEvents(si->providerSocket, hEventObject,
                                            lpNetworkEvents, lpErrno);
}

// A socket the LSP opened for itself: only reads and the close matter.
static int WatchProviderSocket(SOCKET s, WSAEVENT h)
{
    int err = 0;

    if (g_NextProcTable.lpWSPEventSelect(s, h, FD_READ | FD_CLOSE, &err) == SOCKET_ERROR)
        return err;
    return 0;
}

// Route a socket's notifications to the worker window, with the LSP's own mask.
static int RouteToWorker(SOCK_INFO *si)
{
    WSPPROC_TABLE *proc = si->proc;
    int err = 0;

    if (proc->lpWSPAsyncSelect(si->providerSocket, g_hWorkerWnd, WM_LSP_SELECT,
                               LSP_ASYNC_EVENTS, &err) == SOCKET_ERROR)
        return err;
    return 0;
}

// Control socket of the policy channel: one message for reads, one for writes.
static int ArmControlSocket(SOCKET s, HWND hWnd, LPINT lpErrno)
{
    int rc;

    rc = WSPAsyncSelect(s, hWnd, WM_LSP_CTRL_READ, FD_READ, lpErrno);
    rc = WSPAsyncSelect(s, hWnd, WM_LSP_CTRL_WRITE, FD_WRITE, lpErrno);
    return rc;
}

// Before the LSP closes a layered socket: no more messages to the application.
static void StopNotifications(SOCK_INFO *si)
{
    int err = 0;

    if (si->hWnd != NULL)
        WSPAsyncSelect(si->layeredSocket, si->hWnd, 0, 0, &err);
}

// Address-list and route changes on a helper socket, seen through our own entry points.
static bool AddressesChanged(SOCKET helper, WSAEVENT hChange)
{
    WSANETWORKEVENTS ne;
    int err = 0;

    if (WSPEventSelect(helper, hChange, LSP_NOTIFY_EVENTS, &err) == SOCKET_ERROR)
        return false;
    if (WSPEnumNetworkEvents(helper, hChange, &ne, &err) == SOCKET_ERROR)
        return false;
    if (ne.lNetworkEvents & FD_ADDRESS_LIST_CHANGE)
        return ne.iErrorCode[FD_ADDRESS_LIST_CHANGE_BIT] == 0;
    return false;
}

// The LSP's own connection to a policy service, polled from a worker thread.
class PolicyChannel {
public:
    PolicyChannel(WSPPROC_TABLE *proc, SOCKET s)
        : m_proc(proc), m_sock(s), m_event(WSACreateEvent()), m_closed(false) {}

    bool Arm(int *err)
    {
        return m_proc->lpWSPEventSelect(m_sock, m_event, LSP_CONTROL_EVENTS, err) != SOCKET_ERROR;
    }

    bool Poll(int *err);
    bool Closed() const { return m_closed; }

private:
    WSPPROC_TABLE *m_proc;
    SOCKET         m_sock;
    WSAEVENT       m_event;
    bool           m_closed;
};

bool PolicyChannel::Poll(int *err)
{
    WSANETWORKEVENTS ne;

    if (m_proc->lpWSPEnumNetworkEvents(m_sock, m_event, &ne, err) == SOCKET_ERROR)
        return false;

    for (int bit = 0; bit < FD_MAX_EVENTS; ++bit) {
        if ((ne.lNetworkEvents & (1 << bit)) && ne.iErrorCode[bit] != 0) {
            *err = ne.iErrorCode[bit];
            return false;
        }
    }
    if (ne.lNetworkEvents & FD_CLOSE)
        m_closed = true;
    return true;
}

// Keeps the helpers referenced; WSPStartup and the worker window call them.
void LspSelfCheck(SOCK_INFO *si, SOCKET helper, WSAEVENT h, HWND hWnd)
{
    int err = 0;

    WatchProviderSocket(si->providerSocket, h);
    RouteToWorker(si);
    ArmControlSocket(si->providerSocket, hWnd, &err);
    AddressesChanged(helper, h);
    StopNotifications(si);
}
