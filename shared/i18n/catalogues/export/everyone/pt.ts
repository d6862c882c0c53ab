import type { enExportEveryone } from './en.ts';

export const ptExportEveryone: Record<keyof typeof enExportEveryone, string> = {
  'export.section.heading': 'Exportar',
};
