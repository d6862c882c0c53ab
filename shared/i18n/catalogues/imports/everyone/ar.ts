import type { enImportsEveryone } from './en.ts';

export const arImportsEveryone: Record<keyof typeof enImportsEveryone, string> = {
  'error.CIPS_INVALID': 'رُفض ملف الاستبيان: لم يُستورد أي شيء.',
  'error.CIPS_ALREADY_IMPORTED': 'نتائج الاستبيان مستوردة بالفعل. أكّد لاستبدالها.',
  'error.IMPORT_INVALID': 'رُفض ملف الورشة: لم يُنشأ أي شيء.',
  'cips.group.customs': 'الجمارك',
  'cips.group.private': 'القطاع الخاص',
  'cips.metric.pct_favourable': '{value} % إيجابي',
  'cips.metric.pct_agree': '{value} % موافق',
  'cips.metric.mean_score': 'المتوسط {value} من {max}',
  'cips.metric.count': '{value} إجابة',
  'cips.bar': '{group}: {score}',
  'cips.barWithN': '{group}: {score} (n={n})',
  'cips.factorScores': 'نتائج CIPS لعامل {factor}',
};
