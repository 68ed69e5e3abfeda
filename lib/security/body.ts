/**
 * Clerk's largest payloads (a user with many addresses and metadata) are a few
 * KiB; Clerk caps metadata at 8 KiB per kind. 512 KiB leaves ample room and
 * stops anyone from making the server buffer arbitrarily large bodies.
 */
export const MAX_WEBHOOK_BODY_BYTES = 512 * 1024;

export type BodyRead = { ok: true; text: string } | { ok: false; reason: 'too-large' };

/**
 * The raw body as sent (signatures cover these exact bytes), refusing it as
 * soon as it passes `maxBytes`: the declared Content-Length is checked first,
 * then the bytes actually received, since the header may be absent or wrong.
 */
export async function readBodyWithin(request: Request, maxBytes: number): Promise<BodyRead> {
  if (Number(request.headers.get('content-length')) > maxBytes) return { ok: false, reason: 'too-large' };
  if (!request.body) return { ok: true, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      return { ok: false, reason: 'too-large' };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}
