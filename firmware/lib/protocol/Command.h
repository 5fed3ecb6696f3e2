#pragma once
// Host-to-device commands (PROTOCOL.md "Commands"): `{"v":1,"t":"cmd","id":"c42","op":"set_interval",
// "args":{"ms":500}}`. Parsing never fails silently: every problem becomes the `err` text of the ack.

#include <stddef.h>
#include <stdint.h>

#include "Encoder.h"

namespace twinscope {

enum class CommandOp : uint8_t { None, Identify, SetInterval, Time, Replay, Reboot };

static const uint32_t MIN_INTERVAL_MS = 10;
static const uint32_t MAX_INTERVAL_MS = 3600000;
static const uint32_t MAX_IDENTIFY_S = 600;
static const int64_t MIN_EPOCH_MS = 1577836800000LL;  // 2020-01-01, the protocol's lower bound for `ts`
static const int64_t MAX_EPOCH_MS = 4102444800000LL;  // 2100-01-01, exclusive

struct Command {
  CommandOp op = CommandOp::None;
  // The command's id as UTF-8; up to MAX_ID UTF-16 units, so up to 3 bytes each.
  char id[MAX_ID * 3 + 1] = {0};
  uint32_t identify_s = 5;
  uint32_t interval_ms = 0;
  int64_t epoch_ms = 0;
  uint32_t from = 0;           // replay: first seq
  uint32_t to = UINT32_MAX;    // replay: last seq, inclusive
};

// Parses one command line (without its newline). Returns nullptr when it is valid, else the `err` for the ack
// ("malformed command", "bad version", "bad type", "bad id", "unknown op", "bad args", "bad interval",
// "bad duration", "bad time", "bad range"). `out.id` holds the id whenever one could be read, so a bad command
// is still answered under its own id.
const char *parse_command(const char *text, size_t len, Command &out);

const char *command_op_name(CommandOp op);

}  // namespace twinscope
