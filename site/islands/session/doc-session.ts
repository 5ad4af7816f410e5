/**
 * One person's live session on a document (a journey or a theory of change): the Y.Doc, the
 * y-websocket connection (asking for the server's STORED acknowledgements), the copy kept on
 * this device until everything is stored, presence with names, colours, cursors and what each
 * person is editing, the link's expiry, undo of this person's own changes, and what happens when
 * the server refuses a change (REFUSE1: see `refuse`). Plain TypeScript, no React: an editor
 * subscribes to it through `useDocSession`. What the document *is* comes from a `DocKind`: which
 * shared types undo covers and how it is read into the domain.
 */
import { WebsocketProvider } from 'y-websocket';
import type * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { isNewer, userOrigin, type DocumentKindSpec, type TransactionOrigin } from '../../../src/doc/index.ts';
import { CLOSE_CODES } from '../../../src/protocol/close-codes.ts';
import { decodeStateVector, isStored, MESSAGE_STORED, readStored } from '../../../src/protocol/index.ts';
import { refusal } from '../common/attempt.ts';
import { movedFrom } from './moved-from.ts';
import { DeviceCopy } from './device-copy.ts';
import { refusalOf, unsavedWords, type RefusalReason, type Words } from './refusal.ts';
import { storedPart } from './stored-part.ts';

export type SaveState = 'saved' | 'saving' | 'connecting' | 'offline';

/** The server refused this page's changes (REFUSE1), and what the person would have lost. */
export interface Refused {
  reason: RefusalReason;
  /** The person's words the server had not acknowledged storing, kept on screen to copy. */
  unsaved: Words[];
}

export interface Peer {
  clientId: number;
  name: string;
  colour: string;
  cursor?: { x: number; y: number };
  /** The element (a stage, a step) this person has open to edit. */
  editing?: string;
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
  /** This person's name as others see it: chosen, or this device's own until they choose. */
  name: string;
  /** The name as this person typed it (empty until they give one), for the box that edits it. */
  typedName: string;
  /** No name chosen yet: the editor asks for one before the first change is made. */
  askingName: boolean;
  /** Changes made since the server last acknowledged everything (kept on this device). */
  unsaved: boolean;
  /** Why a change held until the person gave their name was then refused, if it was. */
  refusal: string | undefined;
  /**
   * Set once the server refused this page's changes: the session has let go of the document
   * (there is no model any more) and of its copy on the device, and will not connect again.
   */
  refused: Refused | undefined;
}

export interface SessionOptions<T = never> {
  /**
   * The document as the server read it when it sent the page, shown until the document itself
   * is here (from the server, or this device's copy): the map is drawn at once, not after the
   * connection opens and the whole document is applied and read. Changes wait for the document.
   */
  opening?: T;
  /** ws(s)://host/collab */
  serverUrl: string;
  docId: string;
  /**
   * When this person's access ends (their invite, or a staff session), ms since the epoch. The
   * room connection itself carries no token: the browser's cookies say who is asking.
   */
  expiresAt: number;
  /** The name chosen on this device earlier, if any (see `savedName`). */
  name: string | undefined;
  /** May this person change the document? Only then is a copy kept on the device. */
  canWrite: boolean;
  /** More to ask of the room than the document (a journey's editor asks for the facilitator's controls). */
  roomParams?: Record<string, string>;
}

/** Presence colours, distinct from the level colours and readable with white text. */
const COLOURS = ['#0b5cad', '#7a2e98', '#a11043', '#3b5b00', '#5c4400', '#005f73', '#6b2c00', '#3d3d9e'];

/** What an unnamed device is called: a tablet or phone (a touch screen) or a computer. */
function deviceKind(): string {
  return typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches ? 'Tablet' : 'Computer';
}

/** Cursor positions go out at most this often (20 Hz). */
const CURSOR_INTERVAL_MS = 50;

