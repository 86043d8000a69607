// Kafka producer for lc-ship (librdkafka): each record is one message.
//
// The producer is idempotent (enable.idempotence=true, which implies
// acks=all and in-order retries without duplicates inside one producer
// session).  A batch counts as delivered only when every message's delivery
// report came back without error; librdkafka retries inside
// `message.timeout.ms`, and a message still undelivered then is reported
// for resend (the caller resends it in a later batch).  A message the broker
// refuses for good (too large, invalid) is rejected (dead-letter).
//
// The message key is the source key of the record's lc.cursor, so the
// records of one source go to one partition, in order.  The value is the
// record line as is.
#ifndef LC_COMMON_SINK_KAFKA_H_
#define LC_COMMON_SINK_KAFKA_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/ship/sink.h"
#include "common/base/status.h"

namespace lc {

// The message key for a record: the source key of its lc.cursor ("" if it
// has none: librdkafka then spreads such records over partitions).
std::string KafkaMessageKey(std::string_view record);

struct KafkaOptions {
  std::string brokers;  // "host:port,host:port"
  std::string topic;
  int64_t delivery_timeout_nanos = 30'000'000'000;
  // Extra librdkafka properties (from the sink URL's query string), e.g.
  // compression.type=zstd, security.protocol=ssl.
  std::vector<std::pair<std::string, std::string>> properties;
};

class KafkaProducer {
 public:
  enum Outcome { kDelivered, kRetry, kReject };

  // InvalidArgument for a property librdkafka refuses (names it).
  static Status Open(const KafkaOptions& options, std::unique_ptr<KafkaProducer>* out);
  ~KafkaProducer();

  // Produces every record and waits for all delivery reports.  `outcomes`
  // gets one entry per record, `reasons` the error text of each that is not
  // delivered.  A non-OK Status is a failure of the whole batch (all retry).
  Status Produce(const std::vector<std::string_view>& records, std::vector<Outcome>* outcomes,
                 std::vector<std::string>* reasons);

  struct Impl;

 private:
  explicit KafkaProducer(std::unique_ptr<Impl> impl);
  Status Recreate();
  std::unique_ptr<Impl> impl_;
};

class KafkaSink : public Sink {
 public:
  explicit KafkaSink(std::unique_ptr<KafkaProducer> producer) : producer_(std::move(producer)) {}
  SendResult Send(const Batch& batch) override;

 private:
  std::unique_ptr<KafkaProducer> producer_;
};

}  // namespace lc

#endif  // LC_COMMON_SINK_KAFKA_H_
