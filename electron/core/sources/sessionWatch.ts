/**
 * Notices a broker that keeps closing our connection soon after accepting it: with MQTT 3.1.1 that is what a second
 * client with the same client id looks like (each connect takes the session over from the other), and it silently
 * splits the data between them.
 */

/** A connection closed by the broker within this long after connecting counts as taken over. */
const SHORT_MS = 5000;
/** Takeovers that make it a pattern rather than a network blip. */
const PATTERN = 2;

export class SessionWatch {
  private since: number | undefined;
  private short = 0;
  private reported = false;

  constructor(private readonly now: () => number = Date.now) {}

  connected(): void {
    this.since = this.now();
  }

  /** The connection closed without an error on our side; true when that is now a takeover pattern (said once). */
  closed(): boolean {
    if (this.since === undefined) return false;
    const lasted = this.now() - this.since;
    this.since = undefined;
    if (lasted >= SHORT_MS) {
      this.short = 0;
      this.reported = false;
      return false;
    }
    this.short++;
    if (this.short < PATTERN || this.reported) return false;
    this.reported = true;
    return true;
  }
}