export class DocSession<T> {
  readonly doc = new Y.Doc();
  readonly origin: TransactionOrigin;
  private readonly provider: WebsocketProvider;
  private readonly undoManager: Y.UndoManager;
  private deviceCopy: DeviceCopy | undefined;
  /** Opens this device's copy (`connect`, for a session drawn from the page's copy). */
  private readonly openDeviceCopy: () => void;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Once closed (destroyed, or refused) the session neither connects nor changes its snapshot. */
  private closed = false;
  /**
   * Resolves once this session's copy on the device is gone after a refusal: a new session on
   * the same document may open its own copy only then, or the deletion would take it too.
   */
  erased: Promise<void> = Promise.resolve();
  /** A chosen name, or undefined while this device shows its own ("Tablet 2"). */
  private chosenName: string | undefined;
  private typedName = '';
  private deviceName = 'Device 1';
  /** Changes asked for before a name was given or the document was here, made once both are (see `write`). */
  private waiting: (() => void)[] = [];
  private readonly listeners = new Set<() => void>();
  private stored = new Map<number, number>();
  private snapshot: SessionSnapshot<T> = {
    model: undefined,
    quarantined: 0,
    newer: false,
    save: 'connecting',
    peers: [],
    canUndo: false,
    canRedo: false,
    name: '',
    typedName: '',
    askingName: false,
    unsaved: false,
    refusal: undefined,
    refused: undefined,
  };
  private readPending = false;
  private lastCursorSent = 0;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly kind: DocumentKindSpec<T>;
  /** The words in this document that the given stored part of it lacks (see `refuse`). */
  private readonly wordsMissingFrom: (stored: Y.Doc) => Words[];

