#pragma once
// The few things the device logic needs from the chip, so the same logic runs on the ESP32 (src/ArduinoBoard)
// and on a PC (host/PosixBoard).

#include <stdint.h>

namespace twinscope {

class Board {
 public:
  // Milliseconds since boot; 64-bit so it never wraps (`up` on the wire is a 53-bit integer).
  virtual uint64_t uptime_ms() = 0;
  virtual void restart() = 0;
  virtual void set_led(bool on) = 0;
  // One plain-text log line on the console (not JSON, so the host files it as a device log).
  virtual void log_line(const char *line) = 0;

 protected:
  ~Board() = default;
};

// Persistent key/value storage for small counters (NVS on the ESP32, a file on the host).
class Storage {
 public:
  virtual bool load_u32(const char *key, uint32_t &value) = 0;
  virtual bool save_u32(const char *key, uint32_t value) = 0;

 protected:
  ~Storage() = default;
};

}  // namespace twinscope
