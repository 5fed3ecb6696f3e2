// twinscope-virtual-esp32: the firmware's portable core (firmware/lib) on a PC, with simulated sensors, speaking
// the wire protocol on a serial device. The same Device class runs here as on the ESP32-C6; only the board, the
// link and the sensors differ.
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "Device.h"
#include "Log.h"
#include "Options.h"
#include "PosixBoard.h"
#include "PtyLink.h"
#include "SimSensors.h"

using namespace twinscope;

static const char *const TAG = "virtual";
static const uint64_t DRAIN_LIMIT_MS = 5000;  // how long to wait for the reader when stopping

static volatile sig_atomic_t g_stop = 0;
static void on_signal(int) { g_stop = 1; }

namespace {

struct Totals {
  uint32_t boots = 0;
  uint32_t first_boot = 0;
  uint32_t last_boot = 0;
  uint32_t last_seq = 0;
  uint32_t tele = 0;
  uint32_t evt = 0;
  uint32_t slams = 0;
  uint32_t commands = 0;
  uint32_t dropped = 0;
  OutboxStats outbox;
};

// Lines a real ESP32-C6 prints from its ROM bootloader before the application starts.
void print_rom_banner(PosixBoard &board) {
  board.log_line("ESP-ROM:esp32c6-20220919");
  board.log_line("Build:Sep 19 2022");
  board.log_line("rst:0x1 (POWERON),boot:0x6c (SPI_FAST_FLASH_BOOT)");
}

// One boot, from setup() until a stop condition or a reboot command. Returns true when the program should end.
bool run_boot(const Options &opt, PosixBoard &board, PtyLink &link, Storage &storage, uint8_t *ring, Totals &totals,
              uint32_t &tele_before) {
  SimWorld world(opt.seed + totals.boots, opt.door_every_ms);
  SimScd4x scd4x(world);
  SimSht4x sht4x(world);
  SimBh1750 bh1750(world);
  SimPir pir(world);
  SimHall hall(world);
  SimImu imu(world);
  Outbox outbox(ring, opt.buffer_bytes);

  DeviceConfig config;
  config.dev = opt.dev;
  config.hw = "virtual-esp32c6";
  config.interval_ms = opt.interval_ms;
  DeviceParts parts;
  parts.board = &board;
  parts.storage = &storage;
  parts.outbox = &outbox;
  parts.links[0] = &link;
  Component *components[] = {&scd4x, &sht4x, &bh1750, &pir, &hall, &imu};
  for (size_t i = 0; i < sizeof components / sizeof components[0]; i++) parts.components[i] = components[i];
  parts.co2 = &scd4x;
  parts.climate = &sht4x;
  parts.light = &bh1750;
  parts.motion = &pir;
  parts.door = &hall;
  parts.imu = &imu;

  board.begin_boot();
  board.clear_restart();
  link.set_clock(0);
  print_rom_banner(board);
  Device device(config, parts);
  device.setup();
  totals.boots++;
  if (totals.boots == 1) totals.first_boot = device.boot();
  totals.last_boot = device.boot();

  bool outage_done = false;
  bool stopping = false;
  uint64_t stop_at = 0;
  bool finished = false;
  for (;;) {
    const uint64_t now = board.uptime_ms();
    link.set_clock(now);
    const uint32_t tele = tele_before + device.counters().tele;
    if (opt.outage_after > 0 && !outage_done && tele >= opt.outage_after) {
      outage_done = true;
      link.set_outage(now, now + opt.outage_ms);
      TS_LOGW(TAG, "simulated outage: link offline for %lu ms", static_cast<unsigned long>(opt.outage_ms));
    }
    world.step(now);
    device.loop();
    if (board.restart_requested()) break;

    const bool limit = (opt.count > 0 && tele >= opt.count) || (opt.duration_ms > 0 && now >= opt.duration_ms);
    if (!stopping && (limit || g_stop)) {
      stopping = true;
      stop_at = now;
    }
    // Stop once every message left the device, or give up after a while if no one reads the port.
    const bool delivered = outbox.waiting() == 0 && link.drained() && !link.in_outage();
    if (stopping && (delivered || now - stop_at > DRAIN_LIMIT_MS)) {
      finished = true;
      break;
    }
    pollfd pfd = {link.fd(), POLLIN, 0};
    poll(&pfd, 1, 1);  // the ESP32 loop never sleeps; here 1 ms keeps a core free without hurting timing
  }
  tele_before += device.counters().tele;
  totals.tele = tele_before;
  totals.evt += device.counters().evt;
  totals.slams += device.counters().slams;
  totals.commands += device.counters().commands;
  totals.dropped += device.counters().dropped;
  totals.last_seq = device.next_seq() == 0 ? 0 : device.next_seq() - 1;
  const OutboxStats &s = outbox.stats();
  totals.outbox.live += s.live;
  totals.outbox.backfill += s.backfill;
  totals.outbox.replayed += s.replayed;
  totals.outbox.dropped += s.dropped;
  if (!finished) TS_LOGW(TAG, "restarting");
  return finished;
}

}  // namespace

int main(int argc, char **argv) {
  Options opt;
  int exit_code = 0;
  if (!parse_options(argc, argv, opt, &exit_code)) return exit_code;

  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGPIPE, SIG_IGN);

  static PtyLink link;  // 64 KiB transmit buffer: static, not on the stack
  if (!link.open(opt.port)) {
    fprintf(stderr, "twinscope-virtual-esp32: cannot open %s: %s\n", opt.port, strerror(errno));
    return 1;
  }
  PosixBoard board(&link, !opt.quiet);
  // --boot N means this start is boot N: the stored counter is N - 1 (next_boot adds one).
  FileStorage storage(opt.state, opt.boot - 1, opt.has_boot || opt.state == nullptr);
  uint8_t *ring = static_cast<uint8_t *>(malloc(opt.buffer_bytes));  // once, at start: the core never allocates
  if (ring == nullptr) return 1;

  Totals totals;
  uint32_t tele = 0;
  while (!run_boot(opt, board, link, storage, ring, totals, tele)) {
  }
  fprintf(stderr,
          "twinscope-virtual-esp32: done dev=%s boots=%lu..%lu last_seq=%lu tele=%lu evt=%lu slams=%lu commands=%lu "
          "live=%lu backfill=%lu replayed=%lu dropped=%lu\n",
          opt.dev, (unsigned long)totals.first_boot, (unsigned long)totals.last_boot, (unsigned long)totals.last_seq,
          (unsigned long)totals.tele, (unsigned long)totals.evt, (unsigned long)totals.slams,
          (unsigned long)totals.commands, (unsigned long)totals.outbox.live, (unsigned long)totals.outbox.backfill,
          (unsigned long)totals.outbox.replayed, (unsigned long)totals.dropped);
  free(ring);
  link.close();
  return 0;
}
