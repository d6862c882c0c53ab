import type { enImportsEveryone } from './en.ts';

export const esImportsEveryone: Record<keyof typeof enImportsEveryone, string> = {
  'error.CIPS_INVALID': 'Se rechazó el archivo de la encuesta: no se importó nada.',
  'error.CIPS_ALREADY_IMPORTED': 'Ya hay resultados de la encuesta importados. Confirme para reemplazarlos.',
  'error.IMPORT_INVALID': 'Se rechazó el archivo del taller: no se creó nada.',
  'cips.group.customs': 'Aduana',
  'cips.group.private': 'Sector privado',
  'cips.metric.pct_favourable': '{value} % favorable',
  'cips.metric.pct_agree': '{value} % de acuerdo',
  'cips.metric.mean_score': 'media {value} de {max}',
  'cips.metric.count': '{value} respuestas',
  'cips.bar': '{group}: {score}',
  'cips.barWithN': '{group}: {score} (n={n})',
  'cips.factorScores': 'Puntuaciones CIPS de {factor}',
};
