/** Why an input was not accepted. Codes are listed in firmware/PROTOCOL.md. */
export type RejectCode =
  | 'too_long'
  | 'garbage'
  | 'not_json'
  | 'not_object'
  | 'bad_version'
  | 'bad_type'
  | 'bad_field'
  | 'out_of_range'
  | 'topic_mismatch'
  | 'bad_topic'
  /** A third-party device's config asks for something Twinscope does not follow (e.g. a complex value_template). */
  | 'unsupported';

export interface Rejection {
  code: RejectCode;
  /** Names the field and what was wrong with it. */
  detail: string;
  /** Device id, when the input got far enough to name one. */
  dev?: string;
}

export function reject(code: RejectCode, detail: string, dev?: string): Rejection {
  return dev === undefined ? { code, detail } : { code, detail, dev };
}
