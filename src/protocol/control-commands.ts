/**
 * A facilitator's commands in CONTROL messages (controls.ts), as the server reads them. Apart
 * from controls.ts so the editor, which only sends them, never loads their schema.
 */
import { z } from 'zod/mini';
import { StageRef, ViewSchema } from './control-parts.ts';

/** The longest a timer runs: a workshop session, not a day. */
const MAX_TIMER_MS = 3 * 60 * 60 * 1000;
const TimerMs = z.int().check(z.gte(1000), z.lte(MAX_TIMER_MS));

const ControlCommandSchema = z.discriminatedUnion('kind', [
  /** Everyone else's view follows this one (view changes are sent as the facilitator moves). */
  z.object({ kind: z.literal('follow'), view: ViewSchema, stageId: z.optional(StageRef) }),
  z.object({ kind: z.literal('unfollow') }),
  z.object({ kind: z.literal('spotlight'), stageId: z.nullable(StageRef) }),
  z.object({ kind: z.literal('timer-start'), ms: TimerMs }),
  z.object({ kind: z.literal('timer-pause') }),
  z.object({ kind: z.literal('timer-resume') }),
  z.object({ kind: z.literal('timer-add'), ms: TimerMs }),
  z.object({ kind: z.literal('timer-clear') }),
  z.object({ kind: z.literal('lock-map'), on: z.boolean() }),
  z.object({ kind: z.literal('lock-stage'), stageId: StageRef, on: z.boolean() }),
  z.object({ kind: z.literal('pause-map'), on: z.boolean() }),
  z.object({ kind: z.literal('pause-stage'), stageId: StageRef, on: z.boolean() }),
  /** The workshop session is over: a version is kept, and the timer, lead and spotlight end. */
  z.object({ kind: z.literal('end-session') }),
]);
export type ControlCommand = z.output<typeof ControlCommandSchema>;

/** The command in a CONTROL message's JSON, or undefined when it is not one. */
export function parseControlCommand(json: unknown): ControlCommand | undefined {
  const parsed = ControlCommandSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
