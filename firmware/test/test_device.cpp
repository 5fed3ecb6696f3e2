// The whole device logic with fake parts: boot, telemetry, commands and acks, outage and backfill, overflow,
// replay, door events. What the host would see is what the fake link recorded.
#include <stdlib.h>
#include <string.h>

#include "Device.h"
#include "Fakes.h"
#include "TinyTest.h"

using namespace twinscope;

// Placement new without <new>: the test binaries have no C++ library on the RISC-V target. Each test builds a
// fresh rig in the same static storage (a fake link records 300 KiB, too much for a stack or for one per test).
inline void *operator new(size_t, void *p) noexcept { return p; }

namespace {

uint8_t g_ring[16 * 1024];

struct Rig {
  fakes::Board board;
  fakes::Storage storage;
  fakes::Link link;
  fakes::Sensors sensors;
  Outbox outbox;
  DeviceConfig config;
  Device *device = nullptr;
  alignas(Device) uint8_t device_storage[sizeof(Device)];

  explicit Rig(size_t ring_bytes = sizeof g_ring) : outbox(g_ring, ring_bytes) { config.dev = "dev-1"; }

  void start() {
    DeviceParts parts;
    parts.board = &board;
    parts.storage = &storage;
    parts.outbox = &outbox;
    parts.links[0] = &link;
    parts.components[0] = &sensors;
    parts.co2 = &sensors;
    parts.climate = &sensors;
    parts.motion = &sensors;
    parts.door = &sensors;
    parts.imu = &sensors;
    device = new (device_storage) Device(config, parts);
    device->setup();
  }
  // Runs the main loop every 10 ms until `until` ms of uptime.
  void run(uint64_t until) {
    while (board.now < until) {
      board.now += 10;
      device->loop();
    }
  }
  void command(const char *text) {
    link.inbox = text;
    board.now += 1;
    device->loop();
  }
};

long long field(const char *line, const char *key) {
  char needle[32];
  snprintf(needle, sizeof needle, "\"%s\":", key);
  const char *p = strstr(line, needle);
  return p == nullptr ? -1 : strtoll(p + strlen(needle), nullptr, 10);
}

Rig *g_rig = nullptr;
alignas(Rig) uint8_t g_rig_storage[sizeof(Rig)];

Rig &fresh_rig(size_t ring_bytes = sizeof g_ring) {
  if (g_rig != nullptr) g_rig->~Rig();
  g_rig = new (g_rig_storage) Rig(ring_bytes);
  return *g_rig;
}

}  // namespace

TEST(device, boot_sends_hello_then_telemetry) {
  Rig &r = fresh_rig();
  r.start();
  CHECK_EQ(r.device->boot(), 1);
  CHECK(r.board.log_lines > 0);  // plain-text boot logs, as an ESP32 prints them
  CHECK(r.board.last_log[0] != '{');
  CHECK_STR(r.link.lines[0], "{\"v\":1,\"t\":\"hello\",\"dev\":\"dev-1\",\"boot\":1,\"seq\":0,\"up\":0,\"ts\":null,"
                             "\"fw\":\"1.0.0\",\"hw\":\"esp32c6\",\"sensors\":[\"fake\"],\"interval_ms\":1000}");
  r.run(3000);
  CHECK_EQ(r.device->counters().tele, 3);
  const int tele = r.link.find("\"t\":\"tele\"");
  CHECK(tele > 0);
  CHECK_EQ(field(r.link.lines[tele], "seq"), 1);
  CHECK_EQ(field(r.link.lines[tele], "up"), 1000);
  CHECK(strstr(r.link.lines[tele], "\"data\":{\"co2\":600,\"temp\":21.5,\"rh\":40,\"motion\":false,"
                                   "\"door\":\"closed\",\"gyro\":[0,0,0],\"accel\":[0,0,1],\"angle\":0}") != nullptr);
}

TEST(device, boot_number_comes_from_storage) {
  Rig &r = fresh_rig();
  r.storage.has = true;
  r.storage.value = 16;
  r.start();
  CHECK_EQ(r.device->boot(), 17);
  CHECK_EQ(r.storage.value, 17);
  CHECK_EQ(field(r.link.lines[0], "boot"), 17);
}

TEST(device, time_command_makes_messages_carry_ts) {
  Rig &r = fresh_rig();
  r.start();
  r.run(1500);
  r.command("{\"v\":1,\"t\":\"cmd\",\"id\":\"t1\",\"op\":\"time\",\"args\":{\"ts\":1763719205050}}");
  CHECK(strstr(r.link.last(), "\"t\":\"ack\"") != nullptr);
  CHECK(strstr(r.link.last(), "\"ts\":1763719205050,\"id\":\"t1\",\"ok\":true}") != nullptr);
  r.run(2001);
  CHECK(strstr(r.link.last(), "\"t\":\"tele\"") != nullptr);
  CHECK_EQ(field(r.link.last(), "ts"), 1763719205050LL + (field(r.link.last(), "up") - 1501));
}

