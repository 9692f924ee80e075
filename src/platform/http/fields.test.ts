import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsOf } from '../../../test/support/results.js';
import { flag, orNull, text, textOrNull } from './fields.js';

describe('form and API fields', () => {
  const yesNo = z.object({ s12Approved: flag });

  it('reads a yes/no from JSON booleans and from what a form sends; an unticked box is false', () => {
    expect(yesNo.parse({ s12Approved: true }).s12Approved).toBe(true);
    expect(yesNo.parse({ s12Approved: 'on' }).s12Approved).toBe(true);
    expect(yesNo.parse({ s12Approved: 'yes' }).s12Approved).toBe(true);
    expect(yesNo.parse({ s12Approved: 'no' }).s12Approved).toBe(false);
    expect(yesNo.parse({}).s12Approved).toBe(false);
  });

  it('refuses a yes/no it cannot read, rather than recording it as no', () => {
    expect(fieldErrorsOf(yesNo, { s12Approved: 1 })).toEqual({ s12Approved: 'Must be true or false' });
    expect(fieldErrorsOf(yesNo, { s12Approved: 'maybe' })).toEqual({ s12Approved: 'Must be true or false' });
    expect(fieldErrorsOf(yesNo, { s12Approved: 'constructor' })).toEqual({ s12Approved: 'Must be true or false' });
  });

  it('needs an either/or field sent, as a value or as null', () => {
    const body = z.object({ topic: textOrNull('the topic'), owner: orNull(text('the owner'), 'the owner') });
    expect(body.parse({ topic: null, owner: 'Sam' })).toEqual({ topic: undefined, owner: 'Sam' });
    expect(fieldErrorsOf(body, { owner: null })).toEqual({ topic: 'Enter the topic, or null' });
  });
});
