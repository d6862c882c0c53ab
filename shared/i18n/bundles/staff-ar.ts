// The staff messages in one chunk per language (see ../messages.ts).
import { arFacilitation } from '../catalogues/facilitation/ar.ts';
import { arExport } from '../catalogues/export/ar.ts';
import { arImports } from '../catalogues/imports/ar.ts';
import { arBreakouts } from '../catalogues/breakouts/ar.ts';
import { arHome } from '../catalogues/home/ar.ts';

export const messages = { ...arFacilitation, ...arExport, ...arImports, ...arBreakouts, ...arHome };
