/** What the renderer and CLI may know about a source without touching its implementation. */

/** Connection lifecycle of a source. */
export type SourceStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'error';

export type SourceKind = 'serial' | 'mqtt' | 'sim' | 'replay';

/** Live sources cannot seek; recorded ones can. Controls are shown only when announced here. */
export interface SourceCapabilities {
  seek: boolean;
  speed: boolean;
  pause: boolean;
  /** Can send commands (identify, set_interval, time, replay, reboot) to devices. */
  commands: boolean;
}

export interface SourceInfo {
  id: string;
  kind: SourceKind;
  /** Human-readable target: a port path or a broker URL without credentials. */
  target: string;
  status: SourceStatus;
  capabilities: SourceCapabilities;
}

export const LIVE_CAPABILITIES: SourceCapabilities = { seek: false, speed: false, pause: false, commands: true };
