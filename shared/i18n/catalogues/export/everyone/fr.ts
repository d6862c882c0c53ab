import type { enExportEveryone } from './en.ts';

export const frExportEveryone: Record<keyof typeof enExportEveryone, string> = {
  'export.section.heading': 'Exporter',
};
