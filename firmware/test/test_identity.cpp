// Message identity and time: boot counter, sequence numbers, epoch clock, and the non-blocking timers.
#include "BootClock.h"
#include "Command.h"
#include "Fakes.h"
#include "Interval.h"
#include "TinyTest.h"

using namespace twinscope;

TEST(identity, boot_counter_starts_at_one_and_persists) {
  fakes::Storage storage;
  bool persisted = false;
  CHECK_EQ(next_boot(storage, &persisted), 1);
  CHECK(persisted);
  CHECK_EQ(next_boot(storage), 2);
  CHECK_EQ(next_boot(storage), 3);
  CHECK_EQ(storage.value, 3);
  storage.value = UINT32_MAX;  // the protocol's range ends here: the next boot wraps to 0
  CHECK_EQ(next_boot(storage), 0);
}

TEST(identity, failed_save_is_reported) {
  fakes::Storage storage;
  storage.has = true;
  storage.value = 41;
  storage.fail_save = true;
  bool persisted = true;
  CHECK_EQ(next_boot(storage, &persisted), 42);
  CHECK(!persisted);
}

TEST(identity, sequence_counts_every_message) {
  Sequencer seq;
  CHECK_EQ(seq.next(), 0);
  CHECK_EQ(seq.next(), 1);
  CHECK_EQ(seq.peek(), 2);
}

TEST(identity, epoch_clock_turns_uptime_into_ts) {
  EpochClock clock;
  int64_t ts = 0;
  CHECK(!clock.synced());
  CHECK(!clock.epoch_at(5000, ts));
  CHECK(!clock.set(5000, 1000, EpochClock::Source::Host));  // 1970: refused
  CHECK(clock.set(5000, 1763719205050LL, EpochClock::Source::Host));
  CHECK(clock.epoch_at(5000, ts));
  CHECK_EQ(ts, 1763719205050LL);
  CHECK(clock.epoch_at(6500, ts));
  CHECK_EQ(ts, 1763719206550LL);
  CHECK(clock.epoch_at(0, ts));  // measured before the sync: still a valid time
  CHECK_EQ(ts, 1763719200050LL);
  CHECK(clock.set(10000, 1763719300000LL, EpochClock::Source::Ntp));  // NTP corrects it later
  CHECK(clock.epoch_at(10000, ts));
  CHECK_EQ(ts, 1763719300000LL);
  CHECK(clock.source() == EpochClock::Source::Ntp);
  EpochClock early;
  CHECK(early.set(1000000, MIN_EPOCH_MS, EpochClock::Source::Host));
  CHECK(!early.epoch_at(0, ts));  // would be before 2020: no ts rather than an invalid one
}

TEST(timers, interval_fires_on_a_steady_cadence) {
  Interval t(100);
  t.start(0);
  int fired = 0;
  for (uint32_t now = 0; now < 1010; now += 7) fired += t.due(now) ? 1 : 0;  // 0..1008
  CHECK_EQ(fired, 10);
}

TEST(timers, interval_survives_millis_wrap) {
  Interval t(1000);
  const uint32_t start = 0xffffffffu - 2500;
  t.start(start);
  int fired = 0;
  for (uint32_t i = 0; i <= 5000; i += 10) fired += t.due(start + i) ? 1 : 0;  // crosses 2^32
  CHECK_EQ(fired, 5);
  CHECK(reached(5, 0xfffffff0u));
  CHECK(!reached(0xfffffff0u, 5));
}

TEST(timers, interval_does_not_burst_after_a_stall) {
  Interval t(100);
  t.start(0);
  CHECK(t.due(1050));   // a stall of ten periods fires once...
  CHECK(!t.due(1060));  // ...and restarts the cadence from there
  CHECK(t.due(1150));
  t.trigger(1151);
  CHECK(t.due(1151));
}
