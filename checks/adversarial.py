#!/usr/bin/env python3
"""The traffic of checks/adversarial.sh: distributor A's hostile clients and anonymous attackers
at the same time as distributor B's normal traffic, for DURATION seconds. Python's standard
library only; every request is raw HTTP/1.1 on its own connection. Writes one JSON document with
every answer counted (and B's latencies) to OUT; asserts nothing itself.

  adversarial.py CONFIG.json OUT.json

CONFIG: base, duration, a{id,key}, b{id,key,account,document}, files{million,longline,cells,
unique_big,unique_small,tiny,b_import}, b_import_rows.

Attackers, all at once:
  junk bodies   waves of connections, each a 4 MB chunked JSON body with a fresh well-shaped unknown
                key from its own address (item 1)
  valid bodies  waves of 4 MB JSON bodies with A's key, half chunked, half with Content-Length (item 1)
  slow bodies   A's key, Content-Length 4 MiB declared (the most allowed: 8 of them are the whole
                default budget), one byte every 3 s (slow loris), and chunked
                ones trickled the same way; slow headers that never end, without a key
  bad keys      one address sending malformed and well-shaped unknown keys as fast as it is answered,
                on 40 connections (item 2)
  A's imports   a number cell of 1,000,000 digits, a record over 64 KiB, cells over their limits and
                formula cells (then the errors CSV), a big file of unique documents, and uploads past
                the 3 a distributor may have waiting or running (items 3 and 5)
Normal traffic by B, throughout: eligibility, status batches of new customers, holds captured
with Idempotency-Key (some replayed), and one honest import.
"""
import asyncio, base64, csv, io, json, os, random, sys, time, uuid
from urllib.parse import urlparse

config = json.load(open(sys.argv[1]))
OUT = sys.argv[2]
url = urlparse(config['base'])
HOST, PORT = url.hostname, url.port
DURATION = float(config['duration'])
A, B, FILES = config['a'], config['b'], config['files']
BODY_BYTES = 4_000_000
MAX_JSON = 4 * 1024 * 1024       # aval.http.max-json-body-size: the most one body may declare
PIECE = b'{"status":"APV","reason":"' + b'x' * (64 * 1024 - 26)
B_ADDRESS = '198.51.100.10'      # B's callers, behind the trusted proxy (127.0.0.1)
BAD_ADDRESS = '203.0.113.7'      # the one address flooding bad keys
# its connections: each refusal waits aval.rate-limit.failed-auth-delay (0.25 s), so 40 connections
# send ~160 bad keys a second, past the address's 20 a second: 401s, then 429s
BAD_KEY_CONNECTIONS = 40

result = {'errors': [], 'normal': {}, 'attacks': {}, 'a_imports': {}, 'b': {}}
t0 = time.monotonic()


def elapsed():
    return round(time.monotonic() - t0, 1)


def count(bucket, key):
    bucket[key] = bucket.get(key, 0) + 1


def junk_key():
    return 'avk_' + base64.urlsafe_b64encode(os.urandom(32)).rstrip(b'=').decode()


class Answer:
    def __init__(self, status, headers=None, body=b'', seconds=0.0):
        self.status, self.headers, self.body, self.seconds = status, headers or {}, body, seconds

    def json(self):
        return json.loads(self.body.decode() or 'null')


async def read_answer(reader, timeout):
    line = await asyncio.wait_for(reader.readline(), timeout)
    parts = line.split()
    if len(parts) < 2:
        return Answer('closed')
    status = int(parts[1])
    headers = {}
    while True:
        h = await asyncio.wait_for(reader.readline(), timeout)
        if h in (b'\r\n', b'\n', b''):
            break
        name, _, value = h.decode('latin-1').partition(':')
        headers[name.strip().lower()] = value.strip()
    body = b''
    if 'content-length' in headers:
        body = await asyncio.wait_for(reader.readexactly(int(headers['content-length'])), timeout)
    elif headers.get('transfer-encoding', '').lower() == 'chunked':
        while True:
            size = int((await asyncio.wait_for(reader.readline(), timeout)).split(b';')[0].strip() or b'0', 16)
            if size == 0:
                await asyncio.wait_for(reader.readline(), timeout)
                break
            body += await asyncio.wait_for(reader.readexactly(size), timeout)
            await asyncio.wait_for(reader.readline(), timeout)
    else:
        body = await asyncio.wait_for(reader.read(), timeout)
    return Answer(status, headers, body)


