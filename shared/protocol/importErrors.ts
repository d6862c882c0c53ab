// No zod here: the client imports these, and zod stays on the server's edge.

/** Named reasons a workshop file is refused; the UI shows them as `import.error.<code>`. */
export const IMPORT_ERROR_CODES = [
  'FILE_TOO_LARGE',
  'INVALID_ENCODING',
  'NOT_JSON',
  'NOT_A_WORKSHOP_FILE',
  'UNSUPPORTED_VERSION',
  'MISSING',
  'WRONG_TYPE',
  'TOO_LONG',
  'EMPTY',
  'TOO_MANY',
  'TOO_FEW',
  'OUT_OF_RANGE',
  'NOT_ALLOWED',
  'BAD_FORMAT',
  'UNKNOWN_FIELD',
  'DUPLICATE_ID',
  'UNKNOWN_REFERENCE',
  'INVALID',
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

/** One problem of a workshop file: where (a JSON path such as `boards[0].notes[3].text`, empty for the whole file) and what. */
export interface ImportError {
  path: string;
  code: ImportErrorCode;
}
