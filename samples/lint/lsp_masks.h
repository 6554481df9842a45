/*
 * lsp_masks.h - event masks used by provider.cpp.
 */
#ifndef LSP_MASKS_H
#define LSP_MASKS_H

#include <winsock2.h>

/* what the LSP asks of the next provider for sockets it routes to its worker window */
#define LSP_ASYNC_EVENTS    (FD_READ | FD_WRITE | FD_OOB | FD_CLOSE)

/* the LSP's own connection to its policy service */
#define LSP_CONTROL_EVENTS  (FD_CONNECT | FD_READ | FD_CLOSE)

/* address and route changes, after SIO_ADDRESS_LIST_CHANGE / SIO_ROUTING_INTERFACE_CHANGE */
#define LSP_NOTIFY_EVENTS   (FD_ROUTING_INTERFACE_CHANGE | FD_ADDRESS_LIST_CHANGE)

#endif /* LSP_MASKS_H */
