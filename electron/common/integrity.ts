/** What `twinscope verify` (and the app's `sessions.verify`) found of a session's hash chain. */

/**
 * - `intact`: sealed at its end, every record checked against the chain.
 * - `sealed`: intact as far as it is sealed; records after the last seal, or a session not ended yet.
 * - `unsealed`: no integrity data at all (recorded before Twinscope sealed sessions, or stopped before its first seal).
 * - `failed`: a record or the chain itself was altered, inserted or removed since it was sealed.
 */
export type IntegrityStatus = 'intact' | 'sealed' | 'unsealed' | 'failed';

export type IntegrityProblemKind = 'altered' | 'missing' | 'inserted' | 'session' | 'chain' | 'seal' | 'alerts';

export interface IntegrityProblem {
  kind: IntegrityProblemKind;
  /** The arrival position the problem is at, when it is at one. */
  arrival: number | null;
  message: string;
}

export interface SessionIntegrity {
  session: number;
  status: IntegrityStatus;
  /** The chain covers arrivals 1..sealedUpto. */
  sealedUpto: number;
  sealedAt: number | null;
  /** The last seal is the final one, written when the session ended. */
  final: boolean;
  /** Records (samples and device events) of the session found in the history. */
  records: number;
  /** Records after the last seal (not yet sealed). */
  unsealed: number;
  /** Blocks whose records retention removed: reported, and the chain continues through their stored digests. */
  pruned: { blocks: number; arrivals: number };
  /** The chain's head (hex) as the last seal has it: note it elsewhere to prove later that nothing was rewritten. */
  head: string | null;
  /** In arrival order (the first is the first damage found); at most a few dozen are listed. */
  problems: IntegrityProblem[];
  /** One line: "session 3: intact (…)", "session 3: FAILED: sample arrival 1207 (…) altered". */
  summary: string;
}
