#pragma once
// The virtual device's "chip": a monotonic clock, a restart that the main loop turns into a new boot, a LED that
// only remembers its state, logs written on the serial link (as an ESP32 prints them) and mirrored to stderr, and
// a boot counter kept in memory or in a small file.

#include <stdint.h>

#include "Board.h"

namespace twinscope {

class PtyLink;

class PosixBoard : public Board {
 public:
  PosixBoard(PtyLink *serial, bool mirror_stderr) : serial_(serial), mirror_(mirror_stderr) {}

  // Uptime restarts from 0 at every (simulated) boot.
  void begin_boot();
  uint64_t uptime_ms() override;
  void restart() override { restart_requested_ = true; }
  void set_led(bool on) override { led_ = on; }
  void log_line(const char *line) override;

  bool restart_requested() const { return restart_requested_; }
  void clear_restart() { restart_requested_ = false; }
  bool led() const { return led_; }

 private:
  PtyLink *serial_;
  bool mirror_;
  uint64_t boot_ns_ = 0;
  bool restart_requested_ = false;
  bool led_ = false;
};

// Boot counter in a text file (one decimal number), or only in memory when no path is given.
class FileStorage : public Storage {
 public:
  FileStorage(const char *path, uint32_t initial, bool has_initial)
      : path_(path), value_(initial), has_(has_initial) {}
  bool load_u32(const char *key, uint32_t &value) override;
  bool save_u32(const char *key, uint32_t value) override;

 private:
  const char *path_;
  uint32_t value_;
  bool has_;
};

}  // namespace twinscope
