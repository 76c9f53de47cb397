import { describe, expect, it } from 'vitest';
import { developmentCsp, PRODUCTION_CSP, withContentSecurityPolicy } from '../../src/main/desktop/content-security-policy';

function directives(policy: string): Map<string, string> {
  return new Map(policy.split(';').map((part) => {
    const [name = '', ...values] = part.trim().split(/\s+/);
    return [name, values.join(' ')];
  }));
}

describe('the production Content-Security-Policy', () => {
  const policy = directives(PRODUCTION_CSP);

  it.each([
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self' data:"],
    ['frame-src', "'none'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ])('sets %s to %s (reliability.md §2)', (name, value) => {
    expect(policy.get(name)).toBe(value);
  });

  it('allows no inline script, eval or remote origin anywhere', () => {
    expect(PRODUCTION_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(policy.has('connect-src')).toBe(false);
  });
});

describe('the development policy', () => {
  it('only loosens what Vite needs, and talks to the dev server only', () => {
    const policy = directives(developmentCsp('http://localhost:5173'));
    expect(policy.get('default-src')).toBe("'none'");
    expect(policy.get('connect-src')).toBe("'self' ws://localhost:5173");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('script-src')).not.toContain('unsafe-eval');
  });
});

describe('withContentSecurityPolicy', () => {
  it('replaces any policy the response carried, whatever the header case', () => {
    const headers = withContentSecurityPolicy(
      {
        'content-security-policy': ["default-src *"],
        'Content-Security-Policy-Report-Only': "script-src 'unsafe-inline'",
        'Content-Type': 'text/html',
      },
      PRODUCTION_CSP,
    );
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [PRODUCTION_CSP] });
  });

  it('adds the policy when there were no headers', () => {
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});
