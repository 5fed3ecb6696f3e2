#include "ArduinoBoard.h"

#include <Arduino.h>
#include <esp_timer.h>

#include "SerialLink.h"

void ArduinoBoard::begin() {
  if (!rgb_) pinMode(led_pin_, OUTPUT);
  set_led(false);
}

uint64_t ArduinoBoard::uptime_ms() { return static_cast<uint64_t>(esp_timer_get_time() / 1000); }

void ArduinoBoard::restart() { ESP.restart(); }

void ArduinoBoard::set_led(bool on) {
  if (on == led_) return;  // the RGB LED is driven over RMT: do not resend the same colour every loop
  led_ = on;
  if (rgb_) rgbLedWrite(led_pin_, 0, on ? 40 : 0, on ? 40 : 0);  // dim cyan
  else digitalWrite(led_pin_, on ? HIGH : LOW);
}

void ArduinoBoard::log_line(const char *line) { serial_.write_text(line); }

bool NvsStorage::open() {
  if (!open_) open_ = prefs_.begin("twinscope", false);
  return open_;
}

bool NvsStorage::load_u32(const char *key, uint32_t &value) {
  if (!open() || !prefs_.isKey(key)) return false;
  value = prefs_.getUInt(key, 0);
  return true;
}

bool NvsStorage::save_u32(const char *key, uint32_t value) { return open() && prefs_.putUInt(key, value) == 4; }
