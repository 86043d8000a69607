#include "common/ship/sinks/sink_kafka.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <gtest/gtest.h>

namespace lc {

TEST(KafkaProducer, KeyIsTheSourceKeyOfTheCursor) {
  EXPECT_EQ("803:1a:9f", KafkaMessageKey(R"({"body":"x","lc.cursor":"803:1a:9f:120"})"));
  EXPECT_EQ("", KafkaMessageKey(R"({"body":"x"})"));
  EXPECT_EQ("", KafkaMessageKey("not json"));
  EXPECT_EQ("", KafkaMessageKey(R"({"lc.cursor":"nocolon"})"));
}

TEST(KafkaProducer, BadPropertyIsInvalidArgument) {
  KafkaOptions o;
  o.brokers = "127.0.0.1:1";
  o.topic = "t";
  o.properties = {{"no.such.property", "1"}};
  std::unique_ptr<KafkaProducer> p;
  Status st = KafkaProducer::Open(o, &p);
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_NE(std::string::npos, st.message().find("no.such.property"));
}

// librdkafka's in-process mock cluster (a real Kafka protocol server on
// loopback, with fault injection): a retriable produce error is retried by
// the idempotent producer itself, and every message is reported delivered.
TEST(KafkaProducer, DeliversThroughInjectedRetriableErrors) {
  char err[256];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "0", err, sizeof(err));
  rd_kafka_t* host = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  ASSERT_NE(nullptr, host);
  rd_kafka_mock_cluster_t* mc = rd_kafka_mock_cluster_new(host, 1);
  ASSERT_NE(nullptr, mc);
  ASSERT_EQ(RD_KAFKA_RESP_ERR_NO_ERROR, rd_kafka_mock_topic_create(mc, "logs", 1, 1));
  rd_kafka_mock_push_request_errors(mc, 0 /* Produce */, 2,
                                    RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
                                    RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT);
  KafkaOptions o;
  o.brokers = rd_kafka_mock_cluster_bootstraps(mc);
  o.topic = "logs";
  o.delivery_timeout_nanos = 20'000'000'000;
  {
    std::unique_ptr<KafkaProducer> p;
    ASSERT_TRUE(KafkaProducer::Open(o, &p).ok());
    std::vector<std::string> recs = {R"({"body":"a","lc.cursor":"k:1"})",
                                     R"({"body":"b","lc.cursor":"k:2"})"};
    std::vector<std::string_view> views(recs.begin(), recs.end());
    std::vector<KafkaProducer::Outcome> out;
    std::vector<std::string> reasons;
    Status st = p->Produce(views, &out, &reasons);
    ASSERT_TRUE(st.ok()) << st.ToString();
    ASSERT_EQ(2u, out.size());
    EXPECT_EQ(KafkaProducer::kDelivered, out[0]);
    EXPECT_EQ(KafkaProducer::kDelivered, out[1]);
  }
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(host);
}

// A cluster that is down for longer than the delivery timeout: the
// messages are reported for resend, not lost and not "delivered".
TEST(KafkaProducer, BrokerDownMeansRetry) {
  char err[256];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "0", err, sizeof(err));
  rd_kafka_t* host = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  rd_kafka_mock_cluster_t* mc = rd_kafka_mock_cluster_new(host, 1);
  ASSERT_NE(nullptr, mc);
  rd_kafka_mock_topic_create(mc, "logs", 1, 1);
  rd_kafka_mock_broker_set_down(mc, 1);
  KafkaOptions o;
  o.brokers = rd_kafka_mock_cluster_bootstraps(mc);
  o.topic = "logs";
  o.delivery_timeout_nanos = 500'000'000;
  o.properties = {{"log_level", "0"}};  // the connection errors are expected
  {
    std::unique_ptr<KafkaProducer> p;
    ASSERT_TRUE(KafkaProducer::Open(o, &p).ok());
    std::string rec = R"({"body":"a","lc.cursor":"k:1"})";
    std::vector<KafkaProducer::Outcome> out;
    std::vector<std::string> reasons;
    Status st = p->Produce({rec}, &out, &reasons);
    if (st.ok()) {
      ASSERT_EQ(1u, out.size());
      EXPECT_EQ(KafkaProducer::kRetry, out[0]);
      EXPECT_FALSE(reasons[0].empty());
    }  // a whole-batch failure is a retry too
  }
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(host);
}

}  // namespace lc
