#pragma once
// Identity of each message: the boot counter (persisted, +1 on every boot), the sequence number (per boot, +1 on
// every message of any type), and the epoch clock that turns uptime into `ts` once the host or NTP set it.

#include <stdint.h>

#include "Board.h"

namespace twinscope {

// Reads the stored boot counter, adds one and stores it back. Nothing stored yet gives boot 1. When storing fails
// the number is still returned (and *persisted is false): the device must run, but the next boot may repeat it,
// and the host would then take its messages for duplicates, so the caller should report it.
uint32_t next_boot(Storage &storage, bool *persisted = nullptr);

class Sequencer {
 public:
  uint32_t next() { return next_++; }  // wraps after 2^32 messages, which the protocol's range allows
  uint32_t peek() const { return next_; }

 private:
  uint32_t next_ = 0;
};

class EpochClock {
 public:
  enum class Source : uint8_t { None, Host, Ntp };

  // `epoch_ms` is the time at uptime `up_ms`. Refuses times outside 2020..2100 (the protocol's range for `ts`).
  bool set(uint64_t up_ms, int64_t epoch_ms, Source source);
  bool synced() const { return source_ != Source::None; }
  Source source() const { return source_; }
  // Epoch ms at uptime `up_ms`; false when not synced or when the result would be outside 2020..2100.
  bool epoch_at(uint64_t up_ms, int64_t &epoch_ms) const;

 private:
  int64_t offset_ = 0;  // epoch ms at uptime 0
  Source source_ = Source::None;
};

const char *clock_source_name(EpochClock::Source source);

}  // namespace twinscope
