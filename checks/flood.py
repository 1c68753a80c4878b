#!/usr/bin/env python3
"""Floods the service with large request bodies while a real caller keeps calling; used by
checks/bodies-before-keys.sh. Prints one JSON line with what every connection and call got.

  flood.py BASE_URL MODE CONNECTIONS BODY_BYTES PATH KEY REAL_PATH REAL_KEY REAL_BODY

MODE: junk-chunked  (a fresh well-shaped unknown key per connection, chunked body)
      valid-mixed   (the given key; half chunked, half with Content-Length)
Each connection sends its head, then the body in 64 KiB pieces as fast as the server takes it,
reading the status line all along (an answer before the body is whole stops the sending;
connections closed without an answer count as 'closed' or 'timeout-or-reset'). The real caller
POSTs REAL_BODY to REAL_PATH every 100 ms.
"""
import asyncio, base64, json, os, random, sys, time
from urllib.parse import urlparse

base, mode, conns, body_bytes, path, key, real_path, real_key, real_body = sys.argv[1:10]
conns, body_bytes = int(conns), int(body_bytes)
url = urlparse(base)
HOST, PORT = url.hostname, url.port
PIECE = b'{"status":"APV","reason":"' + b'x' * (64 * 1024 - 26)

def junk_key():
    raw = base64.urlsafe_b64encode(os.urandom(32)).rstrip(b'=').decode()
    return 'avk_' + raw

async def read_status(reader, timeout):
    try:
        line = await asyncio.wait_for(reader.readline(), timeout)
        parts = line.split()
        return parts[1].decode() if len(parts) > 1 else 'closed'
    except (asyncio.TimeoutError, ConnectionError, OSError):
        return 'timeout-or-reset'

async def one(i):
    token = junk_key() if mode == 'junk-chunked' else key
    chunked = mode == 'junk-chunked' or i % 2 == 0
    try:
        reader, writer = await asyncio.open_connection(HOST, PORT)
    except OSError:
        return 'connect-failed'
    head = (f'PUT {path} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: Bearer {token}\r\n'
            f'X-Forwarded-For: 10.{i // 250}.{i % 250}.{random.randint(1, 250)}\r\n'
            'Content-Type: application/json\r\n')
    head += 'Transfer-Encoding: chunked\r\n\r\n' if chunked else f'Content-Length: {body_bytes}\r\n\r\n'
    # the answer is read while the body goes out, as an HTTP client watching for an early answer
    # does: a server refusing a body answers and closes, and once a write has failed on the reset
    # asyncio's reader raises instead of returning what had already arrived
    answer = asyncio.create_task(read_status(reader, 90))
    try:
        writer.write(head.encode())
        if chunked:
            writer.write(f'{body_bytes:x}\r\n'.encode())
        sent = 0
        while sent < body_bytes and not answer.done():
            n = min(len(PIECE), body_bytes - sent)
            writer.write(PIECE[:n])
            await asyncio.wait_for(writer.drain(), 60)
            sent += n
        if chunked and not answer.done():
            writer.write(b'\r\n0\r\n\r\n')
            await asyncio.wait_for(writer.drain(), 60)
    except (ConnectionError, OSError, asyncio.TimeoutError):
        pass  # refused midway: the answer it sent, if any, is being read
    status = await answer
    writer.close()
    return status

async def real_calls(stop, results):
    body = real_body.encode()
    while not stop.is_set():
        start = time.monotonic()
        status = 'error'
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, PORT), 10)
            writer.write((f'POST {real_path} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: Bearer {real_key}\r\n'
                          f'Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n').encode() + body)
            await writer.drain()
            status = await read_status(reader, 10)
            writer.close()
        except (asyncio.TimeoutError, ConnectionError, OSError):
            status = 'timeout-or-reset'
        results.append((status, round(time.monotonic() - start, 3)))
        await asyncio.sleep(0.1)

async def main():
    stop, real = asyncio.Event(), []
    caller = asyncio.create_task(real_calls(stop, real))
    await asyncio.sleep(0.5)
    started = time.monotonic()
    statuses = await asyncio.gather(*(one(i) for i in range(conns)))
    elapsed = time.monotonic() - started
    await asyncio.sleep(0.5)
    stop.set()
    await caller
    counts = {}
    for s in statuses:
        counts[s] = counts.get(s, 0) + 1
    real_counts = {}
    for s, _ in real:
        real_counts[s] = real_counts.get(s, 0) + 1
    print(json.dumps({'flood': counts, 'seconds': round(elapsed, 1), 'real': real_counts,
                      'real_max_seconds': max((t for _, t in real), default=None), 'real_calls': len(real)}))

asyncio.run(main())
