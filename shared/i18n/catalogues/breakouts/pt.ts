import type { enBreakouts } from './en.ts';

export const ptBreakouts: Record<keyof typeof enBreakouts, string> = {
  'error.BREAKOUT_NOT_RUNNING': 'Não há nenhum trabalho em grupos a decorrer.',
  'error.BREAKOUT_RUNNING': 'Os grupos estão a trabalhar: primeiro faça regressar todos.',
  'error.BREAKOUT_GROUP_NOT_FOUND': 'Esse grupo de trabalho não existe.',
  'error.BREAKOUT_INVALID_SPLIT': 'Esta divisão não é válida: cada fator precisa de um grupo e cada pessoa de um só grupo.',
  'error.NOT_IN_BREAKOUT': 'Ainda não está em nenhum grupo de trabalho.',
  'breakouts.label': 'Grupos de trabalho',
  'breakouts.groupTitle': 'Grupo {n}',
  'breakouts.yourGroup': 'Está no {group}',
  'breakouts.lead': 'Responsável do grupo',
  'breakouts.plenaryReadOnly': 'O quadro do plenário é só de leitura enquanto os grupos trabalham.',
  'breakouts.fromGroup': 'Do {group}',
  'breakouts.groupVotes': '{count} votos no grupo',
  'breakouts.message': 'Mensagem do facilitador: {text}',
  'breakouts.returningIn': 'Todos regressam dentro de {time}',
};
