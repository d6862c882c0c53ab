import type { DraftsMessageKey } from './en.ts';

export const esDrafts: Record<DraftsMessageKey, string> = {
  'error.INVALID_COMMAND_ID': 'La página envió un identificador de solicitud no válido. Vuelva a cargar la página e inténtelo de nuevo.',
  'note.waiting': 'En espera de envío',
  'draft.blocked.BOARD_LOCKED': 'El tablero está bloqueado. Su texto se conserva aquí: guárdelo cuando el facilitador desbloquee el tablero.',
  'draft.blocked.PHASE_FORBIDS': 'Esta fase no permite escribir. Su texto se conserva aquí: guárdelo cuando vuelva a abrirse la escritura.',
  'draft.blocked.FROZEN': 'El taller está cerrado. Su texto se conserva aquí: guárdelo si el taller se reabre.',
  'draft.blocked.other': 'Esto no se puede guardar ahora. Su texto se conserva aquí.',
  'draft.blocked.offline': 'Está sin conexión. Al guardar, la nota queda en este dispositivo y se envía cuando vuelva la conexión.',
  'draft.kept': 'Borrador guardado en este dispositivo',
  'outbox.waiting': 'Notas en espera de envío: {count}',
  'outbox.allSent': 'Se enviaron todas las notas en espera.',
  'drafts.tray.heading': 'Borradores guardados en este dispositivo',
  'drafts.tray.intro': 'Texto que escribió y que no está en el tablero que se muestra ahora. No se envía nada hasta que lo guarde.',
  'drafts.tray.newNote': 'Nueva nota: {row}, {column} (tablero {board})',
  'drafts.tray.edit': 'Cambio en una de sus notas (tablero {board})',
  'drafts.tray.gone': 'Su lugar ya no está en el tablero: copie el texto si lo necesita.',
  'drafts.tray.show': 'Mostrar dónde va',
  'drafts.tray.discard': 'Descartar borrador',
  'drafts.tray.noteGone': 'Cambio en una nota que se eliminó mientras escribía.',
  'drafts.tray.asNewNote': 'Convertirlo en una nota nueva en su celda',
  'offline.keptBoard': 'Está sin conexión. El tablero muestra lo último que recibió este dispositivo; las notas que guarde esperan aquí y se envían cuando vuelva la conexión.',
};
