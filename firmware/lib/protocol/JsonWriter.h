#pragma once
// Bounded JSON text writer: no heap, never writes past its buffer. Once something does not fit, the writer is
// marked overflowed and the caller drops the whole message (a truncated JSON line is worse than none).

#include <stddef.h>
#include <stdint.h>

namespace twinscope {

// Longest text `format_fixed` produces: sign, 15 integer digits, '.', 3 decimals, NUL.
static const size_t FIXED_TEXT_MAX = 24;

// Formats `value` as the TypeScript encoder does: `String(Number(value.toFixed(decimals)))` with `-0` as `0`.
// toFixed rounds the exact binary value, ties away from zero; the result never has trailing zeros or a trailing
// '.'. Works with integers only (no printf: glibc rounds ties to even and picolibc may differ). Returns false for
// NaN, infinities, |value| >= 1e15 or decimals > 3, which a sensor on this protocol can never report.
bool format_fixed(double value, unsigned decimals, char *out, size_t cap, size_t *len);

class JsonWriter {
 public:
  // `cap` is the whole buffer; the text is kept NUL-terminated, so at most cap - 1 characters are written.
  JsonWriter(char *buf, size_t cap);

  void raw(const char *text);
  void raw(const char *text, size_t n);
  void ch(char c);
  void u64(uint64_t v);
  void i64(int64_t v);
  void boolean(bool v) { raw(v ? "true" : "false"); }
  // Canonical number (see format_fixed). Returns false and writes nothing when the value cannot be encoded.
  bool number(double v, unsigned decimals);
  // A JSON string as JSON.stringify writes it: `"` `\` and control characters escaped, everything else (UTF-8)
  // kept. Invalid UTF-8 becomes U+FFFD so the line stays valid UTF-8. At most `max_units` UTF-16 code units are
  // written (the unit JavaScript's `length` counts, which is how the host checks limits); the rest is cut.
  void string(const char *s, size_t max_units = SIZE_MAX);

  bool ok() const { return !overflow_; }
  size_t size() const { return len_; }
  const char *data() const { return buf_; }

 private:
  char *buf_;
  size_t cap_;
  size_t len_ = 0;
  bool overflow_ = false;
};

// Length in bytes of one UTF-8 sequence at `s` (at most `n` bytes available), and its UTF-16 length in `units`.
// Returns 0 for an invalid or truncated sequence.
size_t utf8_sequence(const unsigned char *s, size_t n, size_t *units);

}  // namespace twinscope
