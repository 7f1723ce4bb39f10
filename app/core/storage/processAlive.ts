/**
 * Whether a process id names a running process (on this machine). Temporary folders carry
 * their maker's id, so a later process can tell a leftover from a folder still in use.
 */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}
