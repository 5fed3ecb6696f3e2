#include "Encoder.h"

#include <string.h>

#include "JsonWriter.h"

namespace twinscope {

namespace {

const char *const CHANNEL_KEYS[CH_COUNT] = {"co2",  "temp", "rh",    "lux",  "motion", "door",
                                            "gyro", "accel", "angle", "rssi", "bat"};
// Wire decimals per channel (PROTOCOL.md tele table); booleans and door have none.
const uint8_t CHANNEL_DECIMALS[CH_COUNT] = {0, 2, 1, 1, 0, 0, 2, 3, 1, 0, 2};

bool finite(double v) { return v == v && v - v == 0; }

void write_number(JsonWriter &w, const char *key, double v, unsigned decimals) {
  if (!finite(v)) return;
  char text[FIXED_TEXT_MAX];
  size_t n;
  if (!format_fixed(v, decimals, text, sizeof text, &n)) return;
  if (w.size() > 0 && w.data()[w.size() - 1] != '{') w.ch(',');
  w.ch('"');
  w.raw(key);
  w.raw("\":");
  w.raw(text, n);
}

void write_vector(JsonWriter &w, const char *key, const double v[3], unsigned decimals) {
  char text[3][FIXED_TEXT_MAX];
  size_t n[3];
  for (int i = 0; i < 3; i++) {
    if (!finite(v[i]) || !format_fixed(v[i], decimals, text[i], sizeof text[i], &n[i])) return;
  }
  if (w.data()[w.size() - 1] != '{') w.ch(',');
  w.ch('"');
  w.raw(key);
  w.raw("\":[");
  for (int i = 0; i < 3; i++) {
    if (i > 0) w.ch(',');
    w.raw(text[i], n[i]);
  }
  w.ch(']');
}

double scalar(const Readings &d, Channel ch) {
  switch (ch) {
    case CH_CO2: return d.co2;
    case CH_TEMP: return d.temp;
    case CH_RH: return d.rh;
    case CH_LUX: return d.lux;
    case CH_ANGLE: return d.angle;
    case CH_RSSI: return d.rssi;
    case CH_BAT: return d.bat;
    default: return 0;  // not a scalar channel
  }
}

void write_data(JsonWriter &w, const Readings &d) {
  w.raw("\"data\":{");
  for (uint8_t i = 0; i < CH_COUNT; i++) {
    const Channel ch = static_cast<Channel>(i);
    if (!d.has(ch)) continue;
    const char *key = CHANNEL_KEYS[i];
    switch (ch) {
      case CH_MOTION:
      case CH_DOOR: {
        if (w.data()[w.size() - 1] != '{') w.ch(',');
        w.ch('"');
        w.raw(key);
        w.raw("\":");
        if (ch == CH_MOTION) w.boolean(d.motion);
        else w.raw(d.door_closed ? "\"closed\"" : "\"open\"");
        break;
      }
      case CH_GYRO:
        write_vector(w, key, d.gyro, CHANNEL_DECIMALS[i]);
        break;
      case CH_ACCEL:
        write_vector(w, key, d.accel, CHANNEL_DECIMALS[i]);
        break;
      default:
        write_number(w, key, scalar(d, ch), CHANNEL_DECIMALS[i]);
        break;
    }
  }
  w.ch('}');
}

// `{"v":1,"t":"<kind>","dev":...,"boot":..,"seq":..,"up":..,"ts":..` and optionally `,"sup":..`.
void write_envelope(JsonWriter &w, const Envelope &env, MessageKind kind, Line &out) {
  w.raw("{\"v\":");
  w.u64(PROTOCOL_VERSION);
  w.raw(",\"t\":\"");
  w.raw(message_kind_name(kind));
  w.raw("\",\"dev\":");
  w.string(env.dev);
  w.raw(",\"boot\":");
  w.u64(env.boot);
  w.raw(",\"seq\":");
  w.u64(env.seq);
  w.raw(",\"up\":");
  w.u64(env.up);
  w.raw(",\"ts\":");
  if (env.has_ts) w.i64(env.ts);
  else w.raw("null");
  out.head_end = static_cast<uint16_t>(w.size());
  if (env.has_sup) {
    w.raw(",\"sup\":");
    w.u64(env.sup);
  }
}

bool finish(JsonWriter &w, const Envelope &env, MessageKind kind, Line &out) {
  w.ch('}');
  if (!w.ok()) {
    out.len = 0;
    out.text[0] = '\0';
    return false;
  }
  out.len = static_cast<uint16_t>(w.size());
  out.seq = env.seq;
  out.kind = kind;
  return true;
}

}  // namespace

const char *message_kind_name(MessageKind kind) {
  switch (kind) {
    case MessageKind::Hello: return "hello";
    case MessageKind::Tele: return "tele";
    case MessageKind::Evt: return "evt";
    case MessageKind::Ack: return "ack";
    case MessageKind::Log: return "log";
  }
  return "log";
}

const char *log_level_name(LogLevel level) {
  switch (level) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warn: return "warn";
    case LogLevel::Error: return "error";
  }
  return "info";
}

