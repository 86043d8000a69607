// kafka_mock_cluster: a test-only helper for tests/lc-ship-sinks.bats.
//
// Starts librdkafka's mock cluster (a Kafka protocol server in this
// process, on loopback; rdkafka_mock.h), writes its bootstrap servers to
// the file named by argv[1] (via a temp file and rename), then obeys
// commands, one per line on stdin, until stdin closes:
//   topic NAME PARTITIONS        create a topic
//   down BROKER_ID | up BROKER_ID
//   produce-errors N             the next N Produce requests fail with
//                                NOT_ENOUGH_REPLICAS (retriable)
// Each command is answered by "ok" on stdout once applied.
// Built by the test suite itself (g++ ... -lrdkafka); not part of lc.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: kafka_mock_cluster BOOTSTRAP-FILE BROKERS\n");
    return 2;
  }
  char err[256];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "0", err, sizeof(err));
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (!rk) {
    std::fprintf(stderr, "kafka_mock_cluster: %s\n", err);
    return 1;
  }
  rd_kafka_mock_cluster_t* mc = rd_kafka_mock_cluster_new(rk, std::atoi(argv[2]));
  if (!mc) {
    std::fprintf(stderr, "kafka_mock_cluster: cannot start the mock cluster\n");
    return 1;
  }
  std::string tmp = std::string(argv[1]) + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  std::fprintf(f, "%s\n", rd_kafka_mock_cluster_bootstraps(mc));
  std::fclose(f);
  std::rename(tmp.c_str(), argv[1]);
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string cmd, arg;
    int n = 0;
    in >> cmd;
    if (cmd == "topic") {
      in >> arg >> n;
      rd_kafka_mock_topic_create(mc, arg.c_str(), n, 1);
    } else if (cmd == "down" || cmd == "up") {
      in >> n;
      if (cmd == "down") rd_kafka_mock_broker_set_down(mc, n);
      else rd_kafka_mock_broker_set_up(mc, n);
    } else if (cmd == "produce-errors") {
      in >> n;
      for (int i = 0; i < n; ++i)
        rd_kafka_mock_push_request_errors(mc, 0 /* ApiKey Produce */, 1,
                                          RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS);
    } else {
      std::fprintf(stderr, "kafka_mock_cluster: unknown command: %s\n", line.c_str());
      continue;
    }
    std::printf("ok\n");
    std::fflush(stdout);
  }
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
