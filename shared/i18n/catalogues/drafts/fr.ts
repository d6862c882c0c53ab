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
  'drafts.tray.heading': 'Brouillons conservés sur cet appareil',
  'drafts.tray.intro': 'Texte que vous avez écrit et qui n’est pas sur le tableau affiché. Rien n’est envoyé tant que vous ne l’enregistrez pas.',
  'drafts.tray.newNote': 'Nouvelle note : {row}, {column} (tableau {board})',
  'drafts.tray.edit': 'Modification d’une de vos notes (tableau {board})',
  'drafts.tray.gone': 'Sa place n’est plus sur le tableau : copiez le texte si vous en avez besoin.',
  'drafts.tray.show': 'Afficher sa place',
  'drafts.tray.discard': 'Supprimer le brouillon',
  'drafts.tray.noteGone': 'Modification d’une note supprimée pendant que vous écriviez.',
  'drafts.tray.asNewNote': 'En faire une nouvelle note dans sa case',
  'offline.keptBoard': 'Vous êtes hors ligne. Le tableau montre ce que cet appareil a reçu en dernier ; les notes que vous enregistrez attendent ici et seront envoyées au retour de la connexion.',
};
