import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { agentFor } from '../../src/workers/http/connection-pool';
import { request } from '../../src/workers/http/request';
import { testContext } from '../support/http-test-context';

// Connections kept alive between requests (fewer handshakes for us and for the sites we read),
// without letting a reused connection skip the address check, and without failing a request
// because the server closed an idle connection just as we reused it.

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

/** A server that counts connections; `onRequest` decides per request, knowing its number on that connection. */
async function countingServer(onRequest: (nthOnSocket: number, socket: Socket) => 'answer' | 'drop'): Promise<{ url: string; connections: () => number }> {
  const seen = new Map<Socket, number>();
  const server = createServer((req, res) => {
    const nth = (seen.get(req.socket) ?? 0) + 1;
    seen.set(req.socket, nth);
    if (onRequest(nth, req.socket) === 'drop') {
      req.socket.destroy();
      return;
    }
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`answer ${nth}`);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, connections: () => seen.size };
}

describe('keep-alive connections', () => {
  it('sends consecutive requests to a host over one connection', async () => {
    const server = await countingServer(() => 'answer');
    const answers: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const response = await request(testContext(), { url: `${server.url}/feed-${index}.xml` });
      answers.push(response.body.toString('utf8'));
    }
    expect(answers).toEqual(['answer 1', 'answer 2', 'answer 3', 'answer 4', 'answer 5']);
    expect(server.connections()).toBe(1);
  });

  it('sends a request again, once, on a new connection when the server dropped the idle one as it was reused', async () => {
    // Every second request on a connection is dropped unanswered, as a server closing an idle
    // connection at that moment would.
    const server = await countingServer((nth) => (nth === 2 ? 'drop' : 'answer'));
    const first = await request(testContext(), { url: `${server.url}/a`, method: 'POST', body: '{"n":1}' });
    const second = await request(testContext(), { url: `${server.url}/b`, method: 'POST', body: '{"n":2}' });
    expect(first.body.toString('utf8')).toBe('answer 1');
    expect(second.status).toBe(200);
    expect(second.body.toString('utf8')).toBe('answer 1'); // the first request of a new connection
    expect(server.connections()).toBe(2);
  });

  it('keeps connections for restricted hops apart from those opened for a typed URL, per address rule', () => {
    const typed = agentFor('http:', null);
    const restricted = agentFor('http:', '');
    expect(restricted).not.toBe(typed);
    expect(agentFor('http:', '')).toBe(restricted);
    expect(agentFor('http:', '127.0.0.2')).not.toBe(restricted);
    expect(agentFor('https:', null)).not.toBe(typed);
  });
});
