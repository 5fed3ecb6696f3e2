#include "Options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "Encoder.h"

namespace twinscope {

static const char USAGE[] =
    "usage: twinscope-virtual-esp32 --port PATH [options]\n"
    "  A virtual Twinscope ESP32-C6: the firmware's portable core with simulated sensors, speaking NDJSON\n"
    "  (firmware/PROTOCOL.md) on PATH, a serial device such as one end of a socat pty pair, or a plain file.\n"
    "  Reads commands (time, replay, set_interval, identify, reboot) from PATH when it is a tty.\n"
    "options:\n"
    "  --port PATH         serial device or file (required)\n"
    "  --dev ID            device id (default virtual-esp32)\n"
    "  --boot N            boot number of the first boot (default: from --state, else 1)\n"
    "  --state FILE        keep the boot counter in FILE, +1 on every start\n"
    "  --interval MS       telemetry interval, 10..3600000 (default 1000)\n"
    "  --count N           stop after N tele messages, once everything is delivered\n"
    "  --duration MS       stop after MS of uptime, once everything is delivered\n"
    "  --outage-after N    after the Nth tele message, the link goes offline...\n"
    "  --outage-ms MS      ...for MS: nothing is written, readings are buffered and replayed with sup\n"
    "  --buffer-bytes N    offline buffer size (default 65536)\n"
    "  --door-every MS     door cycle: opens MS after it last closed; every other close is a slam (default 8000;\n"
    "                      0 keeps it closed)\n"
    "  --seed N            simulation seed (default 1)\n"
    "  --quiet             do not mirror device logs on stderr\n"
    "exit status: 0 done, 1 cannot open PATH, 2 bad usage\n";

static bool number(const char *text, uint64_t max, uint64_t &out) {
  if (text == nullptr || *text < '0' || *text > '9') return false;
  errno = 0;
  char *end = nullptr;
  const unsigned long long v = strtoull(text, &end, 10);
  if (errno != 0 || *end != '\0' || v > max) return false;
  out = v;
  return true;
}

bool parse_options(int argc, char **argv, Options &out, int *exit_code) {
  *exit_code = 2;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
      fputs(USAGE, stderr);
      *exit_code = 0;
      return false;
    }
    if (strcmp(arg, "--quiet") == 0) {
      out.quiet = true;
      continue;
    }
    // Every other option takes a value, as `--name value` or `--name=value`.
    const char *value = nullptr;
    char name[32];
    const char *eq = strchr(arg, '=');
    if (eq != nullptr && static_cast<size_t>(eq - arg) < sizeof name) {
      memcpy(name, arg, static_cast<size_t>(eq - arg));
      name[eq - arg] = '\0';
      value = eq + 1;
    } else {
      snprintf(name, sizeof name, "%s", arg);
      value = i + 1 < argc ? argv[++i] : nullptr;
    }
    struct Numeric {
      const char *name;
      uint64_t min, max;
      uint32_t *u32;
      uint64_t *u64;
    };
    const Numeric numerics[] = {
        {"--boot", 0, UINT32_MAX, &out.boot, nullptr},
        {"--interval", 10, 3600000, &out.interval_ms, nullptr},
        {"--count", 0, UINT32_MAX, &out.count, nullptr},
        {"--duration", 0, UINT64_MAX / 2, nullptr, &out.duration_ms},
        {"--outage-after", 0, UINT32_MAX, &out.outage_after, nullptr},
        {"--outage-ms", 0, UINT32_MAX, &out.outage_ms, nullptr},
        {"--buffer-bytes", 1024, 1u << 30, &out.buffer_bytes, nullptr},
        {"--door-every", 0, UINT32_MAX, &out.door_every_ms, nullptr},
        {"--seed", 0, UINT32_MAX, &out.seed, nullptr},
    };
    bool ok = value != nullptr;
    bool known = true;
    if (strcmp(name, "--port") == 0) {
      out.port = value;
    } else if (strcmp(name, "--dev") == 0) {
      out.dev = value;
      ok = ok && valid_dev_id(value);
    } else if (strcmp(name, "--state") == 0) {
      out.state = value;
    } else {
      known = false;
      for (const Numeric &opt : numerics) {
        if (strcmp(name, opt.name) != 0) continue;
        known = true;
        uint64_t n = 0;
        ok = ok && number(value, opt.max, n) && n >= opt.min;
        if (opt.u32 != nullptr) *opt.u32 = static_cast<uint32_t>(n);
        if (opt.u64 != nullptr) *opt.u64 = n;
      }
      if (strcmp(name, "--boot") == 0) out.has_boot = true;
    }
    if (!known) {
      fprintf(stderr, "twinscope-virtual-esp32: unknown option %s\n%s", name, USAGE);
      return false;
    }
    if (!ok) {
      fprintf(stderr, "twinscope-virtual-esp32: bad value for %s: %s\n", name, value ? value : "(missing)");
      return false;
    }
  }
  if (out.port == nullptr) {
    fprintf(stderr, "twinscope-virtual-esp32: --port is required\n%s", USAGE);
    return false;
  }
  return true;
}

}  // namespace twinscope
