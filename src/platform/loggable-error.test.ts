import { describe, expect, it } from 'vitest';
import { loggableError, redactedErrorText } from './loggable-error.js';

describe('what an error may put in the logs', () => {
  it('replaces typed values that the database quotes back', () => {
    expect(redactedErrorText('invalid input syntax for type uuid: "x@y"')).toBe('invalid input syntax for type uuid: "[redacted]"');
    expect(redactedErrorText('date/time field value out of range: "31/02/1961"')).toBe('date/time field value out of range: "[redacted]"');
    expect(redactedErrorText("invalid input value for enum referral_route: 'Ms O'Brien'")).not.toContain('Brien');
  });

  it('keeps the names of database objects, which say where the fault is', () => {
    expect(redactedErrorText('duplicate key value violates unique constraint "people_email_key"')).toBe('duplicate key value violates unique constraint "people_email_key"');
    expect(redactedErrorText('relation "referrals" does not exist')).toBe('relation "referrals" does not exist');
    // A value that follows the word "type" but is no identifier is still a value.
    expect(redactedErrorText('invalid input syntax for type "jane.doe@example.org space"')).toContain('[redacted]');
  });

  it('redacts the stack as well as the message, and keeps the database code', () => {
    const error = Object.assign(new Error('invalid input syntax for type uuid: "ana.lima@example.org"'), { code: '22P02' });
    const logged = loggableError(error);
    expect(JSON.stringify(logged)).not.toContain('ana.lima');
    expect(logged).toMatchObject({ type: 'Error', code: '22P02', message: 'invalid input syntax for type uuid: "[redacted]"' });
  });
});
