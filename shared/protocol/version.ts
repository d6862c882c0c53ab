/** Bumped on any incompatible change to events, payloads or the document schema. */
export const PROTOCOL_VERSION = 1;

/** Path prefix of the y-websocket endpoint: a board's document is served at `/yjs/<boardId>`. */
export const YJS_PATH = '/yjs';
