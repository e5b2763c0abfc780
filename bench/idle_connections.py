#!/usr/bin/env python3
"""How many connections a stranger can make the real weerbaar-server hold.

Starts build/bin/weerbaar-server on a fresh data directory on 127.0.0.1, then
opens plain TCP connections that never speak, as fast as one process can, for
--seconds (bounded by --max). Samples the server's open descriptors every 0.5 s
and prints the peak, the count at the end of the attack, and how long after the
attack the server is back to its idle count. The TLS handshake timeout (10 s,
server/app/connection_limits.h) is what bounds the count: held ~= rate x 10 s.

Usage: bench/idle_connections.py [--server build/bin/weerbaar-server]
                                 [--seconds 20] [--max 15000]
"""
import argparse
import os
import resource
import socket
import subprocess
import tempfile
import time


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default="build/bin/weerbaar-server")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--max", type=int, default=15000)
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with tempfile.TemporaryDirectory() as data:
        server = subprocess.Popen(
            [args.server, "--data", os.path.join(data, "var"), "--listen", "127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            port = None
            deadline = time.monotonic() + 30
            while port is None and time.monotonic() < deadline:
                line = server.stdout.readline()
                if line.startswith("listening on "):
                    port = int(line.rsplit(":", 1)[1])
            if port is None:
                raise SystemExit("the server did not start")
            time.sleep(1)
            idle = fd_count(server.pid)
            sockets = []
            peak = idle
            opened = 0
            refused = 0
            started = time.monotonic()
            full_at = None  # when --max connections were open
            next_sample = started
            while time.monotonic() - started < args.seconds:
                if len(sockets) < args.max:
                    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    s.settimeout(2)
                    try:
                        s.connect(("127.0.0.1", port))
                        sockets.append(s)
                        opened += 1
                        if len(sockets) == args.max:
                            full_at = time.monotonic() - started
                    except OSError:
                        s.close()
                        refused += 1
                else:
                    time.sleep(0.01)
                if time.monotonic() >= next_sample:
                    peak = max(peak, fd_count(server.pid))
                    next_sample += 0.5
            at_end = fd_count(server.pid)
            elapsed = time.monotonic() - started
            for s in sockets:
                s.close()
            back = None
            t0 = time.monotonic()
            while time.monotonic() - t0 < 30:
                if fd_count(server.pid) <= idle + 2:
                    back = time.monotonic() - t0
                    break
                time.sleep(0.2)
            opening = full_at if full_at is not None else elapsed
            print(f"attack: {opened} connections opened in {opening:.1f} s "
                  f"({opened / opening:.0f}/s), {refused} refused; attack lasted {elapsed:.1f} s")
            print(f"server descriptors: idle {idle}, peak {peak}, at the end {at_end}")
            print(f"held at peak: {peak - idle} connections "
                  f"(the handshake timeout closes each after 10 s)")
            print("back to idle after the attack: "
                  + (f"{back:.1f} s" if back is not None else "not within 30 s"))
            print(f"server still running: {server.poll() is None}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
