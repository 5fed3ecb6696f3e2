#pragma once
// Every message goes through the outbox: a byte ring of encoded lines (no heap; the caller owns the storage).
// - While some link is online and nothing is waiting, a message is sent at once, as it was encoded.
// - Otherwise it waits; when a link is back, waiting messages go out oldest first with `sup` (uptime when sent).
// - A message counts as delivered once any link took it: the host stores (dev, boot, seq) once, whichever
//   transport carried it.
// - Sent messages stay in the ring as history, so a `replay` command can resend a range (again with `sup`).
// - When the ring is full the oldest message is dropped; dropping one not yet delivered is counted.

#include <stddef.h>
#include <stdint.h>

#include "Encoder.h"
#include "Link.h"

namespace twinscope {

struct OutboxStats {
  uint32_t live = 0;       // sent when encoded
  uint32_t backfill = 0;   // sent later, with sup
  uint32_t replayed = 0;   // resent on request, with sup
  uint32_t dropped = 0;    // lost before any link took them
};

class Outbox {
 public:
  static const size_t MAX_LINKS = 2;
  static const size_t RECORD_HEADER = 10;

  Outbox(uint8_t *storage, size_t capacity);

  bool add_link(Link *link);
  // Stores the message (dropping the oldest ones if needed) and sends it now when nothing older is waiting.
  void push(const Line &line);
  // Sends waiting messages with sup = now, then the requested replay; at most `budget` messages per call so the
  // main loop never stalls. A link that refuses a message stops the drain until the next call.
  void service(uint64_t now_ms, unsigned budget = 16);
  // Resends buffered messages with from <= seq <= to on `link` only, from later service() calls. Replaces an
  // earlier request. Returns how many are buffered in that range (0: nothing will be sent).
  uint32_t request_replay(Link *link, uint32_t from, uint32_t to);

  bool any_online();
  size_t waiting() const { return pending_count_; }
  size_t stored() const { return count_; }
  size_t used_bytes() const { return used_; }
  size_t capacity() const { return capacity_; }
  // Messages lost to overflow before delivery since the last call, and the first and last seq among them.
  uint32_t take_dropped(uint32_t *first_seq = nullptr, uint32_t *last_seq = nullptr);
  const OutboxStats &stats() const { return stats_; }

 private:
  struct Header {
    uint32_t seq;
    uint16_t len;
    uint16_t head_end;
    uint8_t kind;
  };

  void write_bytes(size_t pos, const void *src, size_t n);
  void read_bytes(size_t pos, void *dst, size_t n) const;
  Header header_at(size_t pos) const;
  size_t next_record(size_t pos) const;
  void drop_oldest();
  void count_dropped(uint32_t seq);
  // Sends the record at pos with sup = now to `only` (or to every online link when null). True if one took it.
  bool send_record(size_t pos, uint64_t now_ms, Link *only);

  uint8_t *ring_;
  size_t capacity_;
  size_t head_ = 0;  // where the next record is written
  size_t tail_ = 0;  // oldest record
  size_t used_ = 0;
  size_t count_ = 0;
  size_t pending_pos_ = 0;  // first record not yet delivered (the waiting ones are always the newest)
  size_t pending_count_ = 0;
  Link *links_[MAX_LINKS] = {nullptr, nullptr};
  size_t link_count_ = 0;
  Link *replay_link_ = nullptr;
  uint32_t replay_next_ = 0;
  uint32_t replay_to_ = 0;
  uint32_t dropped_since_take_ = 0;
  uint32_t first_dropped_ = 0;
  uint32_t last_dropped_ = 0;
  OutboxStats stats_;
  Line scratch_;         // one record read back from the ring
  char wire_[MAX_LINE];  // that record with sup inserted
};

}  // namespace twinscope
