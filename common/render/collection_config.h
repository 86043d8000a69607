// CollectionConfig: one collection config of lc-config(5): what to collect
// (host files, files inside containers, or container stdout), on which
// machine groups, into which sink, and how to tag it.  A JSON object per
// file:
//   {"name": "web",
//    "input": {"type": "container_file", "paths": ["/var/log/nginx/*.log"],
//              "exclude": ["*.gz"], "containers": {"include_label": ["app=nginx"]}},
//    "from": "head", "tags": {"env": "prod"},
//    "label_tags": {"app.kubernetes.io/name": "service.name"}, "env_tags": {"TIER": "tier"},
//    "parser": {...}, "multiline": {...}, "rate_limit": "10MB/s",
//    "groups": ["web-nodes"], "sink": "file:///srv/logs"}
// The input types: "container_file" (lc-render's), "host_file" (paths and
// exclude on the host), "container_stdout" (containers and streams).
// `containers` holds lc-discover's filter flags, named with '_' for '-' and
// their values as arrays (one ContainerFilter serves both).  `parser` and
// `multiline` are kept as JSON text and passed through to the watch.
// `rate_limit` (a rate as ParseRate reads it, or a number of bytes per
// second) bounds what the config's reader reads (--rate-limit).
//
// Errors are InvalidArgument "<file>: <field>: <reason>"
// ("conf.d/web.json: input.paths[1]: not absolute"): a tool exits 2 on them.
// An unknown field is an error, so a typo never silently collects nothing;
// later versions add fields to the schema, never change one.
#ifndef LC_COMMON_RENDER_COLLECTION_CONFIG_H_
#define LC_COMMON_RENDER_COLLECTION_CONFIG_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/base/file_system.h"
#include "common/base/status.h"
#include "common/discover/container_filter.h"

namespace lc {

struct CollectionConfig {
  std::string file;  // where it was read from, for messages
  std::string name;
  std::string type;                   // input.type: container_file, host_file or container_stdout
  std::vector<std::string> groups;    // machine groups it applies to; empty = every node
  std::string sink;                   // an lc-ship sink URL, or "" (the agent's default sink)
  std::vector<std::string> streams;   // container_stdout: "stdout" and/or "stderr"; empty = both
  // input.containers as lc-discover flags and their values as written
  // ("--include-label", "app=web"), in the config's order.
  std::vector<std::pair<std::string, std::string>> discover_flags;
  std::vector<std::string> paths;     // absolute globs inside the container (host_file: on the host)
  std::vector<std::string> excludes;  // globs: absolute (inside the container) or a base name
  FilterSpec containers;
  ContainerFilter filter;             // built from `containers`
  std::string from;                   // "", "head" or "tail"
  std::vector<std::pair<std::string, std::string>> tags;        // static, sorted by name
  std::vector<std::pair<std::string, std::string>> label_tags;  // label -> record field
  std::vector<std::pair<std::string, std::string>> env_tags;    // env var -> record field
  std::string parser;     // JSON object text, or ""
  std::string multiline;  // JSON object text, or ""
  int64_t rate_limit = 0; // bytes per second its reader reads at most; 0 = no limit

  // Parses and validates one config; `file` names it in errors.
  static Status Parse(const std::string& text, const std::string& file, CollectionConfig* out);
  // Whether it applies to a node in `node_groups`: it names no group, or
  // one of them.
  bool AppliesTo(const std::vector<std::string>& node_groups) const;
};

// Reads and parses one config file alone (lc-render --check-config).
Status LoadCollectionConfig(FileSystem* fs, const std::string& path, CollectionConfig* out);

// Reads the `*.json` files of `dir` (sorted by name) and the `files`, in
// that order.  A duplicate name is an error naming both files.  No config
// at all is an error too: it would collect nothing.
Status LoadCollectionConfigs(FileSystem* fs, const std::string& dir, const std::vector<std::string>& files,
                             std::vector<CollectionConfig>* out);

}  // namespace lc

#endif  // LC_COMMON_RENDER_COLLECTION_CONFIG_H_
