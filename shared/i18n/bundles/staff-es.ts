// The staff messages in one chunk per language (see ../messages.ts).
import { esFacilitation } from '../catalogues/facilitation/es.ts';
import { esExport } from '../catalogues/export/es.ts';
import { esImports } from '../catalogues/imports/es.ts';
import { esBreakouts } from '../catalogues/breakouts/es.ts';
import { esHome } from '../catalogues/home/es.ts';

export const messages = { ...esFacilitation, ...esExport, ...esImports, ...esBreakouts, ...esHome };
