/**
 * The facilitator's controls of a journey's room (server/SPEC.md CONTROL): follow, spotlight,
 * timer, pause and lock; and which stages are marked sensitive (SEAL), by id only. The server holds their state and sends it in its own message,
 * CONTROL, to clients that ask for it; a facilitator's connection sends commands in the same
 * message type, and the server ignores them from anyone else. Awareness is not the channel:
 * every role may write it.
 *
 * Both directions carry JSON, checked with zod on the way in: the server reads commands
 * (control-commands.ts, which the editor's code never loads), the editor reads state, and
 * neither trusts the other's bytes.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { z } from 'zod/mini';
import type { ControlCommand } from './control-commands.ts';
import { StageRef, ViewSchema } from './control-parts.ts';

/** Ours: the room's control state (server → client), or a facilitator's command (client → server). */
export const MESSAGE_CONTROL = 101;

/** The query parameter a client adds to its room URL to receive CONTROL messages. */
export const CONTROLS_PARAM = 'controls';

/** The most stages a lock or a pause names; a journey holds at most a few hundred. */
const MAX_NAMED_STAGES = 1000;

const TimerSchema = z.object({
  /** Time left when the message was sent, in ms; the client counts down from when it arrived. */
  leftMs: z.number().check(z.gte(0)),
  running: z.boolean(),
  /** The length it was started with, plus minutes added: for "3 of 10 minutes". */
  totalMs: z.number().check(z.gte(0)),
});
export type TimerState = z.output<typeof TimerSchema>;

export const ControlStateSchema = z.object({
  follow: z.nullable(z.object({ view: ViewSchema, stageId: z.optional(StageRef), seq: z.number() })),
  spotlight: z.nullable(StageRef),
  timer: z.nullable(TimerSchema),
  lock: z.object({ map: z.boolean(), stages: z.array(StageRef).check(z.maxLength(MAX_NAMED_STAGES)) }),
  pause: z.object({ map: z.boolean(), stages: z.array(StageRef).check(z.maxLength(MAX_NAMED_STAGES)) }),
  /** Stages marked sensitive, whole or their words (src/doc/journey/sealed-stages.ts): ids, never content. */
  sealed: z.object({
    stages: z.array(StageRef).check(z.maxLength(MAX_NAMED_STAGES)),
    words: z.array(StageRef).check(z.maxLength(MAX_NAMED_STAGES)),
    /** Marked cost events: hidden on a shared screen (display only; no viewer is sent costs). */
    costEvents: z.array(StageRef).check(z.maxLength(MAX_NAMED_STAGES)),
  }),
});
export type ControlState = z.output<typeof ControlStateSchema>;

export const NO_CONTROLS: ControlState = {
  follow: null,
  spotlight: null,
  timer: null,
  lock: { map: false, stages: [] },
  pause: { map: false, stages: [] },
  sealed: { stages: [], words: [], costEvents: [] },
};

/** A CONTROL message; its bytes are its own (no shared buffer), as a WebSocket sends them. */
export function encodeControl(payload: ControlState | ControlCommand): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_CONTROL);
  encoding.writeVarString(encoder, JSON.stringify(payload));
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>;
}

/** The JSON in a CONTROL message whose type byte has been read; throws when it is not JSON. */
export function readControlJson(decoder: decoding.Decoder): unknown {
  return JSON.parse(decoding.readVarString(decoder));
}

/** The state in a CONTROL message's JSON, or undefined when it is not one. */
export function parseControlState(json: unknown): ControlState | undefined {
  const parsed = ControlStateSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
