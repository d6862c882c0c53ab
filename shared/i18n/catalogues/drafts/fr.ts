import type { DraftsMessageKey } from './en.ts';

export const frDrafts: Record<DraftsMessageKey, string> = {
  'error.INVALID_COMMAND_ID': 'La page a envoyé un identifiant de requête invalide. Rechargez la page et réessayez.',
  'note.waiting': 'En attente d’envoi',
  'draft.blocked.BOARD_LOCKED': 'Le tableau est verrouillé. Votre texte est conservé ici : enregistrez-le quand l’animateur aura déverrouillé le tableau.',
  'draft.blocked.PHASE_FORBIDS': 'Cette phase ne permet pas d’écrire. Votre texte est conservé ici : enregistrez-le quand l’écriture sera rouverte.',
  'draft.blocked.FROZEN': 'L’atelier est clos. Votre texte est conservé ici : enregistrez-le si l’atelier est rouvert.',
  'draft.blocked.other': 'Impossible d’enregistrer pour l’instant. Votre texte est conservé ici.',
  'draft.blocked.offline': 'Vous êtes hors ligne. En enregistrant, la note reste sur cet appareil ; elle sera envoyée au retour de la connexion.',
  'draft.kept': 'Brouillon conservé sur cet appareil',
  'outbox.waiting': 'Notes en attente d’envoi : {count}',
  'outbox.allSent': 'Toutes les notes en attente ont été envoyées.',
};
