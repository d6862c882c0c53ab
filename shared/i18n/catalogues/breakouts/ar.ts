import type { enBreakouts } from './en.ts';

export const arBreakouts: Record<keyof typeof enBreakouts, string> = {
  'error.BREAKOUT_NOT_RUNNING': 'لا يوجد عمل في مجموعات جارٍ الآن.',
  'error.BREAKOUT_RUNNING': 'المجموعات تعمل الآن: أعِد الجميع أولًا.',
  'error.BREAKOUT_GROUP_NOT_FOUND': 'مجموعة العمل هذه غير موجودة.',
  'error.BREAKOUT_INVALID_SPLIT': 'هذا التقسيم غير صالح: يحتاج كل عامل إلى مجموعة، وكل شخص إلى مجموعة واحدة فقط.',
  'error.NOT_IN_BREAKOUT': 'لستَ في أي مجموعة عمل بعد.',
  'breakouts.label': 'مجموعات العمل',
  'breakouts.groupTitle': 'المجموعة {n}',
  'breakouts.yourGroup': 'أنت في {group}',
  'breakouts.lead': 'قائد المجموعة',
  'breakouts.plenaryReadOnly': 'لوحة الجلسة العامة للقراءة فقط أثناء عمل المجموعات.',
  'breakouts.fromGroup': 'من {group}',
  'breakouts.groupVotes': '{count} أصوات في المجموعة',
  'breakouts.message': 'رسالة من الميسّر: {text}',
  'breakouts.returningIn': 'يعود الجميع خلال {time}',
};
