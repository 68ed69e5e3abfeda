import { describe, expect, it } from 'vitest';
import { readBodyWithin } from '@/lib/security/body';
import { signedWebhookRequest } from '@/lib/webhooks/sign';
import { MAX_PAYLOAD_DEPTH, jsonDepth, svixHeadersOf, verifyDelivery } from '@/lib/webhooks/verify';

const SECRET = `whsec_${Buffer.from('unit-test-secret-0123456789abcdef').toString('base64')}`;
const body = JSON.stringify({ type: 'user.created', data: { id: 'user_1', name: 'Zoë' } });

async function verify(request: Request, secret = SECRET) {
  const headers = svixHeadersOf(request.headers);
  if (!headers) throw new Error('missing headers');
  return verifyDelivery(secret, await request.text(), headers);
}

describe('verifyDelivery', () => {
  it('accepts a genuine delivery and returns the parsed payload and svix id', async () => {
    const result = await verify(signedWebhookRequest('http://x/', SECRET, body, { id: 'msg_1' }));
    expect(result).toEqual({ ok: true, svixId: 'msg_1', payload: JSON.parse(body) });
  });

  it('verifies the bytes as sent: the same JSON re-serialised differently fails', async () => {
    const request = signedWebhookRequest('http://x/', SECRET, JSON.stringify(JSON.parse(body), null, 2));
    const headers = svixHeadersOf(request.headers)!;
    expect(verifyDelivery(SECRET, body, headers).ok).toBe(false);
  });

  it('rejects another secret, a stale timestamp and a changed svix id', async () => {
    const other = `whsec_${Buffer.from('another-secret-0123456789abcdefgh').toString('base64')}`;
    expect((await verify(signedWebhookRequest('http://x/', other, body))).ok).toBe(false);
    const stale = await verify(signedWebhookRequest('http://x/', SECRET, body, { timestamp: new Date(Date.now() - 6 * 60_000) }));
    expect(stale).toMatchObject({ ok: false, error: expect.stringContaining('too old') });
    const request = signedWebhookRequest('http://x/', SECRET, body, { id: 'msg_a' });
    const headers = { ...svixHeadersOf(request.headers)!, 'svix-id': 'msg_b' };
    expect(verifyDelivery(SECRET, await request.text(), headers).ok).toBe(false);
  });

  it('passes a signed body that is not JSON on as text (to be recorded as failed)', async () => {
    expect(await verify(signedWebhookRequest('http://x/', SECRET, 'not json', { id: 'msg_text' }))).toEqual({
      ok: true,
      svixId: 'msg_text',
      payload: 'not json',
    });
  });

  it('passes absurdly nested JSON on as text (found by the route fuzzing: it overflowed the stack, a 500 svix would retry for days)', async () => {
    const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    expect(jsonDepth(JSON.parse(nested(3)))).toBe(3);
    expect(jsonDepth([[], { a: [1] }])).toBe(3);
    const ok = await verify(signedWebhookRequest('http://x/', SECRET, nested(MAX_PAYLOAD_DEPTH), { id: 'msg_deep_ok' }));
    expect(ok).toEqual({ ok: true, svixId: 'msg_deep_ok', payload: JSON.parse(nested(MAX_PAYLOAD_DEPTH)) });
    const tooDeep = nested(20_000);
    expect(await verify(signedWebhookRequest('http://x/', SECRET, tooDeep, { id: 'msg_deep' }))).toEqual({
      ok: true,
      svixId: 'msg_deep',
      payload: tooDeep,
    });
  });

  it('replaces U+0000, which Postgres cannot store, in strings and keys (found by the route fuzzing)', async () => {
    const withNul = JSON.stringify({ type: 'user.created', data: { first_name: 'Zo\u0000ë', 'k\u0000': ['\u0000'] } });
    expect(await verify(signedWebhookRequest('http://x/', SECRET, withNul, { id: 'msg_nul' }))).toEqual({
      ok: true,
      svixId: 'msg_nul',
      payload: { type: 'user.created', data: { first_name: 'Zo\uFFFDë', 'k\uFFFD': ['\uFFFD'] } },
    });
    expect(await verify(signedWebhookRequest('http://x/', SECRET, 'not\u0000json', { id: 'msg_nul_text' }))).toMatchObject({
      payload: 'not\uFFFDjson',
    });
  });

  it('svixHeadersOf needs all three headers', () => {
    const full = { 'svix-id': 'a', 'svix-timestamp': '1', 'svix-signature': 'v1,x' };
    expect(svixHeadersOf(new Headers(full))).toEqual(full);
    for (const name of Object.keys(full)) {
      const headers = new Headers(full);
      headers.delete(name);
      expect(svixHeadersOf(headers)).toBeNull();
    }
  });
});

describe('readBodyWithin', () => {
  const streamOf = (...chunks: string[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
  const post = (stream: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    new Request('http://x/', { method: 'POST', body: stream, headers, duplex: 'half' } as RequestInit);

  it('returns the exact text, multi-byte characters split across chunks included', async () => {
    const bytes = new TextEncoder().encode('{"name":"Zoë"}');
    const split = bytes.indexOf(0xc3) + 1; // in the middle of "ë"
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, split));
        controller.enqueue(bytes.slice(split));
        controller.close();
      },
    });
    expect(await readBodyWithin(post(stream), 100)).toEqual({ ok: true, text: '{"name":"Zoë"}' });
  });

  it('accepts exactly the limit and refuses one byte more, counted in bytes', async () => {
    expect(await readBodyWithin(post(streamOf('ab', 'cd')), 4)).toEqual({ ok: true, text: 'abcd' });
    expect(await readBodyWithin(post(streamOf('ab', 'cde')), 4)).toEqual({ ok: false, reason: 'too-large' });
    expect(await readBodyWithin(post(streamOf('ëë')), 3)).toEqual({ ok: false, reason: 'too-large' });
  });

  it('refuses on a declared Content-Length over the limit without reading', async () => {
    let pulled = false;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled = true;
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    expect(await readBodyWithin(post(stream, { 'content-length': '5' }), 4)).toEqual({ ok: false, reason: 'too-large' });
    expect(pulled).toBe(false);
  });

  it('an empty body reads as empty text', async () => {
    expect(await readBodyWithin(new Request('http://x/', { method: 'POST' }), 4)).toEqual({ ok: true, text: '' });
  });
});
