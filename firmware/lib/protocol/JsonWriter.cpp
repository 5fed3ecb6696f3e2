#include "JsonWriter.h"

#include <string.h>

namespace twinscope {

namespace {

const uint64_t POW10[] = {1, 10, 100, 1000};

// Writes the decimal digits of v into out (no NUL) and returns their count; out needs 20 bytes.
size_t u64_digits(uint64_t v, char *out) {
  char tmp[20];
  size_t n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  return n;
}

}  // namespace

bool format_fixed(double value, unsigned decimals, char *out, size_t cap, size_t *len) {
  if (decimals > 3 || cap < FIXED_TEXT_MAX) return false;
  uint64_t bits;
  memcpy(&bits, &value, sizeof bits);
  const bool negative = (bits >> 63) != 0;
  const int biased = static_cast<int>((bits >> 52) & 0x7ff);
  const uint64_t fraction = bits & ((uint64_t{1} << 52) - 1);
  if (biased == 0x7ff) return false;  // NaN or infinity: JSON has no spelling for them
  // value = mantissa * 2^exp2 exactly.
  const uint64_t mantissa = biased == 0 ? fraction : (fraction | (uint64_t{1} << 52));
  const int exp2 = biased == 0 ? -1074 : biased - 1075;
  // |value| >= 2^50 (> 1e15) is refused, so exp2 <= -3 below and mantissa * 1000 < 2^63 cannot overflow.
  if (exp2 + 52 >= 50) return false;
  const uint64_t scale = POW10[decimals];
  const uint64_t scaled = mantissa * scale;
  const int shift = -exp2;
  uint64_t n = 0;  // round(|value| * 10^decimals), ties away from zero as toFixed does
  if (shift < 64) {  // else scaled / 2^shift < 0.5 and n stays 0
    n = scaled >> shift;
    const uint64_t rest = scaled & ((uint64_t{1} << shift) - 1);
    if (rest >= (uint64_t{1} << (shift - 1))) n++;
  }
  if (n >= 1000000000000000ull * scale) return false;  // >= 1e15 after rounding
  size_t pos = 0;
  if (n == 0) {  // also turns -0 (and negatives that round to zero) into "0"
    out[pos++] = '0';
    out[pos] = '\0';
    *len = pos;
    return true;
  }
  if (negative) out[pos++] = '-';
  pos += u64_digits(n / scale, out + pos);
  uint64_t frac = n % scale;
  if (frac != 0) {
    unsigned digits = decimals;
    while (frac % 10 == 0) frac /= 10, digits--;  // trailing zeros go, as Number() drops them
    out[pos++] = '.';
    for (unsigned i = digits; i > 0; i--) {
      out[pos + i - 1] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    pos += digits;
  }
  out[pos] = '\0';
  *len = pos;
  return true;
}

size_t utf8_sequence(const unsigned char *s, size_t n, size_t *units) {
  const unsigned char c = s[0];
  *units = 1;
  if (c < 0x80) return 1;
  size_t need;
  uint32_t cp;
  if (c >= 0xc2 && c <= 0xdf) need = 2, cp = c & 0x1f;
  else if (c >= 0xe0 && c <= 0xef) need = 3, cp = c & 0x0f;
  else if (c >= 0xf0 && c <= 0xf4) need = 4, cp = c & 0x07;
  else return 0;
  if (n < need) return 0;
  for (size_t i = 1; i < need; i++) {
    if ((s[i] & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3f);
  }
  // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
  if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) || cp > 0x10ffff) return 0;
  if (cp >= 0xd800 && cp <= 0xdfff) return 0;
  if (need == 4) *units = 2;
  return need;
}

JsonWriter::JsonWriter(char *buf, size_t cap) : buf_(buf), cap_(cap) {
  if (cap_ == 0) overflow_ = true;
  else buf_[0] = '\0';
}

void JsonWriter::raw(const char *text, size_t n) {
  if (overflow_) return;
  if (n > cap_ - 1 - len_) {
    overflow_ = true;
    return;
  }
  memcpy(buf_ + len_, text, n);
  len_ += n;
  buf_[len_] = '\0';
}

void JsonWriter::raw(const char *text) { raw(text, strlen(text)); }

void JsonWriter::ch(char c) { raw(&c, 1); }

void JsonWriter::u64(uint64_t v) {
  char digits[20];
  raw(digits, u64_digits(v, digits));
}

void JsonWriter::i64(int64_t v) {
  if (v < 0) {
    ch('-');
    // Negate in unsigned arithmetic: -INT64_MIN overflows int64_t.
    u64(~static_cast<uint64_t>(v) + 1);
  } else {
    u64(static_cast<uint64_t>(v));
  }
}

bool JsonWriter::number(double v, unsigned decimals) {
  char text[FIXED_TEXT_MAX];
  size_t n;
  if (!format_fixed(v, decimals, text, sizeof text, &n)) return false;
  raw(text, n);
  return true;
}

void JsonWriter::string(const char *s, size_t max_units) {
  static const char HEX[] = "0123456789abcdef";
  const unsigned char *p = reinterpret_cast<const unsigned char *>(s);
  size_t left = strlen(s);
  size_t used = 0;
  ch('"');
  while (left > 0 && !overflow_) {
    size_t units;
    size_t n = utf8_sequence(p, left, &units);
    if (used + units > max_units) break;
    used += units;
    const unsigned char c = *p;
    if (n == 0) {
      raw("\xef\xbf\xbd", 3);  // U+FFFD REPLACEMENT CHARACTER, as a UTF-8 decoder would show it
      n = 1;
    } else if (c == '"' || c == '\\') {
      const char esc[2] = {'\\', static_cast<char>(c)};
      raw(esc, 2);
    } else if (c < 0x20) {
      const char *named = c == '\b' ? "\\b" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\f' ? "\\f"
                          : c == '\r' ? "\\r" : nullptr;
      if (named != nullptr) {
        raw(named, 2);
      } else {
        const char esc[6] = {'\\', 'u', '0', '0', HEX[c >> 4], HEX[c & 0xf]};
        raw(esc, 6);
      }
    } else {
      raw(reinterpret_cast<const char *>(p), n);
    }
    p += n;
    left -= n;
  }
  ch('"');
}

}  // namespace twinscope