async def request(method, path, key=None, body=None, headers=None, address=B_ADDRESS, timeout=30):
    """One request on its own connection; status is an int, or 'timeout-or-reset'."""
    start = time.monotonic()
    writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, PORT), timeout)
        head = f'{method} {path} HTTP/1.1\r\nHost: {HOST}:{PORT}\r\nConnection: close\r\nX-Forwarded-For: {address}\r\n'
        if key:
            head += f'Authorization: Bearer {key}\r\n'
        for name, value in (headers or {}).items():
            head += f'{name}: {value}\r\n'
        if body is not None:
            if isinstance(body, (dict, list)):
                body = json.dumps(body).encode()
                head += 'Content-Type: application/json\r\n'
            head += f'Content-Length: {len(body)}\r\n'
        writer.write(head.encode() + b'\r\n')
        if body:
            for i in range(0, len(body), 1 << 20):
                writer.write(body[i:i + (1 << 20)])
                await asyncio.wait_for(writer.drain(), timeout)
        await asyncio.wait_for(writer.drain(), timeout)
        answer = await read_answer(reader, timeout)
    except (asyncio.TimeoutError, ConnectionError, OSError, asyncio.IncompleteReadError):
        answer = Answer('timeout-or-reset')
    finally:
        if writer:
            writer.close()
    answer.seconds = time.monotonic() - start
    return answer


# --- B's normal traffic ----------------------------------------------------------------------------

def normal(kind, answer, expected):
    n = result['normal'].setdefault(kind, {'statuses': {}, 'seconds': [], 'unexpected': []})
    count(n['statuses'], str(answer.status))
    n['seconds'].append(answer.seconds)
    if answer.status not in expected:
        n['unexpected'].append({'at': elapsed(), 'status': answer.status, 'body': answer.body[:300].decode('utf-8', 'replace')})
    return answer.status in expected


def cpf(n):
    base = '%09d' % n

    def digit(s, w):
        r = sum(int(c) * (w - i) for i, c in enumerate(s)) % 11
        return 0 if r < 2 else 11 - r
    d1 = digit(base, 10)
    return base + str(d1) + str(digit(base + str(d1), 11))


async def b_eligibility(stop):
    path = f"/v1/distributors/{B['id']}/eligibility"
    while not stop.is_set():
        a = await request('POST', path, B['key'], {'document': B['document'], 'cartTotal': 10})
        normal('eligibility', a, {200})
        await asyncio.sleep(0.05)


async def b_batches(stop):
    path = f"/v1/distributors/{B['id']}/customers/statuses"
    b = result['b']
    b['batch_documents_applied'] = 0
    next_doc = 300_000_000
    while not stop.is_set():
        docs = [cpf(next_doc + i) for i in range(20)]
        next_doc += 20
        a = await request('POST', path, B['key'], {'items': [{'document': d, 'status': 'APV', 'reason': 'adversarial check'} for d in docs]})
        if normal('status batch', a, {200}):
            outcomes = [r.get('outcome') for r in a.json()['results']]
            b['batch_documents_applied'] += outcomes.count('APPLIED')
            if outcomes.count('APPLIED') != len(docs):
                result['errors'].append(f'a batch of new customers was not all APPLIED: {outcomes}')
        await asyncio.sleep(0.1)


async def b_holds(stop):
    base = f"/v1/distributors/{B['id']}/credit-accounts/{B['account']}/holds"
    b = result['b']
    b.update(holds_placed=0, holds_captured=0, replays=0, replays_same=0)
    n = 0
    while not stop.is_set():
        n += 1
        order, key = f'adv-order-{n}', str(uuid.uuid4())
        hold = {'amount': 1.00, 'orderId': order}
        a = await request('POST', base, B['key'], hold, {'Idempotency-Key': key})
        if not normal('hold', a, {201}):
            await asyncio.sleep(0.2)
            continue
        b['holds_placed'] += 1
        hold_id = a.json()['id']
        if n % 4 == 0:  # the client retries the same request: the first answer, replayed
            r = await request('POST', base, B['key'], hold, {'Idempotency-Key': key})
            if normal('hold replayed', r, {201}):
                b['replays'] += 1
                if r.headers.get('idempotent-replayed') == 'true' and r.json()['id'] == hold_id:
                    b['replays_same'] += 1
        c = await request('POST', f'{base}/{hold_id}/capture', B['key'], {'installments': 1}, {'Idempotency-Key': str(uuid.uuid4())})
        if normal('capture', c, {200}):
            b['holds_captured'] += 1
        await asyncio.sleep(0.1)


