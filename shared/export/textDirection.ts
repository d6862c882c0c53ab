/** Strong right-to-left letters: Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms. */
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/u;
const STRONG = /[\p{L}]/u;

/** Whether a text's first strong letter is right-to-left (the rule of `dir="auto"`). */
export function startsRightToLeft(text: string): boolean {
  for (const ch of text) {
    if (RTL.test(ch)) return true;
    if (STRONG.test(ch)) return false;
  }
  return false;
}
