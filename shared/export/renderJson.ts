import type { WorkshopSnapshot } from './workshopSnapshot.ts';

/** The JSON export: the snapshot itself (see docs/EXPORT-FORMAT.md), indented for people who read it. */
export function renderJson(snapshot: WorkshopSnapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}
