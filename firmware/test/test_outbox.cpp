// The outbox: live sends, buffering while offline, backfill with sup, wrap-around, overflow, replay requests.
#include <stdlib.h>
#include <string.h>

#include "Encoder.h"
#include "Fakes.h"
#include "Outbox.h"
#include "TinyTest.h"

using namespace twinscope;

namespace {

fakes::Link g_link_a, g_link_b;
uint8_t g_ring[64 * 1024];

Line make_line(uint32_t seq, int pad = 0) {
  Envelope env;
  env.dev = "box";
  env.seq = seq;
  env.up = 1000ull * seq;
  Line line;
  if (pad > 0) {  // messages of varying length, so records wrap at every kind of offset
    char msg[300];
    memset(msg, 'p', static_cast<size_t>(pad));
    msg[pad] = '\0';
    encode_log(env, LogLevel::Info, msg, line);
  } else {
    Readings d;
    d.set_co2(400 + seq);
    encode_tele(env, d, line);
  }
  return line;
}

uint32_t seq_of(const char *text) {
  const char *p = strstr(text, "\"seq\":");
  return p == nullptr ? UINT32_MAX : static_cast<uint32_t>(strtoul(p + 6, nullptr, 10));
}

bool has_sup(const char *text, uint64_t sup) {
  char want[40];
  snprintf(want, sizeof want, ",\"sup\":%llu,", static_cast<unsigned long long>(sup));
  return strstr(text, want) != nullptr;
}

void reset_links() {
  g_link_a.reset();
  g_link_b.reset();
}

}  // namespace

TEST(outbox, sends_live_when_online) {
  reset_links();
  Outbox box(g_ring, sizeof g_ring);
  box.add_link(&g_link_a);
  for (uint32_t i = 0; i < 3; i++) box.push(make_line(i));
  CHECK_EQ(g_link_a.count, 3);
  CHECK_STR(g_link_a.lines[2], make_line(2).text);
  CHECK(strstr(g_link_a.lines[0], "sup") == nullptr);
  CHECK_EQ(box.waiting(), 0);
  CHECK_EQ(box.stats().live, 3);
}

TEST(outbox, buffers_offline_then_backfills_in_order_with_sup) {
  reset_links();
  Outbox box(g_ring, sizeof g_ring);
  box.add_link(&g_link_a);
  g_link_a.up = false;
  for (uint32_t i = 0; i < 5; i++) box.push(make_line(i));
  CHECK_EQ(box.waiting(), 5);
  box.service(9000);
  CHECK_EQ(g_link_a.count, 0);
  g_link_a.up = true;
  box.push(make_line(5));  // arrives while the backlog waits: it must queue behind it, not overtake it
  CHECK_EQ(g_link_a.count, 0);
  box.service(9000);
  CHECK_EQ(g_link_a.count, 6);
  for (int i = 0; i < 6; i++) {
    CHECK_EQ(seq_of(g_link_a.lines[i]), i);
    CHECK(has_sup(g_link_a.lines[i], 9000));
    char want[MAX_LINE];
    insert_sup(make_line(static_cast<uint32_t>(i)), 9000, want, sizeof want);
    CHECK_STR(g_link_a.lines[i], want);
  }
  CHECK_EQ(box.stats().backfill, 6);
  box.push(make_line(6));
  CHECK_STR(g_link_a.last(), make_line(6).text);  // caught up: live again, no sup
}

TEST(outbox, service_budget_keeps_the_loop_short) {
  reset_links();
  Outbox box(g_ring, sizeof g_ring);
  box.add_link(&g_link_a);
  g_link_a.up = false;
  for (uint32_t i = 0; i < 40; i++) box.push(make_line(i));
  g_link_a.up = true;
  box.service(50000, 16);
  CHECK_EQ(g_link_a.count, 16);
  box.service(50000, 16);
  box.service(50000, 16);
  CHECK_EQ(g_link_a.count, 40);
  CHECK_EQ(box.waiting(), 0);
}

TEST(outbox, refused_send_keeps_the_message_waiting) {
  reset_links();
  Outbox box(g_ring, sizeof g_ring);
  box.add_link(&g_link_a);
  g_link_a.refuse = true;  // online but its transmit buffer is full
  box.push(make_line(0));
  box.service(100);
  CHECK_EQ(box.waiting(), 1);
  g_link_a.refuse = false;
  box.service(200);
  CHECK_EQ(box.waiting(), 0);
  CHECK(has_sup(g_link_a.last(), 200));
}

TEST(outbox, overflow_drops_oldest_and_counts_only_undelivered) {
  reset_links();
  Outbox box(g_ring, 1000);
  box.add_link(&g_link_a);
  for (uint32_t i = 0; i < 30; i++) box.push(make_line(i));  // delivered history overwritten: not a loss
  CHECK_EQ(box.take_dropped(), 0);
  g_link_a.up = false;
  for (uint32_t i = 30; i < 60; i++) box.push(make_line(i));
  uint32_t first = 0, last = 0;
  const uint32_t dropped = box.take_dropped(&first, &last);
  CHECK(dropped > 0);
  CHECK_EQ(first, 30);
  CHECK_EQ(last, 30 + dropped - 1);
  CHECK_EQ(box.take_dropped(), 0);  // taken once
  CHECK_EQ(dropped + box.waiting(), 30);
  CHECK(box.used_bytes() <= box.capacity());
  g_link_a.up = true;
  const int before = g_link_a.count;
  box.service(999999, 100);
  // The newest survive, contiguous, ending with the last one pushed.
  const int got = g_link_a.count - before;
  CHECK_EQ(got, 30 - static_cast<int>(dropped));
  for (int i = 0; i < got; i++) CHECK_EQ(seq_of(g_link_a.lines[before + i]), 30 + dropped + i);
  CHECK_EQ(box.stats().dropped, dropped);
}

