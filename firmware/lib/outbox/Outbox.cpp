#include "Outbox.h"

#include <string.h>

namespace twinscope {

Outbox::Outbox(uint8_t *storage, size_t capacity) : ring_(storage), capacity_(capacity) {}

bool Outbox::add_link(Link *link) {
  if (link_count_ >= MAX_LINKS) return false;
  links_[link_count_++] = link;
  return true;
}

void Outbox::write_bytes(size_t pos, const void *src, size_t n) {
  const size_t first = n < capacity_ - pos ? n : capacity_ - pos;
  memcpy(ring_ + pos, src, first);
  memcpy(ring_, static_cast<const uint8_t *>(src) + first, n - first);
}

void Outbox::read_bytes(size_t pos, void *dst, size_t n) const {
  const size_t first = n < capacity_ - pos ? n : capacity_ - pos;
  memcpy(dst, ring_ + pos, first);
  memcpy(static_cast<uint8_t *>(dst) + first, ring_, n - first);
}

Outbox::Header Outbox::header_at(size_t pos) const {
  uint8_t raw[RECORD_HEADER];
  read_bytes(pos, raw, sizeof raw);
  Header h;
  memcpy(&h.seq, raw, 4);
  memcpy(&h.len, raw + 4, 2);
  memcpy(&h.head_end, raw + 6, 2);
  h.kind = raw[8];
  return h;
}

size_t Outbox::next_record(size_t pos) const { return (pos + RECORD_HEADER + header_at(pos).len) % capacity_; }

void Outbox::count_dropped(uint32_t seq) {
  if (dropped_since_take_ == 0) first_dropped_ = seq;
  last_dropped_ = seq;
  dropped_since_take_++;
  stats_.dropped++;
}

void Outbox::drop_oldest() {
  const Header h = header_at(tail_);
  const size_t size = RECORD_HEADER + h.len;
  if (pending_count_ == count_) {  // the oldest record was never delivered: that is a real loss
    pending_count_--;
    pending_pos_ = next_record(tail_);
    count_dropped(h.seq);
  }
  tail_ = (tail_ + size) % capacity_;
  used_ -= size;
  count_--;
}

bool Outbox::any_online() {
  for (size_t i = 0; i < link_count_; i++) {
    if (links_[i]->online()) return true;
  }
  return false;
}

void Outbox::push(const Line &line) {
  const size_t size = RECORD_HEADER + line.len;
  if (line.len == 0) return;
  if (size > capacity_) {  // cannot be stored at all
    count_dropped(line.seq);
    return;
  }
  while (capacity_ - used_ < size) drop_oldest();
  uint8_t raw[RECORD_HEADER] = {0};
  memcpy(raw, &line.seq, 4);
  memcpy(raw + 4, &line.len, 2);
  memcpy(raw + 6, &line.head_end, 2);
  raw[8] = static_cast<uint8_t>(line.kind);
  const size_t pos = head_;
  write_bytes(pos, raw, sizeof raw);
  write_bytes((pos + RECORD_HEADER) % capacity_, line.text, line.len);
  head_ = (pos + size) % capacity_;
  used_ += size;
  count_++;

  if (pending_count_ == 0) {
    bool delivered = false;
    for (size_t i = 0; i < link_count_; i++) {
      if (links_[i]->online() && links_[i]->send(line.kind, line.text, line.len)) delivered = true;
    }
    if (delivered) {
      stats_.live++;
      return;
    }
    pending_pos_ = pos;
  }
  pending_count_++;
}

bool Outbox::send_record(size_t pos, uint64_t now_ms, Link *only) {
  const Header h = header_at(pos);
  scratch_.len = h.len;
  scratch_.head_end = h.head_end;
  scratch_.seq = h.seq;
  scratch_.kind = static_cast<MessageKind>(h.kind);
  read_bytes((pos + RECORD_HEADER) % capacity_, scratch_.text, h.len);
  const size_t n = insert_sup(scratch_, now_ms, wire_, sizeof wire_);
  if (n == 0) return true;  // cannot happen (MAX_MESSAGE leaves room for sup); never block the queue on it
  bool delivered = false;
  for (size_t i = 0; i < link_count_; i++) {
    Link *link = links_[i];
    if (only != nullptr && link != only) continue;
    if (link->online() && link->send(scratch_.kind, wire_, n)) delivered = true;
  }
  return delivered;
}

void Outbox::service(uint64_t now_ms, unsigned budget) {
  while (budget > 0 && pending_count_ > 0) {
    if (!send_record(pending_pos_, now_ms, nullptr)) break;
    pending_pos_ = next_record(pending_pos_);
    pending_count_--;
    stats_.backfill++;
    budget--;
  }
  while (budget > 0 && replay_link_ != nullptr) {
    if (!replay_link_->online()) {
      replay_link_ = nullptr;  // the host that asked is gone
      break;
    }
    // Walk from the oldest record: overflow may have dropped records since the last call.
    size_t pos = tail_;
    size_t left = count_;
    while (left > 0 && header_at(pos).seq < replay_next_) pos = next_record(pos), left--;
    if (left == 0 || header_at(pos).seq > replay_to_) {
      replay_link_ = nullptr;
      break;
    }
    const uint32_t seq = header_at(pos).seq;
    if (!send_record(pos, now_ms, replay_link_)) break;
    stats_.replayed++;
    budget--;
    if (seq == UINT32_MAX || seq >= replay_to_) replay_link_ = nullptr;
    else replay_next_ = seq + 1;
  }
}

uint32_t Outbox::request_replay(Link *link, uint32_t from, uint32_t to) {
  uint32_t found = 0;
  size_t pos = tail_;
  for (size_t i = 0; i < count_; i++) {
    const uint32_t seq = header_at(pos).seq;
    if (seq >= from && seq <= to) found++;
    pos = next_record(pos);
  }
  replay_link_ = found > 0 ? link : nullptr;
  replay_next_ = from;
  replay_to_ = to;
  return found;
}

uint32_t Outbox::take_dropped(uint32_t *first_seq, uint32_t *last_seq) {
  const uint32_t n = dropped_since_take_;
  if (first_seq != nullptr) *first_seq = first_dropped_;
  if (last_seq != nullptr) *last_seq = last_dropped_;
  dropped_since_take_ = 0;
  return n;
}

}  // namespace twinscope