  /** `wordsOf` lists the words people wrote in a document of this kind, for `refuse` to keep. */
  constructor(options: SessionOptions<T>, kind: DocumentKindSpec<T>, wordsOf: (model: T) => Words[]) {
    this.kind = kind;
    this.snapshot = { ...this.snapshot, model: options.opening };
    this.wordsMissingFrom = (stored) => unsavedWords(kind.read(stored).model, kind.read(this.doc).model, wordsOf);
    this.origin = userOrigin(`session-${this.doc.clientID}`);
    this.provider = new WebsocketProvider(options.serverUrl, options.docId, this.doc, {
      params: { ack: '1', ...options.roomParams },
      disableBc: true,
      // Drawn from the page's copy first, then connected (`connect`): the whole document
      // arriving mid-drawing would hold the first picture of the map back.
      connect: options.opening === undefined,
    });
    this.provider.messageHandlers[MESSAGE_STORED] = (_encoder: unknown, decoder: decoding.Decoder) => {
      this.stored = decodeStateVector(readStored(decoder));
      this.refresh();
    };
    this.undoManager = new Y.UndoManager(kind.undoScope(this.doc), {
      trackedOrigins: new Set([this.origin]),
      captureTimeout: 400,
    });
    this.typedName = options.name ?? '';
    this.chosenName = options.name?.trim() || undefined;
    this.deviceName = `${deviceKind()} ${(this.doc.clientID % 9) + 1}`;
    this.provider.awareness.setLocalStateField('user', {
      name: this.chosenName ?? this.deviceName,
      colour: COLOURS[this.doc.clientID % COLOURS.length],
    });
    this.openDeviceCopy = () => {
      if (options.canWrite && !this.deviceCopy && !this.closed)
        this.deviceCopy = new DeviceCopy(options.docId, this.doc, () => !this.hasUnsaved());
    };
    // Drawn from the page's copy, the copy on this device is read with the room, after the map is
    // drawn: reading it (the whole document, applied and read) held the first picture back.
    if (options.opening === undefined) this.openDeviceCopy();
    // Arrived from the document's old id (MOVE4): this device's unsaved changes to it come along.
    // Rare, so its code (both kinds' readers and writers, the merge) loads only then.
    const from = movedFrom();
    // A costs companion never moved: ids moved before companions existed (COSTS5).
    const carried = kind.name === 'costs' ? undefined : kind.name;
    if (from && options.canWrite && carried)
      void import('./carry-over.ts')
        .then(({ carryOver }) =>
          carryOver({ kind: carried, docId: options.docId, from, live: () => this.whenSynced(), origin: this.origin }),
        )
        .catch(() => undefined);
    this.watchExpiry(options.expiresAt);
    // One's own edits are read at once, so a controlled text box never lags behind the typing;
    // remote ones at most once a frame.
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === this.origin) this.refresh(true);
      else this.scheduleRead();
      // The document has arrived (from this device's copy, or the server): held changes are made,
      // outside the update that brought it.
      if (this.waiting.length > 0) queueMicrotask(() => this.makeWaitingChanges());
    });
    this.provider.on('sync', () => queueMicrotask(() => this.makeWaitingChanges()));
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') this.connectedOnce = true;
      this.refresh();
    });
    this.provider.on('connection-close', () => this.refresh());
    addEventListener('offline', this.onNetworkChange);
    addEventListener('online', this.onNetworkChange);
    // REFUSE1: the server closes with the reason's own code when it refuses what was sent.
    this.provider.on('closed', ({ code }: { code: number }) => {
      if (code === CLOSE_CODES.documentMoved) return this.moved();
      const reason = refusalOf(code);
      if (reason) this.refuse(reason);
    });
    this.provider.awareness.on('change', () => {
      // Others here, once per change: the colour and the device's name are picked against them.
      const others = this.peers().filter((peer) => peer.clientId !== this.doc.clientID);
      this.pickColour(others);
      this.pickDeviceName(others);
      this.refresh();
    });
    this.undoManager.on('stack-item-added', () => this.refresh());
    this.undoManager.on('stack-item-popped', () => this.refresh());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot<T> => this.snapshot;

  /**
   * Make a change, or hold it: while this person has not said what to call them, until they do
   * (`nameSelf`), so that whoever sees the change can tell who made it; while the page shows the
   * document as it was sent (`SessionOptions.opening`), until the document itself is here.
   */
  write(change: () => void): void {
    if (this.isNamed() && this.hasDocument()) change();
    else {
      this.waiting.push(change);
      this.refresh();
    }
  }

  private isNamed(): boolean {
    return this.chosenName !== undefined || this.named;
  }

  /**
   * The document itself is here: the server's copy, or what this device kept of it. Until then
   * the page shows the document as it was sent (`SessionOptions.opening`), and shared text is
   * not typed in: typing diffs against the document's text, which may yet bring words kept on
   * this device that the page's copy lacks.
   */
  hasDocument(): boolean {
    return this.provider.synced || this.doc.store.clients.size > 0;
  }

  /** Make the changes held by `write` once nothing holds them any more. */
  private makeWaitingChanges(): void {
    if (this.waiting.length === 0 || !this.isNamed() || !this.hasDocument()) return;
    const waiting = this.waiting;
    this.waiting = [];
    this.lastRefusal = undefined;
    for (const change of waiting) {
      // The panel that asked is no longer waiting for an answer: say why here instead.
      const refused = refusal(change);
      if (refused) this.lastRefusal = refused;
    }
    this.refresh();
  }

  /**
   * Run a discrete action (pick a level, add a node…) as its own undo step, once the person has
   * a name (see `write`). Typing is grouped by pauses instead (the UndoManager's capture timeout).
   */
  step(action: () => void): void {
    this.write(() => {
      this.undoManager.stopCapturing();
      action();
      this.undoManager.stopCapturing();
    });
  }

  /** Whether this person said what to call them, or chose to stay this device's name. */
  private named = false;
  private lastRefusal: string | undefined;

  /**
   * This person's answer to "what should the others call you?": a name, or undefined to keep
   * this device's own. Changes held until now are made.
   */
  nameSelf(name: string | undefined): void {
    this.named = true;
    this.setName(name ?? '');
    this.lastRefusal = undefined;
    this.makeWaitingChanges();
  }

  /** Say which element this person has open (undefined: none), for others to see. */
  setEditing(id: string | undefined): void {
    this.provider.awareness.setLocalStateField('editing', id ?? null);
  }

  undo(): void {
    this.undoManager.undo();
  }

  redo(): void {
    this.undoManager.redo();
  }

  setName(name: string): void {
    this.typedName = name;
    this.chosenName = name.trim() || undefined;
    if (this.chosenName) this.named = true;
    const user = this.provider.awareness.getLocalState()?.user as { colour: string } | undefined;
    this.provider.awareness.setLocalStateField('user', { ...user, name: this.chosenName ?? this.deviceName });
    this.refresh();
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

  private readonly onNetworkChange = () => this.refresh();

  /** Whether the room connection was ever open: until it is, or fails, the page is connecting. */
  private connectedOnce = false;

  /**
   * Open this device's copy and the room connection of a session drawn from the page's copy
   * (`SessionOptions.opening`), once the editor has drawn it. Without an opening the session
   * opens both as it starts. The copy opens first, so that what it holds is never missed.
   */
  connect(): void {
    if (this.closed) return;
    this.openDeviceCopy();
    this.provider.connect();
  }

  /** The document once the server has sent it (the first sync). */
  private whenSynced(): Promise<Y.Doc> {
    return new Promise((resolve) => {
      if (this.provider.synced) return resolve(this.doc);
      const onSync = (synced: boolean) => {
        if (!synced) return;
        this.provider.off('sync', onSync);
        resolve(this.doc);
      };
      this.provider.on('sync', onSync);
    });
  }

  /**
   * The document moved to a new id (MOVE5): keep the copy on this device as it is (with what is
   * unsaved) and load the page again; its old address moves it to the new one, which carries
   * the unsaved changes over.
   */
  private moved(): void {
    if (this.closed) return;
    this.deviceCopy?.destroy();
    this.provider.disconnect();
    // Let go once the provider has finished telling of the close (this runs inside it).
    this.closed = true;
    this.stopTimer = setTimeout(() => {
      this.close();
      location.reload();
    }, 0);
  }

  destroy(): void {
    if (this.closed) return;
    this.deviceCopy?.destroy();
    this.close();
  }

  private close(): void {
    this.closed = true;
    removeEventListener('offline', this.onNetworkChange);
    removeEventListener('online', this.onNetworkChange);
    clearTimeout(this.cursorTimer);
    clearTimeout(this.expiryTimer);
    clearTimeout(this.stopTimer);
    this.undoManager.destroy();
    this.provider.destroy();
    this.doc.destroy();
  }

  /**
   * The server refused this page's changes (or the link ended: the server would refuse them).
   * A Yjs client sends every change it holds again at each reconnect, from its copy on the
   * device too, so keeping either would send the refused change again. Instead: keep the words
   * the server had not acknowledged, to show; erase the device copy; let go of the document and
   * the connection. The editor then says why, and loads the document afresh where it may.
   */
  private refuse(reason: RefusalReason): void {
    if (this.closed) return;
    const stored = storedPart(this.doc, this.stored);
    const unsaved = this.wordsMissingFrom(stored);
    stored.destroy();
    this.erased = this.deviceCopy?.erase() ?? Promise.resolve();
    this.provider.disconnect();
    const refused = { reason, unsaved };
    this.snapshot = { ...this.snapshot, model: undefined, peers: [], save: 'offline', unsaved: false, refused };
    for (const listener of this.listeners) listener();
    // Let go of the document once the provider has finished telling of the close (this may run
    // inside its own close event).
    this.closed = true;
    this.stopTimer = setTimeout(() => this.close(), 0);
  }

  private stopTimer: ReturnType<typeof setTimeout> | undefined;

  /** Handle a message of our own from the room (src/protocol): a kind of document's own channel. */
  protected onRoomMessage(type: number, handle: (decoder: decoding.Decoder) => void): void {
    this.provider.messageHandlers[type] = (_encoder: unknown, decoder: decoding.Decoder) => handle(decoder);
  }

  /** Send a message of our own to the room; false when not connected (nothing is kept to send later). */
  sendToRoom(message: Uint8Array<ArrayBuffer>): boolean {
    const socket = this.provider.ws;
    if (!this.provider.wsconnected || !socket) return false;
    socket.send(message);
    return true;
  }

  /** Tell the editor something it shows has changed (for what a subclass keeps). */
  protected changed(): void {
    this.refresh();
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

  /**
   * Does this document hold anything the server has not acknowledged storing? Every client's
   * changes count, not only this page's: the device copy may hold changes made on this device
   * before a reload, under an earlier client id. Others' changes arrive as soon as the server has
   * them and are covered by the next `stored` message a moment later, when their group commits.
   */
  private hasUnsaved(): boolean {
    return !isStored(this.stored, decodeStateVector(Y.encodeStateVector(this.doc)));
  }

  private saveState(unsaved: boolean): SaveState {
    // The browser knows at once when the network goes; a dead socket can take half a minute.
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return 'offline';
    if (!this.provider.wsconnected)
      return this.connectedOnce || this.provider.wsUnsuccessfulReconnects > 0 ? 'offline' : 'connecting';
    // Connected, but the document has not arrived: nothing can be said to be saved yet.
    if (!this.hasDocument()) return 'connecting';
    return unsaved ? 'saving' : 'saved';
  }

  /**
   * At the link's end the server closes the connection (AUTH7), but only one that is open: a
   * page offline then is told by its own clock, and refuses as the server would.
   */
  private watchExpiry(at: number): void {
    // setTimeout holds at most about 24.8 days; check again then.
    const wait = Math.min(at - Date.now(), 2 ** 31 - 1);
    const expire = () => this.refuse('linkExpired');
    if (wait <= 0) expire();
    else this.expiryTimer = setTimeout(() => (Date.now() >= at ? expire() : this.watchExpiry(at)), wait);
  }

  /** A presence colour nobody else here shows, while there is one: two people, two colours. */
  private pickColour(others: readonly Peer[]): void {
    const user = this.provider.awareness.getLocalState()?.user as { name: string; colour: string } | undefined;
    if (!user) return;
    const taken = new Set(others.map((peer) => peer.colour));
    if (!taken.has(user.colour)) return;
    // Of two people with one colour, the one with the larger client id moves (both agree which).
    const clash = others.find((peer) => peer.colour === user.colour);
    if (clash && clash.clientId > this.doc.clientID) return;
    const free = COLOURS.find((colour) => !taken.has(colour));
    if (free) this.provider.awareness.setLocalStateField('user', { ...user, colour: free });
  }

  /**
   * Until a name is chosen this device is "Tablet 3", "Computer 2"…: the lowest number nobody
   * else here shows, so that two unnamed devices are never both one name.
   */
  private pickDeviceName(others: readonly Peer[]): void {
    if (this.chosenName !== undefined) return;
    const taken = new Set(others.map((peer) => peer.name));
    if (!taken.has(this.deviceName)) return;
    let n = 1;
    while (taken.has(`${deviceKind()} ${n}`)) n++;
    this.deviceName = `${deviceKind()} ${n}`;
    const user = this.provider.awareness.getLocalState()?.user as { colour: string } | undefined;
    this.provider.awareness.setLocalStateField('user', { ...user, name: this.deviceName });
  }

  /**
   * The name a session of this document was last seen under, even if it has left since (a
   * tablet's change can arrive before its presence does when it comes back online).
   */
  nameOf(clientId: number): string | undefined {
    return this.knownNames.get(clientId);
  }

  private readonly knownNames = new Map<number, string>();

  private peers(): Peer[] {
    const peers: Peer[] = [];
    this.provider.awareness.getStates().forEach((state, clientId) => {
      const user = state.user as { name?: unknown; colour?: unknown } | undefined;
      if (typeof user?.name !== 'string' || typeof user.colour !== 'string') return;
      const cursor = state.cursor as { x?: unknown; y?: unknown } | null | undefined;
      const valid = cursor && typeof cursor.x === 'number' && typeof cursor.y === 'number';
      const editing = typeof state.editing === 'string' ? state.editing.slice(0, 100) : undefined;
      peers.push({
        clientId,
        name: user.name.slice(0, 40),
        colour: /^#[0-9a-f]{6}$/i.test(user.colour) ? user.colour : '#4a5260',
        ...(valid ? { cursor: { x: cursor.x as number, y: cursor.y as number } } : {}),
        ...(editing ? { editing } : {}),
      });
    });
    for (const peer of peers) this.knownNames.set(peer.clientId, peer.name);
    return peers.sort((a, b) => a.clientId - b.clientId);
  }

  private refresh(reread = false): void {
    if (this.closed) return;
    let { model, quarantined, newer } = this.snapshot;
    if (reread) {
      const read = this.kind.read(this.doc);
      // Before the first sync an empty read is not shown, so a page never flashes an empty map.
      model = this.provider.synced || !this.kind.isEmpty(this.doc) ? read.model : model;
      quarantined = read.quarantined.filter((q) => q.action === 'dropped').length;
      newer = isNewer(this.kind, read.docSchemaVersion);
    }
    const unsaved = this.hasUnsaved();
    this.snapshot = {
      model,
      quarantined,
      newer,
      save: this.saveState(unsaved),
      peers: this.peers(),
      canUndo: this.undoManager.undoStack.length > 0,
      canRedo: this.undoManager.redoStack.length > 0,
      name: this.chosenName ?? this.deviceName,
      typedName: this.typedName,
      askingName: this.waiting.length > 0 && !this.isNamed(),
      unsaved,
      refusal: this.lastRefusal,
      refused: undefined,
    };
    for (const listener of this.listeners) listener();
  }
}