async def job_until_done(dist, key, job_id, deadline, kind=None):
    path = f"/v1/distributors/{dist}/credit-accounts/imports/{job_id}"
    view = None
    while time.monotonic() < deadline:
        a = await request('GET', path, key)
        if kind:
            normal(kind, a, {200})
        if a.status == 200:
            view = a.json()
            if view['status'] in ('COMPLETED', 'FAILED'):
                return view
        await asyncio.sleep(0.5)
    return view


async def upload(dist, key, file, mode='CREATE', dry_run=False, address=B_ADDRESS):
    with open(file, 'rb') as f:
        data = f.read()
    return await request('POST', f'/v1/distributors/{dist}/credit-accounts/imports?mode={mode}&dryRun={str(dry_run).lower()}',
                         key, data, {'Content-Type': 'text/csv'}, address=address, timeout=120)


async def b_import(start_after):
    await asyncio.sleep(start_after)
    a = await upload(B['id'], B['key'], FILES['b_import'])
    if not normal('import upload', a, {202}):
        return
    view = a.json()
    result['b']['import_id'] = view['id']
    result['b']['import'] = await job_until_done(B['id'], B['key'], view['id'], time.monotonic() + DURATION + 150, 'import poll')
    result['b']['import_seconds'] = elapsed() - start_after


# --- attackers -------------------------------------------------------------------------------------

