/** A facilitator's message inside a translated sentence, bidi-isolated (FSI … PDI, as <bdi>). */
export function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}
