// Encoder against the golden vectors and the TypeScript number formatter (both generated into
// build/golden_vectors.h by scripts/test-firmware.mjs).
#include <string.h>

#include "Encoder.h"
#include "JsonWriter.h"
#include "TinyTest.h"
#include "golden_vectors.h"

using namespace twinscope;

TEST(golden, every_vector_encodes_byte_for_byte) {
  CHECK(golden::VECTOR_COUNT >= 10);
  for (unsigned i = 0; i < golden::VECTOR_COUNT; i++) {
    const golden::Vector &v = golden::VECTORS[i];
    Line line;
    CHECK(v.encode(line));
    CHECK_STR(line.text, v.line);
    CHECK_EQ(line.len, strlen(v.line));
    CHECK(line.kind == v.kind);
  }
}

TEST(golden, head_end_is_right_after_ts) {
  for (unsigned i = 0; i < golden::VECTOR_COUNT; i++) {
    Line line;
    golden::VECTORS[i].encode(line);
    const char *after = line.text + line.head_end;
    CHECK(strncmp(after, ",\"sup\":", 7) == 0 || strncmp(after, ",\"data\":", 8) == 0 ||
          strncmp(after, ",\"evt\":", 7) == 0 || strncmp(after, ",\"fw\":", 6) == 0 ||
          strncmp(after, ",\"id\":", 6) == 0 || strncmp(after, ",\"level\":", 9) == 0);
  }
}

TEST(numbers, match_typescript_format_number) {
  CHECK(golden::NUMBER_COUNT > 1000);
  char text[FIXED_TEXT_MAX];
  for (unsigned i = 0; i < golden::NUMBER_COUNT; i++) {
    const golden::NumberCase &c = golden::NUMBERS[i];
    size_t n = 0;
    CHECK(format_fixed(c.value, c.decimals, text, sizeof text, &n));
    CHECK_STR(text, c.text);
    CHECK_EQ(n, strlen(c.text));
  }
}

TEST(numbers, refuses_what_json_cannot_say) {
  char text[FIXED_TEXT_MAX];
  size_t n;
  const double zero = 0;
  CHECK(!format_fixed(zero / zero, 1, text, sizeof text, &n));
  CHECK(!format_fixed(1 / zero, 1, text, sizeof text, &n));
  CHECK(!format_fixed(-1 / zero, 1, text, sizeof text, &n));
  CHECK(!format_fixed(1e15, 0, text, sizeof text, &n));
  CHECK(!format_fixed(1.5, 4, text, sizeof text, &n));
  CHECK(format_fixed(999999999999999.0, 0, text, sizeof text, &n));
  CHECK_STR(text, "999999999999999");
  CHECK(format_fixed(5e-324, 3, text, sizeof text, &n));  // smallest subnormal
  CHECK_STR(text, "0");
}

TEST(encoder, non_finite_values_are_left_out) {
  const double zero = 0;
  Envelope env;
  env.dev = "d";
  Readings d;
  d.set_co2(zero / zero);
  d.set_temp(21.5);
  d.set_gyro(1, 1 / zero, 2);
  Line line;
  CHECK(encode_tele(env, d, line));
  CHECK_STR(line.text, "{\"v\":1,\"t\":\"tele\",\"dev\":\"d\",\"boot\":0,\"seq\":0,\"up\":0,\"ts\":null,"
                       "\"data\":{\"temp\":21.5}}");
}

TEST(encoder, strings_are_escaped_like_json_stringify) {
  Envelope env;
  env.dev = "d";
  Line line;
  CHECK(encode_log(env, LogLevel::Info, "a\"b\\c\n\t\x01\x1f\x7f \xc3\xa9 \xf0\x9f\x98\x80", line));
  CHECK_STR(line.text + line.head_end,
            ",\"level\":\"info\",\"msg\":\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\x7f \xc3\xa9 \xf0\x9f\x98\x80\"}");
  // Invalid UTF-8 (a lone continuation byte, an overlong '/', a surrogate) becomes U+FFFD.
  CHECK(encode_log(env, LogLevel::Warn, "x\x80y\xc0\xafz\xed\xa0\x80", line));
  CHECK_STR(line.text + line.head_end,
            ",\"level\":\"warn\",\"msg\":\"x\xef\xbf\xbdy\xef\xbf\xbd\xef\xbf\xbdz"
            "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"}");
}

