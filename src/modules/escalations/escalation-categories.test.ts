import { describe, expect, it } from 'vitest';
import { checkLabel, checkRaisable, checkRestore, checkRetire, keyFor } from './escalation-categories.js';

describe('escalation categories (pure)', () => {
  it('a label is required, tidied, and unique whatever its case', () => {
    expect(checkLabel('  Delay in   conveyance ', [])).toEqual({ ok: true, value: 'Delay in conveyance' });
    expect(checkLabel('   ', [])).toMatchObject({ ok: false, refusal: { kind: 'invalid', fieldErrors: [{ field: 'label', message: 'Enter the category’s name' }] } });
    expect(checkLabel('media enquiry', [{ label: 'Media enquiry' }])).toMatchObject({ ok: false, refusal: { fieldErrors: [{ field: 'label', message: 'There is already a category called “media enquiry”: choose another name (restore it if it is retired)' }] } });
    expect(checkLabel('x'.repeat(121), []).ok).toBe(false);
  });

  it('a new key comes from the label and never reuses one', () => {
    expect(keyFor('Delay in conveyance (ambulance)', new Set())).toBe('delay_in_conveyance_ambulance');
    expect(keyFor('Media', new Set(['media', 'media_2']))).toBe('media_3');
    expect(keyFor('!!!', new Set())).toBe('category');
  });

  it('only a category in use may be raised; retiring and restoring go one way each', () => {
    expect(checkRaisable({ label: 'Weather', retiredAt: null }).ok).toBe(true);
    expect(checkRaisable(undefined)).toMatchObject({ ok: false, refusal: { fieldErrors: [{ field: 'category', message: 'Choose what the escalation is about' }] } });
    expect(checkRaisable({ label: 'Inclement weather', retiredAt: new Date() })).toMatchObject({ ok: false, refusal: { fieldErrors: [{ field: 'category', message: 'The category “Inclement weather” has been retired: choose another' }] } });
    expect(checkRetire({ label: 'A', retiredAt: new Date() })).toMatchObject({ ok: false, refusal: { kind: 'state' } });
    expect(checkRestore({ label: 'A', retiredAt: null })).toMatchObject({ ok: false, refusal: { kind: 'state' } });
  });
});
