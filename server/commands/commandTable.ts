import type { z } from 'zod';
import {
  allowObserversToExportSchema,
  actionRefSchema,
  addActionSchema,
  addBoardSchema,
  addNoteSchema,
  boardRefSchema,
  configureVotingSchema,
  createGroupSchema,
  editActionSchema,
  editNoteSchema,
  emptySchema,
  groupRefSchema,
  mergeNotesSchema,
  moveNoteSchema,
  noteRefSchema,
  renameGroupSchema,
  setDoneSchema,
  setLockSchema,
  setNoteGroupSchema,
  setNoteLimitSchema,
  setPhaseSchema,
  setSpotlightSchema,
  setSummarySchema,
  shareWritingCountsSchema,
  startTimerSchema,
  type ClientToServerEvents,
  type CommandName,
  type CommandResult,
} from '../../shared/protocol/index.ts';
import { actionFromNote } from './actionFromNote.ts';
import { addAction, deleteAction, editAction, setSummary } from './actions.ts';
import { allowObserversToExport } from './allowObserversToExport.ts';
import { addBoard } from './addBoard.ts';
import { addNote } from './addNote.ts';
import { castVote, retractVote } from './castVote.ts';
import type { CommandContext } from './CommandContext.ts';
import { deleteNote } from './deleteNote.ts';
import { editNote } from './editNote.ts';
import { createGroup, deleteGroup, renameGroup, setNoteGroup } from './groups.ts';
import { mergeNotes } from './mergeNotes.ts';
import { moveNote } from './moveNote.ts';
import { unmergeNotes } from './unmergeNotes.ts';
import { setDone } from './setDone.ts';
import { configureVoting, setCurrentBoard, setLock, setNoteLimit, setSpotlight, shareWritingCounts } from './sessionSettings.ts';
import { freezeWorkshop, reopenWorkshop, setPhase } from './setPhase.ts';
import {
  addMinuteCommand,
  pauseTimerCommand,
  resumeTimerCommand,
  startTimerCommand,
  stopTimerCommand,
} from './timerCommands.ts';

/** The result type each event's ack carries. */
type ResultOf<E extends CommandName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
type Inner<R> = R extends CommandResult<infer T> ? T : never;

interface CommandEntry<E extends CommandName, S extends z.ZodType> {
  schema: S;
  run: (ctx: CommandContext, payload: z.output<S>) => Promise<CommandResult<Inner<ResultOf<E>>>>;
}

const entry = <E extends CommandName, S extends z.ZodType>(schema: S, run: CommandEntry<E, S>['run']): CommandEntry<E, S> => ({ schema, run });

/** Every command: its one schema, and the use case that runs once the rules allow it. */
export const COMMANDS: { [E in CommandName]: CommandEntry<E, z.ZodType> } = {
  'note.add': entry(addNoteSchema, addNote),
  'note.edit': entry(editNoteSchema, editNote),
  'note.delete': entry(noteRefSchema, deleteNote),
  'note.move': entry(moveNoteSchema, moveNote),
  'note.merge': entry(mergeNotesSchema, mergeNotes),
  'note.unmerge': entry(noteRefSchema, unmergeNotes),
  'note.setGroup': entry(setNoteGroupSchema, setNoteGroup),
  'group.create': entry(createGroupSchema, createGroup),
  'group.rename': entry(renameGroupSchema, renameGroup),
  'group.delete': entry(groupRefSchema, deleteGroup),
  'phase.set': entry(setPhaseSchema, setPhase),
  'voting.configure': entry(configureVotingSchema, configureVoting),
  'notes.setLimit': entry(setNoteLimitSchema, setNoteLimit),
  'vote.cast': entry(noteRefSchema, castVote),
  'vote.retract': entry(noteRefSchema, retractVote),
  'timer.start': entry(startTimerSchema, startTimerCommand),
  'timer.pause': entry(emptySchema, pauseTimerCommand),
  'timer.resume': entry(emptySchema, resumeTimerCommand),
  'timer.addMinute': entry(emptySchema, addMinuteCommand),
  'timer.stop': entry(emptySchema, stopTimerCommand),
  'lock.set': entry(setLockSchema, setLock),
  'spotlight.set': entry(setSpotlightSchema, setSpotlight),
  'done.set': entry(setDoneSchema, setDone),
  'action.add': entry(addActionSchema, addAction),
  'action.edit': entry(editActionSchema, editAction),
  'action.delete': entry(actionRefSchema, deleteAction),
  'action.fromNote': entry(noteRefSchema, actionFromNote),
  'summary.set': entry(setSummarySchema, setSummary),
  'board.add': entry(addBoardSchema, addBoard),
  'board.setCurrent': entry(boardRefSchema, setCurrentBoard),
  'workshop.freeze': entry(emptySchema, freezeWorkshop),
  'workshop.reopen': entry(emptySchema, reopenWorkshop),
  'export.allowObservers': entry(allowObserversToExportSchema, allowObserversToExport),
  'writingCounts.share': entry(shareWritingCountsSchema, shareWritingCounts),
};
