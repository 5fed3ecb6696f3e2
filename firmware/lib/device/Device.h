#pragma once
// The device: wires sensors, door tracking, message identity, commands and the outbox into an ESPHome-like
// setup()/loop(). It owns no hardware: src/main.cpp (ESP32) and host/main.cpp (virtual device) hand it the parts.

#include <stddef.h>
#include <stdint.h>

#include "Board.h"
#include "BootClock.h"
#include "Command.h"
#include "DoorTracker.h"
#include "Encoder.h"
#include "Interval.h"
#include "Link.h"
#include "Outbox.h"
#include "Sensors.h"

namespace twinscope {

struct DeviceConfig {
  const char *dev = "twinscope";  // [A-Za-z0-9][A-Za-z0-9._-]{0,63}
  const char *fw = "1.0.0";
  const char *hw = "esp32c6";
  uint32_t interval_ms = 1000;    // telemetry
  uint32_t imu_period_ms = 10;    // gyro integration and slam detection need ~100 Hz
  uint32_t motion_evt_gap_ms = 10000;  // at most one `motion` event this often (a PIR re-triggers for seconds)
  DoorAngleConfig door;
  SlamConfig slam;
};

// Every pointer may be null except board, storage and outbox: a device has whichever sensors it has.
struct DeviceParts {
  static const size_t MAX_COMPONENTS = 8;
  Board *board = nullptr;
  Storage *storage = nullptr;
  Outbox *outbox = nullptr;
  Link *links[Outbox::MAX_LINKS] = {nullptr, nullptr};
  Component *components[MAX_COMPONENTS] = {};
  Co2Sensor *co2 = nullptr;
  ClimateSensor *climate = nullptr;
  LightSensor *light = nullptr;
  MotionSensor *motion = nullptr;
  DoorContact *door = nullptr;
  Imu *imu = nullptr;
  SignalStrength *signal = nullptr;
};

struct DeviceCounters {
  uint32_t tele = 0;
  uint32_t evt = 0;
  uint32_t commands = 0;
  uint32_t bad_commands = 0;
  uint32_t slams = 0;
  uint32_t dropped = 0;
};

class Device {
 public:
  Device(const DeviceConfig &config, const DeviceParts &parts);

  void setup();
  void loop();

  // A clock source other than the host's `time` command (NTP) found the time: `epoch_ms` is now.
  void set_time(int64_t epoch_ms, EpochClock::Source source);

  uint32_t boot() const { return boot_; }
  uint32_t next_seq() const { return seq_.peek(); }
  uint32_t interval_ms() const { return tele_timer_.period(); }
  const EpochClock &clock() const { return clock_; }
  const DeviceCounters &counters() const { return counters_; }
  const DoorTracker &door() const { return door_; }

 private:
  Envelope envelope(uint64_t up);
  void send_hello(uint64_t now);
  void send_tele(uint64_t now);
  void send_evt(uint64_t up, const char *name, const Readings &data);
  void send_ack(uint64_t now, const char *id, bool ok, const char *err);
  void send_log(uint64_t now, LogLevel level, const char *msg);
  void push(const Line &line);

  void sample_door(uint64_t now);
  void watch_motion(uint64_t now);
  void watch_links(uint64_t now);
  void watch_overflow(uint64_t now);
  void update_led(uint64_t now);
  void poll_commands(uint64_t now);
  // DeviceCommands.cpp
  void handle_command(Link *from, const char *text, size_t len, uint64_t now);

  DeviceConfig config_;
  DeviceParts parts_;
  bool failed_[DeviceParts::MAX_COMPONENTS] = {};
  bool link_was_online_[Outbox::MAX_LINKS] = {false, false};
  uint32_t boot_ = 0;
  Sequencer seq_;
  EpochClock clock_;
  DoorTracker door_;
  Interval tele_timer_;
  Interval imu_timer_;
  bool motion_was_active_ = false;
  bool motion_evt_sent_ = false;
  uint64_t last_motion_evt_ = 0;
  uint32_t overflow_dropped_ = 0;  // in the current outage, not yet reported
  uint32_t overflow_first_ = 0;
  uint32_t overflow_last_ = 0;
  uint64_t identify_until_ = 0;
  bool reboot_pending_ = false;
  uint64_t reboot_at_ = 0;
  bool warned_empty_ = false;
  DeviceCounters counters_;
  Line line_;
  char rx_[MAX_LINE];
};

}  // namespace twinscope
