#include "common/listen/http_request_parser.h"

#include <cctype>
#include <cstring>

namespace lc {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (tolower(static_cast<unsigned char>(a[i])) != tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// The end of the line starting at `from` (the index of its "\n"), or npos.
size_t LineEnd(const std::string& s, size_t from) { return s.find('\n', from); }

}  // namespace

std::string_view IncomingRequest::path() const {
  std::string_view t = target;
  size_t q = t.find('?');
  return q == std::string_view::npos ? t : t.substr(0, q);
}

HttpRequestParser::Result HttpRequestParser::Fail(int status, std::string why) {
  error_status_ = status;
  error_ = std::move(why);
  return kError;
}

HttpRequestParser::Result HttpRequestParser::ParseHead(std::string_view head) {
  req_ = IncomingRequest();
  size_t eol = head.find('\n');
  std::string_view line = Trim(head.substr(0, eol));
  size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return Fail(400, "bad request line");
  req_.method = std::string(line.substr(0, sp1));
  req_.target = std::string(Trim(line.substr(sp1 + 1, sp2 - sp1 - 1)));
  std::string_view version = line.substr(sp2 + 1);
  if (version == "HTTP/1.0") {
    req_.keep_alive = false;
  } else if (version != "HTTP/1.1") {
    return Fail(version.substr(0, 5) == "HTTP/" ? 505 : 400, "not HTTP/1.x");
  }
  bool has_length = false, chunked = false;
  uint64_t length = 0;
  size_t pos = eol == std::string_view::npos ? head.size() : eol + 1;
  while (pos < head.size()) {
    size_t end = head.find('\n', pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view h = head.substr(pos, end - pos);
    pos = end + 1;
    if (Trim(h).empty()) continue;
    size_t colon = h.find(':');
    if (colon == std::string_view::npos || colon == 0) return Fail(400, "bad header line");
    std::string_view name = h.substr(0, colon), value = Trim(h.substr(colon + 1));
    if (IEquals(name, "content-length")) {
      if (value.empty() || value.size() > 18 || value.find_first_not_of("0123456789") != std::string_view::npos) {
        return Fail(400, "bad Content-Length");
      }
      uint64_t v = std::stoull(std::string(value));
      if (has_length && v != length) return Fail(400, "two Content-Lengths");
      has_length = true;
      length = v;
    } else if (IEquals(name, "transfer-encoding")) {
      if (!IEquals(value, "chunked")) return Fail(501, "Transfer-Encoding other than chunked");
      chunked = true;
    } else if (IEquals(name, "content-type")) {
      req_.content_type = std::string(value);
    } else if (IEquals(name, "content-encoding")) {
      req_.content_encoding = std::string(value);
      for (char& c : req_.content_encoding) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
    } else if (IEquals(name, "authorization")) {
      req_.authorization = std::string(value);
    } else if (IEquals(name, "expect")) {
      req_.expect_continue = IEquals(value, "100-continue");
    } else if (IEquals(name, "connection")) {
      if (IEquals(value, "close")) req_.keep_alive = false;
      if (IEquals(value, "keep-alive")) req_.keep_alive = true;
    }
  }
  if (chunked && has_length) return Fail(400, "both Content-Length and chunked");
  if (chunked) {
    state_ = kChunkSize;
  } else if (has_length && length > 0) {
    if (length > max_body_) return Fail(413, "body of " + std::to_string(length) + " bytes is over the limit");
    remaining_ = length;
    req_.body.reserve(static_cast<size_t>(length));
    state_ = kReadBody;
  } else {
    state_ = kDone;
  }
  return kHead;
}

HttpRequestParser::Result HttpRequestParser::Parse(std::string* in) {
  size_t used = 0;
  Result result = kNeedMore;
  while (result == kNeedMore) {
    if (state_ == kReadHead) {
      // Blank lines before a request are allowed (RFC 9112 2.2).
      while (used < in->size() && ((*in)[used] == '\r' || (*in)[used] == '\n')) used++;
      size_t end = in->find("\n\r\n", used), skip = 3;
      size_t end2 = in->find("\n\n", used);
      if (end2 != std::string::npos && (end == std::string::npos || end2 < end)) {
        end = end2;
        skip = 2;
      }
      if (end == std::string::npos) {
        if (in->size() - used > kMaxHeadBytes) return Fail(431, "request head too long");
        break;
      }
      if (end - used > kMaxHeadBytes) return Fail(431, "request head too long");
      result = ParseHead(std::string_view(*in).substr(used, end + 1 - used));
      used = end + skip;
      if (result == kError) return result;
      continue;  // kHead is returned below, after the bytes used are gone
    }
    if (state_ == kReadBody || state_ == kChunkData) {
      size_t n = std::min<uint64_t>(remaining_, in->size() - used);
      req_.body.append(*in, used, n);
      used += n;
      remaining_ -= n;
      if (remaining_ > 0) break;
      state_ = state_ == kReadBody ? kDone : kChunkEnd;
      continue;
    }
    if (state_ == kDone) {
      state_ = kReadHead;
      result = kRequest;
      break;
    }
    size_t eol = LineEnd(*in, used);
    if (eol == std::string::npos) {
      if (in->size() - used > 1024) return Fail(400, "bad chunk framing");
      break;
    }
    std::string_view line = Trim(std::string_view(*in).substr(used, eol - used));
    used = eol + 1;
    if (state_ == kChunkSize) {
      std::string_view hex = line.substr(0, line.find(';'));
      hex = Trim(hex);
      if (hex.empty() || hex.size() > 15 || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos) {
        return Fail(400, "bad chunk size");
      }
      uint64_t size = std::stoull(std::string(hex), nullptr, 16);
      if (size == 0) {
        state_ = kTrailers;
      } else if (req_.body.size() + size > max_body_) {
        return Fail(413, "chunked body over the limit");
      } else {
        remaining_ = size;
        state_ = kChunkData;
      }
    } else if (state_ == kChunkEnd) {
      if (!line.empty()) return Fail(400, "bad chunk framing");
      state_ = kChunkSize;
    } else if (state_ == kTrailers && line.empty()) {
      state_ = kDone;
    }
  }
  in->erase(0, used);
  return result;
}

}  // namespace lc
