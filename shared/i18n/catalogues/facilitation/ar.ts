import type { FacilitationMessageKey } from './en.ts';

export const arFacilitation: Record<FacilitationMessageKey, string> = {
  'facilitation.placeholder': 'Facilitation',
};
