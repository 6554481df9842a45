#!/usr/bin/env python3
"""Loopback traffic generators for the sample captures in samples/.

Each scenario runs a tiny server (in a thread) and a client in this process,
using only the standard library `socket` module, and talks over 127.0.0.1
(or ::1).  make-samples.sh starts a capture filtered on the scenario's port,
runs one scenario, then stops the capture.

Usage: scenarios.py SCENARIO PORT [STEP_SECONDS]   (STEP only for `short`)
       scenarios.py --list
"""

import socket
import struct
import sys
import threading
import time

HOST4 = "127.0.0.1"
HOST6 = "::1"


def log(*args):
    print("[scenario]", *args, file=sys.stderr, flush=True)


def listener(port, family=socket.AF_INET, host=HOST4, rcvbuf=None):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf is not None:
        # Must be set before listen() so the accepted socket inherits it and the
        # window scale offered in the SYN/ACK matches the small buffer.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((host, port))
    s.listen(1)
    return s


def run_server(target):
    """Run target() in a thread, return the thread (already started)."""
    errors = []

    def wrap():
        try:
            target()
        except Exception as e:  # pragma: no cover - reported to the caller
            errors.append(e)
            log("server error:", repr(e))

    t = threading.Thread(target=wrap, daemon=True)
    t.errors = errors
    t.start()
    return t


def finish(thread):
    thread.join(10)
    if thread.is_alive():
        raise SystemExit("server thread did not finish")
    if thread.errors:
        raise SystemExit("server failed: %r" % thread.errors[0])


def recv_until(sock, marker):
    data = b""
    while marker not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def recv_all(sock):
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk


# ---------------------------------------------------------------------------
# http-keepalive: two HTTP/1.1 request/response exchanges on one connection,
# then the client closes (FIN), the server sees EOF and closes (FIN).


def http_response(body):
    return (
        b"HTTP/1.1 200 OK\r\n"
        b"Content-Type: text/plain\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n"
        b"Connection: keep-alive\r\n"
        b"\r\n" + body
    )


def scenario_http_keepalive(port, family=socket.AF_INET, host=HOST4):
    srv = listener(port, family, host)

    def server():
        conn, _ = srv.accept()
        with conn:
            buf = b""
            served = 0
            while True:
                while b"\r\n\r\n" not in buf:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return  # client closed: close our side too (FIN)
                    buf += chunk
                head, buf = buf.split(b"\r\n\r\n", 1)
                path = head.split(b" ")[1]
                served += 1
                body = b"response %d for %s\n" % (served, path)
                conn.sendall(http_response(body))

    t = run_server(server)
    with socket.socket(family, socket.SOCK_STREAM) as c:
        c.connect((host, port))
        for path in (b"/index.html", b"/status"):
            c.sendall(
                b"GET " + path + b" HTTP/1.1\r\n"
                b"Host: localhost:" + str(port).encode() + b"\r\n"
                b"User-Agent: winsock-replay-sample/1.0\r\n"
                b"Connection: keep-alive\r\n\r\n"
            )
            head = recv_until(c, b"\r\n\r\n")
            head, rest = head.split(b"\r\n\r\n", 1)
            length = int(
                [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0]
                .split(b":")[1]
            )
            body = rest + recv_exact(c, length - len(rest))
            log("got", body)
            time.sleep(0.05)
        # Orderly close: our FIN first, wait for the server's FIN.
        c.shutdown(socket.SHUT_WR)
        assert recv_all(c) == b""
    finish(t)
    srv.close()


# ---------------------------------------------------------------------------
# refused: connect to a port nobody listens on -> SYN, RST/ACK.


