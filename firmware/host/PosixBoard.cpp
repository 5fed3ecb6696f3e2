#include "PosixBoard.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "PtyLink.h"

namespace twinscope {

static uint64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

void PosixBoard::begin_boot() { boot_ns_ = monotonic_ns(); }

uint64_t PosixBoard::uptime_ms() { return (monotonic_ns() - boot_ns_) / 1000000ull; }

void PosixBoard::log_line(const char *line) {
  if (serial_ != nullptr) serial_->write_text(line);
  if (mirror_) fprintf(stderr, "%s\n", line);
}

bool FileStorage::load_u32(const char *, uint32_t &value) {
  if (path_ != nullptr) {
    FILE *f = fopen(path_, "r");
    if (f != nullptr) {
      unsigned long v = 0;
      const bool ok = fscanf(f, "%lu", &v) == 1;
      fclose(f);
      if (ok) value_ = static_cast<uint32_t>(v), has_ = true;
    }
  }
  if (has_) value = value_;
  return has_;
}

bool FileStorage::save_u32(const char *, uint32_t value) {
  value_ = value;
  has_ = true;
  if (path_ == nullptr) return true;
  FILE *f = fopen(path_, "w");
  if (f == nullptr) return false;
  const bool ok = fprintf(f, "%lu\n", static_cast<unsigned long>(value)) > 0;
  return fclose(f) == 0 && ok;
}

}  // namespace twinscope