TEST(encoder, strings_are_cut_at_protocol_limits) {
  Envelope env;
  env.dev = "d";
  char id[80];
  memset(id, 'x', sizeof id - 1);
  id[sizeof id - 1] = '\0';
  Line line;
  CHECK(encode_ack(env, id, false, "bad", line));
  CHECK(strstr(line.text, "\"id\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",") != nullptr);  // 32 units
  // A 4-byte character counts as two UTF-16 units and is never split.
  char emoji[40 * 4 + 1] = {0};
  for (int i = 0; i < 40; i++) memcpy(emoji + i * 4, "\xf0\x9f\x98\x80", 4);
  CHECK(encode_ack(env, emoji, true, nullptr, line));
  const char *start = strstr(line.text, "\"id\":\"") + 6;
  CHECK_EQ(strchr(start, '"') - start, 16 * 4);
}

TEST(encoder, too_long_message_is_refused_whole) {
  Envelope env;
  env.dev = "d";
  const char *many[MAX_SENSORS + 4];
  static const char name[] = "abcdefghijklmnopqrstuvwxyzabcdefghijkl";  // cut to 32 units each
  for (auto &s : many) s = name;
  Hello h;
  h.sensors = many;
  h.sensor_count = MAX_SENSORS + 4;  // only MAX_SENSORS are written
  Line line;
  CHECK(encode_hello(env, h, line));
  CHECK(line.len <= MAX_MESSAGE);
  char msg[2000];
  memset(msg, 'm', sizeof msg - 1);
  msg[sizeof msg - 1] = '\0';
  CHECK(encode_log(env, LogLevel::Info, msg, line));  // cut to 256 units: fits
  // 256 control characters escape to 1536 bytes: the message cannot fit and is refused, never cut mid-way.
  memset(msg, '\x01', 300);
  msg[300] = '\0';
  CHECK(!encode_log(env, LogLevel::Info, msg, line));
  CHECK_EQ(line.len, 0);
  CHECK_STR(line.text, "");
}

TEST(encoder, insert_sup_matches_the_backfill_vector) {
  Envelope env;
  env.dev = "room-a";
  env.boot = 3;
  env.seq = 100;
  env.up = 300000;
  Readings d;
  d.set_co2(1210);
  d.set_temp(23.75);
  Line line;
  CHECK(encode_tele(env, d, line));
  char out[MAX_LINE];
  const size_t n = insert_sup(line, 420000, out, sizeof out);
  CHECK_EQ(n, strlen(out));
  CHECK_STR(out, "{\"v\":1,\"t\":\"tele\",\"dev\":\"room-a\",\"boot\":3,\"seq\":100,\"up\":300000,\"ts\":null,"
                 "\"sup\":420000,\"data\":{\"co2\":1210,\"temp\":23.75}}");
  CHECK_EQ(insert_sup(line, 420000, out, 20), 0);
}

TEST(encoder, id_and_event_name_rules) {
  CHECK(valid_dev_id("door-40a1b2"));
  CHECK(valid_dev_id("a"));
  CHECK(!valid_dev_id(""));
  CHECK(!valid_dev_id("-door"));
  CHECK(!valid_dev_id("door/1"));
  CHECK(!valid_dev_id("a234567890123456789012345678901234567890123456789012345678901234x"));
  CHECK(valid_event_name("buffer_overflow"));
  CHECK(!valid_event_name("Slam"));
  CHECK(!valid_event_name(""));
}
