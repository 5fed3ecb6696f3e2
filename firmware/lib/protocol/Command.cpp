#include "Command.h"

#include <string.h>

#include "JsonReader.h"
#include "JsonWriter.h"

namespace twinscope {

namespace {

struct OpName {
  const char *name;
  CommandOp op;
};

const OpName OPS[] = {
    {"identify", CommandOp::Identify}, {"set_interval", CommandOp::SetInterval}, {"time", CommandOp::Time},
    {"replay", CommandOp::Replay},     {"reboot", CommandOp::Reboot},
};

size_t utf16_units(const char *s) {
  const unsigned char *p = reinterpret_cast<const unsigned char *>(s);
  size_t left = strlen(s);
  size_t total = 0;
  while (left > 0) {
    size_t units;
    size_t n = utf8_sequence(p, left, &units);
    if (n == 0) n = 1;  // cannot happen for text from json_string; count it rather than loop forever
    total += units;
    p += n;
    left -= n;
  }
  return total;
}

// Reads args.<key> as an integer in [min, max]. A missing key leaves `value` as it is (its default) when
// `required` is false.
bool int_arg(const JsonValue &args, const char *key, int64_t min, int64_t max, bool required, int64_t &value) {
  JsonValue v;
  if (args.type != JsonType::Object || !json_get(args, key, v)) return !required;
  int64_t n;
  if (!json_int(v, n) || n < min || n > max) return false;
  value = n;
  return true;
}

const char *parse_args(CommandOp op, const JsonValue &args, Command &out) {
  if (args.type != JsonType::Invalid && args.type != JsonType::Object) return "bad args";
  int64_t v;
  switch (op) {
    case CommandOp::Identify:
      v = out.identify_s;
      if (!int_arg(args, "s", 1, MAX_IDENTIFY_S, false, v)) return "bad duration";
      out.identify_s = static_cast<uint32_t>(v);
      return nullptr;
    case CommandOp::SetInterval:
      if (!int_arg(args, "ms", MIN_INTERVAL_MS, MAX_INTERVAL_MS, true, v)) return "bad interval";
      out.interval_ms = static_cast<uint32_t>(v);
      return nullptr;
    case CommandOp::Time:
      if (!int_arg(args, "ts", MIN_EPOCH_MS, MAX_EPOCH_MS - 1, true, v)) return "bad time";
      out.epoch_ms = v;
      return nullptr;
    case CommandOp::Replay: {
      int64_t from = 0, to = UINT32_MAX;
      if (!int_arg(args, "from", 0, UINT32_MAX, false, from) || !int_arg(args, "to", 0, UINT32_MAX, false, to) ||
          from > to) {
        return "bad range";
      }
      out.from = static_cast<uint32_t>(from);
      out.to = static_cast<uint32_t>(to);
      return nullptr;
    }
    case CommandOp::Reboot:
    case CommandOp::None:
      return nullptr;
  }
  return nullptr;
}

}  // namespace

const char *parse_command(const char *text, size_t len, Command &out) {
  out = Command();
  JsonValue root;
  if (!json_parse(text, len, root) || root.type != JsonType::Object) return "malformed command";

  // The id first, so that every later error can be acknowledged under it.
  JsonValue v;
  bool id_ok = false;
  if (json_get(root, "id", v) && json_string(v, out.id, sizeof out.id)) {
    id_ok = utf16_units(out.id) <= MAX_ID;  // a longer one is still echoed, cut to MAX_ID units by the encoder
  } else {
    out.id[0] = '\0';
  }

  int64_t version;
  if (!json_get(root, "v", v) || !json_int(v, version) || version != PROTOCOL_VERSION) return "bad version";
  char text_value[16];
  if (!json_get(root, "t", v) || !json_string(v, text_value, sizeof text_value) || strcmp(text_value, "cmd") != 0) {
    return "bad type";
  }
  if (!id_ok) return "bad id";

  char op_name[16];
  if (!json_get(root, "op", v) || !json_string(v, op_name, sizeof op_name)) return "unknown op";
  for (const OpName &entry : OPS) {
    if (strcmp(op_name, entry.name) == 0) out.op = entry.op;
  }
  if (out.op == CommandOp::None) return "unknown op";

  JsonValue args;
  json_get(root, "args", args);  // absent args leave type Invalid: each op decides whether that is fine
  const char *err = parse_args(out.op, args, out);
  if (err != nullptr) out.op = CommandOp::None;
  return err;
}

const char *command_op_name(CommandOp op) {
  for (const OpName &entry : OPS) {
    if (entry.op == op) return entry.name;
  }
  return "none";
}

}  // namespace twinscope
