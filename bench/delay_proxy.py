#!/usr/bin/env python3
"""A TCP proxy for the PostgreSQL benchmarks (bench/postgres.sh), standard library only.

    python3 bench/delay_proxy.py LISTEN_PORT TARGET_PORT DELAY_MS LOG_FILE

Forwards 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT, holding every chunk DELAY_MS in each
direction (so a round trip costs 2 x DELAY_MS more, like a server on another machine), and
counts round trips: a round trip is a burst of bytes from the client that follows bytes from
the server (or opens the connection), except a burst that only closes a statement or ends the
session (Close, Sync, Terminate: the client does not wait for their answer). When a
connection closes it appends one line to LOG_FILE:

    trips=N connect_trips=M

where M is the round trips until the server's first ReadyForQuery (startup and
authentication), so N - M is the round trips "after connecting". Parsing the server's messages
needs a plain connection (sslmode=disable); over TLS only N is counted (M is then -1).
"""

import queue
import socket
import sys
import threading
import time

listen_port, target_port = int(sys.argv[1]), int(sys.argv[2])
delay = float(sys.argv[3]) / 1000.0
log_path = sys.argv[4]
log_lock = threading.Lock()


def only_unanswered(data):
    """Whether a client send holds only Close, Sync and Terminate messages."""
    i = 0
    while i + 5 <= len(data):
        if data[i : i + 1] not in (b"C", b"S", b"X"):
            return False
        i += 1 + int.from_bytes(data[i + 1 : i + 5], "big")
    return i == len(data)


class Conn:
    def __init__(self):
        self.lock = threading.Lock()
        self.last = None  # "c" or "s": who sent the last bytes
        self.trips = 0
        self.connect_trips = None
        self.tls = False
        self.first_client = True
        self.buf = b""  # unparsed server bytes
        self.ssl_answer = False  # the next server byte answers an SSLRequest

    def client(self, data):
        with self.lock:
            if self.first_client:
                self.first_client = False
                # SSLRequest / GSSENCRequest: length 8 and a magic code; one byte answers it.
                if len(data) >= 8 and data[:4] == b"\x00\x00\x00\x08":
                    code = int.from_bytes(data[4:8], "big")
                    if code in (80877103, 80877104):
                        self.ssl_answer = True
            # Sends the client does not wait on are not round trips: a statement's Close (+
            # Sync), and the Terminate that ends the session (as tests/store/write.rs counts).
            # Only on a plain connection, where the first byte is a message type.
            plain = self.connect_trips is not None and not self.tls
            waited = not (plain and only_unanswered(data))
            if not waited:
                return
            if self.last != "c":
                self.trips += 1
            self.last = "c"

    def server(self, data):
        with self.lock:
            self.last = "s"
            if self.tls or self.connect_trips is not None:
                return
            if self.ssl_answer:
                self.ssl_answer = False
                if data[:1] == b"S":
                    self.tls = True
                    return
                data = data[1:]
                self.first_client = True
            self.buf += data
            while len(self.buf) >= 5:
                kind = self.buf[:1]
                length = int.from_bytes(self.buf[1:5], "big")
                if len(self.buf) < 1 + length:
                    break
                self.buf = self.buf[1 + length:]
                if kind == b"Z":
                    self.connect_trips = self.trips
                    self.buf = b""
                    break


def pump(src, dst, on_data):
    q = queue.Queue()

    def writer():
        while True:
            due, data = q.get()
            if data is None:
                try:
                    dst.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                return
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                dst.sendall(data)
            except OSError:
                return

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    while True:
        try:
            data = src.recv(65536)
        except OSError:
            data = b""
        if not data:
            q.put((0, None))
            break
        on_data(data)
        q.put((time.monotonic() + delay, data))
    t.join()


def handle(client):
    server = socket.create_connection(("127.0.0.1", target_port))
    for s in (client, server):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    c = Conn()
    up = threading.Thread(target=pump, args=(client, server, c.client), daemon=True)
    up.start()
    pump(server, client, c.server)
    up.join()
    client.close()
    server.close()
    connect = -1 if c.tls or c.connect_trips is None else c.connect_trips
    with log_lock, open(log_path, "a") as f:
        f.write(f"trips={c.trips} connect_trips={connect}\n")


def main():
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", listen_port))
    ls.listen(64)
    while True:
        client, _ = ls.accept()
        threading.Thread(target=handle, args=(client,), daemon=True).start()


if __name__ == "__main__":
    main()
