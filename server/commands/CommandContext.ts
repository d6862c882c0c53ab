import type * as Y from 'yjs';
import type { LoadedDocument } from '../documents/DocumentRegistry.ts';
import type { UpdateOrigin } from '../documents/updateOrigin.ts';
import type { Principal } from '../auth/Principal.ts';
import type { Services } from '../Services.ts';

/** Messages that go to particular people rather than into the shared document. */
export interface Notifier {
  /** Sends a participant their own private notes. */
  privateNotesChanged(participantId: string): Promise<void>;
  /** Sends everyone the private-writing counts. */
  writingCountsChanged(): Promise<void>;
  /** Sends a participant their own votes. */
  votesChanged(participantId: string): Promise<void>;
}

/** What a command may use: who asked, their workshop's document, the server's services. */
export interface CommandContext {
  principal: Principal;
  workshop: LoadedDocument;
  services: Services;
  notify: Notifier;
  /** Applies one change to the document as one transaction tagged with this command, made durable before it resolves. */
  apply(change: (doc: Y.Doc) => void): Promise<boolean>;
  origin: UpdateOrigin;
}
