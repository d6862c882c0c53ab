// The staff messages in one chunk per language (see ../messages.ts).
import { enFacilitation } from '../catalogues/facilitation/en.ts';
import { enExport } from '../catalogues/export/en.ts';
import { enImports } from '../catalogues/imports/en.ts';
import { enBreakouts } from '../catalogues/breakouts/en.ts';
import { enHome } from '../catalogues/home/en.ts';

export const messages = { ...enFacilitation, ...enExport, ...enImports, ...enBreakouts, ...enHome };
