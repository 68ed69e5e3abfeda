import type { Recorder } from './drive';

/** A Backend API caller for the drivers: each answer is recorded for the contract test to check against Clerk's spec. */
export function recordingBackendApi(bapiUrl: string, secretKey: string, record: Recorder) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the drivers read ids from answers; the contract test checks their shapes
  return async function bapi(route: string, pathname: string, body?: unknown): Promise<any> {
    const response = await fetch(`${bapiUrl}${pathname}`, {
      method: route.split(' ')[0],
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await response.json();
    record.answer({ api: 'bapi', route, status: response.status, body: json });
    return json;
  };
}
