/**
 * The facilitator's controls of a journey's room (server/SPEC.md CONTROL): follow, spotlight,
 * timer, pause and lock. The server holds their state and sends it in its own message,
 * CONTROL, to clients that ask for it; a facilitator's connection sends commands in the same
 * message type, and the server ignores them from anyone else. Awareness is not the channel:
 * every role may write it.
 *
 * Both directions carry JSON, checked here with zod on the way in: the server reads commands,
 * the editor reads state, and neither trusts the other's bytes.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { z } from 'zod/mini';

/** Ours: the room's control state (server → client), or a facilitator's command (client → server). */
export const MESSAGE_CONTROL = 101;

/** The query parameter a client adds to its room URL to receive CONTROL messages. */
export const CONTROLS_PARAM = 'controls';

/** Stage ids as the document has them; checked only for shape, never trusted to exist. */
const StageRef = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

/** Where the facilitator is looking: the centre of their view in map coordinates, and the zoom. */
const ViewSchema = z.object({
  x: z.number().check(z.gte(-1e7), z.lte(1e7)),
  y: z.number().check(z.gte(-1e7), z.lte(1e7)),
  zoom: z.number().check(z.gte(0.05), z.lte(4)),
});
export type View = z.output<typeof ViewSchema>;

/** The most stages a lock or a pause names; a journey holds at most a few hundred. */
const MAX_NAMED_STAGES = 1000;
/** The longest a timer runs: a workshop session, not a day. */
export const MAX_TIMER_MS = 3 * 60 * 60 * 1000;

export const ControlCommandSchema = z.discriminatedUnion('kind', [
  /** Everyone else's view follows this one (view changes are sent as the facilitator moves). */
  z.object({ kind: z.literal('follow'), view: ViewSchema, stageId: z.optional(StageRef) }),
  z.object({ kind: z.literal('unfollow') }),
  z.object({ kind: z.literal('spotlight'), stageId: z.nullable(StageRef) }),
  z.object({ kind: z.literal('timer-start'), ms: z.int().check(z.gte(1000), z.lte(MAX_TIMER_MS)) }),
  z.object({ kind: z.literal('timer-pause') }),
  z.object({ kind: z.literal('timer-resume') }),
  z.object({ kind: z.literal('timer-add'), ms: z.int().check(z.gte(1000), z.lte(MAX_TIMER_MS)) }),
  z.object({ kind: z.literal('timer-clear') }),
  z.object({ kind: z.literal('lock-map'), on: z.boolean() }),
  z.object({ kind: z.literal('lock-stage'), stageId: StageRef, on: z.boolean() }),
  z.object({ kind: z.literal('pause-map'), on: z.boolean() }),
  z.object({ kind: z.literal('pause-stage'), stageId: StageRef, on: z.boolean() }),
]);
export type ControlCommand = z.output<typeof ControlCommandSchema>;

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
});
export type ControlState = z.output<typeof ControlStateSchema>;

export const NO_CONTROLS: ControlState = {
  follow: null,
  spotlight: null,
  timer: null,
  lock: { map: false, stages: [] },
  pause: { map: false, stages: [] },
};

export function encodeControl(payload: ControlState | ControlCommand): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_CONTROL);
  encoding.writeVarString(encoder, JSON.stringify(payload));
  return encoding.toUint8Array(encoder);
}

/** The JSON in a CONTROL message whose type byte has been read; throws when it is not JSON. */
export function readControlJson(decoder: decoding.Decoder): unknown {
  return JSON.parse(decoding.readVarString(decoder));
}

/** The command in a CONTROL message's JSON, or undefined when it is not one. */
export function parseControlCommand(json: unknown): ControlCommand | undefined {
  const parsed = ControlCommandSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** The state in a CONTROL message's JSON, or undefined when it is not one. */
export function parseControlState(json: unknown): ControlState | undefined {
  const parsed = ControlStateSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
