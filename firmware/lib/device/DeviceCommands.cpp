// Host commands (PROTOCOL.md "Commands"): each is answered by an `ack` with the command's id, `ok`, and `err`
// when it failed. The ack goes through the outbox like every message, so it has a seq and is never lost silently.
#include <stdio.h>

#include "Device.h"
#include "Log.h"

namespace twinscope {

static const char *const TAG = "cmd";
static const uint32_t REBOOT_DELAY_MS = 300;  // time for the ack to leave before the restart

void Device::handle_command(Link *from, const char *text, size_t len, uint64_t now) {
  Command cmd;
  const char *err = parse_command(text, len, cmd);
  counters_.commands++;
  if (err != nullptr) {
    counters_.bad_commands++;
    TS_LOGW(TAG, "%s: refused (%s)", from->name(), err);
    send_ack(now, cmd.id, false, err);
    return;
  }
  TS_LOGI(TAG, "%s: %s id=%s", from->name(), command_op_name(cmd.op), cmd.id);
  switch (cmd.op) {
    case CommandOp::Identify:
      identify_until_ = now + static_cast<uint64_t>(cmd.identify_s) * 1000;
      send_ack(now, cmd.id, true, nullptr);
      break;
    case CommandOp::SetInterval:
      tele_timer_.set_period(cmd.interval_ms);
      tele_timer_.start(static_cast<uint32_t>(now));
      send_ack(now, cmd.id, true, nullptr);
      send_hello(now);  // hello carries interval_ms; on MQTT it is the retained `meta`
      break;
    case CommandOp::Time:
      clock_.set(now, cmd.epoch_ms, EpochClock::Source::Host);
      send_ack(now, cmd.id, true, nullptr);
      break;
    case CommandOp::Replay: {
      // The ack goes first (pushed now); the replayed messages follow from outbox.service().
      const uint32_t found = parts_.outbox->request_replay(from, cmd.from, cmd.to);
      if (found == 0) {
        send_ack(now, cmd.id, false, "not buffered");
      } else {
        TS_LOGI(TAG, "replaying %lu messages in %lu..%lu", static_cast<unsigned long>(found),
                static_cast<unsigned long>(cmd.from), static_cast<unsigned long>(cmd.to));
        send_ack(now, cmd.id, true, nullptr);
      }
      break;
    }
    case CommandOp::Reboot:
      send_ack(now, cmd.id, true, nullptr);
      reboot_pending_ = true;
      reboot_at_ = now + REBOOT_DELAY_MS;
      break;
    case CommandOp::None:
      send_ack(now, cmd.id, false, "unknown op");
      break;
  }
}

}  // namespace twinscope
