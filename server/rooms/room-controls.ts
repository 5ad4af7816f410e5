/**
 * The facilitator's controls of each journey (server/SPEC.md CONTROL): held here, by the
 * server, never in the document, and changed only by a command from a facilitator's
 * connection. Kept per document rather than per room, so a lock or a pause outlasts the room
 * emptying for a moment (a tablet's network dropping out); and stored after every change but
 * following (`stored`, the store's room_controls), so they outlast a restart, and a room moving
 * to another process (`restore`, as the room opens).
 *
 * Which stages are marked sensitive (SEAL) is here too, as the rooms' copy of a server record
 * (server/sensitive-items.ts): set when a room opens and when a mark changes, never by a command.
 */
import { z } from 'zod/mini';
import { NO_SEALS, type Seals } from '../../src/doc/index.ts';
import {
  ControlStateSchema,
  NO_CONTROLS,
  type ControlCommand,
  type ControlState,
  type TimerState,
} from '../../src/protocol/index.ts';

/** The timer as the server keeps it: against its own clock, sent as time left. */
interface HeldTimer {
  totalMs: number;
  running: boolean;
  /** While running: when it ends, on the server's clock (ms). */
  endsAt: number;
  /** While paused: what is left. */
  leftMs: number;
}

/** Stage ids locked or paused: as many as a facilitator chose (a cap here would lift every lock past it). */
const NamedStages = z.object({ map: z.boolean(), stages: z.array(z.string()) });

/**
 * The controls as stored: ids and times only (the marks have their own record). Following is
 * not kept: a facilitator who leads sends it many times a second. A running timer's end is on
 * the wall clock, which every process of a deployment shares.
 */
export const StoredControlsSchema = z.object({
  spotlight: ControlStateSchema.shape.spotlight,
  timer: z.nullable(
    z.object({
      totalMs: z.number().check(z.gte(0)),
      running: z.boolean(),
      endsAt: z.number(),
      leftMs: z.number().check(z.gte(0)),
    }),
  ),
  lock: NamedStages,
  pause: NamedStages,
});
export type StoredControls = z.output<typeof StoredControlsSchema>;

interface HeldControls {
  follow: ControlState['follow'];
  spotlight: string | null;
  timer: HeldTimer | null;
  lock: { map: boolean; stages: Set<string> };
  pause: { map: boolean; stages: Set<string> };
  sealed: Seals;
}

/** What a room needs to know to enforce a lock. */
export interface Locks {
  map: boolean;
  stages: ReadonlySet<string>;
}

const fresh = (): HeldControls => ({
  follow: null,
  spotlight: null,
  timer: null,
  lock: { map: false, stages: new Set() },
  pause: { map: false, stages: new Set() },
  sealed: NO_SEALS,
});

const toggled = (set: Set<string>, id: string, on: boolean) => (on ? set.add(id) : set.delete(id));

export class ControlBoard {
  private readonly held = new Map<string, HeldControls>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** The controls of a document as sent to its room's clients now. */
  state(docId: string): ControlState {
    const held = this.held.get(docId);
    if (!held) return NO_CONTROLS;
    return {
      follow: held.follow,
      spotlight: held.spotlight,
      timer: held.timer && this.timerNow(held.timer),
      lock: { map: held.lock.map, stages: [...held.lock.stages] },
      pause: { map: held.pause.map, stages: [...held.pause.stages] },
      sealed: {
        stages: [...held.sealed.stages],
        words: [...held.sealed.words],
        costEvents: [...held.sealed.costEvents],
      },
    };
  }

  /** The stages marked sensitive in a document (none, for most). */
  seals(docId: string): Seals {
    return this.held.get(docId)?.sealed ?? NO_SEALS;
  }

  /** The marks as the server's record has them now; false when they are what the board had. */
  setSeals(docId: string, seals: Seals): boolean {
    const held = this.held.get(docId) ?? fresh();
    this.held.set(docId, held);
    const key = (s: Seals) => JSON.stringify([s.stages, s.words, s.costEvents].map((ids) => [...ids].sort()));
    if (key(held.sealed) === key(seals)) return false;
    held.sealed = seals;
    return true;
  }