TEST(device, set_interval_acks_and_changes_the_cadence) {
  Rig &r = fresh_rig();
  r.start();
  r.command("{\"v\":1,\"t\":\"cmd\",\"id\":\"c42\",\"op\":\"set_interval\",\"args\":{\"ms\":5}}");
  CHECK(strstr(r.link.last(), "\"id\":\"c42\",\"ok\":false,\"err\":\"bad interval\"}") != nullptr);
  r.command("{\"v\":1,\"t\":\"cmd\",\"id\":\"c43\",\"op\":\"set_interval\",\"args\":{\"ms\":250}}");
  const int ack = r.link.find("\"id\":\"c43\",\"ok\":true}");
  CHECK(ack > 0);
  CHECK(strstr(r.link.lines[ack + 1], "\"t\":\"hello\"") != nullptr);
  CHECK(strstr(r.link.lines[ack + 1], "\"interval_ms\":250}") != nullptr);
  const uint32_t before = r.device->counters().tele;
  r.run(2002);
  CHECK_EQ(r.device->counters().tele - before, 8);
}

TEST(device, garbage_gets_a_malformed_ack_and_nothing_breaks) {
  Rig &r = fresh_rig();
  r.start();
  r.command("{\"v\":1,\"t\":\"cmd\",\"id\":");
  CHECK(strstr(r.link.last(), "\"id\":\"\",\"ok\":false,\"err\":\"malformed command\"}") != nullptr);
  r.command("{\"v\":1,\"t\":\"cmd\",\"id\":\"x\",\"op\":\"dance\"}");
  CHECK(strstr(r.link.last(), "\"id\":\"x\",\"ok\":false,\"err\":\"unknown op\"}") != nullptr);
  CHECK_EQ(r.device->counters().bad_commands, 2);
  r.run(1500);
  CHECK_EQ(r.device->counters().tele, 1);
}

TEST(device, outage_buffers_and_backfills_every_seq_once) {
  Rig &r = fresh_rig();
  r.start();
  r.run(3000);
  r.link.up = false;
  r.run(8000);
  CHECK(r.outbox.waiting() >= 5);
  r.link.up = true;
  r.run(10000);
  // Every seq from 0 arrived exactly once, in order; those sent late carry sup >= up.
  int with_sup = 0;
  for (int i = 0; i < r.link.count; i++) {
    CHECK_EQ(field(r.link.lines[i], "seq"), i);
    const long long sup = field(r.link.lines[i], "sup");
    if (sup >= 0) {
      with_sup++;
      CHECK(sup >= field(r.link.lines[i], "up"));
      CHECK_EQ(sup, 8010);  // all of the backlog went out on the first loop after the link came back
    }
  }
  CHECK(with_sup >= 6);  // five tele and the hello of the reconnect
  CHECK_EQ(r.link.count, static_cast<int>(r.device->next_seq()));
}

TEST(device, overflow_is_reported_once_and_counted) {
  Rig &r = fresh_rig(2048);
  r.start();
  r.link.up = false;
  r.run(60000);  // a minute of telemetry does not fit 2 KiB
  r.link.up = true;
  r.run(62000);
  const int evt = r.link.find("\"evt\":\"buffer_overflow\",\"data\":{}}");
  CHECK(evt >= 0);
  CHECK_EQ(r.link.find("\"evt\":\"buffer_overflow\"", evt + 1), -1);
  const int log = r.link.find("oldest messages dropped (seq ");
  CHECK_EQ(log, evt + 1);
  const long long dropped = static_cast<long long>(r.device->counters().dropped);
  CHECK(dropped > 40);
  CHECK_EQ(r.link.count + dropped, r.device->next_seq());  // every seq either arrived or was counted lost
}

TEST(device, replay_command_resends_with_sup) {
  Rig &r = fresh_rig();
  r.start();
  r.run(5000);
  r.command("{\"v\":1,\"t\":\"cmd\",\"id\":\"r1\",\"op\":\"replay\",\"args\":{\"from\":2,\"to\":4}}");
  const int ack = r.link.find("\"id\":\"r1\",\"ok\":true}");
  CHECK(ack > 0);
  CHECK_EQ(r.link.count, ack + 1 + 3);
  for (int i = 0; i < 3; i++) {
    CHECK_EQ(field(r.link.lines[ack + 1 + i], "seq"), 2 + i);
    CHECK_EQ(field(r.link.lines[ack + 1 + i], "sup"), 5001);
  }
  r.command("{\"v\":1,\"t\":\"cmd\",\"id\":\"r2\",\"op\":\"replay\",\"args\":{\"from\":900,\"to\":901}}");
  CHECK(strstr(r.link.last(), "\"id\":\"r2\",\"ok\":false,\"err\":\"not buffered\"}") != nullptr);
}

