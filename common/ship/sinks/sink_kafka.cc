#include "common/ship/sinks/sink_kafka.h"

#include <librdkafka/rdkafka.h>

#include <cstdio>

#include "common/stream/commit_file.h"
#include "common/json/json_fields.h"

namespace lc {

std::string KafkaMessageKey(std::string_view record) {
  std::string cursor;
  ForEachJsonMember(record, [&](const JsonMember& m) {
    if (!m.KeyIs("lc.cursor")) return true;
    if (m.type == JsonMember::kString) cursor = m.ValueText();
    return false;
  });
  std::string key;
  int64_t offset;
  if (!SplitCursor(cursor.data(), cursor.size(), &key, &offset)) return std::string();
  return key;
}

namespace {

struct Slot {
  KafkaProducer::Outcome outcome = KafkaProducer::kRetry;
  std::string reason;
  bool reported = false;
};

// Errors after which resending cannot help.
bool Permanent(rd_kafka_resp_err_t err) {
  return err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE ||
         err == RD_KAFKA_RESP_ERR_INVALID_MSG_SIZE || err == RD_KAFKA_RESP_ERR_INVALID_RECORD;
}

void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  Slot* s = static_cast<Slot*>(m->_private);
  if (!s) return;
  s->reported = true;
  if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    s->outcome = KafkaProducer::kDelivered;
  } else {
    s->outcome = Permanent(m->err) ? KafkaProducer::kReject : KafkaProducer::kRetry;
    s->reason = rd_kafka_err2str(m->err);
  }
}

// librdkafka's own log lines, in the tools' stderr format.
void OnLog(const rd_kafka_t*, int level, const char* fac, const char* buf) {
  std::fprintf(stderr, "lc-ship: kafka: %s\n", buf);
}

}  // namespace

struct KafkaProducer::Impl {
  KafkaOptions options;
  rd_kafka_t* rk = nullptr;
  ~Impl() {
    if (rk) {  // Produce() waited for every report: nothing is pending
      rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
      rd_kafka_poll(rk, 0);
      rd_kafka_destroy(rk);
    }
  }
};

namespace {

Status NewProducer(const KafkaOptions& o, rd_kafka_t** out) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  std::vector<std::pair<std::string, std::string>> props = {
      {"bootstrap.servers", o.brokers},
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"message.timeout.ms", std::to_string(o.delivery_timeout_nanos / 1'000'000)},
      {"linger.ms", "5"},
      {"log_level", "3"},
  };
  props.insert(props.end(), o.properties.begin(), o.properties.end());
  for (const auto& [k, v] : props) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return Status::InvalidArgument("kafka property " + k + ": " + err);
    }
  }
  rd_kafka_conf_set_dr_msg_cb(conf, OnDelivery);
  rd_kafka_conf_set_log_cb(conf, OnLog);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument(std::string("kafka: ") + err);
  }
  *out = rk;
  return Status::OK();
}

}  // namespace

Status KafkaProducer::Open(const KafkaOptions& options, std::unique_ptr<KafkaProducer>* out) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  Status st = NewProducer(options, &impl->rk);
  if (!st.ok()) return st;
  out->reset(new KafkaProducer(std::move(impl)));
  return Status::OK();
}

KafkaProducer::KafkaProducer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KafkaProducer::~KafkaProducer() = default;

// An idempotent producer that hit a fatal error (e.g. the broker lost its
// producer state) cannot go on; a new one starts a new producer session.
Status KafkaProducer::Recreate() {
  rd_kafka_t* rk = nullptr;
  Status st = NewProducer(impl_->options, &rk);
  if (!st.ok()) return st;
  // Purged messages still get their delivery reports, which write into the
  // caller's slots: serve them all now, while those slots exist.
  rd_kafka_purge(impl_->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  for (int i = 0; i < 500 && rd_kafka_outq_len(impl_->rk) > 0; ++i) rd_kafka_poll(impl_->rk, 10);
  rd_kafka_destroy(impl_->rk);
  impl_->rk = rk;
  return Status::OK();
}

Status KafkaProducer::Produce(const std::vector<std::string_view>& records,
                              std::vector<Outcome>* outcomes, std::vector<std::string>* reasons) {
  rd_kafka_t* rk = impl_->rk;
  const std::string& topic = impl_->options.topic;
  std::vector<Slot> slots(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    std::string key = KafkaMessageKey(records[i]);
    for (;;) {
      rd_kafka_resp_err_t err = rd_kafka_producev(
          rk, RD_KAFKA_V_TOPIC(topic.c_str()),
          RD_KAFKA_V_VALUE(const_cast<char*>(records[i].data()), records[i].size()),
          RD_KAFKA_V_KEY(key.empty() ? nullptr : key.data(), key.size()),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE(&slots[i]),
          RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        rd_kafka_poll(rk, 50);  // serve delivery reports to make room
        continue;
      }
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        slots[i].reported = true;
        slots[i].outcome = Permanent(err) ? kReject : kRetry;
        slots[i].reason = rd_kafka_err2str(err);
      }
      break;
    }
  }
  // Every message now ends in a delivery report within message.timeout.ms.
  int64_t wait_ms = impl_->options.delivery_timeout_nanos / 1'000'000 + 5000;
  rd_kafka_flush(rk, static_cast<int>(wait_ms));
  char fatal[512];
  rd_kafka_resp_err_t ferr = rd_kafka_fatal_error(rk, fatal, sizeof(fatal));
  bool unreported = false;
  for (const Slot& s : slots) unreported |= !s.reported;
  if (ferr != RD_KAFKA_RESP_ERR_NO_ERROR || unreported) {
    // Slots must outlive their messages: purge them before returning.
    Status st = Recreate();
    if (!st.ok()) return st;
    return Status::IOError("kafka " + impl_->options.brokers + ": " +
                           (ferr ? std::string(fatal) : std::string("delivery reports missing")));
  }
  outcomes->clear();
  reasons->clear();
  for (const Slot& s : slots) {
    outcomes->push_back(s.outcome);
    reasons->push_back(s.reason);
  }
  return Status::OK();
}

SendResult KafkaSink::Send(const Batch& batch) {
  std::vector<std::string_view> records = batch.Views();
  std::vector<KafkaProducer::Outcome> outcomes;
  std::vector<std::string> reasons;
  Status st = producer_->Produce(records, &outcomes, &reasons);
  if (!st.ok()) return SendResult::Failed(st);
  SendResult r;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    r.outcomes.push_back(outcomes[i] == KafkaProducer::kDelivered ? SendResult::kDelivered
                         : outcomes[i] == KafkaProducer::kRetry   ? SendResult::kRetry
                                                                  : SendResult::kReject);
    r.reasons.push_back(reasons[i].empty() ? reasons[i] : "kafka: " + reasons[i]);
  }
  return FinishResult(std::move(r));
}

}  // namespace lc
