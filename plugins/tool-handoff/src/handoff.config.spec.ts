import { ValidationFailed, validateConfig } from '@confab/plugin-sdk';
import { HandoffConfig } from './handoff.config';

function refusal(raw: unknown): ValidationFailed {
  try {
    validateConfig(HandoffConfig, raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationFailed);
    return err as ValidationFailed;
  }
  throw new Error('expected the config to be refused');
}

describe('HandoffConfig', () => {
  it('accepts an empty config, so the tool can be enabled without settings', () => {
    expect(validateConfig(HandoffConfig, {})).toEqual({});
  });

  it('accepts a custom message', () => {
    const message = 'Einen Moment, eine Kollegin meldet sich gleich hier.';
    expect(validateConfig(HandoffConfig, { message })).toEqual({ message });
  });

  it('refuses an empty, blank or overlong message', () => {
    expect(refusal({ message: '' }).details.field).toBe('config.message');
    expect(refusal({ message: '   ' }).message).toBe('config.message: message must not be blank');
    expect(refusal({ message: 'x'.repeat(501) }).details.field).toBe('config.message');
    expect(refusal({ message: 42 }).details.field).toBe('config.message');
  });

  it('refuses unknown settings', () => {
    expect(refusal({ mesage: 'typo' }).details.field).toBe('config.mesage');
  });
});
