// PipelineArgs: the command-line words that run one collection config as a
// pipeline of lc tools under lc-agent(8), and the line of shell assignments
// that hands them to the agent script (lc-render --check-config).  The
// mapping from the lc-config(5) schema to the tools' flags lives here, in
// one place with the schema, so the script only wires processes.
//
//   host_file:        lc-tail READER... | lc-ship SINK
//   container_file:   lc-discover DISCOVER... | lc-render --config FILE | lc-tail --watches - READER... | lc-ship SINK
//   container_stdout: lc-discover DISCOVER... | lc-stdout --containers - READER... | lc-ship SINK
//
// The agent adds what is its own: checkpoints, commits, --runtime and the
// default sink.
#ifndef LC_COMMON_RENDER_PIPELINE_ARGS_H_
#define LC_COMMON_RENDER_PIPELINE_ARGS_H_

#include <string>
#include <vector>

#include "common/render/collection_config.h"

namespace lc {

struct PipelineArgs {
  std::vector<std::string> discover;  // lc-discover's filter flags (and --host-root)
  // lc-tail's (host_file; container_file: beside --watches) or lc-stdout's
  // (container_stdout) flags.
  std::vector<std::string> reader;

  // `host_root` is the host's / as the agent sees it ("" = /): host_file
  // paths and absolute excludes are read under it, lc-discover is told it.
  static PipelineArgs For(const CollectionConfig& c, const std::string& host_root);

  // One line of bash assignments, every value single-quoted:
  //   cfg_file='…'; cfg_name='…'; cfg_type='…'; cfg_sink='…'; cfg_groups=(…); cfg_discover=(…); cfg_reader=(…)
  std::string ShellLine(const CollectionConfig& c) const;
};

// lc-render --check-config: loads each of `files` alone; appends a
// ShellLine per good one to `lines` and an error ("<file>: <field>: <why>")
// per bad one to `errors`.  Two files of one name: the second is an error.
void CheckCollectionConfigs(FileSystem* fs, const std::vector<std::string>& files, const std::string& host_root,
                            std::vector<std::string>* lines, std::vector<std::string>* errors);

// `s` as one single-quoted shell word ('it'\''s').
std::string ShellQuote(const std::string& s);

}  // namespace lc

#endif  // LC_COMMON_RENDER_PIPELINE_ARGS_H_
