#include "common/metrics/prometheus_text.h"

#include <map>

#include "common/discover/container_tags.h"

namespace lc {

namespace {

std::string Labels(const ContainerInfo& c) {
  std::vector<RecordField> tags;
  AppendContainerTags(c, &tags);
  std::string out = "{";
  for (const RecordField& t : tags) {
    if (out.size() > 1) out += ',';
    for (char ch : t.name) out += ch == '.' ? '_' : ch;
    out += "=\"";
    for (char ch : t.value) {
      if (ch == '\\') out += "\\\\";
      else if (ch == '"') out += "\\\"";
      else if (ch == '\n') out += "\\n";
      else out += ch;
    }
    out += '"';
  }
  out += '}';
  return out == "{}" ? "" : out;
}

}  // namespace

std::string PrometheusName(const MetricValue& m) {
  std::string n;
  for (const char* p = m.name; *p; ++p) n += *p == '.' ? '_' : *p;
  std::string unit = m.unit;
  if (!unit.empty() && (n.size() < unit.size() + 1 || n.compare(n.size() - unit.size(), unit.size(), unit) != 0)) {
    n += "_" + unit;
  }
  if (m.counter) n += "_total";
  return n;
}

std::string PrometheusText(const std::vector<ContainerSample>& samples) {
  // Metric order is the records' order; containers in the order given.
  std::vector<std::string> order;
  std::map<std::string, std::string> lines;  // name -> its HELP, TYPE and samples
  for (const ContainerSample& cs : samples) {
    std::string labels = Labels(*cs.container);
    for (const MetricValue& m : MetricValues(cs.sample)) {
      std::string name = PrometheusName(m);
      auto [it, fresh] = lines.emplace(name, std::string());
      if (fresh) {
        order.push_back(name);
        it->second = "# HELP " + name + " " + m.help + "\n# TYPE " + name + (m.counter ? " counter\n" : " gauge\n");
      }
      it->second += name + labels + " " + m.Text() + "\n";
    }
  }
  std::string out;
  for (const std::string& n : order) out += lines[n];
  return out;
}

}  // namespace lc
