/**
 * One connection's awareness (presence, cursor) messages, applied at most `perSecond` times a
 * second and `bytesPerSecond` bytes a second on average, in bursts of twice that (LIMIT4 in
 * server/SPEC.md). Presence is a name, a colour and a pointer: a few hundred bytes, a few times
 * a second. Each awareness state replaces the one before it, so a message over either rate is
 * not refused but held: only the latest held message is applied, as soon as both rates allow.
 * The room ends up with the connection's newest presence, only less often.
 *
 * Stock y-websocket clients send back every awareness change they receive (for other tabs),
 * so most awareness messages a room gets are echoes of states it already has. Those change
 * nothing and are dropped (once checked to decode), before either rate: counted, an echo could
 * take the place of a person's own newest state, or spend their budget on someone else's
 * presence.
 *
 * A message that takes the byte budget into debt (presence of megabytes, which no editor
 * sends) also stops the connection being read until the debt is paid: what it sends next
 * waits in its own buffers, not in the server's memory, and one that stays stopped past a
 * heartbeat is dropped (LIMIT8).
 */
import * as decoding from 'lib0/decoding';
import type { Awareness } from 'y-protocols/awareness';
import { RateLimit } from './rate-limit.ts';

export interface AwarenessRates {
  perSecond: number;
  bytesPerSecond: number;
}

export class AwarenessThrottle {
  private readonly messages: RateLimit;
  private readonly bytes: RateLimit;
  private readonly awareness: Awareness;
  private readonly apply: (update: Uint8Array) => void;
  private readonly reading: (on: boolean) => void;
  private paused = false;
  private held: Uint8Array | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    rates: AwarenessRates,
    awareness: Awareness,
    apply: (update: Uint8Array) => void,
    reading: (on: boolean) => void,
  ) {
    this.awareness = awareness;
    this.messages = new RateLimit(rates.perSecond, rates.perSecond * 2);
    this.bytes = new RateLimit(rates.bytesPerSecond, rates.bytesPerSecond * 2);
    this.apply = apply;
    this.reading = reading;
  }

  /**
   * Apply this awareness message now if the rates allow; else hold it in place of any held
   * before. One with nothing new is dropped. Throws when it does not decode.
   */
  offer(update: Uint8Array): void {
    if (!carriesNews(this.awareness, update)) return;
    const wait = Math.max(this.messages.msUntilNext(), this.bytes.msUntilNext());
    if (this.timer === undefined && wait === 0) {
      this.messages.take();
      this.bytes.take(update.byteLength);
      const debt = this.bytes.msUntilNext();
      if (debt > 0) {
        this.paused = true;
        this.reading(false);
        this.timer = setTimeout(this.release, debt);
      }
      this.apply(update);
      return;
    }
    this.held = update;
    this.timer ??= setTimeout(this.release, wait);
  }

  /** Forget what is held (the connection closed). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.held = undefined;
  }

  private readonly release = (): void => {
    this.timer = undefined;
    if (this.paused) {
      this.paused = false;
      this.reading(true);
    }
    const held = this.held;
    this.held = undefined;
    if (held) this.offer(held);
  };
}

/**
 * Whether an awareness update holds any state newer than the room's (the rule Yjs applies it
 * by). Every state is decoded, news or not: one that does not decode throws, and closes the
 * connection like any message that does not decode (SYNC4), echo or not.
 */
function carriesNews(awareness: Awareness, update: Uint8Array): boolean {
  const decoder = decoding.createDecoder(update);
  const entries = decoding.readVarUint(decoder);
  let news = false;
  for (let i = 0; i < entries; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    const known = awareness.meta.get(clientId)?.clock ?? 0;
    if (known < clock || (known === clock && state === null && awareness.states.has(clientId))) news = true;
  }
  return news;
}
