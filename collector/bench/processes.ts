/** Whether process `pid` still runs (signal 0 tests without sending). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` until it holds or `withinMs` pass; whether it held. */
export async function until(check: () => boolean, withinMs: number): Promise<boolean> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline;)
    if (check()) return true;
    else await new Promise((resolve) => setTimeout(resolve, 200));
  return check();
}
