/**
 * One person's live session on a document (a journey or a theory of change): the Y.Doc, the
 * y-websocket connection (asking for the server's STORED acknowledgements), presence with names,
 * colours and cursors, and undo of this person's own changes. Plain TypeScript, no React: an
 * editor subscribes to it through `useDocSession`. What the document *is* comes from a
 * `DocKind`: which shared types undo covers and how the document is read into the domain.
 */
import { WebsocketProvider } from 'y-websocket';
import type * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { userOrigin, type TransactionOrigin } from '../../../src/doc/index.ts';
import { decodeStateVector, isStored, MESSAGE_STORED, readStored } from '../../../src/protocol/index.ts';

export type SaveState = 'saved' | 'saving' | 'offline';

export interface Peer {
  clientId: number;
  name: string;
  colour: string;
  cursor?: { x: number; y: number };
}

export interface SessionSnapshot<T> {
  /** The document read into the domain; undefined until there is something to show. */
  model: T | undefined;
  /** Records a peer wrote that could not be read; shown as a warning, never a crash. */
  quarantined: number;
  /**
   * The document says a newer version of Turning Points wrote it. It is shown but never
   * changed here: this version would write it in an older shape, or drop what it cannot read.
   */
  newer: boolean;
  save: SaveState;
  peers: Peer[];
  canUndo: boolean;
  canRedo: boolean;
}

export interface SessionOptions {
  /** ws(s)://host/collab */
  serverUrl: string;
  docId: string;
  token: string;
  name: string;
}

/** What a session needs to know about one kind of document. */
export interface DocKind<T> {
  /** The shared types whose changes (by this session) undo takes back. */
  undoScope(doc: Y.Doc): Y.Map<unknown>[];
  /**
   * The document as the domain sees it, validated. `empty` says there is nothing in it yet:
   * before the first sync an empty read is not shown, so a page never flashes an empty map.
   */
  read(doc: Y.Doc): { model: T; quarantined: number; empty: boolean; newer: boolean };
}

/** Presence colours, distinct from the level colours and readable with white text. */
const COLOURS = ['#0b5cad', '#7a2e98', '#a11043', '#3b5b00', '#5c4400', '#005f73', '#6b2c00', '#3d3d9e'];

/** Cursor positions go out at most this often (20 Hz). */
const CURSOR_INTERVAL_MS = 50;

export class DocSession<T> {
  readonly doc = new Y.Doc();
  readonly origin: TransactionOrigin;
  private readonly provider: WebsocketProvider;
  private readonly undoManager: Y.UndoManager;
  private readonly listeners = new Set<() => void>();
  private stored = new Map<number, number>();
  private snapshot: SessionSnapshot<T> = {
    model: undefined,
    quarantined: 0,
    newer: false,
    save: 'offline',
    peers: [],
    canUndo: false,
    canRedo: false,
  };
  private readPending = false;
  private lastCursorSent = 0;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly kind: DocKind<T>;

  constructor(options: SessionOptions, kind: DocKind<T>) {
    this.kind = kind;
    this.origin = userOrigin(`session-${this.doc.clientID}`);
    this.provider = new WebsocketProvider(options.serverUrl, options.docId, this.doc, {
      params: { token: options.token, ack: '1' },
      disableBc: true,
    });
    this.provider.messageHandlers[MESSAGE_STORED] = (_encoder: unknown, decoder: decoding.Decoder) => {
      this.stored = decodeStateVector(readStored(decoder));
      this.refresh();
    };
    this.undoManager = new Y.UndoManager(kind.undoScope(this.doc), {
      trackedOrigins: new Set([this.origin]),
      captureTimeout: 400,
    });
    this.provider.awareness.setLocalStateField('user', {
      name: options.name,
      colour: COLOURS[this.doc.clientID % COLOURS.length],
    });
    // One's own edits are read at once, so a controlled text box never lags behind the typing;
    // remote ones at most once a frame.
    this.doc.on('update', (_update: Uint8Array, origin: unknown) =>
      origin === this.origin ? this.refresh(true) : this.scheduleRead(),
    );
    this.provider.on('status', () => this.refresh());
    this.provider.awareness.on('change', () => this.refresh());
    this.undoManager.on('stack-item-added', () => this.refresh());
    this.undoManager.on('stack-item-popped', () => this.refresh());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot<T> => this.snapshot;

  /**
   * Run a discrete action (pick a level, add a node…) as its own undo step. Typing is grouped
   * by pauses instead (the UndoManager's capture timeout).
   */
  step<R>(action: () => R): R {
    this.undoManager.stopCapturing();
    const result = action();
    this.undoManager.stopCapturing();
    return result;
  }

  undo(): void {
    this.undoManager.undo();
  }

  redo(): void {
    this.undoManager.redo();
  }

  setName(name: string): void {
    const user = this.provider.awareness.getLocalState()?.user as { colour: string } | undefined;
    this.provider.awareness.setLocalStateField('user', { ...user, name });
  }

  /** Share where this person's pointer is on the canvas, at most 20 times a second. */
  moveCursor(position: { x: number; y: number } | undefined): void {
    const send = () => {
      this.lastCursorSent = Date.now();
      this.provider.awareness.setLocalStateField('cursor', position ?? null);
    };
    clearTimeout(this.cursorTimer);
    const wait = CURSOR_INTERVAL_MS - (Date.now() - this.lastCursorSent);
    if (wait <= 0) send();
    else this.cursorTimer = setTimeout(send, wait);
  }

  destroy(): void {
    clearTimeout(this.cursorTimer);
    this.undoManager.destroy();
    this.provider.destroy();
    this.doc.destroy();
  }

  /** Read the document at most once per frame, however many updates arrive. */
  private scheduleRead(): void {
    if (this.readPending) return;
    this.readPending = true;
    const run = () => {
      this.readPending = false;
      this.refresh(true);
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
    else setTimeout(run, 0);
  }

  private saveState(): SaveState {
    if (!this.provider.wsconnected) return 'offline';
    const own = Y.encodeStateVector(this.doc);
    const local = decodeStateVector(own).get(this.doc.clientID);
    if (local === undefined) return 'saved';
    return isStored(this.stored, new Map([[this.doc.clientID, local]])) ? 'saved' : 'saving';
  }

  private peers(): Peer[] {
    const peers: Peer[] = [];
    this.provider.awareness.getStates().forEach((state, clientId) => {
      const user = state.user as { name?: unknown; colour?: unknown } | undefined;
      if (typeof user?.name !== 'string' || typeof user.colour !== 'string') return;
      const cursor = state.cursor as { x?: unknown; y?: unknown } | null | undefined;
      const valid = cursor && typeof cursor.x === 'number' && typeof cursor.y === 'number';
      peers.push({
        clientId,
        name: user.name.slice(0, 40),
        colour: /^#[0-9a-f]{6}$/i.test(user.colour) ? user.colour : '#4a5260',
        ...(valid ? { cursor: { x: cursor.x as number, y: cursor.y as number } } : {}),
      });
    });
    return peers.sort((a, b) => a.clientId - b.clientId);
  }

  private refresh(reread = false): void {
    let { model, quarantined, newer } = this.snapshot;
    if (reread) {
      const result = this.kind.read(this.doc);
      model = this.provider.synced || !result.empty ? result.model : model;
      quarantined = result.quarantined;
      newer = result.newer;
    }
    this.snapshot = {
      model,
      quarantined,
      newer,
      save: this.saveState(),
      peers: this.peers(),
      canUndo: this.undoManager.undoStack.length > 0,
      canRedo: this.undoManager.redoStack.length > 0,
    };
    for (const listener of this.listeners) listener();
  }
}
