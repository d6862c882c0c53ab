// The staff messages in one chunk per language (see ../messages.ts).
import { frFacilitation } from '../catalogues/facilitation/fr.ts';
import { frExport } from '../catalogues/export/fr.ts';
import { frImports } from '../catalogues/imports/fr.ts';
import { frBreakouts } from '../catalogues/breakouts/fr.ts';
import { frHome } from '../catalogues/home/fr.ts';

export const messages = { ...frFacilitation, ...frExport, ...frImports, ...frBreakouts, ...frHome };
