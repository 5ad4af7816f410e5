/**
 * One connection's awareness (presence, cursor) messages, applied at most `perSecond` times a
 * second on average, in bursts of twice that (LIMIT4 in server/SPEC.md). Each awareness state
 * replaces the one before it, so a message over the rate is not refused but held: only the
 * latest held message is applied, as soon as the rate allows. The room ends up with the
 * connection's newest presence, only less often.
 */
import { RateLimit } from './rate-limit.ts';

export class AwarenessThrottle {
  private readonly rate: RateLimit;
  private readonly apply: (update: Uint8Array) => void;
  private held: Uint8Array | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(perSecond: number, apply: (update: Uint8Array) => void) {
    this.rate = new RateLimit(perSecond, perSecond * 2);
    this.apply = apply;
  }

  /** Apply this awareness message now if the rate allows; else hold it in place of any held before. */
  offer(update: Uint8Array): void {
    if (this.timer === undefined && this.rate.take()) {
      this.apply(update);
      return;
    }
    this.held = update;
    this.timer ??= setTimeout(this.release, this.rate.msUntilNext());
  }

  /** Forget what is held (the connection closed). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.held = undefined;
  }

  private readonly release = (): void => {
    this.timer = undefined;
    const held = this.held;
    this.held = undefined;
    if (held) this.offer(held);
  };
}
