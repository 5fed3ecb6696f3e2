#include "JsonReader.h"

#include <string.h>

#include "JsonWriter.h"  // utf8_sequence

namespace twinscope {

namespace {

const char *skip_ws(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
  return p;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool hex4(const char *p, const char *end, uint32_t &out) {
  if (end - p < 4) return false;
  out = 0;
  for (int i = 0; i < 4; i++) {
    const int d = hex_digit(p[i]);
    if (d < 0) return false;
    out = (out << 4) | static_cast<uint32_t>(d);
  }
  return true;
}

// p points at the opening quote. Returns one past the closing quote, or nullptr.
const char *scan_string(const char *p, const char *end) {
  p++;
  while (p < end) {
    const unsigned char c = static_cast<unsigned char>(*p);
    if (c == '"') return p + 1;
    if (c < 0x20) return nullptr;
    if (c == '\\') {
      if (end - p < 2) return nullptr;
      const char e = p[1];
      if (e == 'u') {
        uint32_t cp;
        if (!hex4(p + 2, end, cp)) return nullptr;
        p += 6;
      } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
        p += 2;
      } else {
        return nullptr;
      }
      continue;
    }
    size_t units;
    const size_t n = utf8_sequence(reinterpret_cast<const unsigned char *>(p), static_cast<size_t>(end - p), &units);
    if (n == 0) return nullptr;
    p += n;
  }
  return nullptr;
}

const char *scan_digits(const char *p, const char *end) {
  const char *start = p;
  while (p < end && *p >= '0' && *p <= '9') p++;
  return p == start ? nullptr : p;
}

const char *scan_number(const char *p, const char *end) {
  if (p < end && *p == '-') p++;
  if (p < end && *p == '0') {
    p++;
  } else {
    p = scan_digits(p, end);
    if (p == nullptr) return nullptr;
  }
  if (p < end && *p == '.') {
    p = scan_digits(p + 1, end);
    if (p == nullptr) return nullptr;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < end && (*p == '+' || *p == '-')) p++;
    p = scan_digits(p, end);
  }
  return p;
}

const char *scan_literal(const char *p, const char *end, const char *word) {
  const size_t n = strlen(word);
  if (static_cast<size_t>(end - p) < n || memcmp(p, word, n) != 0) return nullptr;
  return p + n;
}

const char *scan_value(const char *p, const char *end, int depth, JsonValue *out);

const char *scan_container(const char *p, const char *end, int depth, bool object) {
  const char close = object ? '}' : ']';
  p = skip_ws(p + 1, end);
  if (p < end && *p == close) return p + 1;
  while (p < end) {
    if (object) {
      if (*p != '"') return nullptr;
      p = scan_string(p, end);
      if (p == nullptr) return nullptr;
      p = skip_ws(p, end);
      if (p >= end || *p != ':') return nullptr;
      p = skip_ws(p + 1, end);
    }
    p = scan_value(p, end, depth + 1, nullptr);
    if (p == nullptr) return nullptr;
    p = skip_ws(p, end);
    if (p >= end) return nullptr;
    if (*p == close) return p + 1;
    if (*p != ',') return nullptr;
    p = skip_ws(p + 1, end);
  }
  return nullptr;
}

const char *scan_value(const char *p, const char *end, int depth, JsonValue *out) {
  if (p >= end || depth > JSON_MAX_DEPTH) return nullptr;
  JsonType type;
  const char *next;
  switch (*p) {
    case '{': type = JsonType::Object, next = scan_container(p, end, depth, true); break;
    case '[': type = JsonType::Array, next = scan_container(p, end, depth, false); break;
    case '"': type = JsonType::String, next = scan_string(p, end); break;
    case 't': type = JsonType::Bool, next = scan_literal(p, end, "true"); break;
    case 'f': type = JsonType::Bool, next = scan_literal(p, end, "false"); break;
    case 'n': type = JsonType::Null, next = scan_literal(p, end, "null"); break;
    default: type = JsonType::Number, next = scan_number(p, end); break;
  }
  if (next != nullptr && out != nullptr) {
    out->type = type;
    out->begin = p;
    out->end = next;
  }
  return next;
}

void put_utf8(uint32_t cp, char *out, size_t &n) {
  if (cp < 0x80) {
    out[n++] = static_cast<char>(cp);
  } else if (cp < 0x800) {
    out[n++] = static_cast<char>(0xc0 | (cp >> 6));
    out[n++] = static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out[n++] = static_cast<char>(0xe0 | (cp >> 12));
    out[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out[n++] = static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out[n++] = static_cast<char>(0xf0 | (cp >> 18));
    out[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out[n++] = static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Decodes the (already validated) escape at p (p[0] == '\\') into out; returns the length of the escape.
size_t decode_escape(const char *p, const char *end, uint32_t &cp) {
  switch (p[1]) {
    case 'b': cp = '\b'; return 2;
    case 'f': cp = '\f'; return 2;
    case 'n': cp = '\n'; return 2;
    case 'r': cp = '\r'; return 2;
    case 't': cp = '\t'; return 2;
    case 'u': break;
    default: cp = static_cast<unsigned char>(p[1]); return 2;
  }
  hex4(p + 2, end, cp);
  if (cp >= 0xd800 && cp <= 0xdbff) {
    uint32_t low;
    if (end - p >= 12 && p[6] == '\\' && p[7] == 'u' && hex4(p + 8, end, low) && low >= 0xdc00 && low <= 0xdfff) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
      return 12;
    }
    cp = 0xfffd;  // a lone surrogate has no UTF-8 form
  } else if (cp >= 0xdc00 && cp <= 0xdfff) {
    cp = 0xfffd;
  }
  return 6;
}

}  // namespace

bool json_parse(const char *text, size_t len, JsonValue &root) {
  const char *end = text + len;
  JsonValue v;
  const char *p = scan_value(skip_ws(text, end), end, 1, &v);
  if (p == nullptr || skip_ws(p, end) != end) return false;
  root = v;
  return true;
}

bool json_get(const JsonValue &object, const char *key, JsonValue &out) {
  if (object.type != JsonType::Object) return false;
  const char *end = object.end;
  const char *p = skip_ws(object.begin + 1, end);
  bool found = false;
  char name[64];
  while (p < end && *p == '"') {
    JsonValue k{JsonType::String, p, scan_string(p, end)};
    if (k.end == nullptr) return false;
    const bool match = json_string(k, name, sizeof name) && strcmp(name, key) == 0;
    p = skip_ws(skip_ws(k.end, end) + 1, end);  // past ':'
    JsonValue v;
    p = scan_value(p, end, 1, &v);
    if (p == nullptr) return false;
    if (match) out = v, found = true;
    p = skip_ws(p, end);
    if (p < end && *p == ',') p = skip_ws(p + 1, end);
  }
  return found;
}

bool json_string(const JsonValue &v, char *out, size_t cap) {
  if (v.type != JsonType::String || cap == 0) return false;
  const char *p = v.begin + 1;
  const char *end = v.end - 1;  // the closing quote
  size_t n = 0;
  while (p < end) {
    if (*p != '\\') {  // raw UTF-8 bytes, already validated by json_parse
      if (n + 1 >= cap) return false;
      out[n++] = *p++;
      continue;
    }
    uint32_t cp;
    const size_t step = decode_escape(p, end, cp);
    if (cp == 0 || n + 4 >= cap) return false;
    put_utf8(cp, out, n);
    p += step;
  }
  out[n] = '\0';
  return true;
}

bool json_int(const JsonValue &v, int64_t &out) {
  if (v.type != JsonType::Number) return false;
  const char *p = v.begin;
  const char *end = v.end;
  const bool negative = *p == '-';
  if (negative) p++;
  // Significant digits of the integer and fraction parts, and the power of ten they are scaled by.
  uint64_t digits = 0;
  int count = 0;  // significant digits kept in `digits`
  int scale = 0;
  bool seen_nonzero = false;
  bool in_fraction = false;
  for (; p < end && *p != 'e' && *p != 'E'; p++) {
    if (*p == '.') {
      in_fraction = true;
      continue;
    }
    const int d = *p - '0';
    if (in_fraction) scale--;
    if (d == 0 && !seen_nonzero) continue;
    seen_nonzero = true;
    if (count == 19) {
      if (d != 0) return false;  // more precision than int64 has: not an integer we can hold
      scale++;
      continue;
    }
    digits = digits * 10 + static_cast<uint64_t>(d);
    count++;
  }
  if (p < end) {  // exponent
    p++;
    const bool exp_negative = *p == '-';
    if (*p == '+' || *p == '-') p++;
    int exp = 0;
    for (; p < end; p++) {
      if (exp < 10000) exp = exp * 10 + (*p - '0');
    }
    scale += exp_negative ? -exp : exp;
  }
  if (digits == 0) {
    out = 0;
    return true;
  }
  while (scale < 0) {
    if (digits % 10 != 0) return false;  // a real fraction
    digits /= 10;
    scale++;
  }
  while (scale > 0) {
    if (digits > UINT64_MAX / 10) return false;
    digits *= 10;
    scale--;
  }
  const uint64_t limit = negative ? (uint64_t{1} << 63) : (uint64_t{1} << 63) - 1;
  if (digits > limit) return false;
  out = negative ? static_cast<int64_t>(~digits + 1) : static_cast<int64_t>(digits);
  return true;
}

bool json_bool(const JsonValue &v, bool &out) {
  if (v.type != JsonType::Bool) return false;
  out = *v.begin == 't';
  return true;
}

}  // namespace twinscope