TEST(outbox, wrap_around_keeps_every_record_intact) {
  reset_links();
  Outbox box(g_ring, 997);  // an odd size: records and headers straddle the end at every kind of offset
  box.add_link(&g_link_a);
  static bool seen[600];
  memset(seen, 0, sizeof seen);
  int duplicates = 0;
  for (uint32_t seq = 0; seq < 600; seq++) {
    const int pad = static_cast<int>((seq * 37) % 120);
    g_link_a.up = (seq / 20) % 3 != 0;  // offline a third of the time, 20 messages at a time
    g_link_a.count = 0;
    box.push(make_line(seq, pad));
    box.service(777, 2);
    for (int i = 0; i < g_link_a.count; i++) {
      const uint32_t s = seq_of(g_link_a.lines[i]);
      if (s >= 600) continue;
      duplicates += seen[s] ? 1 : 0;
      seen[s] = true;
      const Line want = make_line(s, static_cast<int>((s * 37) % 120));
      if (strstr(g_link_a.lines[i], "\"sup\":") != nullptr) {
        char with_sup[MAX_LINE];
        insert_sup(want, 777, with_sup, sizeof with_sup);
        CHECK_STR(g_link_a.lines[i], with_sup);
      } else {
        CHECK_STR(g_link_a.lines[i], want.text);
      }
    }
  }
  g_link_a.up = true;
  g_link_a.count = 0;
  box.service(777, 1000);
  for (int i = 0; i < g_link_a.count; i++) seen[seq_of(g_link_a.lines[i])] = true;
  int delivered = 0;
  for (bool b : seen) delivered += b ? 1 : 0;
  CHECK_EQ(duplicates, 0);
  CHECK(box.stats().dropped > 0);  // the scenario does overflow, so the accounting below means something
  CHECK_EQ(delivered + static_cast<int>(box.stats().dropped), 600);
}

TEST(outbox, replay_request_resends_a_range_with_sup) {
  reset_links();
  Outbox box(g_ring, sizeof g_ring);
  box.add_link(&g_link_a);
  for (uint32_t i = 0; i < 10; i++) box.push(make_line(i));
  CHECK_EQ(box.request_replay(&g_link_a, 3, 6), 4);
  g_link_a.count = 0;
  box.service(50000);
  CHECK_EQ(g_link_a.count, 4);
  for (int i = 0; i < 4; i++) {
    CHECK_EQ(seq_of(g_link_a.lines[i]), 3 + i);
    CHECK(has_sup(g_link_a.lines[i], 50000));
  }
  CHECK_EQ(box.stats().replayed, 4);
  CHECK_EQ(box.request_replay(&g_link_a, 100, 200), 0);
  CHECK_EQ(box.request_replay(&g_link_a, 8, UINT32_MAX), 2);
  g_link_a.count = 0;
  box.service(50001);
  CHECK_EQ(g_link_a.count, 2);
}

TEST(outbox, replay_goes_only_to_the_link_that_asked) {
  reset_links();
  Outbox box(g_ring, sizeof g_ring);
  box.add_link(&g_link_a);
  box.add_link(&g_link_b);
  for (uint32_t i = 0; i < 4; i++) box.push(make_line(i));
  CHECK_EQ(g_link_a.count, 4);
  CHECK_EQ(g_link_b.count, 4);
  box.request_replay(&g_link_b, 0, 1);
  box.service(60000);
  CHECK_EQ(g_link_a.count, 4);
  CHECK_EQ(g_link_b.count, 6);
}

TEST(outbox, delivered_once_any_link_takes_it) {
  reset_links();
  Outbox box(g_ring, sizeof g_ring);
  box.add_link(&g_link_a);
  box.add_link(&g_link_b);
  g_link_a.up = false;
  box.push(make_line(0));
  CHECK_EQ(box.waiting(), 0);  // b took it: the host has it, whichever transport carried it
  CHECK_EQ(g_link_b.count, 1);
  g_link_b.up = false;
  box.push(make_line(1));
  CHECK_EQ(box.waiting(), 1);
  g_link_a.up = true;
  box.service(70000);
  CHECK_EQ(g_link_a.count, 1);
  CHECK(has_sup(g_link_a.last(), 70000));
}

TEST(outbox, message_larger_than_the_ring_is_counted_lost) {
  reset_links();
  Outbox box(g_ring, 64);
  box.add_link(&g_link_a);
  g_link_a.up = false;
  box.push(make_line(0));
  CHECK_EQ(box.take_dropped(), 1);
  CHECK_EQ(box.stored(), 0);
}
