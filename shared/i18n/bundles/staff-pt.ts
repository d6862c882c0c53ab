// The staff messages in one chunk per language (see ../messages.ts).
import { ptFacilitation } from '../catalogues/facilitation/pt.ts';
import { ptExport } from '../catalogues/export/pt.ts';
import { ptImports } from '../catalogues/imports/pt.ts';
import { ptBreakouts } from '../catalogues/breakouts/pt.ts';
import { ptHome } from '../catalogues/home/pt.ts';

export const messages = { ...ptFacilitation, ...ptExport, ...ptImports, ...ptBreakouts, ...ptHome };
