import type { DraftsMessageKey } from './en.ts';

export const arDrafts: Record<DraftsMessageKey, string> = {
  'error.INVALID_COMMAND_ID': 'أرسلت الصفحة معرّف طلب غير صالح. أعد تحميل الصفحة وحاول مرة أخرى.',
  'note.waiting': 'في انتظار الإرسال',
  'draft.blocked.BOARD_LOCKED': 'اللوحة مقفلة. نصك محفوظ هنا: احفظه عندما يفتح الميسّر اللوحة.',
  'draft.blocked.PHASE_FORBIDS': 'هذه المرحلة لا تسمح بالكتابة. نصك محفوظ هنا: احفظه عندما تُفتح الكتابة من جديد.',
  'draft.blocked.FROZEN': 'الورشة مغلقة. نصك محفوظ هنا: احفظه إذا أُعيد فتح الورشة.',
  'draft.blocked.other': 'لا يمكن الحفظ الآن. نصك محفوظ هنا.',
  'draft.blocked.offline': 'أنت غير متصل. عند الحفظ تبقى الملاحظة على هذا الجهاز وتُرسل عند عودة الاتصال.',
  'draft.kept': 'مسودة محفوظة على هذا الجهاز',
  'outbox.waiting': 'ملاحظات في انتظار الإرسال: {count}',
  'outbox.allSent': 'أُرسلت كل الملاحظات التي كانت في الانتظار.',
  'drafts.tray.heading': 'مسودات محفوظة على هذا الجهاز',
  'drafts.tray.intro': 'نص كتبته وليس على اللوحة المعروضة الآن. لا يُرسل شيء حتى تحفظه.',
  'drafts.tray.newNote': 'ملاحظة جديدة: {row}، {column} (لوحة {board})',
  'drafts.tray.edit': 'تعديل على إحدى ملاحظاتك (لوحة {board})',
  'drafts.tray.gone': 'مكانها لم يعد على اللوحة: انسخ النص إذا كنت تحتاجه.',
  'drafts.tray.show': 'أظهر مكانها',
  'drafts.tray.discard': 'تجاهل المسودة',
  'drafts.tray.noteGone': 'تعديل على ملاحظة حُذفت أثناء كتابتك.',
  'drafts.tray.asNewNote': 'اجعله ملاحظة جديدة في خانتها',
  'offline.keptBoard': 'أنت غير متصل. تعرض اللوحة آخر ما تلقّاه هذا الجهاز؛ الملاحظات التي تحفظها تنتظر هنا وتُرسل عند عودة الاتصال.',
};
