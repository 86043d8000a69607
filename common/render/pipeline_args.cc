#include "common/render/pipeline_args.h"

#include <map>

#include "common/parse/shape_config.h"

namespace lc {

namespace {

std::string UnderRoot(const std::string& root, const std::string& path) {
  if (root.empty() || root == "/") return path;
  std::string r = root;
  while (r.size() > 1 && r.back() == '/') r.pop_back();
  return r + path;
}

std::string Array(const std::vector<std::string>& words) {
  std::string out = "(";
  for (size_t i = 0; i < words.size(); i++) out += (i ? " " : "") + ShellQuote(words[i]);
  return out + ")";
}

}  // namespace

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'') {
      out += "'\\''";
    } else {
      out += ch;
    }
  }
  return out + "'";
}

PipelineArgs PipelineArgs::For(const CollectionConfig& c, const std::string& host_root) {
  PipelineArgs a;
  if (c.type == "container_stdout") {
    for (const auto& [flag, value] : c.discover_flags) a.discover.push_back(flag + "=" + value);
  }
  if (c.type != "host_file" && !host_root.empty()) a.discover.push_back("--host-root=" + host_root);
  // The "=" form throughout: the tools' repeatable flags would take a
  // following word as one more value.
  for (const auto& [k, v] : c.tags) {
    if (c.type != "container_file") a.reader.push_back("--tag=" + k + "=" + v);
  }
  if (c.type == "container_stdout" && c.streams.size() == 1) a.reader.push_back("--stream=" + c.streams[0]);
  // The files of a container_file config get theirs through the watch
  // events (lc-render); the other readers through their flags.  Checked
  // when the config was loaded.
  if (c.type != "container_file" && (!c.parser.empty() || !c.multiline.empty())) {
    ShapeFlags f;
    if (ShapeFlagsFromConfig(c.parser, c.multiline, &f).ok()) {
      for (std::string& arg : ShapeFlagArgs(f)) a.reader.push_back(std::move(arg));
    }
  }
  // Every reader: lc-tail of host_file and of container_file (with its
  // watches), lc-stdout of container_stdout.
  if (c.rate_limit > 0) a.reader.push_back("--rate-limit=" + std::to_string(c.rate_limit));
  if (c.type == "host_file") {
    if (!c.from.empty()) a.reader.push_back("--from=" + c.from);
    for (const std::string& e : c.excludes) {
      a.reader.push_back("--exclude=" + (e[0] == '/' ? UnderRoot(host_root, e) : e));
    }
    a.reader.push_back("--");
    for (const std::string& p : c.paths) a.reader.push_back(UnderRoot(host_root, p));
  }
  return a;
}

std::string PipelineArgs::ShellLine(const CollectionConfig& c) const {
  return "cfg_file=" + ShellQuote(c.file) + "; cfg_name=" + ShellQuote(c.name) + "; cfg_type=" + ShellQuote(c.type) +
         "; cfg_sink=" + ShellQuote(c.sink) + "; cfg_groups=" + Array(c.groups) + "; cfg_discover=" + Array(discover) +
         "; cfg_reader=" + Array(reader);
}

void CheckCollectionConfigs(FileSystem* fs, const std::vector<std::string>& files, const std::string& host_root,
                            std::vector<std::string>* lines, std::vector<std::string>* errors) {
  std::map<std::string, std::string> seen;  // name -> file
  for (const std::string& f : files) {
    CollectionConfig c;
    if (Status s = LoadCollectionConfig(fs, f, &c); !s.ok()) {
      errors->push_back(s.message());
      continue;
    }
    auto [it, fresh] = seen.emplace(c.name, f);
    if (!fresh) {
      errors->push_back(f + ": name: '" + c.name + "' is already the name of " + it->second);
      continue;
    }
    lines->push_back(PipelineArgs::For(c, host_root).ShellLine(c));
  }
}

}  // namespace lc
