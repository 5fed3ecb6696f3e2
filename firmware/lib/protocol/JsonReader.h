#pragma once
// A small, strict JSON reader (RFC 8259) over a caller's buffer: enough to read host commands. No heap, no copies:
// values are spans into the text. Nesting is limited so a hostile line cannot exhaust the stack.

#include <stddef.h>
#include <stdint.h>

namespace twinscope {

static const int JSON_MAX_DEPTH = 16;

enum class JsonType : uint8_t { Invalid, Null, Bool, Number, String, Array, Object };

struct JsonValue {
  JsonType type = JsonType::Invalid;
  const char *begin = nullptr;  // first character of the value
  const char *end = nullptr;    // one past its last character
};

// True when [text, text + len) is exactly one JSON value, optionally surrounded by whitespace, that is valid UTF-8
// and nested at most JSON_MAX_DEPTH deep. `root` is set only then. Other functions expect a value from here.
bool json_parse(const char *text, size_t len, JsonValue &root);

// Member `key` of an object. When a key repeats, the last one wins, as with JSON.parse on the host.
bool json_get(const JsonValue &object, const char *key, JsonValue &out);

// The decoded string (UTF-8, NUL-terminated). False when not a string, when it contains U+0000, or when it needs
// more than cap - 1 bytes.
bool json_string(const JsonValue &v, char *out, size_t cap);

// A number whose value is an integer (`500`, `5e2` and `500.0` all give 500) within int64_t. False otherwise.
bool json_int(const JsonValue &v, int64_t &out);

bool json_bool(const JsonValue &v, bool &out);

}  // namespace twinscope
