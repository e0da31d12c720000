/**
 * The live picture's push channel in the page (frontend/src/picture/changes.ts), with a stand-in
 * socket and fake timers: the token offered as a base64url subprotocol, the URL on the API's origin,
 * "changed" messages passed on, a ping every 5 minutes, a reconnect after each close with a back-off
 * that doubles to a minute and starts again once a socket opens, and nothing more after close().
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANGES_PROTOCOL, changesProtocols, changesUrl, FIRST_BACKOFF_MS, keepChannelOpen, MAX_BACKOFF_MS, PING_MS } from '../../frontend/src/picture/changes.ts';

/** Just enough of a browser WebSocket for the channel. */
class FakeSocket {
  readonly OPEN = 1;
  readyState = 0;
  readonly sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.();
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.();
  }
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("the live picture's push channel in the page", () => {
  it('offers the token as a base64url subprotocol beside ours, on the API origin', () => {
    const [ours, bearer] = changesProtocols('klb_learner_a+b/c==');
    expect(ours).toBe(CHANGES_PROTOCOL);
    expect(bearer).toBe(`base64url.bearer.kubelab.${Buffer.from('klb_learner_a+b/c==').toString('base64url')}`);
    expect(changesUrl('', { origin: 'https://d1234.cloudfront.net' })).toBe('wss://d1234.cloudfront.net/v1/me/cluster/changes');
    expect(changesUrl('http://127.0.0.1:8080/', { origin: 'x' })).toBe('ws://127.0.0.1:8080/v1/me/cluster/changes');
  });

  it('passes on changes, pings every 5 minutes, reconnects with a doubling back-off, and stops when closed', () => {
    const sockets: FakeSocket[] = [];
    const heard: number[] = [];
    const states: boolean[] = [];
    const channel = keepChannelOpen(
      () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket as unknown as WebSocket;
      },
      { changed: (version) => heard.push(version), open: (isOpen) => states.push(isOpen) },
    );
    expect(sockets).toHaveLength(1);
    sockets[0]!.open();
    sockets[0]!.onmessage?.({ data: JSON.stringify({ type: 'changed', version: 7 }) });
    sockets[0]!.onmessage?.({ data: 'not json' });
    sockets[0]!.onmessage?.({ data: JSON.stringify({ message: 'Internal server error' }) });
    expect(heard).toEqual([7]);
    vi.advanceTimersByTime(PING_MS);
    expect(sockets[0]!.sent).toEqual(['ping']);

    // Refused or dropped: tried again after 1 s, 2 s, 4 s ... at most a minute apart.
    sockets[0]!.drop();
    expect(states).toEqual([true, false]);
    const waits: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const before = sockets.length;
      let waited = 0;
      while (sockets.length === before) {
        vi.advanceTimersByTime(500);
        waited += 500;
      }
      waits.push(waited);
      sockets.at(-1)!.drop();
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    expect(Math.max(...waits)).toBe(MAX_BACKOFF_MS);
    // A refused socket never opened: no open/close reported for it.
    expect(states).toEqual([true, false]);

    // Open again: the back-off starts over.
    vi.advanceTimersByTime(MAX_BACKOFF_MS);
    sockets.at(-1)!.open();
    sockets.at(-1)!.drop();
    const before = sockets.length;
    vi.advanceTimersByTime(FIRST_BACKOFF_MS);
    expect(sockets.length).toBe(before + 1);

    channel.close();
    vi.advanceTimersByTime(10 * MAX_BACKOFF_MS);
    expect(sockets.length).toBe(before + 1);
  });
});
