import type { FacilitationMessageKey } from './en.ts';

export const esFacilitation: Record<FacilitationMessageKey, string> = {
  'facilitation.placeholder': 'Facilitation',
};
