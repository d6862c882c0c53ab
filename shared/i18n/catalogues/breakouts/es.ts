import type { enBreakouts } from './en.ts';

export const esBreakouts: Record<keyof typeof enBreakouts, string> = {
  'error.BREAKOUT_NOT_RUNNING': 'No hay ningún trabajo en grupos en curso.',
  'error.BREAKOUT_RUNNING': 'Los grupos están trabajando: primero haga volver a todos.',
  'error.BREAKOUT_GROUP_NOT_FOUND': 'Ese grupo de trabajo no existe.',
  'error.BREAKOUT_INVALID_SPLIT': 'Esta división no es válida: cada factor necesita un grupo y cada persona un solo grupo.',
  'error.NOT_IN_BREAKOUT': 'Todavía no está en ningún grupo de trabajo.',
  'breakouts.label': 'Grupos de trabajo',
  'breakouts.groupTitle': 'Grupo {n}',
  'breakouts.yourGroup': 'Está en {group}',
  'breakouts.lead': 'Responsable del grupo',
  'breakouts.plenaryReadOnly': 'El tablero plenario es de solo lectura mientras trabajan los grupos.',
  'breakouts.fromGroup': 'De {group}',
  'breakouts.groupVotes': '{count} votos en el grupo',
  'breakouts.message': 'Mensaje del facilitador: {text}',
  'breakouts.returningIn': 'Todos vuelven en {time}',
};
