import type { Note } from '../board/types.ts';
import type { TemplateKey } from '../board/templates.ts';
import type { Role } from '../facilitation/roles.ts';

/** What a facilitator chooses when creating a workshop. */
export interface WorkshopSettings {
  title: string;
  description: string;
  dates: string;
  languages: string[];
  anonymous: boolean;
  template: TemplateKey;
}

/** A note written while writing is private: held by the server and shown to its author only. */
export interface PrivateNote extends Note {
  ownerId: string;
}

/** A role link as a facilitator sees it (the secret is shown only when minted or rotated). */
export interface LinkInfo {
  id: string;
  role: Role;
  label: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface CreatedWorkshop {
  id: string;
  joinCode: string;
  links: Record<Role, string>;
}