def scenario_refused(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as c:
        try:
            c.connect((HOST4, port))
        except ConnectionRefusedError as e:
            log("refused as expected:", e)
        else:
            raise SystemExit("port %d is open; pick another" % port)


# ---------------------------------------------------------------------------
# reset-abort: the client sends data the server never reads; the server sets
# SO_LINGER {on, 0 s} and closes -> RST.  The client then gets ECONNRESET.


def scenario_reset_abort(port):
    srv = listener(port)
    client_sent = threading.Event()

    def server():
        conn, _ = srv.accept()
        conn.sendall(b"220 ready\r\n")
        client_sent.wait(5)
        time.sleep(0.1)  # let the client's data be ACKed and queued unread
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()

    t = run_server(server)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as c:
        c.connect((HOST4, port))
        log("greeting", recv_until(c, b"\r\n"))
        c.sendall(b"UPLOAD 64\r\n" + b"x" * 64)
        client_sent.set()
        try:
            data = c.recv(4096)
            log("recv returned", data)
        except ConnectionResetError as e:
            log("reset as expected:", e)
    finish(t)
    srv.close()


# ---------------------------------------------------------------------------
# urgent-oob: normal data, then one byte with MSG_OOB (URG flag + pointer).


def scenario_urgent_oob(port):
    srv = listener(port)

    def server():
        conn, _ = srv.accept()
        with conn:
            normal = recv_exact(conn, 11)
            log("server normal data", normal)
            # Wait until the urgent byte arrived, then read it out of band.
            oob = b""
            deadline = time.time() + 3
            while not oob and time.time() < deadline:
                try:
                    oob = conn.recv(1, socket.MSG_OOB)
                except (BlockingIOError, OSError):
                    time.sleep(0.02)
            log("server OOB byte", oob)
            rest = recv_all(conn)
            log("server rest", rest)
            conn.sendall(b"got oob " + oob + b"\n")

    t = run_server(server)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as c:
        c.connect((HOST4, port))
        c.sendall(b"hello world")
        time.sleep(0.05)
        c.send(b"!", socket.MSG_OOB)
        time.sleep(0.05)
        c.sendall(b"after")
        c.shutdown(socket.SHUT_WR)
        log("client got", recv_all(c))
    finish(t)
    srv.close()


# ---------------------------------------------------------------------------
# half-close: the client sends a request and shutdown(SHUT_WR); the server
# keeps sending for a while, then closes.


def scenario_half_close(port):
    srv = listener(port)

    def server():
        conn, _ = srv.accept()
        with conn:
            req = recv_all(conn)  # returns once the client's FIN arrived
            log("server request", req)
            for i in range(4):
                conn.sendall(b"chunk %d of the reply after your FIN\n" % i)
                time.sleep(0.05)

    t = run_server(server)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as c:
        c.connect((HOST4, port))
        c.sendall(b"SEND ME EVERYTHING\r\n")
        c.shutdown(socket.SHUT_WR)
        data = recv_all(c)
        log("client got %d bytes" % len(data))
    finish(t)
    srv.close()


# ---------------------------------------------------------------------------
# zero-window: the receiver has a tiny SO_RCVBUF and does not read for ~1 s
# while the sender writes a fixed amount; its window closes (zero-window
# advertisements, zero-window probes), then it drains and the window reopens.

ZW_TOTAL = 24 * 1024


def scenario_zero_window(port):
    srv = listener(port, rcvbuf=1024)
    done = threading.Event()

    def server():
        conn, _ = srv.accept()
        with conn:
            time.sleep(1.2)  # do not read: the window fills and closes
            got = 0
            while True:
                chunk = conn.recv(512)
                if not chunk:
                    break
                got += len(chunk)
                time.sleep(0.002)
            log("receiver drained %d bytes" % got)
            done.set()

    t = run_server(server)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as c:
        c.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        c.connect((HOST4, port))
        c.sendall(bytes((i * 7) & 0xFF for i in range(ZW_TOTAL)))
        c.shutdown(socket.SHUT_WR)
        done.wait(10)
    finish(t)
    srv.close()


# ---------------------------------------------------------------------------
# udp: one datagram to a closed port (-> ICMP port unreachable) and one
# normal request/response exchange with a UDP echo server on PORT.


def scenario_udp(port):
    closed = port + 1
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.bind((HOST4, port))

    def server():
        data, addr = srv.recvfrom(2048)
        srv.sendto(b"echo: " + data, addr)

    t = run_server(server)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c:
        c.settimeout(2)
        c.sendto(b"ping", (HOST4, port))
        log("udp reply", c.recvfrom(2048))
        # A connected UDP socket reports the ICMP error as ECONNREFUSED.
        c2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        c2.settimeout(2)
        c2.connect((HOST4, closed))
        c2.send(b"anyone there?")
        try:
            c2.recv(2048)
        except ConnectionRefusedError as e:
            log("port unreachable as expected:", e)
        c2.close()
    finish(t)
    srv.close()


# ---------------------------------------------------------------------------
# ipv6: a short request/response exchange over ::1, orderly close.


def scenario_ipv6(port):
    srv = listener(port, socket.AF_INET6, HOST6)

    def server():
        conn, _ = srv.accept()
        with conn:
            req = recv_until(conn, b"\n")
            conn.sendall(b"hello over IPv6, you said " + req)

    t = run_server(server)
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as c:
        c.connect((HOST6, port))
        c.sendall(b"ping6\n")
        log("client got", recv_all(c))
    finish(t)
    srv.close()


# ---------------------------------------------------------------------------
# short: a tiny exchange used for the link-type captures (mixed-linktypes,
# the cooked-mode fixtures).


def scenario_short(port, step=0.0):
    """With step > 0 it pauses between steps, so that two of these run at
    the same time interleave their packets."""
    srv = listener(port)

    def server():
        conn, _ = srv.accept()
        with conn:
            req = recv_until(conn, b"\n")
            time.sleep(step)
            conn.sendall(b"ack " + req)

    t = run_server(server)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as c:
        c.connect((HOST4, port))
        time.sleep(step)
        c.sendall(b"short exchange\n")
        log("client got", recv_all(c))
        time.sleep(step)
    finish(t)
    srv.close()


# ---------------------------------------------------------------------------
# data-then-fin: the client sends a 200-byte request in two sends and shuts
# down its write side at once; the second send uses MSG_MORE, so the 80 bytes
# are still queued when shutdown(SHUT_WR) runs and the FIN rides on the same
# segment.  The server reads until EOF, replies to the half-closed client,
# then closes.

DTF_FIRST = 120
DTF_SECOND = 80


def scenario_data_then_fin(port):
    srv = listener(port)

    def server():
        conn, _ = srv.accept()
        with conn:
            req = recv_all(conn)  # returns once the client's FIN arrived
            log("server got %d bytes then EOF" % len(req))
            conn.sendall(b"got %d bytes, bye\n" % len(req))

    t = run_server(server)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as c:
        c.connect((HOST4, port))
        c.sendall(b"A" * (DTF_FIRST - 1) + b"\n")
        c.send(b"B" * (DTF_SECOND - 1) + b"\n", socket.MSG_MORE)
        c.shutdown(socket.SHUT_WR)
        log("client got", recv_all(c))
    finish(t)
    srv.close()


# ---------------------------------------------------------------------------
# listener-backlog: one listening socket (backlog 5) that calls accept() only
# after three clients have connected (three complete handshakes waiting in
# the backlog) and sent a few bytes each; then it accepts them one by one,
# reads, replies and closes (server FIN first, the client reads EOF and
# closes).


def scenario_listener_backlog(port, clients=3):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((HOST4, port))
    srv.listen(5)
    all_connected = threading.Event()
    served = [threading.Event() for _ in range(clients)]

    def server():
        all_connected.wait(5)
        time.sleep(0.1)
        for i in range(clients):
            conn, addr = srv.accept()
            with conn:
                req = recv_until(conn, b"\n")
                log("accepted", addr, req)
                conn.sendall(b"hello " + req)
            served[i].wait(5)  # one client at a time, in order

    t = run_server(server)
    socks = []
    for i in range(clients):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.connect((HOST4, port))  # completes without accept() (backlog)
        socks.append(c)
        time.sleep(0.02)
    for i, c in enumerate(socks):
        c.sendall(b"client %d\n" % (i + 1))
        time.sleep(0.02)
    all_connected.set()
    for i, c in enumerate(socks):
        log("client %d got" % (i + 1), recv_all(c))  # reply, then EOF
        c.close()
        time.sleep(0.02)
        served[i].set()
    finish(t)
    srv.close()


# ---------------------------------------------------------------------------
# graceful-close: one request/response, then the server closes first (FIN
# from the server); the client reads EOF and closes.


def scenario_graceful_close(port):
    srv = listener(port)

    def server():
        conn, _ = srv.accept()
        with conn:
            req = recv_until(conn, b"\n")
            conn.sendall(b"200 done: " + req)
        # leaving `with` closes: FIN from the server

    t = run_server(server)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as c:
        c.connect((HOST4, port))
        c.sendall(b"QUIT please\n")
        data = recv_until(c, b"\n")
        log("client got", data)
        assert recv_all(c) == b""  # the server's FIN: EOF
        time.sleep(0.05)
    # leaving `with` closes: FIN from the client
    finish(t)
    srv.close()


# ---------------------------------------------------------------------------
# udp-exchange: three request/reply pairs of different sizes between two
# UDP sockets, then the same client socket sends one datagram to a closed
# port (PORT + 1) -> ICMP port unreachable.

UDPX_REQUESTS = (b"q1", b"query number two", b"the third and longest query " * 3)


def scenario_udp_exchange(port):
    closed = port + 1
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.bind((HOST4, port))

    def server():
        for _ in UDPX_REQUESTS:
            data, addr = srv.recvfrom(2048)
            srv.sendto(b"reply to %d bytes: " % len(data) + data[:8], addr)

    t = run_server(server)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c:
        c.settimeout(2)
        for req in UDPX_REQUESTS:
            c.sendto(req, (HOST4, port))
            log("udp reply", c.recvfrom(2048))
            time.sleep(0.02)
        # Unconnected socket: Linux does not report the ICMP error to it
        # (no IP_RECVERR), but the error is on the wire.
        c.sendto(b"nobody here", (HOST4, closed))
        time.sleep(0.1)
    finish(t)
    srv.close()


SCENARIOS = {
    "http-keepalive": scenario_http_keepalive,
    "refused": scenario_refused,
    "reset-abort": scenario_reset_abort,
    "urgent-oob": scenario_urgent_oob,
    "half-close": scenario_half_close,
    "zero-window": scenario_zero_window,
    "udp": scenario_udp,
    "ipv6": scenario_ipv6,
    "short": scenario_short,
    "data-then-fin": scenario_data_then_fin,
    "listener-backlog": scenario_listener_backlog,
    "graceful-close": scenario_graceful_close,
    "udp-exchange": scenario_udp_exchange,
}


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(SCENARIOS))
        return
    if len(argv) not in (3, 4) or argv[1] not in SCENARIOS:
        raise SystemExit(__doc__)
    extra = [float(a) for a in argv[3:]]
    SCENARIOS[argv[1]](int(argv[2]), *extra)


if __name__ == "__main__":
    main(sys.argv)
