// The small JSON reader: what it accepts, what it refuses, and how it decodes strings and integers.
#include <string.h>

#include "JsonReader.h"
#include "TinyTest.h"

using namespace twinscope;

static bool parses(const char *text) {
  JsonValue v;
  return json_parse(text, strlen(text), v);
}

TEST(json, accepts_valid_documents) {
  CHECK(parses("{}"));
  CHECK(parses(" { \"a\" : [1, -2.5e3, true, false, null, \"x\", {\"b\":{}}] } \n"));
  CHECK(parses("[]"));
  CHECK(parses("0"));
  CHECK(parses("-0.0E+1"));
  CHECK(parses("\"\\u00e9\\ud83d\\ude00\\/\""));
  CHECK(parses("\"caf\xc3\xa9\""));
}

TEST(json, refuses_invalid_documents) {
  const char *bad[] = {"",        "{",         "}",          "{\"a\"}",     "{\"a\":}",     "{\"a\":1,}",
                       "[1,]",    "01",        "1.",         ".5",          "-",            "1e",
                       "+1",      "tru",       "nul",        "{a:1}",       "'a'",          "\"\\x\"",
                       "\"\\u12\"", "\"a",     "{} {}",      "{\"a\":1 \"b\":2}", "\"\x01\"", "\"\xc3\"",
                       "\"\xed\xa0\x80\"", "NaN", "Infinity", "[1 2]"};
  for (const char *text : bad) {
    if (!CHECK(!parses(text))) printf("  accepted: %s\n", text);
  }
}

static bool parses_nested(int depth) {
  char text[2 * 40 + 1];
  for (int i = 0; i < depth; i++) text[i] = '[', text[depth + i] = ']';
  text[2 * depth] = '\0';
  return parses(text);
}

TEST(json, nesting_is_limited) {
  CHECK(parses_nested(JSON_MAX_DEPTH));
  CHECK(!parses_nested(JSON_MAX_DEPTH + 1));
  CHECK(!parses_nested(40));
}

TEST(json, get_finds_members_last_one_wins) {
  const char *text = "{\"a\":1,\"b\":{\"a\":2},\"c\":\"x\",\"a\":3}";
  JsonValue root, v;
  CHECK(json_parse(text, strlen(text), root));
  int64_t n = 0;
  CHECK(json_get(root, "a", v) && json_int(v, n));
  CHECK_EQ(n, 3);
  CHECK(json_get(root, "b", v) && v.type == JsonType::Object);
  JsonValue inner;
  CHECK(json_get(v, "a", inner) && json_int(inner, n));
  CHECK_EQ(n, 2);
  CHECK(!json_get(root, "z", v));
  CHECK(!json_get(inner, "a", v));  // not an object
}

TEST(json, strings_decode_escapes_to_utf8) {
  const char *text = "{\"s\":\"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\\ud800x\"}";
  JsonValue root, v;
  CHECK(json_parse(text, strlen(text), root) && json_get(root, "s", v));
  char out[64];
  CHECK(json_string(v, out, sizeof out));
  CHECK_STR(out, "a\"b\\c/d\n\xc3\xa9\xf0\x9f\x98\x80\xef\xbf\xbdx");
  char small[4];
  CHECK(!json_string(v, small, sizeof small));
  const char *nul = "\"a\\u0000b\"";
  CHECK(json_parse(nul, strlen(nul), v));
  CHECK(!json_string(v, out, sizeof out));  // an embedded NUL cannot be a C string
}

TEST(json, integers_exact_or_refused) {
  struct Case {
    const char *text;
    bool ok;
    int64_t value;
  };
  const Case cases[] = {
      {"0", true, 0},
      {"-0", true, 0},
      {"500", true, 500},
      {"500.0", true, 500},
      {"5e2", true, 500},
      {"5E+2", true, 500},
      {"50000e-2", true, 500},
      {"1.76371920505e12", true, 1763719205050},
      {"9223372036854775807", true, INT64_MAX},
      {"-9223372036854775808", true, INT64_MIN},
      {"9223372036854775808", false, 0},
      {"0.5", false, 0},
      {"1e-1", false, 0},
      {"1e400", false, 0},
      {"0e400", true, 0},
      {"123456789012345678901234567890", false, 0},
      {"1234567890123456789000e-3", true, 1234567890123456789},
  };
  for (const Case &c : cases) {
    JsonValue v;
    int64_t n = -1;
    CHECK(json_parse(c.text, strlen(c.text), v));
    const bool ok = json_int(v, n);
    if (!CHECK(ok == c.ok)) printf("  for %s\n", c.text);
    if (ok && c.ok) CHECK_EQ(n, c.value);
  }
  JsonValue s;
  int64_t n;
  CHECK(json_parse("\"5\"", 3, s) && !json_int(s, n));
  bool b = false;
  CHECK(json_parse("true", 4, s) && json_bool(s, b) && b);
}
