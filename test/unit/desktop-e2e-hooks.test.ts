import { describe, expect, it } from 'vitest';
import { E2E_ENV, e2eHooksEnabled } from '../../src/main/desktop/e2e-hooks';

describe('end-to-end test hooks', () => {
  it('are off unless the launcher sets TRIGGER_HAPPY_E2E=1 exactly', () => {
    expect(e2eHooksEnabled({})).toBe(false);
    expect(e2eHooksEnabled({ [E2E_ENV]: '0' })).toBe(false);
    expect(e2eHooksEnabled({ [E2E_ENV]: 'true' })).toBe(false);
    expect(e2eHooksEnabled({ [E2E_ENV]: '' })).toBe(false);
    expect(e2eHooksEnabled({ [E2E_ENV]: '1' })).toBe(true);
  });
});
