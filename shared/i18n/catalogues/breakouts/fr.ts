import type { enBreakouts } from './en.ts';

export const frBreakouts: Record<keyof typeof enBreakouts, string> = {
  'error.BREAKOUT_NOT_RUNNING': 'Aucun travail en sous-groupes n’est en cours.',
  'error.BREAKOUT_RUNNING': 'Les sous-groupes travaillent : faites d’abord revenir tout le monde.',
  'error.BREAKOUT_GROUP_NOT_FOUND': 'Ce sous-groupe n’existe pas.',
  'error.BREAKOUT_INVALID_SPLIT': 'Cette répartition n’est pas valable : chaque facteur doit avoir un groupe et chaque personne un seul groupe.',
  'error.NOT_IN_BREAKOUT': 'Vous n’êtes encore dans aucun sous-groupe.',
  'breakouts.label': 'Sous-groupes',
  'breakouts.groupTitle': 'Groupe {n}',
  'breakouts.yourGroup': 'Vous êtes dans {group}',
  'breakouts.lead': 'Animateur du groupe',
  'breakouts.plenaryReadOnly': 'Le tableau de la plénière est en lecture seule pendant le travail en groupes.',
  'breakouts.fromGroup': 'Du {group}',
  'breakouts.groupVotes': '{count} votes dans le groupe',
  'breakouts.message': 'Message de l’animateur : {text}',
  'breakouts.returningIn': 'Retour de tous dans {time}',
};
