import type { enImportsEveryone } from './en.ts';

export const ptImportsEveryone: Record<keyof typeof enImportsEveryone, string> = {
  'error.CIPS_INVALID': 'O arquivo da pesquisa foi recusado: nada foi importado.',
  'error.CIPS_ALREADY_IMPORTED': 'Já há resultados da pesquisa importados. Confirme para substituí-los.',
  'error.IMPORT_INVALID': 'O arquivo da oficina foi recusado: nada foi criado.',
  'cips.group.customs': 'Aduana',
  'cips.group.private': 'Setor privado',
  'cips.metric.pct_favourable': '{value} % favoráveis',
  'cips.metric.pct_agree': '{value} % concordam',
  'cips.metric.mean_score': 'média {value} de {max}',
  'cips.metric.count': '{value} respostas',
  'cips.bar': '{group}: {score}',
  'cips.barWithN': '{group}: {score} (n={n})',
  'cips.factorScores': 'Pontuações CIPS de {factor}',
};
