#pragma once
// Command line of twinscope-virtual-esp32 (see firmware/README.md "Virtual device").

#include <stdint.h>

namespace twinscope {

struct Options {
  const char *port = nullptr;        // --port: serial device (a pty end) or a file to append NDJSON to
  const char *dev = "virtual-esp32"; // --dev
  uint32_t boot = 1;                 // --boot: boot number of the first boot
  bool has_boot = false;
  const char *state = nullptr;       // --state: file keeping the boot counter across runs
  uint32_t interval_ms = 1000;       // --interval
  uint32_t count = 0;                // --count: stop after this many tele messages (0: no limit)
  uint64_t duration_ms = 0;          // --duration: stop after this much uptime (0: no limit)
  uint32_t outage_after = 0;         // --outage-after: go offline after this many tele messages (0: never)
  uint32_t outage_ms = 0;            // --outage-ms: for this long
  uint32_t buffer_bytes = 64 * 1024; // --buffer-bytes: offline buffer
  uint32_t door_every_ms = 8000;     // --door-every: a door cycle starts this long after the last close (0: never)
  uint32_t seed = 1;                 // --seed
  bool quiet = false;                // --quiet: no log mirror on stderr
};

// Parses argv; on error or --help prints usage to stderr and returns false with *exit_code set.
bool parse_options(int argc, char **argv, Options &out, int *exit_code);

}  // namespace twinscope
