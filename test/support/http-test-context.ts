import type { TaskContext } from '../../src/workers/services/service';
import type { HttpPolicy } from '../../src/workers/tasks';

// The TaskContext a worker task would get, with limits small enough for tests: a 1.5 s deadline
// so hanging servers end quickly, the production 5 MiB body cap and 5 redirects.

export const TEST_USER_AGENT = 'TriggerHappy/0.1.0-test (+https://github.com/trigger-happy/desktop)';

export function testContext(policy: Partial<HttpPolicy> = {}, signal: AbortSignal = new AbortController().signal): TaskContext {
  return {
    http: { userAgent: TEST_USER_AGENT, timeoutMs: 1500, maxBodyBytes: 5 * 1024 * 1024, maxRedirects: 5, ...policy },
    signal,
  };
}