  /** What is locked in a document (nothing, for most). */
  locks(docId: string): Locks {
    return this.held.get(docId)?.lock ?? NO_LOCKS;
  }

  /** Apply a facilitator's command; false when it changed nothing (so nothing need be sent). */
  apply(docId: string, command: ControlCommand): boolean {
    const held = this.held.get(docId) ?? fresh();
    this.held.set(docId, held);
    const before = JSON.stringify(this.state(docId));
    const now = this.now();
    switch (command.kind) {
      case 'follow':
        held.follow = {
          view: command.view,
          ...(command.stageId === undefined ? {} : { stageId: command.stageId }),
          seq: (held.follow?.seq ?? 0) + 1,
        };
        break;
      case 'unfollow':
        held.follow = null;
        break;
      case 'spotlight':
        held.spotlight = command.stageId;
        break;
      case 'timer-start':
        held.timer = { totalMs: command.ms, running: true, endsAt: now + command.ms, leftMs: command.ms };
        break;
      case 'timer-pause':
        if (held.timer?.running) held.timer = { ...held.timer, running: false, leftMs: this.left(held.timer) };
        break;
      case 'timer-resume':
        if (held.timer && !held.timer.running)
          held.timer = { ...held.timer, running: true, endsAt: now + held.timer.leftMs };
        break;
      case 'timer-add':
        if (held.timer) {
          const left = this.left(held.timer) + command.ms;
          held.timer = { ...held.timer, totalMs: held.timer.totalMs + command.ms, endsAt: now + left, leftMs: left };
        }
        break;
      case 'timer-clear':
        held.timer = null;
        break;
      case 'lock-map':
        held.lock.map = command.on;
        break;
      case 'lock-stage':
        toggled(held.lock.stages, command.stageId, command.on);
        break;
      case 'pause-map':
        held.pause.map = command.on;
        break;
      case 'pause-stage':
        toggled(held.pause.stages, command.stageId, command.on);
        break;
      case 'end-session':
        // Locks and pauses stay until a facilitator lifts them: the next session may need them.
        held.follow = null;
        held.spotlight = null;
        held.timer = null;
        break;
    }
    return JSON.stringify(this.state(docId)) !== before;
  }

  /** The document's controls to store (after a change): what `restore` takes back. */
  stored(docId: string): StoredControls {
    const held = this.held.get(docId) ?? fresh();
    return {
      spotlight: held.spotlight,
      timer: held.timer,
      lock: { map: held.lock.map, stages: [...held.lock.stages] },
      pause: { map: held.pause.map, stages: [...held.pause.stages] },
    };
  }

  /**
   * The controls as stored, in place of what this process held (the store has the last word: the
   * room may have been owned by another process since). The marks are kept: they have their own record.
   */
  restore(docId: string, stored: StoredControls | undefined): void {
    const sealed = this.held.get(docId)?.sealed ?? NO_SEALS;
    if (!stored) {
      this.held.set(docId, { ...fresh(), sealed });
      return;
    }
    this.held.set(docId, {
      follow: null,
      spotlight: stored.spotlight,
      timer: stored.timer,
      lock: { map: stored.lock.map, stages: new Set(stored.lock.stages) },
      pause: { map: stored.pause.map, stages: new Set(stored.pause.stages) },
      sealed,
    });
  }

  /** Forget a document's controls (it was erased). */
  forget(docId: string): void {
    this.held.delete(docId);
  }

  private left(timer: HeldTimer): number {
    return timer.running ? Math.max(0, timer.endsAt - this.now()) : timer.leftMs;
  }

  private timerNow(timer: HeldTimer): TimerState {
    return { leftMs: this.left(timer), running: timer.running, totalMs: timer.totalMs };
  }
}

const NO_LOCKS: Locks = { map: false, stages: new Set() };
