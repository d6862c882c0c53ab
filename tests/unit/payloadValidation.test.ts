import { describe, expect, it } from 'vitest';
import { addNoteSchema, createBoardSchema, deleteNoteSchema, editNoteSchema, handshakeSchema, parsePayload } from '../../shared/protocol/index.ts';

const boardId = 'board00000000001';
const valid = { boardId, factor: 'transparency', column: 'gaps', text: 'Decisions are not published' };

describe('command payloads are parsed once and each refusal is named', () => {
  it('accepts a valid note and trims its text, with yellow as the default colour', () => {
    expect(parsePayload(addNoteSchema, { ...valid, text: '  spaced  ' })).toEqual({
      ok: true,
      value: { ...valid, text: 'spaced', colour: 'yellow' },
    });
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
    ['an unknown factor', { ...valid, factor: 'bribery' }],
    ['an unknown column', { ...valid, column: 'middle' }],
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
    expect(parsePayload(editNoteSchema, { boardId, noteId })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    expect(parsePayload(editNoteSchema, { boardId, noteId, colour: 'blue' })).toMatchObject({ ok: true });
    expect(parsePayload(editNoteSchema, { boardId, noteId, text: ' ' })).toMatchObject({ ok: false, error: 'TEXT_EMPTY' });
    expect(parsePayload(deleteNoteSchema, { boardId })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
  });

  it('bounds board titles and handshake identities', () => {
    expect(parsePayload(createBoardSchema, { title: ' ' })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    expect(parsePayload(createBoardSchema, { title: 'x'.repeat(121) })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    const hand = { protocolVersion: 1, participantId: 'p'.repeat(20), displayName: 'Ana' };
    expect(handshakeSchema.safeParse(hand).success).toBe(true);
    expect(handshakeSchema.safeParse({ ...hand, displayName: 'x'.repeat(61) }).success).toBe(false);
    expect(handshakeSchema.safeParse({ ...hand, participantId: 'short' }).success).toBe(false);
    expect(handshakeSchema.safeParse({ ...hand, language: 'de' }).success).toBe(false);
  });
});
