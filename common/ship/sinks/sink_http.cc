#include "common/ship/sinks/sink_http.h"

namespace lc {

void NdjsonProtocol::Encode(const Batch& batch, size_t begin, size_t end, int64_t, std::string*,
                            HttpRequest* rq) {
  // Records [begin, end) are contiguous in batch.data, each with its '\n'.
  size_t from = batch.spans[begin].first;
  size_t to = batch.spans[end - 1].first + batch.spans[end - 1].second + 1;
  rq->path = "";
  rq->content_type = "application/x-ndjson";
  rq->body = std::string_view(batch.data).substr(from, to - from);
}

}  // namespace lc
