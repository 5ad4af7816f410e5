/**
 * The facilitator's controls as this screen knows them (server/SPEC.md CONTROL): the state the
 * room last sent, and when it arrived, so the timer counts down on this device's own clock.
 * Commands go to the room; the server applies only a facilitator's, and what every screen shows
 * is the state it sends back, never what this one asked for.
 */
import type * as decoding from 'lib0/decoding';
import { useSyncExternalStore } from 'react';
import {
  encodeControl,
  NO_CONTROLS,
  parseControlState,
  readControlJson,
  type ControlCommand,
  type ControlState,
} from '../../../src/protocol/index.ts';

export interface HeldControls {
  state: ControlState;
  /** `performance.now()` when the state arrived. */
  at: number;
}

export class RoomControls {
  private held: HeldControls = { state: NO_CONTROLS, at: 0 };
  private readonly listeners = new Set<() => void>();
  private readonly send: (message: Uint8Array<ArrayBuffer>) => boolean;

  constructor(send: (message: Uint8Array<ArrayBuffer>) => boolean) {
    this.send = send;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getHeld = (): HeldControls => this.held;

  /** A CONTROL message from the room; one that does not read as a state is ignored. */
  receive(decoder: decoding.Decoder): void {
    let state: ControlState | undefined;
    try {
      state = parseControlState(readControlJson(decoder));
    } catch {
      return;
    }
    if (!state) return;
    this.held = { state, at: performance.now() };
    for (const listener of this.listeners) listener();
  }

  /** Ask the room for a change (a facilitator's only; anyone else's is ignored there). False when offline. */
  command(command: ControlCommand): boolean {
    return this.send(encodeControl(command) as Uint8Array<ArrayBuffer>);
  }
}

export function useRoomControls(controls: RoomControls): HeldControls {
  return useSyncExternalStore(controls.subscribe, controls.getHeld);
}
