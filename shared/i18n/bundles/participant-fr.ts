// The participant messages in one chunk per language (see ../messages.ts).
import { fr } from '../catalogues/fr.ts';
import { frFacilitationEveryone } from '../catalogues/facilitation/everyone/fr.ts';
import { frExportEveryone } from '../catalogues/export/everyone/fr.ts';
import { frImportsEveryone } from '../catalogues/imports/everyone/fr.ts';
import { frBreakoutsEveryone } from '../catalogues/breakouts/everyone/fr.ts';
import { frDrafts } from '../catalogues/drafts/fr.ts';
import { frDevices } from '../catalogues/devices/fr.ts';
import { frBoard } from '../catalogues/board/fr.ts';

export const messages = { ...fr, ...frFacilitationEveryone, ...frExportEveryone, ...frImportsEveryone, ...frBreakoutsEveryone, ...frDrafts, ...frDevices, ...frBoard };
