/**
 * The pager for long text (the wizard's full report): the command in $PAGER, else `less -R`, run by the shell as
 * git and man do. `LESS=FRX` unless the user set LESS: quit when it fits one screen, keep colours, leave the text
 * on screen afterwards. Returns false when the pager could not be started (the caller prints the text instead).
 */
import { spawn } from 'node:child_process';

export function runPager(
  command: string,
  text: string,
  env: Record<string, string | undefined>,
  signal?: AbortSignal,
): Promise<boolean> {
  return new Promise((resolvePromise) => {
    let child;
    try {
      child = spawn(command, {
        shell: true,
        stdio: ['pipe', 'inherit', 'inherit'],
        env: { ...env, LESS: env.LESS ?? 'FRX', LV: env.LV ?? '-c' },
        signal,
      });
    } catch {
      resolvePromise(false);
      return;
    }
    let started = true;
    child.on('error', () => {
      started = false;
    });
    // the reader may quit before reading everything (q in less): that is not an error
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
    child.on('close', (code) => {
      // 127: the shell found no such command
      resolvePromise(started && code !== 127);
    });
  });
}
