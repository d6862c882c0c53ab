import { readBreakoutGroup } from '../../shared/breakouts/breakoutDocument.ts';
import type { Principal } from '../auth/Principal.ts';
import type { DocumentRegistry } from '../documents/DocumentRegistry.ts';
import { mayReadGroup } from './groupAccess.ts';

export interface BreakoutReadGrant {
  docId: string;
  /** Calls `onRevoked` once the person may no longer read the group (moved out); returns the stop function. */
  watch(onRevoked: () => void): () => void;
}

/** Who may open a group's board on the Yjs socket, checked again whenever the plenary document changes (on any node). */
export interface BreakoutReadAccess {
  open(principal: Principal, groupId: string): Promise<BreakoutReadGrant | null>;
}

export function breakoutReadAccess(registry: DocumentRegistry): BreakoutReadAccess {
  return {
    async open(principal, groupId) {
      const plenary = await registry.acquire(principal.workshopId);
      if (!plenary) return null;
      const group = readBreakoutGroup(plenary.doc, groupId);
      if (!group || !mayReadGroup(plenary.doc, principal, group)) {
        registry.release(plenary);
        return null;
      }
      let released = false;
      return {
        docId: group.docId,
        watch(onRevoked) {
          let revoked = false;
          const off = plenary.onDurableUpdate(() => {
            if (!revoked && !mayReadGroup(plenary.doc, principal, group)) {
              revoked = true;
              onRevoked();
            }
          });
          return () => {
            off();
            if (!released) registry.release(plenary);
            released = true;
          };
        },
      };
    },
  };
}
