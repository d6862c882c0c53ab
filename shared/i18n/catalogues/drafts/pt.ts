import type { DraftsMessageKey } from './en.ts';

export const ptDrafts: Record<DraftsMessageKey, string> = {
  'error.INVALID_COMMAND_ID': 'A página enviou um identificador de pedido inválido. Recarregue a página e tente de novo.',
  'note.waiting': 'A aguardar envio',
  'draft.blocked.BOARD_LOCKED': 'O quadro está bloqueado. O seu texto fica guardado aqui: guarde-o quando o facilitador desbloquear o quadro.',
  'draft.blocked.PHASE_FORBIDS': 'Esta fase não permite escrever. O seu texto fica guardado aqui: guarde-o quando a escrita reabrir.',
  'draft.blocked.FROZEN': 'O workshop está encerrado. O seu texto fica guardado aqui: guarde-o se o workshop for reaberto.',
  'draft.blocked.other': 'Não é possível guardar agora. O seu texto fica guardado aqui.',
  'draft.blocked.offline': 'Está sem ligação. Ao guardar, a nota fica neste dispositivo e é enviada quando a ligação voltar.',
  'draft.kept': 'Rascunho guardado neste dispositivo',
  'outbox.waiting': 'Notas a aguardar envio: {count}',
  'outbox.allSent': 'Todas as notas em espera foram enviadas.',
  'drafts.tray.heading': 'Rascunhos guardados neste dispositivo',
  'drafts.tray.intro': 'Texto que escreveu e que não está no quadro mostrado agora. Nada é enviado até o guardar.',
  'drafts.tray.newNote': 'Nova nota: {row}, {column} (quadro {board})',
  'drafts.tray.edit': 'Alteração a uma das suas notas (quadro {board})',
  'drafts.tray.gone': 'O seu lugar já não está no quadro: copie o texto se precisar dele.',
  'drafts.tray.show': 'Mostrar onde pertence',
  'drafts.tray.discard': 'Descartar rascunho',
  'drafts.tray.noteGone': 'Alteração a uma nota eliminada enquanto escrevia.',
  'drafts.tray.asNewNote': 'Transformá-la numa nova nota na sua célula',
  'offline.keptBoard': 'Está sem ligação. O quadro mostra o que este dispositivo recebeu por último; as notas que guardar esperam aqui e são enviadas quando a ligação voltar.',
};
