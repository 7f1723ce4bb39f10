import type { UtilityProcess, utilityProcess } from 'electron';
import type { EngineSpawner } from '../../app/core/engine/engineChannel.js';

type Child = Pick<UtilityProcess, 'postMessage' | 'on' | 'kill'>;

/**
 * The desktop app's engines run in Electron utility processes: a crash or an out-of-memory
 * abort there cannot take the window or the database down, and the app restarts it.
 * (Structured clone copies typed arrays here; worker threads transfer them.)
 */
export const utilityProcessSpawner =
  (processes: { fork(...args: Parameters<(typeof utilityProcess)['fork']>): Child }): EngineSpawner =>
  (entry) => {
    const child = processes.fork(entry, [], { serviceName: 'MammoSeg engine', stdio: 'inherit' });
    let stopping = false;
    return {
      post: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) =>
        child.on('exit', (code) => {
          if (!stopping) listener(`exit code ${code}`);
        }),
      terminate: async () => {
        stopping = true;
        child.kill();
      },
    };
  };
