#include "common/listen/syslog_record.h"

#include <cstdio>

#include "common/listen/syslog_parser.h"

namespace lc {

void SyslogRecordEncoder::Field(size_t* n, std::string_view name, std::string_view value, bool is_string) {
  if (*n == rec_.fields.size()) {
    if (spare_.empty()) {
      rec_.fields.emplace_back();
    } else {
      rec_.fields.push_back(std::move(spare_.back()));
      spare_.pop_back();
    }
  }
  RecordField& f = rec_.fields[(*n)++];
  f.name.assign(name.data(), name.size());
  f.value.assign(value.data(), value.size());
  f.is_string = is_string;
}

void SyslogRecordEncoder::Append(std::string_view raw, bool truncated, int64_t now, const SyslogPeer& peer,
                                 std::string* out) {
  SyslogMessage m;
  bool ok = ParseSyslog(raw, now, &m);
  char t[30];
  times_.Format(m.has_time ? m.time_nanos : now, t);
  rec_.time.assign(t, sizeof t);
  rec_.body.assign(m.msg.data(), m.msg.size());
  rec_.truncated = truncated;
  if (ok) {
    rec_.parse_error.clear();
  } else {
    rec_.parse_error.assign(m.error);
  }
  size_t n = 0;
  char num[4];
  if (m.facility >= 0) {
    int len = snprintf(num, sizeof num, "%d", m.facility);
    Field(&n, "syslog.facility", std::string_view(num, static_cast<size_t>(len)), false);
    num[0] = static_cast<char>('0' + m.severity);
    Field(&n, "syslog.severity", std::string_view(num, 1), false);
  }
  if (m.version == 1) Field(&n, "syslog.version", "1", false);
  std::string_view host = m.host.empty() ? peer.local_host : m.host;
  if (!host.empty()) Field(&n, record_field::kHostName, host, true);
  if (!m.app_name.empty()) Field(&n, "syslog.app_name", m.app_name, true);
  if (!m.proc_id.empty()) Field(&n, "syslog.proc_id", m.proc_id, true);
  if (!m.msg_id.empty()) Field(&n, "syslog.msg_id", m.msg_id, true);
  if (!m.structured_data.empty()) Field(&n, "syslog.structured_data", m.structured_data, true);
  Field(&n, "network.transport", peer.transport, true);
  if (!peer.address.empty()) Field(&n, "client.address", peer.address, true);
  // Fields this record does not have wait in spare_ with their buffers.
  while (rec_.fields.size() > n) {
    spare_.push_back(std::move(rec_.fields.back()));
    rec_.fields.pop_back();
  }
  AppendRecord(rec_, out);
}

}  // namespace lc