async def big_body(token, path, chunked, address):
    """One 4 MB JSON body as fast as the server takes it; the status it got, or how it ended."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, PORT), 10)
    except (OSError, asyncio.TimeoutError):
        return 'connect-failed'
    head = (f'PUT {path} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: Bearer {token}\r\n'
            f'X-Forwarded-For: {address}\r\nContent-Type: application/json\r\n')
    head += 'Transfer-Encoding: chunked\r\n\r\n' if chunked else f'Content-Length: {BODY_BYTES}\r\n\r\n'
    # the answer is read while the body goes out (see checks/flood.py): after a write failed on
    # the server's reset, asyncio's reader raises instead of returning what had arrived
    answer = asyncio.create_task(read_status(reader))
    try:
        writer.write(head.encode())
        if chunked:
            writer.write(f'{BODY_BYTES:x}\r\n'.encode())
        sent = 0
        while sent < BODY_BYTES and not answer.done():
            n = min(len(PIECE), BODY_BYTES - sent)
            writer.write(PIECE[:n])
            await asyncio.wait_for(writer.drain(), 30)
            sent += n
        if chunked and not answer.done():
            writer.write(b'\r\n0\r\n\r\n')
            await asyncio.wait_for(writer.drain(), 30)
    except (ConnectionError, OSError, asyncio.TimeoutError):
        pass  # refused midway: the answer it sent, if any, is being read
    status = await answer
    writer.close()
    return status


async def read_status(reader):
    try:
        line = await asyncio.wait_for(reader.readline(), 60)
        parts = line.split()
        return parts[1].decode() if len(parts) > 1 else 'closed'
    except (asyncio.TimeoutError, ConnectionError, OSError):
        return 'timeout-or-reset'


async def junk_bodies(stop, wave):
    counts = result['attacks'].setdefault('junk-key bodies', {})
    path = f"/v1/distributors/{A['id']}/customers/11144477735/status"
    while not stop.is_set():
        statuses = await asyncio.gather(*(big_body(junk_key(), path, True, f'10.{i // 250}.{i % 250}.{random.randint(1, 250)}')
                                          for i in range(wave)))
        for s in statuses:
            count(counts, s)
        await asyncio.sleep(1)


async def valid_bodies(stop, wave):
    counts = result['attacks'].setdefault('valid-key bodies (A)', {})
    path = f"/v1/distributors/{A['id']}/customers/11144477735/status"
    while not stop.is_set():
        statuses = await asyncio.gather(*(big_body(A['key'], path, i % 2 == 0, '192.0.2.1') for i in range(wave)))
        for s in statuses:
            count(counts, s)
        await asyncio.sleep(1)


async def slow(stop, name, token, chunked, headers_only=False):
    """Slow loris: a request trickled one byte (or one 1-byte chunk) every 3 s, reopened when answered."""
    counts = result['attacks'].setdefault(name, {})
    path = f"/v1/distributors/{A['id']}/customers/11144477735/status"
    while not stop.is_set():
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, PORT), 10)
        except (OSError, asyncio.TimeoutError):
            count(counts, 'connect-failed')
            await asyncio.sleep(1)
            continue
        status = 'held to the end'
        try:
            if headers_only:
                writer.write(f'PUT {path} HTTP/1.1\r\nHost: {HOST}\r\n'.encode())
                trickle = iter(lambda: b'X', None)
            else:
                head = (f'PUT {path} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: Bearer {token}\r\n'
                        f'X-Forwarded-For: 192.0.2.2\r\nContent-Type: application/json\r\n')
                head += 'Transfer-Encoding: chunked\r\n\r\n' if chunked else f'Content-Length: {MAX_JSON}\r\n\r\n'
                writer.write(head.encode())
                trickle = iter(lambda: b'1\r\nx\r\n' if chunked else b'x', None)
            await writer.drain()
            while not stop.is_set():
                try:
                    line = await asyncio.wait_for(reader.readline(), 3)
                    parts = line.split()
                    status = parts[1].decode() if len(parts) > 1 else 'closed'
                    break
                except asyncio.TimeoutError:
                    writer.write(next(trickle))
                    await writer.drain()
        except (ConnectionError, OSError):
            status = 'closed'
        count(counts, status)
        writer.close()
        if not stop.is_set():
            await asyncio.sleep(0.5)


async def bad_keys(stop, workers):
    counts = result['attacks'].setdefault('bad keys from one address', {})
    missing_retry_after = [0]
    path = f"/v1/distributors/{A['id']}/customers?limit=1"

    async def worker(i):
        n = 0
        while not stop.is_set():
            n += 1
            token = junk_key() if n % 2 else random.choice(['junk', 'avk_short', 'avk_' + 'A' * 42 + '!', 'Basic x'])
            a = await request('GET', path, token, address=BAD_ADDRESS, timeout=10)
            count(counts, str(a.status))
            if a.status == 429 and 'retry-after' not in a.headers:
                missing_retry_after[0] += 1
    await asyncio.gather(*(worker(i) for i in range(workers)))
    result['attacks']['bad keys: 429 without Retry-After'] = missing_retry_after[0]


async def a_imports(deadline):
    """A's hostile uploads, one after another (items 3 and 5)."""
    out = result['a_imports']

    async def one(name, file, dry_run=False):
        a = await upload(A['id'], A['key'], file, dry_run=dry_run, address='192.0.2.3')
        out[name] = {'upload': a.status}
        if a.status == 202:
            out[name]['id'] = a.json()['id']
        else:
            out[name]['body'] = a.body[:300].decode('utf-8', 'replace')
        return out[name].get('id')

    async def finish(name, until):
        if out[name].get('id'):
            out[name]['job'] = await job_until_done(A['id'], A['key'], out[name]['id'], until)

    # cells that cost nothing to refuse, and formula cells
    for name in ('million-digit number', 'record over 64 KiB', 'cells over limits and formulas'):
        await one(name, FILES[{'million-digit number': 'million', 'record over 64 KiB': 'longline',
                               'cells over limits and formulas': 'cells'}[name]])
    for name in ('million-digit number', 'record over 64 KiB', 'cells over limits and formulas'):
        await finish(name, time.monotonic() + 90)
    cells = out['cells over limits and formulas']
    if cells.get('id'):
        errors = await request('GET', f"/v1/distributors/{A['id']}/credit-accounts/imports/{cells['id']}/errors?limit=500", A['key'], address='192.0.2.3')
        cells['errors'] = errors.json()['items'] if errors.status == 200 else errors.status
        sheet = await request('GET', f"/v1/distributors/{A['id']}/credit-accounts/imports/{cells['id']}/errors", A['key'],
                              headers={'Accept': 'text/csv'}, address='192.0.2.3')
        cells['csv'] = {'status': sheet.status, 'content-type': sheet.headers.get('content-type'),
                        'content-disposition': sheet.headers.get('content-disposition'),
                        'rows': list(csv.reader(io.StringIO(sheet.body.decode('utf-8'))))}

    # a big file of unique documents, then more uploads than a distributor may have waiting or running
    await one('unique documents (big)', FILES['unique_big'], dry_run=True)
    await one('unique documents (2nd)', FILES['unique_small'], dry_run=True)
    await one('unique documents (3rd)', FILES['unique_small'], dry_run=True)
    history = f"/v1/distributors/{A['id']}/credit-accounts/imports?limit=500"
    queue = out['queue full'] = {'attempts': []}
    for _ in range(5):
        before = await request('GET', history, A['key'], address='192.0.2.3')
        a = await upload(A['id'], A['key'], FILES['tiny'], address='192.0.2.3')
        after = await request('GET', history, A['key'], address='192.0.2.3')
        attempt = {'status': a.status, 'retry-after': a.headers.get('retry-after'),
                   'imports before': len(before.json()['items']), 'imports after': len(after.json()['items'])}
        if a.status == 429:
            attempt['code'] = a.json().get('code')
        queue['attempts'].append(attempt)
        if a.status != 202:
            break
        await asyncio.sleep(0.2)  # one ended meanwhile: the queue had room, try again
    for name in ('unique documents (big)', 'unique documents (2nd)', 'unique documents (3rd)'):
        await finish(name, deadline)


