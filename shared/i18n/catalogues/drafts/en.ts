/** Messages of drafts (text kept while it cannot be saved) and the outbox (notes waiting to be sent). */
export const enDrafts = {
  'error.INVALID_COMMAND_ID': 'The page sent a malformed request id. Reload the page and try again.',
  'note.waiting': 'Waiting to be sent',
  'draft.blocked.BOARD_LOCKED': 'The board is locked. Your text is kept here: save it once the facilitator unlocks the board.',
  'draft.blocked.PHASE_FORBIDS': 'This phase does not allow writing. Your text is kept here: save it when writing opens again.',
  'draft.blocked.FROZEN': 'The workshop is closed. Your text is kept here: save it if the workshop is reopened.',
  'draft.blocked.other': 'This cannot be saved now. Your text is kept here.',
  'draft.blocked.offline': 'You are offline. Saving keeps the note on this device; it is sent when the connection returns.',
  'draft.kept': 'Draft kept on this device',
  'outbox.waiting': 'Notes waiting to be sent: {count}',
  'outbox.allSent': 'Every waiting note has been sent.',
  'drafts.tray.heading': 'Drafts kept on this device',
  'drafts.tray.intro': 'Text you wrote that is not on the board shown now. Nothing is sent until you save it.',
  'drafts.tray.newNote': 'New note: {row}, {column} (board {board})',
  'drafts.tray.edit': 'Change to one of your notes (board {board})',
  'drafts.tray.gone': 'Its place is no longer on the board: copy the text if you need it.',
  'drafts.tray.show': 'Show where it belongs',
  'drafts.tray.discard': 'Discard draft',
  'drafts.tray.noteGone': 'Change to a note that was deleted while you wrote.',
  'drafts.tray.asNewNote': 'Make it a new note in its cell',
  'offline.keptBoard': 'You are offline. The board shows what this device last received; notes you save wait here and are sent when the connection returns.',
};

export type DraftsMessageKey = keyof typeof enDrafts;
