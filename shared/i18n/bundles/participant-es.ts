// The participant messages in one chunk per language (see ../messages.ts).
import { es } from '../catalogues/es.ts';
import { esFacilitationEveryone } from '../catalogues/facilitation/everyone/es.ts';
import { esExportEveryone } from '../catalogues/export/everyone/es.ts';
import { esImportsEveryone } from '../catalogues/imports/everyone/es.ts';
import { esBreakoutsEveryone } from '../catalogues/breakouts/everyone/es.ts';
import { esDrafts } from '../catalogues/drafts/es.ts';
import { esDevices } from '../catalogues/devices/es.ts';
import { esBoard } from '../catalogues/board/es.ts';

export const messages = { ...es, ...esFacilitationEveryone, ...esExportEveryone, ...esImportsEveryone, ...esBreakoutsEveryone, ...esDrafts, ...esDevices, ...esBoard };
