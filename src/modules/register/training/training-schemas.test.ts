import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../../../../test/support/results.js';
import { trainingApiBody, trainingForm } from './training-schemas.js';

describe('training record form', () => {
  const valid = { date: { day: '1', month: '5', year: '2026' }, title: 'Legal update', provider: 'Northshire Council', hours: '3.5', legalUpdate: 'yes' };

  it('reads hours from text and unticked checkboxes as no', () => {
    expect(trainingForm.parse(valid)).toEqual({ date: '2026-05-01', title: 'Legal update', provider: 'Northshire Council', hours: 3.5, amhpSpecific: false, legalUpdate: true });
  });

  it('refuses 0, over 24, blank and non-numeric hours with a clear message', () => {
    expect(fieldErrorsOf(trainingForm, { ...valid, hours: '0' }).hours).toBe('Training hours must be more than 0');
    expect(fieldErrorsOf(trainingForm, { ...valid, hours: '-2' }).hours).toBe('Training hours must be more than 0');
    expect(fieldErrorsOf(trainingForm, { ...valid, hours: '24.5' }).hours).toBe('Training hours must be 24 or fewer in one day');
    expect(fieldErrorsOf(trainingForm, { ...valid, hours: '24' })).toEqual({});
    expect(fieldErrorsOf(trainingForm, { ...valid, hours: '' }).hours).toBe('Enter the number of hours as a number, for example 3.5');
    expect(fieldErrorsOf(trainingForm, { ...valid, hours: 'three' }).hours).toBe('Enter the number of hours as a number, for example 3.5');
  });

  it('takes JSON types in the API', () => {
    expect(trainingApiBody.parse({ date: '2026-05-01', title: 'Legal update', provider: 'Chambers', hours: 3, legalUpdate: true })).toMatchObject({ hours: 3, legalUpdate: true, amhpSpecific: false });
    expect(fieldErrorsOf(trainingApiBody, { date: '2026-05-01', title: 'x', provider: 'y', hours: 1e9 }).hours).toBe('Training hours must be 24 or fewer in one day');
  });
});
