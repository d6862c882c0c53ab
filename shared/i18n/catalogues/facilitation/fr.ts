import type { FacilitationMessageKey } from './en.ts';

export const frFacilitation: Record<FacilitationMessageKey, string> = {
  'facilitation.placeholder': 'Facilitation',
};