bool encode_tele(const Envelope &env, const Readings &data, Line &out) {
  JsonWriter w(out.text, MAX_MESSAGE + 1);
  write_envelope(w, env, MessageKind::Tele, out);
  w.ch(',');
  write_data(w, data);
  return finish(w, env, MessageKind::Tele, out);
}

bool encode_evt(const Envelope &env, const char *evt, const Readings &data, Line &out) {
  JsonWriter w(out.text, MAX_MESSAGE + 1);
  write_envelope(w, env, MessageKind::Evt, out);
  w.raw(",\"evt\":");
  w.string(evt, MAX_NAME);
  w.ch(',');
  write_data(w, data);
  return finish(w, env, MessageKind::Evt, out);
}

bool encode_hello(const Envelope &env, const Hello &hello, Line &out) {
  JsonWriter w(out.text, MAX_MESSAGE + 1);
  write_envelope(w, env, MessageKind::Hello, out);
  w.raw(",\"fw\":");
  w.string(hello.fw, MAX_NAME);
  w.raw(",\"hw\":");
  w.string(hello.hw, MAX_NAME);
  w.raw(",\"sensors\":[");
  const size_t count = hello.sensor_count < MAX_SENSORS ? hello.sensor_count : MAX_SENSORS;
  for (size_t i = 0; i < count; i++) {
    if (i > 0) w.ch(',');
    w.string(hello.sensors[i], MAX_NAME);
  }
  w.raw("],\"interval_ms\":");
  w.u64(hello.interval_ms);
  return finish(w, env, MessageKind::Hello, out);
}

bool encode_ack(const Envelope &env, const char *id, bool ok, const char *err, Line &out) {
  JsonWriter w(out.text, MAX_MESSAGE + 1);
  write_envelope(w, env, MessageKind::Ack, out);
  w.raw(",\"id\":");
  w.string(id, MAX_ID);
  w.raw(",\"ok\":");
  w.boolean(ok);
  if (!ok && err != nullptr) {
    w.raw(",\"err\":");
    w.string(err, MAX_ERR);
  }
  return finish(w, env, MessageKind::Ack, out);
}

bool encode_log(const Envelope &env, LogLevel level, const char *msg, Line &out) {
  JsonWriter w(out.text, MAX_MESSAGE + 1);
  write_envelope(w, env, MessageKind::Log, out);
  w.raw(",\"level\":\"");
  w.raw(log_level_name(level));
  w.raw("\",\"msg\":");
  w.string(msg, MAX_MSG);
  return finish(w, env, MessageKind::Log, out);
}

size_t insert_sup(const Line &line, uint64_t sup, char *out, size_t cap) {
  JsonWriter w(out, cap);
  w.raw(line.text, line.head_end);
  w.raw(",\"sup\":");
  w.u64(sup);
  w.raw(line.text + line.head_end, line.len - line.head_end);
  return w.ok() ? w.size() : 0;
}

bool valid_dev_id(const char *dev) {
  size_t n = 0;
  for (const char *p = dev; *p != '\0'; p++, n++) {
    const char c = *p;
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (n == 0 || (c != '.' && c != '_' && c != '-'))) return false;
  }
  return n >= 1 && n <= 64;
}

bool valid_event_name(const char *name) {
  size_t n = 0;
  for (const char *p = name; *p != '\0'; p++, n++) {
    const char c = *p;
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return n >= 1 && n <= 32;
}

}  // namespace twinscope
