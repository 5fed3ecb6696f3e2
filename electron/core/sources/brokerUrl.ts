/** What a broker URL must look like, checked before connecting, so a typo fails at once with an example. */

/** Schemes mqtt.js speaks: MQTT over TCP or TLS, and over WebSocket. */
const SCHEMES = ['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:'];

export const BROKER_URL_EXAMPLE = 'mqtt://HOST:1883, mqtts://USER:PASS@HOST:8883 or ws://HOST:9001/mqtt';

/** Why `url` is not a broker URL, or null when it is one. */
export function brokerUrlProblem(url: string): string | null {
  // `127.0.0.1:1883` is no URL at all; `localhost:1883` parses with the scheme "localhost:".
  const bare = /^[a-z0-9.-]+:\d+$/i.test(url) ? ` (did you mean mqtt://${url}?)` : '';
  const refused = `"${url}" is not a broker URL${bare}; one looks like ${BROKER_URL_EXAMPLE}`;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return refused;
  }
  if (!SCHEMES.includes(u.protocol)) return refused;
  if (u.hostname === '') return `"${url}" names no host; a broker URL looks like ${BROKER_URL_EXAMPLE}`;
  return null;
}
