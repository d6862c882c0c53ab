import type { enExportEveryone } from './en.ts';

export const arExportEveryone: Record<keyof typeof enExportEveryone, string> = {
  'export.section.heading': 'تصدير',
};
