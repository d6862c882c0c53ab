import type { enImportsEveryone } from './en.ts';

export const frImportsEveryone: Record<keyof typeof enImportsEveryone, string> = {
  'error.CIPS_INVALID': 'Le fichier d’enquête a été refusé : rien n’a été importé.',
  'error.CIPS_ALREADY_IMPORTED': 'Des résultats d’enquête sont déjà importés. Confirmez pour les remplacer.',
  'error.IMPORT_INVALID': 'Le fichier d’atelier a été refusé : rien n’a été créé.',
  'cips.group.customs': 'Douane',
  'cips.group.private': 'Secteur privé',
  'cips.metric.pct_favourable': '{value} % favorables',
  'cips.metric.pct_agree': '{value} % d’accord',
  'cips.metric.mean_score': 'moyenne {value} sur {max}',
  'cips.metric.count': '{value} réponses',
  'cips.bar': '{group} : {score}',
  'cips.barWithN': '{group} : {score} (n={n})',
  'cips.factorScores': 'Scores CIPS pour {factor}',
};
