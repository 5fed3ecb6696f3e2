// Command parsing: every op of PROTOCOL.md, each kind of bad command, and a fuzz run that must never crash.
#include <string.h>

#include "Command.h"
#include "TinyTest.h"

using namespace twinscope;

static const char *parse(const char *text, Command &cmd) { return parse_command(text, strlen(text), cmd); }

TEST(command, valid_commands) {
  Command c;
  CHECK(parse("{\"v\":1,\"t\":\"cmd\",\"id\":\"c1\",\"op\":\"identify\"}", c) == nullptr);
  CHECK(c.op == CommandOp::Identify);
  CHECK_EQ(c.identify_s, 5);
  CHECK_STR(c.id, "c1");
  CHECK(parse("{\"v\":1,\"t\":\"cmd\",\"id\":\"c2\",\"op\":\"identify\",\"args\":{\"s\":12}}", c) == nullptr);
  CHECK_EQ(c.identify_s, 12);
  CHECK(parse("{\"v\":1,\"t\":\"cmd\",\"id\":\"c42\",\"op\":\"set_interval\",\"args\":{\"ms\":500}}", c) == nullptr);
  CHECK(c.op == CommandOp::SetInterval);
  CHECK_EQ(c.interval_ms, 500);
  CHECK(parse("{\"op\":\"time\",\"args\":{\"ts\":1763719205050},\"id\":\"t\",\"t\":\"cmd\",\"v\":1}", c) == nullptr);
  CHECK(c.op == CommandOp::Time);
  CHECK_EQ(c.epoch_ms, 1763719205050LL);
  CHECK(parse("{\"v\":1,\"t\":\"cmd\",\"id\":\"r\",\"op\":\"replay\",\"args\":{\"from\":10,\"to\":20}}", c) == nullptr);
  CHECK(c.op == CommandOp::Replay);
  CHECK_EQ(c.from, 10);
  CHECK_EQ(c.to, 20);
  CHECK(parse("{\"v\":1,\"t\":\"cmd\",\"id\":\"r\",\"op\":\"replay\"}", c) == nullptr);
  CHECK_EQ(c.from, 0);
  CHECK_EQ(c.to, UINT32_MAX);
  CHECK(parse(" {\"v\":1.0,\"t\":\"cmd\",\"id\":\"\",\"op\":\"reboot\",\"extra\":[1,{}]} ", c) == nullptr);
  CHECK(c.op == CommandOp::Reboot);
  CHECK_STR(c.id, "");
}

TEST(command, bad_commands_name_the_problem_and_keep_the_id) {
  struct Case {
    const char *text;
    const char *err;
    const char *id;
  };
  const Case cases[] = {
      {"", "malformed command", ""},
      {"not json", "malformed command", ""},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c\",\"op\":\"reboot\"", "malformed command", ""},
      {"[1,2]", "malformed command", ""},
      {"{\"t\":\"cmd\",\"id\":\"c1\",\"op\":\"reboot\"}", "bad version", "c1"},
      {"{\"v\":2,\"t\":\"cmd\",\"id\":\"c1\",\"op\":\"reboot\"}", "bad version", "c1"},
      {"{\"v\":1,\"t\":\"tele\",\"id\":\"c1\",\"op\":\"reboot\"}", "bad type", "c1"},
      {"{\"v\":1,\"t\":\"cmd\",\"op\":\"reboot\"}", "bad id", ""},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":7,\"op\":\"reboot\"}", "bad id", ""},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"123456789012345678901234567890123\",\"op\":\"reboot\"}", "bad id",
       "123456789012345678901234567890123"},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c3\",\"op\":\"format_flash\"}", "unknown op", "c3"},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c3\"}", "unknown op", "c3"},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c4\",\"op\":\"set_interval\"}", "bad interval", "c4"},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c4\",\"op\":\"set_interval\",\"args\":{\"ms\":9}}", "bad interval", "c4"},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c4\",\"op\":\"set_interval\",\"args\":{\"ms\":3600001}}", "bad interval",
       "c4"},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c4\",\"op\":\"set_interval\",\"args\":{\"ms\":\"500\"}}", "bad interval",
       "c4"},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c4\",\"op\":\"set_interval\",\"args\":{\"ms\":500.5}}", "bad interval", "c4"},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c4\",\"op\":\"set_interval\",\"args\":[500]}", "bad args", "c4"},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c5\",\"op\":\"identify\",\"args\":{\"s\":0}}", "bad duration", "c5"},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c6\",\"op\":\"time\",\"args\":{\"ts\":1000}}", "bad time", "c6"},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c6\",\"op\":\"time\",\"args\":{\"ts\":4102444800000}}", "bad time", "c6"},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c6\",\"op\":\"time\"}", "bad time", "c6"},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c7\",\"op\":\"replay\",\"args\":{\"from\":5,\"to\":4}}", "bad range", "c7"},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c7\",\"op\":\"replay\",\"args\":{\"from\":-1}}", "bad range", "c7"},
      {"{\"v\":1,\"t\":\"cmd\",\"id\":\"c7\",\"op\":\"replay\",\"args\":{\"to\":4294967296}}", "bad range", "c7"},
  };
  for (const Case &c : cases) {
    Command cmd;
    const char *err = parse(c.text, cmd);
    if (!CHECK_STR(err, c.err)) printf("  for %s\n", c.text);
    CHECK_STR(cmd.id, c.id);
    CHECK(cmd.op == CommandOp::None);
  }
}

