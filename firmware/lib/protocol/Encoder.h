#pragma once
// Canonical encoder for protocol v1 (PROTOCOL.md "Canonical encoding"): fixed key order, no spaces, numbers
// rounded to each channel's wire decimals. Byte for byte the same as electron/core/protocol/encode.ts, which the
// golden vectors in test/fixtures/protocol/golden.json pin down.

#include <stddef.h>
#include <stdint.h>

#include "Readings.h"

namespace twinscope {

static const uint8_t PROTOCOL_VERSION = 1;
// Longest serial line, newline included (PROTOCOL.md "Framing").
static const size_t MAX_LINE = 1024;
// Room a replay needs to add `,"sup":` and 20 digits to a stored line.
static const size_t SUP_RESERVE = 27;
// Longest encoded message the device produces: a replayed copy with `sup` and '\n' still fits in MAX_LINE.
static const size_t MAX_MESSAGE = MAX_LINE - 1 - SUP_RESERVE;
// String limits of the protocol, in UTF-16 code units.
static const size_t MAX_ID = 32, MAX_ERR = 128, MAX_MSG = 256, MAX_NAME = 32, MAX_SENSORS = 16;

enum class MessageKind : uint8_t { Hello, Tele, Evt, Ack, Log };
enum class LogLevel : uint8_t { Debug, Info, Warn, Error };

const char *message_kind_name(MessageKind kind);
const char *log_level_name(LogLevel level);

// The envelope every device-to-host message starts with.
struct Envelope {
  const char *dev = "";
  uint32_t boot = 0;
  uint32_t seq = 0;
  uint64_t up = 0;  // uptime when measured, ms
  bool has_ts = false;
  int64_t ts = 0;  // epoch ms when measured, only with has_ts
  bool has_sup = false;
  uint64_t sup = 0;  // uptime when sent, only on replayed messages
};

struct Hello {
  const char *fw = "";
  const char *hw = "";
  const char *const *sensors = nullptr;
  size_t sensor_count = 0;
  uint32_t interval_ms = 1000;
};

// One encoded message. `head_end` is where `sup` goes (right after `ts`), so a buffered copy can be replayed
// with `sup` without re-encoding it.
struct Line {
  char text[MAX_LINE];
  uint16_t len = 0;
  uint16_t head_end = 0;
  uint32_t seq = 0;
  MessageKind kind = MessageKind::Tele;
};

// Each returns false (and out.len == 0) when the message does not fit MAX_MESSAGE. Values that JSON cannot carry
// (NaN, infinities) are left out of `data`, as a sensor with no reading would be.
bool encode_tele(const Envelope &env, const Readings &data, Line &out);
bool encode_evt(const Envelope &env, const char *evt, const Readings &data, Line &out);
bool encode_hello(const Envelope &env, const Hello &hello, Line &out);
bool encode_ack(const Envelope &env, const char *id, bool ok, const char *err, Line &out);
bool encode_log(const Envelope &env, LogLevel level, const char *msg, Line &out);

// Copies `line` into `out` (capacity `cap`) with `,"sup":<sup>` inserted at its head_end. Returns the length, or 0
// when it does not fit.
size_t insert_sup(const Line &line, uint64_t sup, char *out, size_t cap);

// True when `dev` is a valid device id: [A-Za-z0-9][A-Za-z0-9._-]{0,63}.
bool valid_dev_id(const char *dev);
// True when `name` is a valid event name: [a-z0-9_]{1,32}.
bool valid_event_name(const char *name);

}  // namespace twinscope
