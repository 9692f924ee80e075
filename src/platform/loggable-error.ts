/**
 * What may be logged of an error. Database errors quote what was typed (`invalid input syntax for
 * type uuid: "x@y"`, `… for type date: "03/04/1961"`), and logs must never hold personal data; so
 * every quoted value is replaced, except the names of database objects (constraints, relations,
 * columns, types), which say where the fault is and hold nothing about a person.
 */
const OBJECT_NAME_BEFORE_QUOTE = /(?:constraint|relation|column|table|index|function|type|schema|database|role|sequence|trigger|operator)\s*$/i;

export function redactedErrorText(text: string): string {
  // Greedy to the last quote of the line: a typed value may itself hold quotes (O'Brien).
  return text.replace(/(["'`])[^\n]*\1/g, (quoted, _quote: string, offset: number) => {
    const before = text.slice(Math.max(0, offset - 20), offset);
    return OBJECT_NAME_BEFORE_QUOTE.test(before) && /^.[A-Za-z0-9_.$]*.$/.test(quoted) ? quoted : '"[redacted]"';
  });
}

/** An error as a log field: its kind, its redacted message and stack, its database code if any. */
export function loggableError(error: unknown): { type: string; message: string; stack?: string; code?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: '[not an Error]' };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: redactedErrorText(error.message),
    ...(error.stack ? { stack: redactedErrorText(error.stack) } : {}),
    ...(typeof code === 'string' ? { code } : {}),
  };
}
