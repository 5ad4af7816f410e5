/**
 * The copy of a document this device keeps so that nothing typed is lost: Yjs' own IndexedDB
 * provider stores every change as it is made, so an edit made offline survives a reload, a
 * closed tab or a tablet discarding the tab, and reaches the server when the page is next open
 * with a working link. Tablets are shared, so the copy lasts only while it is needed: it is
 * deleted once everything is stored and the person leaves the page or their link ends; while
 * anything is unsaved, leaving the page asks first. When the server refuses a change the copy
 * holds (REFUSE1), the copy is erased at once, unsaved or not: kept, it would send that change
 * again at the next visit.
 */
import { deleteDB } from 'lib0/indexeddb';
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/** The device copy's database name: one per document, so a new link to it finds what was kept. */
export const deviceCopyName = (docId: string) => `turning-points-doc-${docId}`;

export class DeviceCopy {
  private persistence: IndexeddbPersistence | undefined;
  private readonly isSaved: () => boolean;
  private readonly onPageHide = () => {
    if (this.isSaved()) void this.forget();
  };
  private readonly onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (this.isSaved()) return;
    // The browser shows its own "Leave site? Changes you made may not be saved." question.
    event.preventDefault();
    event.returnValue = '';
  };

  private readonly name: string;
  private readonly doc: Y.Doc;
  /** After `forget`, a change made on this page starts a new copy (see `onUpdate`). */
  private readonly onUpdate = () => {
    if (this.persistence || this.reopening || this.destroyed || this.isSaved()) return;
    // Only once the old copy is deleted, or its deletion would take the new one with it.
    this.reopening = this.forgetting.then(() => {
      this.reopening = undefined;
      if (!this.destroyed && !this.persistence) this.persistence = this.open();
    });
  };
  private destroyed = false;
  private forgetting: Promise<void> = Promise.resolve();
  private reopening: Promise<void> | undefined;

  /** `isSaved` says whether the server has stored everything this document holds. */
  constructor(docId: string, doc: Y.Doc, isSaved: () => boolean) {
    this.isSaved = isSaved;
    this.name = deviceCopyName(docId);
    this.doc = doc;
    this.persistence = this.open();
    doc.on('update', this.onUpdate);
    addEventListener('pagehide', this.onPageHide);
    addEventListener('beforeunload', this.onBeforeUnload);
  }

  private open(): IndexeddbPersistence | undefined {
    try {
      // A new copy starts with the whole document as it is, then each change as it is made.
      return new IndexeddbPersistence(this.name, this.doc);
    } catch {
      // No IndexedDB (some private modes): the page still works, kept in memory only.
      return undefined;
    }
  }

  /** Delete the copy from this device (everything in it is stored on the server). */
  forget(): Promise<void> {
    const persistence = this.persistence;
    this.persistence = undefined;
    if (persistence) this.forgetting = this.forgetting.then(() => persistence.clearData());
    return this.forgetting;
  }

  /** Stop keeping changes (the page is going); the copy stays only if something is unsaved. */
  destroy(): void {
    this.stopKeeping();
    if (this.isSaved()) void this.forget();
    else void this.persistence?.destroy();
  }

  /**
   * The server refused a change this copy may hold: delete the database, unsaved or not, and
   * keep nothing more. Resolves once it is deleted, so a new copy is never deleted with it.
   */
  erase(): Promise<void> {
    this.stopKeeping();
    const persistence = this.persistence;
    this.persistence = undefined;
    // Deleted by name even when no copy is open here: one may have been written before a reload.
    this.forgetting = this.forgetting.then(() => (persistence ? persistence.clearData() : deleteDB(this.name)));
    return this.forgetting;
  }

  private stopKeeping(): void {
    this.destroyed = true;
    this.doc.off('update', this.onUpdate);
    removeEventListener('pagehide', this.onPageHide);
    removeEventListener('beforeunload', this.onBeforeUnload);
  }
}
