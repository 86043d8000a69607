#include "common/ship/sinks/sink_elasticsearch.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "common/ship/batch.h"

namespace lc {

std::string BulkDocumentId(std::string_view record) {
  std::string scratch;
  std::string_view key, input = record;
  int64_t offset;
  // The cursor's value, "<key>:<offset>", escapes decoded: FindCursor
  // decodes it whole into `scratch` when it held escapes; otherwise the key
  // starts the raw value, which ends at the next quote.
  if (FindCursor(record, &scratch, &key, &offset)) {
    if (!scratch.empty() && key.data() >= scratch.data() && key.data() < scratch.data() + scratch.size()) {
      input = scratch;
    } else {
      const char* from = key.data();
      const char* quote = static_cast<const char*>(
          memchr(from, '"', static_cast<size_t>(record.data() + record.size() - from)));
      if (quote != nullptr) input = std::string_view(from, static_cast<size_t>(quote - from));
    }
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // One context per thread, reused: creating one per record cost more than
  // the hash itself.
  struct Ctx {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Ctx() { EVP_MD_CTX_free(ctx); }
  };
  thread_local Ctx c;
  // Fetched once: OpenSSL 3 looks the algorithm up on every implicit use.
  static EVP_MD* sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_DigestInit_ex2(c.ctx, sha256, nullptr);
  EVP_DigestUpdate(c.ctx, input.data(), input.size());
  EVP_DigestFinal_ex(c.ctx, digest, &len);
  static const char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(32);
  for (int i = 0; i < 16; ++i) {
    id.push_back(kHex[digest[i] >> 4]);
    id.push_back(kHex[digest[i] & 15]);
  }
  return id;
}

void EncodeBulkRequest(const std::vector<std::string_view>& records, std::string* out) {
  size_t total = 0;
  for (std::string_view r : records) total += r.size() + 48;
  out->reserve(out->size() + total);
  for (std::string_view r : records) {
    out->append("{\"create\":{\"_id\":\"");
    out->append(BulkDocumentId(r));
    out->append("\"}}\n");
    out->append(r.data(), r.size());
    out->push_back('\n');
  }
}

Status ParseBulkResponse(std::string_view body, size_t n, std::vector<BulkItemOutcome>* out) {
  out->clear();
  nlohmann::json j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (!j.is_object()) return Status::Corruption("bulk response: not a JSON object");
  auto errors = j.find("errors");
  if (errors == j.end() || !errors->is_boolean())
    return Status::Corruption("bulk response: no \"errors\" flag");
  if (!errors->get<bool>()) {
    out->assign(n, BulkItemOutcome());  // every item succeeded
    return Status::OK();
  }
  auto items = j.find("items");
  if (items == j.end() || !items->is_array() || items->size() != n)
    return Status::Corruption("bulk response: " + std::to_string(n) +
                              " items sent, a different number answered");
  out->reserve(n);
  for (const nlohmann::json& item : *items) {
    if (!item.is_object() || item.empty() || !item.begin()->is_object())
      return Status::Corruption("bulk response: an item is not an object");
    const nlohmann::json& r = *item.begin();
    auto st = r.find("status");
    if (st == r.end() || !st->is_number_integer())
      return Status::Corruption("bulk response: an item has no status");
    BulkItemOutcome o;
    o.status = st->get<int>();
    if ((o.status >= 200 && o.status < 300) || o.status == 409) {
      o.kind = BulkItemOutcome::kDelivered;
    } else {
      o.kind = (o.status == 429 || o.status >= 500) ? BulkItemOutcome::kRetry
                                                    : BulkItemOutcome::kReject;
      o.reason = std::to_string(o.status);
      auto err = r.find("error");
      if (err != r.end() && err->is_object()) {
        o.reason += " " + err->value("type", std::string("error")) + ": " +
                    err->value("reason", std::string());
      } else if (err != r.end() && err->is_string()) {
        o.reason += " " + err->get<std::string>();
      }
    }
    out->push_back(std::move(o));
  }
  return Status::OK();
}


void BulkProtocol::Encode(const Batch& batch, size_t begin, size_t end, int64_t, std::string* scratch,
                          HttpRequest* rq) {
  std::vector<std::string_view> records;
  records.reserve(end - begin);
  for (size_t i = begin; i < end; ++i) records.push_back(batch.at(i));
  EncodeBulkRequest(records, scratch);
  rq->path = path_;
  rq->content_type = "application/x-ndjson";
  rq->body = *scratch;
}

void BulkProtocol::Accepted(const HttpReply& reply, const std::string& where, size_t begin, size_t end,
                            SendResult* r) {
  std::vector<BulkItemOutcome> items;
  Status ps = ParseBulkResponse(reply.body, end - begin, &items);
  if (!ps.ok()) {
    r->Mark(begin, end, SendResult::kRetry, where + ": " + ps.message());
    return;
  }
  for (size_t i = 0; i < items.size(); ++i) {
    r->outcomes[begin + i] = items[i].kind == BulkItemOutcome::kDelivered ? SendResult::kDelivered
                             : items[i].kind == BulkItemOutcome::kRetry   ? SendResult::kRetry
                                                                          : SendResult::kReject;
    if (!items[i].reason.empty()) r->SetReason(begin + i, where + ": item " + items[i].reason);
  }
}

}  // namespace lc
