/**
 * A live session on a journey: the shared session (connection, STORED save state, presence,
 * undo, the device copy) over a journey document, read through the doc bridge, and the
 * overwrites of this person's choices by others' (see `watchOverwrites`), kept to be shown.
 */
import {
  journeyKind,
  typedFactorText,
  typedStageText,
  watchOverwrites,
  type Overwrite,
  type StageTextField,
} from '../../../src/doc/index.ts';
import type { Journey } from '../../../src/model/index.ts';
import { CONTROLS_PARAM, MESSAGE_CONTROL } from '../../../src/protocol/index.ts';
import { DocSession, type SessionOptions } from '../session/doc-session.ts';
import { journeyWords } from './journey-words.ts';
import { RoomControls } from './room-controls.ts';

/** An overwrite to show (the other person's name comes from `nameOf(by)`). */
export interface OverwriteNotice extends Overwrite {
  key: number;
}

/** At most this many overwrite notices are kept; older ones go first. */
const MAX_NOTICES = 5;

export class JourneySession extends DocSession<Journey> {
  private notices: OverwriteNotice[] = [];
  private nextKey = 1;
  private readonly stopWatching: () => void;
  /** The facilitator's controls of this journey's room (follow, spotlight, timer, pause, lock). */
  readonly controls = new RoomControls((message) => this.sendToRoom(message));

  constructor(options: SessionOptions<Journey>) {
    super({ ...options, roomParams: { [CONTROLS_PARAM]: '1' } }, journeyKind, journeyWords);
    this.onRoomMessage(MESSAGE_CONTROL, (decoder) => this.controls.receive(decoder));
    this.stopWatching = watchOverwrites(this.doc, (found) => {
      const added = found.map((overwrite) => ({ ...overwrite, key: this.nextKey++ }));
      this.notices = [...this.notices, ...added].slice(-MAX_NOTICES);
      this.changed();
    });
  }

  /** Overwrites of this person's choices not yet dealt with, oldest first. */
  overwrites(): readonly OverwriteNotice[] {
    return this.notices;
  }

  dismissOverwrite(key: number): void {
    this.notices = this.notices.filter((notice) => notice.key !== key);
    this.changed();
  }

  /** A stage's shared text as typed, for the box that mirrors it (as sent with the page, until the document is here). */
  stageText(stageId: string, field: StageTextField): string {
    if (!this.hasDocument())
      return this.getSnapshot().model?.stages.find((stage) => stage.id === stageId)?.[field] ?? '';
    return typedStageText(this.doc, stageId, field);
  }

  /** An enabler's or barrier's words as typed, for the box that mirrors them. */
  factorText(factorId: string): string {
    if (!this.hasDocument())
      return this.getSnapshot().model?.factors.find((factor) => factor.id === factorId)?.text ?? '';
    return typedFactorText(this.doc, factorId);
  }

  override destroy(): void {
    this.stopWatching();
    super.destroy();
  }
}
