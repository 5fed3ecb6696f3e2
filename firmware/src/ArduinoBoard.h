#pragma once
// The ESP32-C6 as the device logic sees it: uptime from esp_timer, restart, the LED, console logs on the serial
// link, and the boot counter in NVS.

#include <Preferences.h>

#include "Board.h"

class SerialLink;

class ArduinoBoard : public twinscope::Board {
 public:
  ArduinoBoard(SerialLink &serial, int led_pin, bool led_rgb) : serial_(serial), led_pin_(led_pin), rgb_(led_rgb) {}
  void begin();

  uint64_t uptime_ms() override;
  void restart() override;
  void set_led(bool on) override;
  void log_line(const char *line) override;

 private:
  SerialLink &serial_;
  int led_pin_;
  bool rgb_;
  bool led_ = false;
};

// Counters in NVS ("twinscope" namespace), which survives resets, power loss and firmware updates.
class NvsStorage : public twinscope::Storage {
 public:
  bool load_u32(const char *key, uint32_t &value) override;
  bool save_u32(const char *key, uint32_t value) override;

 private:
  bool open();
  Preferences prefs_;
  bool open_ = false;
};
