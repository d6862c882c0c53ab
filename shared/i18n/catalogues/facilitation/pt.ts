import type { FacilitationMessageKey } from './en.ts';

export const ptFacilitation: Record<FacilitationMessageKey, string> = {
  'facilitation.placeholder': 'Facilitation',
};
