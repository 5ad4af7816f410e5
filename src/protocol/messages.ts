/**
 * The messages of the y-websocket protocol as we speak it (server/SPEC.md), plus one of our
 * own: STORED, which tells a client that asked for it what the server has durably stored.
 * Pure encode/decode functions, shared by the server and the editor.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
// Type 2 (y-websocket's auth) is not spoken here: like any unknown type, it closes the connection.
export const MESSAGE_QUERY_AWARENESS = 3;
/** Ours: the state vector of everything stored for the room. Sent only to clients that ask. */
export const MESSAGE_STORED = 100;

/** The query parameter a client adds to its room URL to receive STORED messages. */
export const ACK_PARAM = 'ack';

export function encodeStored(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_STORED);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/** The state vector in a STORED message whose type byte has already been read. */
export function readStored(decoder: decoding.Decoder): Uint8Array {
  return decoding.readVarUint8Array(decoder);
}

/** The state vector as a map of client id → clock. */
export function decodeStateVector(stateVector: Uint8Array): Map<number, number> {
  const decoder = decoding.createDecoder(stateVector);
  const count = decoding.readVarUint(decoder);
  const clocks = new Map<number, number>();
  for (let i = 0; i < count; i++) clocks.set(decoding.readVarUint(decoder), decoding.readVarUint(decoder));
  return clocks;
}

/**
 * Whether the server has stored every change made by these clients up to the given clocks
 * (a client's own entries of its local state vector). This is what "saved" means in the editor.
 */
export function isStored(stored: Map<number, number>, local: Map<number, number>): boolean {
  for (const [client, clock] of local) if ((stored.get(client) ?? 0) < clock) return false;
  return true;
}
