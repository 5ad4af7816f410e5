/** Carry out a TocCommand on the session's document, with the session's origin. */
import { addTocLink, removeTocLink, removeTocNode, updateTocNode } from '../../../src/doc/index.ts';
import type { TocLinkId, TocNodeId } from '../../../src/model/index.ts';
import type { TocCommand } from './toc-changes.ts';
import type { TocSession } from './toc-session.ts';

export function applyTocCommand(session: TocSession, command: TocCommand): void {
  const { doc, origin } = session;
  switch (command.kind) {
    case 'placeNode':
      return updateTocNode(doc, command.nodeId as TocNodeId, { position: command.position }, origin);
    case 'removeNode':
      return removeTocNode(doc, command.nodeId as TocNodeId, origin);
    case 'addLink':
      addTocLink(doc, { from: command.from, to: command.to }, origin);
      return;
    case 'removeLink':
      return removeTocLink(doc, command.linkId as TocLinkId, origin);
  }
}