TEST(device, reboot_acks_first_then_restarts) {
  Rig &r = fresh_rig();
  r.start();
  r.command("{\"v\":1,\"t\":\"cmd\",\"id\":\"b\",\"op\":\"reboot\"}");
  CHECK(strstr(r.link.last(), "\"id\":\"b\",\"ok\":true}") != nullptr);
  CHECK_EQ(r.board.restarts, 0);
  r.run(r.board.now + 400);
  CHECK_EQ(r.board.restarts, 1);
}

TEST(device, identify_blinks_then_stops) {
  Rig &r = fresh_rig();
  r.start();
  r.command("{\"v\":1,\"t\":\"cmd\",\"id\":\"i\",\"op\":\"identify\",\"args\":{\"s\":2}}");
  int toggles = 0;
  bool led = r.board.led;
  for (int i = 0; i < 300; i++) {
    r.run(r.board.now + 10);
    toggles += r.board.led != led ? 1 : 0;
    led = r.board.led;
  }
  CHECK(toggles >= 6);
  CHECK(!r.board.led);
}

TEST(device, door_events_and_slam_reach_the_host) {
  Rig &r = fresh_rig();
  r.start();
  r.run(1000);
  r.sensors.door_closed = false;  // opened at 45 deg/s for 2 s
  r.sensors.sample.gyro_dps[2] = 45;
  r.run(3000);
  r.sensors.sample.gyro_dps[2] = 0;
  r.run(4000);
  CHECK_NEAR(r.device->door().angle(), 90, 2);
  r.sensors.sample.gyro_dps[2] = -300;  // slammed: the last open sample at 4290, ~4.5 degrees from the frame
  r.run(4290);
  r.sensors.door_closed = true;  // the contact at 4300, impact at contact
  r.sensors.sample.accel_g[2] = 2.5f;
  r.run(4300);
  r.sensors.sample.gyro_dps[2] = 0;
  r.sensors.sample.accel_g[2] = 1.0f;
  r.run(5000);
  CHECK(r.link.find("\"evt\":\"door_open\",\"data\":{\"door\":\"open\"}") > 0);
  const int closed = r.link.find("\"evt\":\"door_closed\",\"data\":{\"door\":\"closed\",\"angle\":0}");
  CHECK(closed > 0);
  const int slam = r.link.find("\"evt\":\"slam\"");
  CHECK(slam > closed);  // decided at the impact, so sent after door_closed...
  if (closed <= 0 || slam <= 0) return;
  CHECK_EQ(field(r.link.lines[closed], "up"), 4300);  // door_closed: the contact
  // ...but stamped when the closing swing peaked, before the contact, with the rate and the angle of that moment.
  CHECK_EQ(field(r.link.lines[slam], "up"), 4290);
  CHECK(strstr(r.link.lines[slam], "\"data\":{\"gyro\":[0,0,-300],\"accel\":[0,0,2.5],\"angle\":4.5}") != nullptr);
  CHECK_EQ(r.device->counters().slams, 1);
}

TEST(device, motion_event_and_latched_motion_in_tele) {
  Rig &r = fresh_rig();
  r.start();
  r.run(500);
  r.sensors.pir = true;
  r.run(520);
  r.sensors.pir = false;
  r.run(1000);
  CHECK(r.link.find("\"evt\":\"motion\",\"data\":{\"motion\":true}") > 0);
  CHECK(strstr(r.link.last(), "\"motion\":true") != nullptr);  // the pulse was over before the tele
  r.run(2000);
  CHECK(strstr(r.link.last(), "\"motion\":false") != nullptr);
}

TEST(device, missing_sensor_is_left_out_and_reported) {
  Rig &r = fresh_rig();
  r.sensors.present = false;
  r.start();
  CHECK(strstr(r.link.lines[0], "\"sensors\":[]") != nullptr);
  CHECK(r.link.find("\"t\":\"log\",\"dev\":\"dev-1\"") > 0);
  CHECK(r.link.find("\"level\":\"warn\",\"msg\":\"fake not found or not responding\"") > 0);
  r.run(2000);
  CHECK_EQ(r.device->counters().tele, 2);  // motion and door still report; readings that failed are absent
  CHECK(strstr(r.link.last(), "\"co2\"") == nullptr);
}
