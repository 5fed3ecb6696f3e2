#include "BootClock.h"

#include "Command.h"  // MIN_EPOCH_MS, MAX_EPOCH_MS

namespace twinscope {

uint32_t next_boot(Storage &storage, bool *persisted) {
  uint32_t stored = 0;
  const uint32_t boot = storage.load_u32("boot", stored) ? stored + 1 : 1;
  const bool saved = storage.save_u32("boot", boot);
  if (persisted != nullptr) *persisted = saved;
  return boot;
}

bool EpochClock::set(uint64_t up_ms, int64_t epoch_ms, Source source) {
  if (epoch_ms < MIN_EPOCH_MS || epoch_ms >= MAX_EPOCH_MS || source == Source::None) return false;
  offset_ = epoch_ms - static_cast<int64_t>(up_ms);
  source_ = source;
  return true;
}

bool EpochClock::epoch_at(uint64_t up_ms, int64_t &epoch_ms) const {
  if (source_ == Source::None) return false;
  const int64_t t = offset_ + static_cast<int64_t>(up_ms);
  if (t < MIN_EPOCH_MS || t >= MAX_EPOCH_MS) return false;
  epoch_ms = t;
  return true;
}

const char *clock_source_name(EpochClock::Source source) {
  switch (source) {
    case EpochClock::Source::Host: return "host";
    case EpochClock::Source::Ntp: return "ntp";
    case EpochClock::Source::None: return "none";
  }
  return "none";
}

}  // namespace twinscope
