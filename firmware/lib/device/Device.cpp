#include "Device.h"

#include <stdio.h>

#include "Log.h"

namespace twinscope {

static const char *const TAG = "device";

Device::Device(const DeviceConfig &config, const DeviceParts &parts)
    : config_(config),
      parts_(parts),
      door_(config.door, config.slam),
      tele_timer_(config.interval_ms),
      imu_timer_(config.imu_period_ms) {}

void Device::setup() {
  log_set_board(parts_.board);
  if (!valid_dev_id(config_.dev)) {
    TS_LOGE(TAG, "device id '%s' is not [A-Za-z0-9][A-Za-z0-9._-]{0,63}; using 'twinscope'", config_.dev);
    config_.dev = "twinscope";
  }
  bool persisted = false;
  boot_ = next_boot(*parts_.storage, &persisted);
  TS_LOGI(TAG, "twinscope fw %s on %s, dev %s, boot %lu", config_.fw, config_.hw, config_.dev,
          static_cast<unsigned long>(boot_));
  if (!persisted) {
    TS_LOGE(TAG, "boot counter not saved: the next boot may repeat boot %lu", static_cast<unsigned long>(boot_));
  }

  for (Link *link : parts_.links) {
    if (link != nullptr) parts_.outbox->add_link(link);
  }
  for (size_t i = 0; i < DeviceParts::MAX_COMPONENTS; i++) {
    Component *c = parts_.components[i];
    if (c == nullptr) continue;
    failed_[i] = !c->setup();
    if (failed_[i]) TS_LOGW(TAG, "%s: not found or not responding, left out", c->name());
    else TS_LOGI(TAG, "%s: ready", c->name());
  }

  const uint64_t now = parts_.board->uptime_ms();
  tele_timer_.start(static_cast<uint32_t>(now));
  imu_timer_.start(static_cast<uint32_t>(now));
  for (size_t i = 0; i < Outbox::MAX_LINKS; i++) {
    link_was_online_[i] = parts_.links[i] != nullptr && parts_.links[i]->online();
  }
  send_hello(now);
  for (size_t i = 0; i < DeviceParts::MAX_COMPONENTS; i++) {
    if (failed_[i]) {
      char msg[64];
      snprintf(msg, sizeof msg, "%s not found or not responding", parts_.components[i]->name());
      send_log(now, LogLevel::Warn, msg);
    }
  }
}

void Device::loop() {
  const uint64_t now = parts_.board->uptime_ms();
  const uint32_t now32 = static_cast<uint32_t>(now);
  for (size_t i = 0; i < DeviceParts::MAX_COMPONENTS; i++) {
    if (parts_.components[i] != nullptr && !failed_[i]) parts_.components[i]->loop(now32);
  }
  for (Link *link : parts_.links) {
    if (link != nullptr) link->loop();
  }
  watch_links(now);
  if (imu_timer_.due(now32)) sample_door(now);
  watch_motion(now);
  if (tele_timer_.due(now32)) send_tele(now);
  poll_commands(now);
  parts_.outbox->service(now);
  watch_overflow(now);
  update_led(now);
  if (reboot_pending_ && now >= reboot_at_) {
    TS_LOGW(TAG, "rebooting on command");
    parts_.board->restart();
    reboot_pending_ = false;  // the virtual device returns from restart(); a real one does not
  }
}

void Device::set_time(int64_t epoch_ms, EpochClock::Source source) {
  const uint64_t now = parts_.board->uptime_ms();
  if (clock_.set(now, epoch_ms, source)) TS_LOGI(TAG, "clock set by %s", clock_source_name(source));
  else TS_LOGW(TAG, "clock from %s refused: outside 2020..2100", clock_source_name(source));
}

Envelope Device::envelope(uint64_t up) {
  Envelope env;
  env.dev = config_.dev;
  env.boot = boot_;
  env.seq = seq_.next();
  env.up = up;
  env.has_ts = clock_.epoch_at(up, env.ts);
  return env;
}

void Device::push(const Line &line) {
  if (line.len == 0) {
    TS_LOGE(TAG, "message %lu did not fit a line; not sent", static_cast<unsigned long>(line.seq));
    return;
  }
  parts_.outbox->push(line);
}

void Device::send_hello(uint64_t now) {
  const char *names[DeviceParts::MAX_COMPONENTS];
  size_t count = 0;
  for (size_t i = 0; i < DeviceParts::MAX_COMPONENTS; i++) {
    if (parts_.components[i] != nullptr && !failed_[i]) names[count++] = parts_.components[i]->name();
  }
  Hello hello;
  hello.fw = config_.fw;
  hello.hw = config_.hw;
  hello.sensors = names;
  hello.sensor_count = count;
  hello.interval_ms = tele_timer_.period();
  encode_hello(envelope(now), hello, line_);
  push(line_);
}

void Device::send_tele(uint64_t now) {
  Readings d;
  float a, b;
  if (parts_.co2 != nullptr && parts_.co2->co2(a)) d.set_co2(a);
  if (parts_.climate != nullptr && parts_.climate->climate(a, b)) d.set_temp(a), d.set_rh(b);
  if (parts_.light != nullptr && parts_.light->lux(a)) d.set_lux(a);
  if (parts_.motion != nullptr) d.set_motion(parts_.motion->take_motion());
  if (door_.has_contact()) d.set_door_closed(door_.closed());
  if (door_.has_imu()) {
    const ImuSample &s = door_.imu();
    d.set_gyro(s.gyro_dps[0], s.gyro_dps[1], s.gyro_dps[2]);
    if (s.has_accel) d.set_accel(s.accel_g[0], s.accel_g[1], s.accel_g[2]);
    d.set_angle(door_.angle());
  }
  if (parts_.signal != nullptr && parts_.signal->rssi(a)) d.set_rssi(a);
  if (d.present == 0) {  // the protocol wants at least one reading in a tele
    if (!warned_empty_) TS_LOGW(TAG, "no readings yet; tele skipped");
    warned_empty_ = true;
    return;
  }
  encode_tele(envelope(now), d, line_);
  push(line_);
  counters_.tele++;
}

void Device::send_evt(uint64_t up, const char *name, const Readings &data) {
  encode_evt(envelope(up), name, data, line_);
  push(line_);
  counters_.evt++;
}

void Device::send_ack(uint64_t now, const char *id, bool ok, const char *err) {
  encode_ack(envelope(now), id, ok, err, line_);
  push(line_);
}

void Device::send_log(uint64_t now, LogLevel level, const char *msg) {
  encode_log(envelope(now), level, msg, line_);
  push(line_);
}

void Device::sample_door(uint64_t now) {
  ImuSample sample;
  const bool has_imu = parts_.imu != nullptr && parts_.imu->read(sample);
  const bool has_contact = parts_.door != nullptr;
  if (!has_imu && !has_contact) return;
  const uint8_t events = door_.update(static_cast<uint32_t>(now), has_imu ? &sample : nullptr, has_contact,
                                      has_contact && parts_.door->closed());
  Readings d;
  if (events & DOOR_OPENED) {
    d.set_door_closed(false);
    send_evt(now, "door_open", d);
  }
  if (events & DOOR_CLOSED) {
    d.clear();
    d.set_door_closed(true);
    if (door_.has_angle()) d.set_angle(0);
    send_evt(now, "door_closed", d);
  }
  if (events & DOOR_SLAM) {
    const SlamEvent &slam = door_.slam();
    d.clear();
    d.set_gyro(slam.gyro[0], slam.gyro[1], slam.gyro[2]);
    if (slam.has_accel) d.set_accel(slam.accel[0], slam.accel[1], slam.accel[2]);
    d.set_angle(slam.angle);
    // Stamped when the swing peaked, while the leaf was still open: before this close's `door_closed` (stamped at
    // the contact), so a host ordering by time sees the swing, then the close. Sent after it, once the impact is in.
    send_evt(now - static_cast<uint32_t>(static_cast<uint32_t>(now) - slam.at_ms), "slam", d);
    counters_.slams++;
    TS_LOGI(TAG, "slam: %d deg/s", static_cast<int>(slam.peak_rate_dps));
  }
}

void Device::watch_motion(uint64_t now) {
  if (parts_.motion == nullptr) return;
  const bool active = parts_.motion->active();
  if (active && !motion_was_active_ && (!motion_evt_sent_ || now - last_motion_evt_ >= config_.motion_evt_gap_ms)) {
    Readings d;
    d.set_motion(true);
    send_evt(now, "motion", d);
    motion_evt_sent_ = true;
    last_motion_evt_ = now;
  }
  motion_was_active_ = active;
}

void Device::watch_links(uint64_t now) {
  for (size_t i = 0; i < Outbox::MAX_LINKS; i++) {
    Link *link = parts_.links[i];
    if (link == nullptr) continue;
    const bool online = link->online();
    if (online != link_was_online_[i]) TS_LOGI(TAG, "%s %s", link->name(), online ? "online" : "offline");
    // The host learns who we are on every (re)connect; on MQTT this refreshes the retained `meta`.
    if (online && !link_was_online_[i]) send_hello(now);
    link_was_online_[i] = online;
  }
}

void Device::watch_overflow(uint64_t now) {
  uint32_t first = 0, last = 0;
  const uint32_t dropped = parts_.outbox->take_dropped(&first, &last);
  if (dropped > 0) {
    if (overflow_dropped_ == 0) {
      TS_LOGW(TAG, "offline buffer full: dropping the oldest messages");
      overflow_first_ = first;
    }
    overflow_dropped_ += dropped;
    overflow_last_ = last;
    counters_.dropped += dropped;
  }
  // Reported when a link is back, not when it happens: an event queued in a full buffer would itself be pushed
  // out by the next readings. One event and one log line per outage, with the count and the lost seq range.
  if (overflow_dropped_ > 0 && parts_.outbox->any_online()) {
    send_evt(now, "buffer_overflow", Readings());
    char msg[112];
    snprintf(msg, sizeof msg, "offline buffer overflow: %lu oldest messages dropped (seq %lu..%lu)",
             static_cast<unsigned long>(overflow_dropped_), static_cast<unsigned long>(overflow_first_),
             static_cast<unsigned long>(overflow_last_));
    send_log(now, LogLevel::Warn, msg);
    overflow_dropped_ = 0;
  }
}

void Device::update_led(uint64_t now) {
  // identify: blink at 2 Hz, then leave the LED off.
  if (identify_until_ == 0) return;
  if (now >= identify_until_) {
    parts_.board->set_led(false);
    identify_until_ = 0;
    return;
  }
  parts_.board->set_led((now / 250) % 2 == 0);
}

void Device::poll_commands(uint64_t now) {
  for (Link *link : parts_.links) {
    if (link == nullptr) continue;
    const size_t n = link->receive(rx_, sizeof rx_);
    if (n > 0) handle_command(link, rx_, n, now);
  }
}

}  // namespace twinscope
