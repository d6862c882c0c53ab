export const ROLES = ['facilitator', 'participant', 'rapporteur', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export const PHASES = ['write', 'reveal', 'group', 'vote', 'discuss', 'actions', 'closed'] as const;
export type Phase = (typeof PHASES)[number];
