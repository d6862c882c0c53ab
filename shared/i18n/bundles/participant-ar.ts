// The participant messages in one chunk per language (see ../messages.ts).
import { ar } from '../catalogues/ar.ts';
import { arFacilitationEveryone } from '../catalogues/facilitation/everyone/ar.ts';
import { arExportEveryone } from '../catalogues/export/everyone/ar.ts';
import { arImportsEveryone } from '../catalogues/imports/everyone/ar.ts';
import { arBreakoutsEveryone } from '../catalogues/breakouts/everyone/ar.ts';
import { arDrafts } from '../catalogues/drafts/ar.ts';
import { arDevices } from '../catalogues/devices/ar.ts';
import { arBoard } from '../catalogues/board/ar.ts';

export const messages = { ...ar, ...arFacilitationEveryone, ...arExportEveryone, ...arImportsEveryone, ...arBreakoutsEveryone, ...arDrafts, ...arDevices, ...arBoard };
