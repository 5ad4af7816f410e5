/**
 * The copy of a document this device keeps so that nothing typed is lost: Yjs' own IndexedDB
 * provider stores every change as it is made, so an edit made offline survives a reload, a
 * closed tab or a tablet discarding the tab, and reaches the server when the page is next open
 * with a working link. Tablets are shared, so the copy lasts only while it is needed: it is
 * deleted once everything is stored and the person leaves the page or their link ends; while
 * anything is unsaved, leaving the page asks first.
 */
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

  /** `isSaved` says whether the server has stored everything this document holds. */
  constructor(docId: string, doc: Y.Doc, isSaved: () => boolean) {
    this.isSaved = isSaved;
    try {
      this.persistence = new IndexeddbPersistence(deviceCopyName(docId), doc);
    } catch {
      // No IndexedDB (some private modes): the page still works, kept in memory only.
      this.persistence = undefined;
    }
    addEventListener('pagehide', this.onPageHide);
    addEventListener('beforeunload', this.onBeforeUnload);
  }

  /** Delete the copy from this device (everything in it is stored on the server). */
  async forget(): Promise<void> {
    const persistence = this.persistence;
    this.persistence = undefined;
    await persistence?.clearData();
  }

  /** Stop keeping changes (the page is going); the copy stays only if something is unsaved. */
  destroy(): void {
    removeEventListener('pagehide', this.onPageHide);
    removeEventListener('beforeunload', this.onBeforeUnload);
    if (this.isSaved()) void this.forget();
    else void this.persistence?.destroy();
  }
}
