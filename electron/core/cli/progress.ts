/** Progress of a long copy on standard error: every 5 %, and only for large ones (small ones finish at once). */
export const PROGRESS_FROM = 10_000;

export function percentProgress(say: (line: string) => void, verb: string): (done: number, total: number) => void {
  let said = 0;
  return (done, total) => {
    if (total < PROGRESS_FROM || done >= total) return;
    const step = Math.floor((20 * done) / total) * 5;
    if (step <= said) return;
    said = step;
    say(`${verb} ${done} of ${total} records (${step}%)`);
  };
}
