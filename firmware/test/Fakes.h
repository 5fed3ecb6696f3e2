#pragma once
// Test doubles for the device's parts: a board with a hand-driven clock, storage in memory, a link that records
// what it was given, and sensors whose values the test sets.

#include <string.h>

#include "Board.h"
#include "Link.h"
#include "Sensors.h"

namespace fakes {

class Board : public twinscope::Board {
 public:
  uint64_t now = 0;
  int restarts = 0;
  bool led = false;
  int log_lines = 0;
  char last_log[192] = {0};
  uint64_t uptime_ms() override { return now; }
  void restart() override { restarts++; }
  void set_led(bool on) override { led = on; }
  void log_line(const char *line) override {
    log_lines++;
    strncpy(last_log, line, sizeof last_log - 1);
  }
};

class Storage : public twinscope::Storage {
 public:
  bool has = false;
  uint32_t value = 0;
  bool fail_save = false;
  bool load_u32(const char *, uint32_t &v) override {
    if (has) v = value;
    return has;
  }
  bool save_u32(const char *, uint32_t v) override {
    if (fail_save) return false;
    has = true;
    value = v;
    return true;
  }
};

// Records up to 300 lines of up to 1 KiB. Tests keep links in static storage: they are too big for a stack.
class Link : public twinscope::Link {
 public:
  static const int MAX = 300;
  bool up = true;
  bool refuse = false;
  int count = 0;
  char lines[MAX][1024];
  twinscope::MessageKind kinds[MAX];
  const char *inbox = nullptr;  // one command line to hand out on the next receive()

  const char *name() const override { return "fake"; }
  bool online() override { return up; }
  bool send(twinscope::MessageKind kind, const char *text, size_t len) override {
    if (!up || refuse) return false;
    if (count < MAX && len < sizeof lines[0]) {
      memcpy(lines[count], text, len);
      lines[count][len] = '\0';
      kinds[count] = kind;
    }
    count++;
    return true;
  }
  size_t receive(char *buf, size_t cap) override {
    if (inbox == nullptr) return 0;
    const size_t n = strlen(inbox);
    if (n + 1 > cap) return 0;
    memcpy(buf, inbox, n + 1);
    inbox = nullptr;
    return n;
  }
  void reset() {
    up = true;
    refuse = false;
    count = 0;
    inbox = nullptr;
  }
  const char *last() const { return count > 0 && count <= MAX ? lines[count - 1] : ""; }
  // Index of the first recorded line containing `needle` at or after `from`, or -1.
  int find(const char *needle, int from = 0) const {
    for (int i = from; i < count && i < MAX; i++) {
      if (strstr(lines[i], needle) != nullptr) return i;
    }
    return -1;
  }
};

class Sensors : public twinscope::Component,
                public twinscope::Co2Sensor,
                public twinscope::ClimateSensor,
                public twinscope::MotionSensor,
                public twinscope::DoorContact,
                public twinscope::Imu {
 public:
  bool present = true;
  float ppm = 600, temp_c = 21.5f, rh_pct = 40;
  bool pir = false, latched = false, door_closed = true;
  twinscope::ImuSample sample;

  Sensors() {
    sample.has_accel = true;
    sample.accel_g[2] = 1.0f;  // at rest: gravity only
  }
  const char *name() const override { return "fake"; }
  bool setup() override { return present; }
  void loop(uint32_t) override { latched = latched || pir; }
  bool co2(float &v) const override { return present && (v = ppm, true); }
  bool climate(float &t, float &h) const override { return present && (t = temp_c, h = rh_pct, true); }
  bool take_motion() override {
    const bool m = latched || pir;
    latched = false;
    return m;
  }
  bool active() const override { return pir; }
  bool closed() const override { return door_closed; }
  bool read(twinscope::ImuSample &out) override {
    out = sample;
    return present;
  }
};

}  // namespace fakes
