import type { Role } from '../../shared/facilitation/roles.ts';
import type { CommandContext } from '../commands/CommandContext.ts';
import type { LoadedDocument } from '../documents/DocumentRegistry.ts';
import { commandOrigin } from '../documents/updateOrigin.ts';
import type { BreakoutContext } from './BreakoutContext.ts';

/** A command context on a group's document, so the board use cases (reveal, timer, join) run on it unchanged. */
export function groupCommandContext(ctx: BreakoutContext, doc: LoadedDocument, command: string, role: Role = ctx.principal.role): CommandContext {
  const origin = commandOrigin(command);
  return {
    principal: { ...ctx.principal, role },
    workshop: doc,
    services: ctx.services,
    notify: ctx.rooms.notifierFor(doc),
    origin,
    apply: (change) => ctx.services.registry.apply(doc, origin, change),
  };
}
