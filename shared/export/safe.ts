/**
 * Formula neutralisation for spreadsheet exports (CSV and XLSX), after the OWASP advice on CSV
 * injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return could be
 * taken by Excel or LibreOffice for a formula (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`), so it gets a
 * leading apostrophe and stays text. Only strings are neutralised: numbers stay numbers.
 */

/** The characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a text would be read as a formula by a spreadsheet. */
export function looksLikeFormula(value: string): boolean {
  return FORMULA_START.test(value);
}

/** The text with a leading `'` when it starts like a formula; any other text unchanged. */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A cell value for a spreadsheet: strings neutralised, numbers and the rest as they are. */
export function safeCell<T>(value: T): T | string {
  return typeof value === 'string' ? neutralizeFormula(value) : value;
}
