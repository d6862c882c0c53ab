// The participant messages in one chunk per language (see ../messages.ts).
import { pt } from '../catalogues/pt.ts';
import { ptFacilitationEveryone } from '../catalogues/facilitation/everyone/pt.ts';
import { ptExportEveryone } from '../catalogues/export/everyone/pt.ts';
import { ptImportsEveryone } from '../catalogues/imports/everyone/pt.ts';
import { ptBreakoutsEveryone } from '../catalogues/breakouts/everyone/pt.ts';
import { ptDrafts } from '../catalogues/drafts/pt.ts';
import { ptDevices } from '../catalogues/devices/pt.ts';
import { ptBoard } from '../catalogues/board/pt.ts';

export const messages = { ...pt, ...ptFacilitationEveryone, ...ptExportEveryone, ...ptImportsEveryone, ...ptBreakoutsEveryone, ...ptDrafts, ...ptDevices, ...ptBoard };