async def main():
    stop = asyncio.Event()
    end_of_imports = time.monotonic() + DURATION + 150
    normal_tasks = [asyncio.create_task(t) for t in (
        b_eligibility(stop), b_eligibility(stop), b_batches(stop), b_holds(stop))]
    b_import_task = asyncio.create_task(b_import(10))
    await asyncio.sleep(2)  # B is calling before the attack starts
    attack_tasks = [asyncio.create_task(t) for t in (
        junk_bodies(stop, int(config.get('junk_wave', 100))),
        valid_bodies(stop, int(config.get('valid_wave', 30))),
        bad_keys(stop, BAD_KEY_CONNECTIONS),
        *(slow(stop, 'slow bodies, declared length (A)', A['key'], False) for _ in range(12)),
        *(slow(stop, 'slow bodies, chunked (A)', A['key'], True) for _ in range(6)),
        *(slow(stop, 'slow headers, no key', None, False, headers_only=True) for _ in range(10)))]
    a_task = asyncio.create_task(a_imports(end_of_imports))
    await asyncio.sleep(DURATION)
    result['storm_seconds'] = elapsed()
    stop.set()
    for t in attack_tasks:
        try:
            await asyncio.wait_for(t, 60)
        except Exception as e:  # noqa: BLE001 - reported, and the check fails on it
            result['errors'].append(f'attack task: {type(e).__name__}: {e}')
    # the imports finish (B polls its own meanwhile), then B's last calls return
    for t in (b_import_task, a_task):
        try:
            await t
        except Exception as e:  # noqa: BLE001
            result['errors'].append(f'import task: {type(e).__name__}: {e}')
    for t in normal_tasks:
        try:
            await asyncio.wait_for(t, 60)
        except Exception as e:  # noqa: BLE001
            result['errors'].append(f'normal traffic: {type(e).__name__}: {e}')
    for kind, n in result['normal'].items():
        s = sorted(n.pop('seconds'))
        n['count'] = len(s)
        n['p50'] = round(s[len(s) // 2], 3) if s else None
        n['p99'] = round(s[min(len(s) - 1, int(len(s) * 0.99))], 3) if s else None
        n['max'] = round(s[-1], 3) if s else None
    result['seconds'] = elapsed()


asyncio.run(main())
with open(OUT, 'w') as f:
    json.dump(result, f, indent=1)
