import type { Services } from '../Services.ts';
import type { PresenceStore } from '../storage/PresenceStore.ts';
import { eraseWorkshopData } from '../workshops/eraseWorkshopData.ts';
import { discardGroupDocuments } from '../breakouts/groupDocuments.ts';
import { rooms, type GatewayServer } from './socketGateway.ts';
import type { YjsEndpoint } from './yjsEndpoint.ts';

export interface WorkshopDeletionOptions {
  io: GatewayServer;
  yjs: YjsEndpoint;
  services: Services;
  presence: PresenceStore;
  /** Several nodes share the store (Redis): tell the others and wait for their answer. */
  crossNode: boolean;
  /** Drops what this node keeps of the workshop's sessions (recent authentications). */
  forgetSessions?: (workshopId: string) => void;
}

/**
 * Deleting a workshop everywhere: in the stores, in this node's memory and in every other node's.
 * Order matters: the workshop record and sessions go first (no token, link or code opens anything
 * any more), then every node closes its connections with WORKSHOP_DELETED and drops the document
 * without writing it back (an append already running finishes first), and only then is the rest
 * erased, so no late append can bring a log entry back.
 */
export class WorkshopDeletion {
  readonly #options: WorkshopDeletionOptions;

  constructor(options: WorkshopDeletionOptions) {
    this.#options = options;
    options.io.on('workshop.deleted', (workshopId, done) => {
      this.dropLocal(workshopId).then(
        () => done(true),
        (err: unknown) => {
          options.services.log.error({ err, workshopId }, 'dropping a deleted workshop from memory failed');
          done(false);
        },
      );
    });
  }

  /** This node forgets the workshop: people told and disconnected, document out of memory. */
  async dropLocal(workshopId: string): Promise<void> {
    const { io, yjs, services } = this.#options;
    this.#options.forgetSessions?.(workshopId);
    yjs.closeWorkshop(workshopId);
    const room = io.local.to(rooms.workshop(workshopId));
    room.emit('session.ended', 'WORKSHOP_DELETED');
    io.local.in(rooms.workshop(workshopId)).disconnectSockets(true);
    await discardGroupDocuments(services.registry, workshopId);
    await services.registry.discard(workshopId);
  }

  async deleteEverywhere(workshopId: string): Promise<void> {
    const { io, services, presence, crossNode } = this.#options;
    await services.stores.workshops.deleteWorkshop(workshopId);
    await this.dropLocal(workshopId);
    if (crossNode) {
      try {
        const answers = await io.serverSideEmitWithAck('workshop.deleted', workshopId);
        if (answers.some((dropped) => !dropped)) services.log.warn({ workshopId }, 'a node could not drop a deleted workshop');
      } catch (err) {
        // A node that did not answer in time still refuses every token of the workshop (sessions are gone).
        services.log.warn({ err, workshopId }, 'not every node confirmed dropping a deleted workshop');
      }
    }
    await eraseWorkshopData(services.stores, presence, workshopId);
    services.log.info({ workshopId }, 'workshop deleted');
  }
}
