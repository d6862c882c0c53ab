import type { FactorKey } from '../factors.ts';

export const BOARD_COLUMNS = ['strengths', 'gaps'] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

export const NOTE_COLOURS = ['yellow', 'pink', 'blue', 'green', 'orange', 'purple'] as const;
export type NoteColour = (typeof NOTE_COLOURS)[number];

export const NOTE_TEXT_MIN = 1;
export const NOTE_TEXT_MAX = 500;
export const BOARD_TITLE_MAX = 120;
export const DISPLAY_NAME_MAX = 60;
export const ADMINISTRATION_MAX = 80;

/** Current version of the Y.Doc layout described in docs/PROTOCOL.md. */
export const BOARD_SCHEMA_VERSION = 1;

/** A sticky note as stored in the board document (the `notes` map, keyed by id). */
export interface Note {
  id: string;
  factor: FactorKey;
  column: BoardColumn;
  text: string;
  colour: NoteColour;
  /** Display fields only: who wrote a note is decided by the server's ownership store. */
  authorName: string;
  authorAdministration: string;
  /** Milliseconds since the epoch, server clock. */
  createdAt: number;
  updatedAt: number;
}

export interface BoardMeta {
  title: string;
  createdAt: number;
  schemaVersion: number;
}
