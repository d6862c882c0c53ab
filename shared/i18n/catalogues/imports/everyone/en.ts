/** The imports messages that participants' screens show too: they load with the workshop view (the rest of imports/ loads with the staff panel, see shared/i18n/messages.ts). */
export const enImportsEveryone = {
  'error.CIPS_INVALID': 'The survey file was refused: nothing was imported.',
  'error.CIPS_ALREADY_IMPORTED': 'Survey results are already imported. Confirm to replace them.',
  'error.IMPORT_INVALID': 'The workshop file was refused: nothing was created.',
  'cips.group.customs': 'Customs',
  'cips.group.private': 'Private sector',
  'cips.metric.pct_favourable': '{value} % favourable',
  'cips.metric.pct_agree': '{value} % agree',
  'cips.metric.mean_score': 'mean {value} of {max}',
  'cips.metric.count': '{value} responses',
  'cips.bar': '{group}: {score}',
  'cips.barWithN': '{group}: {score} (n={n})',
  'cips.factorScores': 'CIPS scores for {factor}',
} as const;
