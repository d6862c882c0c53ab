// No zod here: the client imports these, and zod stays on the server's edge.
export const EXPORT_FORMATS = ['docx', 'md', 'csv', 'json', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
