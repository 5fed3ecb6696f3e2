/**
 * The one entrance for API calls, whichever carrier brought them (IPC in the desktop app, WebSocket in browser
 * mode): the call's name must be in the table, its argument must match the call's schema, and whatever the handler
 * throws becomes an error reply. Nothing a client sends can crash the core.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { API_CALLS, type ApiCallName, type ApiCalls, type CallReply } from '../../common/api';
import { API_ARGUMENT_SCHEMAS, type JsonSchema } from '../../common/apiSchema';
import { formatPath } from '../twin/site/loadSite';

/** A handler per call, as TwinscopeService has them. */
export type ApiHandlers = {
  [N in ApiCallName]: (arg: ApiCalls[N][0]) => Promise<ApiCalls[N][1]> | ApiCalls[N][1];
};

/** Answers one call from untrusted input. Never throws. */
export type Dispatch = (name: unknown, arg: unknown) => Promise<CallReply>;

const ajv = new Ajv({ allErrors: false, strict: true, discriminator: true });
const validators = new Map<string, ValidateFunction>(
  API_CALLS.map((name) => [name, ajv.compile(API_ARGUMENT_SCHEMAS[name])]),
);

function describe(e: ErrorObject, schema: JsonSchema): string {
  const path = formatPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `${path}: ${String(p.additionalProperty)} is not a known field`;
  if (e.keyword === 'required') return `${path}: ${String(p.missingProperty)} is required`;
  if (e.keyword === 'discriminator' && p.error === 'mapping')
    return `${path}: ${String(p.tag)} must be one of ${branches(schema, String(p.tag)).join(', ')}`;
  return `${path}: ${e.message ?? 'is invalid'}`;
}

/** The values a discriminated call accepts for its tag (`kind`), from the table. */
function branches(schema: JsonSchema, tag: string): string[] {
  return (schema.oneOf ?? []).map((b) => String(b.properties?.[tag]?.const));
}

/** Wraps handlers so that every call is checked before it reaches them. */
export function createDispatch(handlers: ApiHandlers, onError?: (name: string, err: unknown) => void): Dispatch {
  return async (name, arg) => {
    if (typeof name !== 'string' || !validators.has(name)) {
      return { ok: false, code: 'unknown-call', error: `no API call ${JSON.stringify(name)}` };
    }
    const value = arg === undefined ? null : arg;
    const validate = validators.get(name)!;
    if (!validate(value)) {
      const schema = API_ARGUMENT_SCHEMAS[name as ApiCallName];
      const why = (validate.errors ?? []).map((e) => describe(e, schema)).join('; ') || 'is invalid';
      return { ok: false, code: 'invalid-argument', error: `${name}: argument ${why}` };
    }
    try {
      const handler = handlers[name as ApiCallName] as (a: unknown) => unknown;
      return { ok: true, value: (await handler(value ?? undefined)) as ApiCalls[ApiCallName][1] };
    } catch (err) {
      onError?.(name, err);
      return {
        ok: false,
        code: 'internal',
        error: `${name} failed: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  };
}
