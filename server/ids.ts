import { randomBytes } from 'node:crypto';

/** A random URL-safe id of 96 bits (16 characters). */
export function newRandomId(): string {
  return randomBytes(12).toString('base64url');
}