// xorshift32: the same sequence on every run and every target.
static uint32_t g_rng = 0x2545f491u;
static uint32_t rnd() {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 17;
  g_rng ^= g_rng << 5;
  return g_rng;
}

static void check_result(const char *text, size_t len) {
  Command cmd;
  const char *err = parse_command(text, len, cmd);
  CHECK(strlen(cmd.id) < sizeof cmd.id);
  if (err == nullptr) {
    CHECK(cmd.op != CommandOp::None);
    CHECK(cmd.interval_ms == 0 || (cmd.interval_ms >= MIN_INTERVAL_MS && cmd.interval_ms <= MAX_INTERVAL_MS));
    CHECK(cmd.identify_s >= 1 && cmd.identify_s <= MAX_IDENTIFY_S);
    CHECK(cmd.from <= cmd.to);
  } else {
    CHECK(cmd.op == CommandOp::None);
  }
}

TEST(command, fuzz_random_bytes_never_crash) {
  static const char ALPHABET[] = "{}[]\":,.-+eE0123456789 \\utfnrl\x01\xc3\xa9\xff";
  char text[200];
  for (int i = 0; i < 3000; i++) {
    const size_t len = rnd() % sizeof text;
    const bool structured = (i & 1) != 0;  // half from JSON-ish characters, half any byte
    for (size_t j = 0; j < len; j++) {
      text[j] = structured ? ALPHABET[rnd() % (sizeof ALPHABET - 1)] : static_cast<char>(rnd() & 0xff);
    }
    check_result(text, len);
  }
}

TEST(command, fuzz_mutated_commands_never_crash) {
  static const char *const SEEDS[] = {
      "{\"v\":1,\"t\":\"cmd\",\"id\":\"c42\",\"op\":\"set_interval\",\"args\":{\"ms\":500}}",
      "{\"v\":1,\"t\":\"cmd\",\"id\":\"c1\",\"op\":\"replay\",\"args\":{\"from\":10,\"to\":20}}",
      "{\"v\":1,\"t\":\"cmd\",\"id\":\"t\",\"op\":\"time\",\"args\":{\"ts\":1763719205050}}",
      "{\"v\":1,\"t\":\"cmd\",\"id\":\"\\u00e9\\ud83d\\ude00\",\"op\":\"identify\",\"args\":{\"s\":3}}",
  };
  char text[256];
  int accepted = 0;
  for (int i = 0; i < 4000; i++) {
    const char *seed = SEEDS[rnd() % 4];
    size_t len = strlen(seed);
    memcpy(text, seed, len);
    const int edits = 1 + static_cast<int>(rnd() % 4);
    for (int e = 0; e < edits && len > 0; e++) {
      const size_t at = rnd() % len;
      switch (rnd() % 5) {
        case 0: text[at] = static_cast<char>(rnd() & 0xff); break;           // replace
        case 1: memmove(text + at, text + at + 1, len - at - 1), len--; break;  // delete
        case 2:  // insert
          if (len + 1 < sizeof text) {
            memmove(text + at + 1, text + at, len - at);
            text[at] = "{}\":,0\\"[rnd() % 7];
            len++;
          }
          break;
        case 3: len = at; break;                                              // truncate
        default: text[at] ^= static_cast<char>(1u << (rnd() % 8)); break;    // bit flip
      }
    }
    Command cmd;
    if (parse_command(text, len, cmd) == nullptr) accepted++;
    check_result(text, len);
  }
  CHECK(accepted > 0);  // some mutations (e.g. in a digit) stay valid: the fuzzer reaches the deep paths
}
