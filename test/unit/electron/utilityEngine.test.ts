import { describe, expect, it } from 'vitest';
import type { EngineRequest } from '../../../shared/engine/protocol.js';
import { utilityProcessSpawner } from '../../../electron/main/utilityEngine.js';
import { FakeUtilityChild } from './fakeElectron.js';

function spawn() {
  const forks: Array<{ entry: string; options: unknown }> = [];
  const child = new FakeUtilityChild();
  const channel = utilityProcessSpawner({
    fork: (entry, _args, options) => {
      forks.push({ entry, options });
      return child;
    },
  })('/app/dist/app/engine/process/entry.js');
  return { forks, child, channel };
}

describe('utility-process engines', () => {
  it('forks the engine entry as a named utility process', () => {
    const { forks } = spawn();
    expect(forks).toEqual([
      { entry: '/app/dist/app/engine/process/entry.js', options: { serviceName: 'MammoSeg engine', stdio: 'inherit' } },
    ]);
  });

  it('relays messages both ways', () => {
    const { child, channel } = spawn();
    const request: EngineRequest = { type: 'cancel', id: 7 };
    channel.post(request);
    expect(child.posted).toEqual([request]);
    const received: unknown[] = [];
    channel.onMessage((event) => received.push(event));
    child.emit('message', { type: 'ready' });
    expect(received).toEqual([{ type: 'ready' }]);
  });

  it('reports an unexpected exit, but not the one terminate() asked for', async () => {
    const crashed = spawn();
    const reasons: string[] = [];
    crashed.channel.onExit((reason) => reasons.push(reason));
    crashed.child.emit('exit', 134);
    expect(reasons).toEqual(['exit code 134']);

    const stopped = spawn();
    stopped.channel.onExit((reason) => reasons.push(reason));
    await stopped.channel.terminate();
    stopped.child.emit('exit', 0);
    expect(stopped.child.killed).toBe(true);
    expect(reasons).toEqual(['exit code 134']);
  });
});
