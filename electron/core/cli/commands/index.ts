/** Every `twinscope` command, in the order `twinscope help` lists them. Loaded lazily to keep start-up fast. */
import type { CliCommand } from '../command';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<CliCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [];
