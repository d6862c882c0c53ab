import { describe, expect, it } from 'vitest';
import {
  addActionSchema,
  addNoteSchema,
  createWorkshopSchema,
  editNoteSchema,
  handshakeSchema,
  noteRefSchema,
  parsePayload,
  setSpotlightSchema,
  startTimerSchema,
} from '../../shared/protocol/index.ts';

const boardId = 'board00000000001';
const valid = { boardId, row: 'transparency', column: 'gaps', text: 'Decisions are not published' };

describe('command payloads are parsed once and each refusal is named', () => {
  it('accepts a valid note and trims its text, with yellow as the default colour', () => {
    expect(parsePayload(addNoteSchema, { ...valid, text: '  spaced  ' })).toEqual({ ok: true, value: { ...valid, text: 'spaced', colour: 'yellow' } });
  });

  it('names TEXT_EMPTY for blank text and TEXT_TOO_LONG past 500 characters', () => {
    expect(parsePayload(addNoteSchema, { ...valid, text: '   ' })).toMatchObject({ ok: false, error: 'TEXT_EMPTY' });
    expect(parsePayload(addNoteSchema, { ...valid, text: '' })).toMatchObject({ ok: false, error: 'TEXT_EMPTY' });
    expect(parsePayload(addNoteSchema, { ...valid, text: 'x'.repeat(500) })).toMatchObject({ ok: true });
    expect(parsePayload(addNoteSchema, { ...valid, text: 'x'.repeat(501) })).toMatchObject({ ok: false, error: 'TEXT_TOO_LONG' });
    expect(parsePayload(addNoteSchema, { ...valid, text: 'x'.repeat(5000) })).toMatchObject({ ok: false, error: 'TEXT_TOO_LONG' });
    expect(parsePayload(addNoteSchema, { ...valid, text: ` ${'x'.repeat(500)} ` })).toMatchObject({ ok: true });
  });

  it.each([
    ['a malformed row key', { ...valid, row: 'Bribery!' }],
    ['an unknown colour', { ...valid, colour: 'black' }],
    ['an extra field', { ...valid, authorName: 'Someone else' }],
    ['a malformed board id', { ...valid, boardId: '../../etc' }],
    ['text of the wrong type', { ...valid, text: 42 }],
    ['a string instead of an object', 'note'],
    ['null', null],
  ])('names INVALID_PAYLOAD for %s', (_label, payload) => {
    expect(parsePayload(addNoteSchema, payload)).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
  });

  it('refuses an edit that changes nothing, and accepts colour alone', () => {
    const noteId = 'note000000000001';
    expect(parsePayload(editNoteSchema, { noteId })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    expect(parsePayload(editNoteSchema, { noteId, colour: 'blue' })).toMatchObject({ ok: true });
    expect(parsePayload(editNoteSchema, { noteId, text: ' ' })).toMatchObject({ ok: false, error: 'TEXT_EMPTY' });
    expect(parsePayload(noteRefSchema, {})).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
  });

  it('bounds workshops, timers, spotlights, action dates and handshakes', () => {
    expect(parsePayload(createWorkshopSchema, { title: ' ' })).toMatchObject({ ok: false, error: 'TEXT_EMPTY' });
    expect(parsePayload(createWorkshopSchema, { title: 'x'.repeat(121) })).toMatchObject({ ok: false, error: 'TEXT_TOO_LONG' });
    expect(parsePayload(createWorkshopSchema, { title: 'W', languages: ['de'] })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    expect(parsePayload(createWorkshopSchema, { title: 'W' })).toMatchObject({ ok: true, value: { template: 'arusha', anonymous: false, languages: ['en'] } });
    expect(parsePayload(startTimerSchema, { durationMs: 500 })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    expect(parsePayload(startTimerSchema, { durationMs: 5 * 60 * 60 * 1000 })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    expect(parsePayload(setSpotlightSchema, { spotlight: { kind: 'everything' } })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    expect(parsePayload(setSpotlightSchema, { spotlight: null })).toMatchObject({ ok: true });
    expect(parsePayload(addActionSchema, { boardId, row: 'hrm', text: 'Act', dueDate: '2023-02-30x' })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    const hand = { protocolVersion: 1, token: 't'.repeat(43) };
    expect(handshakeSchema.safeParse(hand).success).toBe(true);
    expect(handshakeSchema.safeParse({ ...hand, token: 'short' }).success).toBe(false);
    expect(handshakeSchema.safeParse({ ...hand, language: 'de' }).success).toBe(false);
  });
});
