/** Messages of the facilitation controls (client/components/facilitation). */
export const enFacilitation = {
  'facilitation.placeholder': 'Facilitation',
} as const;

export type FacilitationMessageKey = keyof typeof enFacilitation;
