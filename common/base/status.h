// Status: the result of an operation that can fail, as a value.
//
// The library in common/ never throws across its API.  A function that can
// fail returns a Status (or fills an out-parameter and returns one).  The
// codes are few on purpose:
//   NotFound        the thing is not there; often normal (a file rotated away)
//   InvalidArgument bad input from the user: a flag, a config, a state file
//   IOError         the system said no (EACCES, ENOSPC, EIO ...)
//   Corruption      data we wrote or read is not what its format says
// A message names the object first ("path: reason"), so a caller can print
// it after its own prefix ("lc-tail: ").
#ifndef LC_COMMON_STATUS_H_
#define LC_COMMON_STATUS_H_

#include <string>

namespace lc {

class Status {
 public:
  enum Code { kOk = 0, kNotFound, kInvalidArgument, kIOError, kCorruption };

  Status() = default;
  static Status OK() { return Status(); }
  static Status NotFound(std::string msg) { return Status(kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) {
    return Status(kInvalidArgument, std::move(msg));
  }
  static Status IOError(std::string msg) { return Status(kIOError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(kCorruption, std::move(msg)); }
  // IOError or NotFound from errno, as "<what>: <strerror(err)>".
  static Status FromErrno(const std::string& what, int err);

  bool ok() const { return code_ == kOk; }
  bool IsNotFound() const { return code_ == kNotFound; }
  bool IsInvalidArgument() const { return code_ == kInvalidArgument; }
  bool IsIOError() const { return code_ == kIOError; }
  bool IsCorruption() const { return code_ == kCorruption; }
  Code code() const { return code_; }
  const std::string& message() const { return msg_; }
  // "OK", or the message.
  std::string ToString() const { return ok() ? "OK" : msg_; }

 private:
  Status(Code c, std::string m) : code_(c), msg_(std::move(m)) {}
  Code code_ = kOk;
  std::string msg_;
};

}  // namespace lc

#endif  // LC_COMMON_STATUS_H_
