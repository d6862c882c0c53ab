import type { enExportEveryone } from './en.ts';

export const esExportEveryone: Record<keyof typeof enExportEveryone, string> = {
  'export.section.heading': 'Exportar',
};
