/**
 * Awareness messages built by hand, for tests and benchmarks that send presence from raw
 * sockets: as many, as large and as fast as a stock client would never send them.
 */
import * as encoding from 'lib0/encoding';
import { MESSAGE_AWARENESS } from '../../src/protocol/index.ts';

/**
 * An awareness message (type 1) carrying one client's state, as a stock client would send it.
 * A state already encoded (`encodedState`) is copied in as it is: large ones are sent many times.
 */
export function awarenessMessage(clientId: number, clock: number, state: unknown): Uint8Array {
  const json = state instanceof Uint8Array ? state : encodedState(state);
  const head = encoding.createEncoder();
  encoding.writeVarUint(head, 1);
  encoding.writeVarUint(head, clientId);
  encoding.writeVarUint(head, clock);
  encoding.writeVarUint(head, json.byteLength);
  const update = Buffer.concat([encoding.toUint8Array(head), json]);
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, MESSAGE_AWARENESS);
  encoding.writeVarUint(message, update.byteLength);
  return Buffer.concat([encoding.toUint8Array(message), update]);
}

/** A presence state as the JSON bytes an awareness message carries. */
export const encodedState = (state: unknown): Uint8Array => Buffer.from(JSON.stringify(state));
