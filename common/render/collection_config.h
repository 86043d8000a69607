// CollectionConfig: one collection config of lc-config(5): which files to
// read inside which containers, and how to tag them.  A JSON object per
// file:
//   {"name": "web",
//    "input": {"type": "container_file", "paths": ["/var/log/nginx/*.log"],
//              "exclude": ["*.gz"], "containers": {"include_label": ["app=nginx"]}},
//    "from": "head", "tags": {"env": "prod"},
//    "label_tags": {"app.kubernetes.io/name": "service.name"}, "env_tags": {"TIER": "tier"},
//    "parser": {...}, "multiline": {...}}
// `containers` holds lc-discover's filter flags, named with '_' for '-' and
// their values as arrays (one ContainerFilter serves both).  `parser` and
// `multiline` are kept as JSON text and passed through to the watch.
//
// Errors are InvalidArgument "<file>: <field>: <reason>"
// ("conf.d/web.json: input.paths[1]: not absolute"): a tool exits 2 on them.
// An unknown field is an error, so a typo never silently collects nothing;
// later versions add fields to the schema, never change one.
#ifndef LC_COMMON_RENDER_COLLECTION_CONFIG_H_
#define LC_COMMON_RENDER_COLLECTION_CONFIG_H_

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
  std::vector<std::string> paths;     // absolute globs inside the container
  std::vector<std::string> excludes;  // globs: absolute (inside the container) or a base name
  FilterSpec containers;
  ContainerFilter filter;             // built from `containers`
  std::string from;                   // "", "head" or "tail"
  std::vector<std::pair<std::string, std::string>> tags;        // static, sorted by name
  std::vector<std::pair<std::string, std::string>> label_tags;  // label -> record field
  std::vector<std::pair<std::string, std::string>> env_tags;    // env var -> record field
  std::string parser;     // JSON object text, or ""
  std::string multiline;  // JSON object text, or ""

  // Parses and validates one config; `file` names it in errors.
  static Status Parse(const std::string& text, const std::string& file, CollectionConfig* out);
};

// Reads the `*.json` files of `dir` (sorted by name) and the `files`, in
// that order.  A duplicate name is an error naming both files.  No config
// at all is an error too: it would collect nothing.
Status LoadCollectionConfigs(FileSystem* fs, const std::string& dir, const std::vector<std::string>& files,
                             std::vector<CollectionConfig>* out);

}  // namespace lc

#endif  // LC_COMMON_RENDER_COLLECTION_CONFIG_H_
